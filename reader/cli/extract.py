"""`epireader extract`: events and figures found in pages, streamed as they come."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path
from typing import Any

import click

from reader.cli.common import (
    PATH,
    Failure,
    PageProgress,
    annotations_option,
    domain_errors,
    json_text,
    no_follow_option,
    say,
)
from reader.cli.index import engine_options
from reader.text.spans import Span

Result = tuple[str, str | None, list[Span]]  # source, problem, the spans found
# source as shown, path to read, why it cannot be read, the project lexicon, the page's
# date given outside its text (file name, page-dates.tsv)
Item = tuple[str, str, str | None, Any, Any]


def span_record(source: str, span: Any) -> dict[str, object]:
    """The documented jsonl record, in its documented key order (any span type with
    label, start, end, text and attrs will do)."""
    return {
        "source": source,
        "label": span.label,
        "start": span.start,
        "end": span.end,
        "text": span.text,
        "attrs": span.attrs,
    }


def _extract_one(item: Item) -> Result:
    """Runs in a worker process."""
    from reader.extraction.extractor import extract_text
    from reader.text import file_reads, files
    from reader.text.decoding import decode_bytes

    source, path, problem, lexicon, date = item
    if problem:
        return source, problem, []
    try:
        decoded = decode_bytes(file_reads.read_regular(Path(path)))
    except OSError as exc:
        return source, f"cannot read: {files.reason(exc)}", []
    if decoded.text is None:
        return source, decoded.problem, []
    try:
        # The spans themselves (slotted, picklable), not their JSON records: a 50 MB page
        # has some 600,000, and a dict for each beside them pushed the peak past 10x.
        # The record of a span is made as it is written.
        return source, None, extract_text(decoded.text, lexicon=lexicon, source=date)
    except Exception as exc:  # one page the extractor fails on must not stop the others
        return source, f"extractor failed: {type(exc).__name__}: {exc}", []


def _sources(paths: tuple[Path, ...], follow_links: bool, lexicon: Any = None) -> list[Item]:
    """Every page entry, those that cannot be read too: they are reported as skipped
    in their place in the output order."""
    from reader.corpus.corpus import list_pages
    from reader.corpus.page_dates import page_dates

    items = []
    for given in paths:
        root, entries = list_pages(given, follow_links=follow_links)
        dates = page_dates(root if root.is_dir() else root.parent)
        for problem in dates.problems:
            say(problem, err=True)
        for entry in entries:
            source = str(given) if given.is_file() else str(given / entry.name)
            items.append((source, str(entry.path), entry.problem, lexicon, dates.for_page(entry.name)))
    return items


def _results(
    items: list[Item], jobs: int, engine: str = "local", scheduler: str | None = None
) -> Iterator[Result]:
    from reader.corpus.engines import run

    yield from run(_extract_one, items, engine, jobs, scheduler)


def _print_rules(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from reader.extraction.figure_rules import rules_table

    sys.stdout.write(rules_table())
    ctx.exit(0)


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=PATH)
@click.option(
    "--rules",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_print_rules,
    help="Print the rules that decide what is a figure (name, guideline, example) and exit.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
    help="One JSON object per span, or tab-separated columns with a header.",
)
@annotations_option
@click.option("--jobs", type=click.IntRange(min=0), default=0, help="Worker processes (default: every core).")
@click.option("--no-progress", is_flag=True, help="No progress bar (or summary line) on stderr.")
@no_follow_option
@engine_options
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one file per partition of pages (part-00000.jsonl …) into this folder, not stdout.",
)
def extract_command(
    paths: tuple[Path, ...],
    annotations: Path,
    fmt: str,
    jobs: int,
    no_progress: bool,
    no_follow: bool,
    engine: str,
    scheduler: str | None,
    out: Path | None,
) -> int:
    """Find events and figures in pages (jsonl or TSV).

    PATHS are page files or folders of .txt pages. jsonl prints one object per span:
    source, label, start, end, text, attrs, with code-point offsets into the decoded
    page text. Unreadable pages are skipped with a message on stderr, and the exit
    code is then 1. The output is the same, byte for byte, with either engine.
    """
    import os

    from reader.corpus.engines import partition_size
    from reader.extraction.lexicon import LexiconError, load_lexicon

    with domain_errors("cannot extract", LexiconError):
        lexicon = load_lexicon(annotations)  # the team's lexicon.toml, when the folder has one
    items = _sources(paths, follow_links=not no_follow, lexicon=lexicon)
    jobs = jobs or os.cpu_count() or 1
    size = partition_size(len(items), jobs)
    header = "source\tlabel\tstart\tend\ttext\n" if fmt == "table" else ""
    if out is None:
        sys.stdout.write(header)
        folder = None
    else:
        from reader.export.errors import ExportError
        from reader.export.output import OutputFolder

        with domain_errors("cannot extract", ExportError):
            folder = OutputFolder(out)  # parts through temp files: never through a link
    with (
        ExitStack() as parts,
        PageProgress(len(items), "extract", enabled=not no_progress, keep=True) as progress,
    ):
        part: Any = None
        with closing(_results(items, jobs, engine, scheduler)) as results:
            for n, (source, problem, spans) in enumerate(results):
                if problem:
                    progress.warn(f"epireader: {source}: skipped, {problem}")
                if folder is not None and n % size == 0:
                    name = f"part-{n // size:05d}.{'jsonl' if fmt == 'jsonl' else 'tsv'}"
                    with _part_errors(folder):
                        parts.close()  # the part before takes its name, whole
                        part = parts.enter_context(folder.open(name))
                        part.write(header)
                # sys.stdout looked up each time: the progress bar may stand in for it.
                sink = sys.stdout if part is None else part
                with _part_errors(folder):
                    for span in spans:
                        record = span_record(source, span)
                        sink.write(json_text(record) + "\n" if fmt == "jsonl" else _table_line(record))
                progress.advance()
        with _part_errors(folder):
            parts.close()
        sys.stdout.flush()
    return 1 if progress.warnings else 0


@contextmanager
def _part_errors(folder: Any) -> Iterator[None]:
    """A part that cannot be written (a full disk …) ends the command with one line that
    says which parts were written whole."""
    from reader.export.errors import ExportError

    try:
        yield
    except (ExportError, OSError) as exc:
        if folder is None:  # stdout: a closed pipe is the group's to answer
            raise
        done = len(folder.written)
        raise Failure(f"cannot extract: {exc}; {done} part(s) written whole, the rest not") from exc


def _table_line(span: dict[str, object]) -> str:
    # The cells of a row by hand, not through emit: rows are streamed as pages finish.
    from reader.text.safe import safe_text

    text = str(span["text"]).replace("\n", "⏎")
    cells = (span["source"], span["label"], span["start"], span["end"], text)
    return "\t".join(safe_text(str(c)) for c in cells) + "\n"
