"""`epireader import`: another tool's files back into the annotation files."""

from __future__ import annotations

from pathlib import Path

import click

from reader.cli.common import (
    PATH,
    LazyChoice,
    annotations_option,
    domain_errors,
    no_follow_option,
    open_corpus,
    refuse_non_folder,
    say,
)


@click.command("import")
@click.argument("fmt", metavar="FORMAT", type=LazyChoice("reader.export:IMPORT_FORMATS"))
@click.argument("source", metavar="PATH", type=PATH)
@click.argument("corpus_path", metavar="[CORPUS]", type=PATH, required=False, default=Path("seeds"))
@no_follow_option
@annotations_option
@click.option("--annotator", default=None, help="Name recorded on spans the file does not attribute.")
@click.option("--replace", is_flag=True, help="A page's tags become the file's (default: only add new ones).")
def import_command(
    fmt: str,
    source: Path,
    corpus_path: Path,
    annotations: Path,
    annotator: str | None,
    replace: bool,
    no_follow: bool,
) -> int:
    """Read tags back from brat, doccano, Label Studio or extract files.

    FORMAT is brat, jsonl (doccano), label-studio or extract; PATH is the file in
    that format (for brat, the folder); CORPUS is the corpus its pages belong to
    (default: seeds). Every span is checked against its page first; spans
    that do not match, conflicts with existing tags and unreadable annotation files
    are listed on stderr, and the exit code is then 1.
    """
    from reader.export import ImportFileError, import_annotations

    corpus = open_corpus(corpus_path, follow_links=not no_follow)
    # The folder is made by the first save, but a file in its place is refused now.
    refuse_non_folder(annotations)
    with domain_errors("cannot import", ImportFileError, ValueError):
        report = import_annotations(corpus, fmt, source, annotations, replace=replace, annotator=annotator)
    summary, *details = report.lines()
    say(summary)
    for line in details:
        say(f"epireader: {line}", err=True)
    return 0 if report.clean else 1
