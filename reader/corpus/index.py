"""The corpus index: every event and figure of a folder, and its text for searching.

Kept in a SQLite file beside the annotations (reader/corpus/database.py), so a
second start re-reads only the pages or annotation files that changed, appeared or
went away. For a page the index keeps its tags (origin ``tagged``) and the
extractor's open suggestions (origin ``suggested``), each article's normalised text
(simplified, glosses left out: a simplified query finds traditional text) in a
trigram full-text index, and the numbers of the stats screen. The timeline, the
figure table, search and stats are SQL queries over it (reader/corpus/queries.py).
"""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from reader.annotation.counts import ArticleCount
from reader.annotation.model import PageAnnotations
from reader.annotation.store import AnnotationStore
from reader.corpus.chronology import INFERRED, describe, sort_key, year_known
from reader.corpus.corpus import Corpus
from reader.corpus.database import IndexDB
from reader.corpus.entries import Entry, Hit, PageStats, TimelineRow
from reader.corpus.index_file import INDEX_NAME
from reader.corpus.queries import Queries
from reader.corpus.records import PageRecord, file_signature, page_record, stored_record
from reader.extraction.lexicon import Lexicon, lexicon_or_empty
from reader.text.articles import ArticleRef
from reader.text.page import Page
from reader.text.spans import Span

__all__ = ["CorpusIndex", "Entry", "Hit", "PageStats", "TimelineRow", "describe", "figure_totals", "sort_key"]

Progress = Callable[[int, int], None]
COMMIT_SECONDS = 1.0  # a write transaction of a refresh lasts about this long at most
# Records of pages, in the order asked, made elsewhere (worker processes, Dask).
Mapper = Callable[[list[str]], Iterator[PageRecord]]


def index_path(annotations: Path) -> Path | None:
    """Where the index of an annotations folder lives; None (in memory) without one."""
    return annotations / INDEX_NAME if annotations.is_dir() else None


class CorpusIndex(Queries):
    def __init__(self, corpus: Corpus, db: IndexDB | None = None, annotations: Path | None = None) -> None:
        super().__init__(db if db is not None else IndexDB(None))
        self.corpus = corpus
        self.annotations = annotations  # the folder whose files the signatures are taken of

    @classmethod
    def open(cls, corpus: Corpus, annotations: Path, *, verify: bool = True) -> CorpusIndex:
        """The index file of ``annotations`` as it is (maybe stale: call refresh).
        ``verify`` False: only its header is checked (call db.verify() before refresh)."""
        return cls(corpus, IndexDB(index_path(annotations), verify=verify), annotations)

    @property
    def empty(self) -> bool:
        return not self.db.query("SELECT 1 FROM pages LIMIT 1")

    @classmethod
    def build(
        cls,
        corpus: Corpus,
        store: AnnotationStore,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        into: CorpusIndex | None = None,
        mapper: Mapper | None = None,
    ) -> CorpusIndex | None:
        """The index of ``corpus``, brought up to date (None if cancelled)."""
        index = into if into is not None else cls.open(corpus, store.directory)
        index.annotations = store.directory
        done = index.refresh(store, progress, cancelled, mapper)
        return index if done is not None else None

    def stale(self, store: AnnotationStore) -> tuple[list[Page], list[str]]:
        """Pages to (re)index, and names the index holds that the folder no longer has.

        A page whose size and modification time (and its annotation file's) match
        the index is not read again; one whose times changed but whose text hash did
        not is only touched."""
        annotated = annotation_signatures(store.directory)

        def found() -> Iterator[tuple[str, int, int, int, int]]:
            for page in self.corpus.pages:
                try:
                    st = os.stat(page.location)
                    now = (st.st_size, st.st_mtime_ns)
                except OSError:
                    now = MISSING
                yield (page.name, *now, *annotated.get(page.name, MISSING))

        changed, gone = self.db.compare(found())
        todo = []
        for name, now, old, sha in changed:
            page = self.corpus.page(name)
            if old is not None and old[2:] == now[2:] and sha == page.fresh().sha256:
                self.db.touch(name, now)  # only its times changed
                continue
            todo.append(page)
        return todo, gone

    def refresh(
        self,
        store: AnnotationStore,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        mapper: Mapper | None = None,
        written: Callable[[list[str]], None] | None = None,
        plan: tuple[list[Page], list[str]] | None = None,
    ) -> list[str] | None:
        """Re-index what changed; the names of the pages re-indexed (None if cancelled).

        ``written`` hears the names of each batch once it is committed (the tree's
        counts follow the build)."""
        todo, gone = plan if plan is not None else self.stale(store)
        self.db.delete(gone)
        total = len(todo)
        step = max(1, min(200, total // 100))
        if mapper is not None:
            records: Iterable[PageRecord] = mapper([p.name for p in todo])
        else:
            lexicon = lexicon_or_empty(store.directory)  # once a refresh, not once a page
            records = (self._record(page, store, lexicon) for page in todo)
        names: list[str] = []
        told = 0  # how many of names ``written`` and ``progress`` have heard of
        began = time.monotonic()
        for n, record in enumerate(records, 1):
            if cancelled is not None and cancelled():
                self.db.commit()
                return None
            self.db.write(record)
            names.append(record.name)
            # Committed every ``step`` pages, and at least every COMMIT_SECONDS: another
            # process that writes the index (the reader, a second `index`) waits for
            # this transaction, and must not wait while a big page is being read.
            if n % step == 0 or n == total or time.monotonic() - began > COMMIT_SECONDS:
                self.db.commit()
                began = time.monotonic()
                if written is not None:
                    written(names[told:])
                told = n
                if progress is not None:
                    progress(n, total)
        self.db.commit()
        if progress is not None and not total:
            progress(0, 0)
        return names

    @staticmethod
    def _record(page: Page, store: AnnotationStore, lexicon: Lexicon) -> PageRecord:
        page = page.fresh()  # the file as it is now, let go after
        return stored_record(page, store, file_signature(page.path, store.path_for(page.name)), lexicon)

    def add_page(self, page: Page, annotations: PageAnnotations, found: list[Span] | None = None) -> None:
        """(Re)index one page from its annotations; the reader calls this after edits.

        Written and committed at once: the index follows the annotation file just saved."""
        where = self.annotations if self.annotations is not None else Path(page.name + ".no-annotations")
        signature = file_signature(page.path, AnnotationStore(where).path_for(page.name))
        self.db.write(
            page_record(page, annotations, signature, found, lexicon=lexicon_or_empty(self.annotations))
        )
        self.db.commit()

    def page_entries(self) -> Iterator[tuple[Page, list[Entry]]]:
        """Indexed pages in corpus order, with their entries."""
        by_page: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.all_entries():
            by_page[entry.ref.page].append(entry)
        for page in self.corpus.pages:
            if page.name in by_page:
                yield page, by_page[page.name]

    # --- what the views ask for ----------------------------------------------------

    def timeline(self, include_suggested: bool = True) -> list[TimelineRow]:
        """Every event in time order, with group headings (all in memory: the screen
        reads rows by position instead, through timeline_ids)."""
        rows: list[TimelineRow] = []
        group = None
        for entry, when, how in self.timeline_entries(include_suggested):
            now = "dated events (year known)" if year_known(entry.date) else None
            heading = now or f"year unknown: {entry.ref.page}"
            if heading != group:
                rows.append(TimelineRow(heading))
                group = heading
            rows.append(TimelineRow("", entry, when.lstrip("~"), how == INFERRED))
        return rows

    @property
    def stats(self) -> dict[str, PageStats]:
        """Every page's numbers: one read of every page row, so take it once (not once
        a page: that made `epireader stats` quadratic in pages)."""
        return self.page_stats()

    def page_stats(self) -> dict[str, PageStats]:
        """Every page's numbers by page name, from one read of the pages table."""
        out = {}
        for row in self.db.query(
            "SELECT name, problem, articles, chars, events, figures, suggestions, reviewed, annotators"
            " FROM pages"
        ):
            name, problem, articles, chars, events, figures, suggestions, reviewed, annotators = row
            if problem is not None:
                out[name] = PageStats(name, problem=problem)
                continue
            out[name] = PageStats(
                name,
                articles,
                chars,
                {"event": events, "figure": figures},
                suggestions,
                reviewed,
                set(json.loads(annotators or "[]")),
            )
        return out

    @property
    def counts(self) -> dict[ArticleRef, ArticleCount]:
        return self.counts_of(None)

    def counts_of(self, pages: Iterable[str] | None) -> dict[ArticleRef, ArticleCount]:
        sql = (
            "SELECT p.name, a.idx, a.tags, a.suggestions, a.reviewed"
            " FROM articles a JOIN pages p ON p.id = a.page_id"
        )
        if pages is None:
            rows = self.db.query(sql)
        else:
            rows = [r for name in pages for r in self.db.query(sql + " WHERE p.name = ?", (name,))]
        return {ArticleRef(n, i): ArticleCount(t, s, bool(r)) for n, i, t, s, r in rows}


MISSING = (-1, -1)  # the size and time file_signature gives a file that is not there


def annotation_signatures(directory: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime) of every annotation file, by the name of its page: one walk of the
    annotations folder instead of a failed stat per page of a 100,000-page archive."""
    out: dict[str, tuple[int, int]] = {}
    for folder, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # as pages are listed
        rel = Path(os.path.relpath(folder, directory)).as_posix()  # page names use /
        for file in files:
            if file.endswith(".json"):
                try:
                    st = os.stat(os.path.join(folder, file))
                except OSError:
                    continue
                name = file[: -len(".json")] + ".txt"
                out[name if rel == "." else f"{rel}/{name}"] = (st.st_size, st.st_mtime_ns)
    return out


def figure_totals(figures: Iterable[Entry]) -> list[tuple[str, str, int, float]]:
    """(counted, unit, how many figures, sum of their values) — vague ones not summed."""
    groups: dict[tuple[str, str], list[float]] = defaultdict(list)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for entry in figures:
        key = (str(entry.attrs.get("counted") or "—"), str(entry.attrs.get("unit") or ""))
        counts[key] += 1
        value = entry.attrs.get("value")
        if isinstance(value, int | float):
            groups[key].append(float(value))
    rows = [(c, u, counts[(c, u)], sum(groups[(c, u)])) for c, u in counts]
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    return rows
