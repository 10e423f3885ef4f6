"""`epireader export`: the annotations as test fixtures or in other tools' formats."""

from __future__ import annotations

from pathlib import Path

import click

from reader.cli.common import (
    PATH,
    LazyChoice,
    annotations_option,
    corpus_argument,
    domain_errors,
    no_follow_option,
    offsets_option,
    open_corpus,
    say,
)


@click.command("export")
@corpus_argument
@click.option(
    "--format", "fmt", type=LazyChoice("reader.export:FORMATS"), required=True, help="What to write."
)
@click.option("--out", type=PATH, default=None, help="Folder to write into (default: export/FORMAT).")
@annotations_option
@no_follow_option
@offsets_option("jsonl and label-studio: count offsets in UTF-16 code units (default) or code points.")
def export_command(
    path: Path, fmt: str, out: Path | None, annotations: Path, no_follow: bool, offsets: str | None
) -> int:
    """Write the annotations as fixtures or other tools' formats.

    PATH is the corpus (default: seeds).
    """
    from reader.export import ExportError, export

    corpus = open_corpus(path, annotations, follow_links=not no_follow)
    out = out or Path("export") / fmt
    with domain_errors("cannot export", ValueError, ExportError):
        written = export(corpus, annotations, fmt, out, offsets)  # type: ignore[arg-type]
    say(f"{len(written)} file(s) written to {out}")
    return 0
