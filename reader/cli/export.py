"""`epireader export`: the annotations as test fixtures or in other tools' formats."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from reader.cli.common import (
    PATH,
    LazyChoice,
    annotations_option,
    corpus_argument,
    domain_errors,
    open_corpus,
)


def _formats() -> Sequence[str]:
    from reader.export.formats import FORMATS

    return FORMATS


@click.command("export")
@corpus_argument
@click.option("--format", "fmt", type=LazyChoice(_formats), required=True, help="What to write.")
@click.option("--out", type=PATH, default=None, help="Folder to write into (default: export/FORMAT).")
@annotations_option
def export_command(path: Path, fmt: str, out: Path | None, annotations: Path) -> int:
    """Write the annotations as fixtures or other tools' formats.

    PATH is the corpus (default: seeds).
    """
    from reader.export.formats import export

    corpus = open_corpus(path, annotations)
    out = out or Path("export") / fmt
    with domain_errors("cannot export", ValueError):
        written = export(corpus, annotations, fmt, out)
    click.echo(f"{len(written)} file(s) written to {out}")
    return 0
