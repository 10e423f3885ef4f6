"""`epireader extract`: events and figures found in pages, streamed as they come."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import click

from reader.cli.common import PATH, PageProgress, json_text, no_follow_option

Result = tuple[str, str | None, list[dict[str, object]]]  # source, problem, spans as JSON objects
Item = tuple[str, str, str | None]  # source as shown, path to read, why it cannot be read


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
    from reader.text.decoding import decode_bytes

    source, path, problem = item
    if problem:
        return source, problem, []
    try:
        decoded = decode_bytes(Path(path).read_bytes())
    except OSError as exc:
        return source, f"cannot read: {exc.strerror or exc}", []
    if decoded.text is None:
        return source, decoded.problem, []
    return source, None, [span_record(source, s) for s in extract_text(decoded.text)]


def _ignore_sigint() -> None:
    """Pool initializer: Ctrl-C reaches the whole process group, and the parent alone
    should answer it (by ending the pool), not every worker with a traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _sources(paths: tuple[Path, ...], follow_links: bool) -> list[Item]:
    """Every page entry, those that cannot be read too: they are reported as skipped
    in their place in the output order."""
    from reader.corpus.corpus import list_pages

    items = []
    for given in paths:
        _, entries = list_pages(given, follow_links=follow_links)
        for entry in entries:
            source = str(given) if given.is_file() else str(given / entry.name)
            items.append((source, str(entry.path), entry.problem))
    return items


def _results(items: list[Item], jobs: int) -> Iterator[Result]:
    if jobs == 1 or len(items) < 4:
        yield from map(_extract_one, items)
        return
    import multiprocessing

    pool = multiprocessing.get_context("spawn").Pool(jobs, initializer=_ignore_sigint)
    try:
        # imap keeps page order while streaming: output starts with the first page.
        yield from pool.imap(_extract_one, items, chunksize=max(1, min(64, len(items) // (jobs * 8))))
    finally:
        # Also on Ctrl-C or a closed pipe: the workers stop now, not after the corpus.
        pool.terminate()
        pool.join()


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=PATH)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
    help="One JSON object per span, or tab-separated columns with a header.",
)
@click.option("--jobs", type=click.IntRange(min=0), default=0, help="Worker processes (default: every core).")
@click.option("--no-progress", is_flag=True, help="No progress bar (or summary line) on stderr.")
@no_follow_option
def extract_command(paths: tuple[Path, ...], fmt: str, jobs: int, no_progress: bool, no_follow: bool) -> int:
    """Find events and figures in pages (jsonl or TSV).

    PATHS are page files or folders of .txt pages. jsonl prints one object per span:
    source, label, start, end, text, attrs, with code-point offsets into the decoded
    page text. Unreadable pages are skipped with a message on stderr, and the exit
    code is then 1.
    """
    import os

    items = _sources(paths, follow_links=not no_follow)
    jobs = jobs or os.cpu_count() or 1
    if fmt == "table":
        sys.stdout.write("source\tlabel\tstart\tend\ttext\n")
    with PageProgress(len(items), "extract", enabled=not no_progress, keep=True) as progress:
        with closing(_results(items, jobs)) as results:
            for source, problem, spans in results:
                if problem:
                    progress.warn(f"epireader: {source}: skipped, {problem}")
                # sys.stdout looked up each time: the progress bar may stand in for it.
                out = sys.stdout
                for span in spans:
                    if fmt == "jsonl":
                        out.write(json_text(span) + "\n")
                    else:
                        out.write(_table_line(span))
                progress.advance()
        sys.stdout.flush()
    return 1 if progress.warnings else 0


def _table_line(span: dict[str, object]) -> str:
    # The cells of a row by hand, not through emit: rows are streamed as pages finish.
    from reader.text.safe import safe_text

    text = str(span["text"]).replace("\n", "⏎")
    cells = (span["source"], span["label"], span["start"], span["end"], text)
    return "\t".join(safe_text(str(c)) for c in cells) + "\n"
