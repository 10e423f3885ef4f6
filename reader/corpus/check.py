"""`epireader check`: every annotation file against its page, with a readable report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader.annotation.store import AnnotationStore, CorruptFile, read_file
from reader.corpus.corpus import Corpus
from reader.text import file_reads, file_temps, files
from reader.text.page import Page


@dataclass
class FileReport:
    path: Path
    problems: list[str] = field(default_factory=list)
    spans: int = 0


def annotation_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(
        p for p in directory.rglob("*.json") if not any(part.startswith(".") for part in p.parts[-1:])
    )


def check_file(
    path: Path, directory: Path, corpus: Corpus, pages: dict[Path, Page] | None = None
) -> FileReport:
    """``pages``: the corpus's pages by the path of their annotation file (made once by check)."""
    report = FileReport(path)
    try:
        # The store's own reading: the same checks (depth, JSON, version, schema,
        # whole-number offsets) as when a page is opened, so check never disagrees.
        data, _ = read_file(path)  # a FIFO is refused, never waited on
    except OSError as exc:  # files.NotRegular too
        report.problems.append(f"cannot be read: {files.reason(exc)}")
        return report
    except CorruptFile as exc:
        report.problems.append(str(exc))
        return report
    page = (pages if pages is not None else _pages_by_file(directory, corpus)).get(path)
    if page is None:
        report.problems.append(f"no page {data.page!r} in the corpus")
        return report
    if not page.readable:
        report.problems.append(f"its page cannot be read: {page.problem}")
        return report
    if data.page != page.name:
        report.problems.append(f"records page {data.page!r} but belongs to {page.name!r}")
    text = page.text
    if data.text_sha256 != page.sha256 or data.text_length != len(text):
        report.problems.append(
            "page text changed since annotation (hash or length differs); "
            "open it in epireader to re-anchor the spans"
        )
    seen: set[tuple[str, int, int]] = set()
    report.spans = len(data.spans)
    for span in data.spans:
        where = f"span {span.id} ({span.label} {span.text!r})"
        start, end = span.start, span.end
        if not 0 <= start < end <= len(text):
            report.problems.append(f"{where}: offsets {start}-{end} outside the text (0-{len(text)})")
            continue
        if text[start:end] != span.text:
            report.problems.append(f"{where}: text at {start}-{end} is {text[start:end]!r}")
        if span.key in seen:
            report.problems.append(f"{where}: duplicate of another {span.label} span")
        seen.add(span.key)
    for orphan in data.orphans:
        report.problems.append(f"orphaned {orphan.label} {orphan.text!r} needs a person to place it")
    return report


def _pages_by_file(directory: Path, corpus: Corpus) -> dict[Path, Page]:
    store = AnnotationStore(directory)
    pages: dict[Path, Page] = {}
    for page in corpus.pages:  # the first page a file can belong to ("a" and "a.txt" both give a.json)
        pages.setdefault(store.path_for(page.name), page)
    return pages


def check(directory: Path, corpus: Corpus) -> list[FileReport]:
    pages = _pages_by_file(directory, corpus)
    reports = []
    for file in annotation_files(directory):
        # Decided before check_file reads the file: reading a FIFO would block for ever.
        problem = file_reads.not_regular(file)
        reports.append(FileReport(file, [problem]) if problem else check_file(file, directory, corpus, pages))
    # Temp files of a save that was killed (kill -9, a power cut): never read as
    # annotations; the store removes its own when it next takes the lock.
    for temp in file_temps.stale_temps(directory, recursive=True):
        reports.append(FileReport(temp, [TEMP_LEFT]))
    return reports


TEMP_LEFT = (
    "a temp file an interrupted save left (its writer is gone); the file it was to become "
    "is as it was: remove it, or let the next save do so"
)
