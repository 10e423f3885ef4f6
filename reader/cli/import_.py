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
    offsets_option,
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
@click.option(
    "--label-map",
    "label_map",
    multiple=True,
    metavar="FROM=TO",
    help="Read the file's label FROM as TO (event or figure); FROM= skips it on purpose. Repeatable.",
)
@click.option("--label-map-file", type=PATH, default=None, help="FROM=TO lines (# comments), as --label-map.")
@offsets_option("What the offsets of a jsonl or label-studio file count, when the file does not say.")
def import_command(
    fmt: str,
    source: Path,
    corpus_path: Path,
    annotations: Path,
    annotator: str | None,
    replace: bool,
    no_follow: bool,
    label_map: tuple[str, ...],
    label_map_file: Path | None,
    offsets: str | None,
) -> int:
    """Read tags back from brat, doccano, Label Studio or extract files.

    FORMAT is brat, jsonl (doccano), label-studio, bio, webanno (WebAnno TSV 3,
    INCEpTION) or extract; PATH is the file in that format (for brat and webanno,
    the folder or one file); CORPUS is the corpus its pages belong to
    (default: seeds). Every span is checked against its page first; spans
    that do not match, conflicts with existing tags, unreadable annotation files,
    unknown labels and what the file holds that has no place here (relations,
    events …, counted per kind) are listed on stderr, and the exit code is then 1.
    A Label Studio annotation of a named annotator goes to annotators/NAME/; its
    predictions become suggestions the reader shows under p.
    """
    from reader.export import ImportFileError, import_annotations
    from reader.export.incoming import ImportOptions
    from reader.export.inputs import read_text
    from reader.export.labels import LabelMap

    with domain_errors("cannot import", ImportFileError, ValueError):
        names = LabelMap()
        if label_map_file is not None:
            names = LabelMap.parse(read_text(label_map_file).splitlines(), str(label_map_file))
        options = ImportOptions(names | LabelMap.parse(label_map), offsets)  # type: ignore[arg-type]
    corpus = open_corpus(corpus_path, follow_links=not no_follow)
    # The folder is made by the first save, but a file in its place is refused now.
    refuse_non_folder(annotations)
    with domain_errors("cannot import", ImportFileError, ValueError):
        report = import_annotations(
            corpus, fmt, source, annotations, replace=replace, annotator=annotator, options=options
        )
    summary, *details = report.lines()
    say(summary)
    for line in details:
        say(f"epireader: {line}", err=True)
    return 0 if report.clean else 1
