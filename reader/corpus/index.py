"""The corpus index: every event and figure of a folder, and its text for searching.

Built once, in the background, page by page (with progress); after that the
timeline, the figure table and a corpus search answer from memory. For a page the
index keeps its tags (origin ``tagged``) and the extractor's open suggestions
(origin ``suggested``), and each article's normalised text: simplified characters
with glosses left out, so a simplified query finds traditional text. A hit is
mapped back to page offsets only when a person opens it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from reader.annotation.counts import ArticleCount, count_article
from reader.annotation.model import PageAnnotations
from reader.annotation.store import AnnotationStore
from reader.annotation.suggestions import open_suggestions
from reader.corpus.corpus import Corpus
from reader.extraction.extractor import extract_text
from reader.text.articles import ArticleRef
from reader.text.normalize import to_simplified
from reader.text.page import Page
from reader.text.spans import Span


@dataclass(kw_only=True)
class Entry(Span):
    """One event or figure of the corpus: a span with where it is and who made it."""

    ref: ArticleRef
    origin: str  # tagged | suggested

    @property
    def time(self) -> dict[str, Any]:
        return dict(self.attrs.get("time") or {})


@dataclass
class TimelineRow:
    """A row of the timeline: a group heading (entry None) or an event."""

    heading: str
    entry: Entry | None = None
    when: str = ""
    inferred: bool = False  # date carried over from an earlier event of the article


@dataclass
class Hit:
    ref: ArticleRef
    view_start: int  # offsets in the article's normalised text
    view_end: int
    context: str


@dataclass
class PageStats:
    name: str
    articles: int = 0
    chars: int = 0
    tags: dict[str, int] = field(default_factory=lambda: {"event": 0, "figure": 0})
    suggestions: int = 0
    reviewed: int = 0
    annotators: set[str] = field(default_factory=set)
    problem: str | None = None


def page_stats(page: Page, annotations: PageAnnotations, suggestions: int) -> PageStats:
    stats = PageStats(page.name, len(page.articles), sum(not ch.isspace() for ch in page.text))
    for span in annotations.spans:
        stats.tags[span.label] += 1
        stats.annotators.add(span.annotator)
    stats.suggestions = suggestions
    stats.reviewed = sum(annotations.is_reviewed(a.index) for a in page.articles)
    return stats


class CorpusIndex:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.entries: dict[str, list[Entry]] = {}  # by page name, in corpus order
        self.texts: dict[ArticleRef, str] = {}
        self.stats: dict[str, PageStats] = {}
        self.counts: dict[ArticleRef, ArticleCount] = {}
        self._timeline: dict[bool, list[TimelineRow]] = {}

    @classmethod
    def build(
        cls,
        corpus: Corpus,
        store: AnnotationStore,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        into: CorpusIndex | None = None,
    ) -> CorpusIndex | None:
        index = into if into is not None else cls(corpus)
        total = len(corpus.pages)
        step = max(1, total // 100)
        for p, page in enumerate(corpus.pages):
            if cancelled is not None and cancelled():
                return None
            if page.readable:
                index.add_page(page, store.load(page).annotations)
            else:
                index.stats[page.name] = PageStats(page.name, problem=page.problem)
            if progress is not None and ((p + 1) % step == 0 or p + 1 == total):
                progress(p + 1, total)
        return index

    def add_page(self, page: Page, annotations: PageAnnotations, found: list[Span] | None = None) -> None:
        """(Re)index one page from its annotations; the reader calls this after edits."""
        self._timeline.clear()
        found = extract_text(page.text) if found is None else found
        suggestions = open_suggestions(found, annotations)
        entries = [self._entry(page, s, "tagged") for s in annotations.spans]
        entries += [self._entry(page, f, "suggested") for f in suggestions]
        entries.sort(key=lambda e: (e.start, -e.end, e.label))
        self.entries[page.name] = entries
        for article in page.articles:
            ref = ArticleRef(page.name, article.index)
            if ref not in self.texts:
                self.texts[ref] = page.view(article).text
            self.counts[ref] = count_article(annotations, article, suggestions)
        self.stats[page.name] = page_stats(page, annotations, len(suggestions))

    @staticmethod
    def _entry(page: Page, span: Span, origin: str) -> Entry:
        article = next((a.index for a in page.articles if a.start <= span.start < a.end), 0)
        return Entry(
            label=span.label, start=span.start, end=span.end, text=span.text, attrs=dict(span.attrs),
            ref=ArticleRef(page.name, article), origin=origin,
        )  # fmt: skip

    def page_entries(self) -> Iterator[tuple[Page, list[Entry]]]:
        """Indexed pages in corpus order, with their entries."""
        for page in self.corpus.pages:
            if page.name in self.entries:
                yield page, self.entries[page.name]

    def all_entries(self, label: str | None = None) -> list[Entry]:
        return [e for _, entries in self.page_entries() for e in entries if label in (None, e.label)]

    def title(self, ref: ArticleRef) -> str:
        return self.corpus.article(ref)[1].title

    # --- timeline --------------------------------------------------------------------

    def page_year(self, name: str) -> int | None:
        """The year a page states (the first explicit year of its events), if any."""
        for entry in self.entries.get(name, []):
            if entry.label == "event" and entry.time.get("year"):
                return int(entry.time["year"])
        return None

    def timeline(self, include_suggested: bool = True) -> list[TimelineRow]:
        """Events ordered by their time (computed once, until a page is re-indexed)."""
        if include_suggested not in self._timeline:
            self._timeline[include_suggested] = self._ordered_events(include_suggested)
        return self._timeline[include_suggested]

    def _ordered_events(self, include_suggested: bool) -> list[TimelineRow]:
        """Events ordered by their time.

        Events whose page states a year are ordered together across pages. Events
        of pages that state no year are not mixed with them: each such page is a
        group of its own. A clock time with no date takes the date of the event
        before it in the same article (a newspaper's "14:30 分区管控" under
        "4月13日…"), marked as inferred. Undated events come last in their group.
        """
        dated: list[tuple[tuple[float, ...], TimelineRow]] = []
        by_page: dict[str, list[tuple[tuple[float, ...], TimelineRow]]] = defaultdict(list)
        for page, entries in self.page_entries():
            year = self.page_year(page.name)
            last: dict[ArticleRef, dict[str, Any]] = {}
            for entry in entries:
                if entry.label != "event" or (entry.origin == "suggested" and not include_suggested):
                    continue
                time = entry.time
                inferred = False
                has_date = any(k in time for k in ("year", "month", "day", "calendar"))
                if not has_date and "hour" in time and entry.ref in last:
                    time = {**last[entry.ref], **{k: v for k, v in time.items() if k != "part"}}
                    inferred = True
                elif "month" in time or "day" in time or "calendar" in time:
                    last[entry.ref] = {
                        k: time[k] for k in ("year", "month", "day", "calendar") if k in time
                    }
                if year is not None and "year" not in time:
                    time = {**time, "year": year}
                row = TimelineRow("", entry, describe(time), inferred)
                key = sort_key(time)
                if "year" in time:
                    dated.append((key, row))
                else:
                    by_page[page.name].append((key, row))
        rows: list[TimelineRow] = []
        if dated:
            rows.append(TimelineRow("dated events (year stated on the page)"))
            rows += [row for _, row in sorted(dated, key=lambda kr: kr[0])]
        for page in self.corpus.pages:
            if page.name in by_page:
                rows.append(TimelineRow(f"year unknown: {page.name}"))
                rows += [row for _, row in sorted(by_page[page.name], key=lambda kr: kr[0])]
        return rows

    # --- figures ---------------------------------------------------------------------

    def figures(self, include_suggested: bool = True) -> list[Entry]:
        return [e for e in self.all_entries("figure") if include_suggested or e.origin == "tagged"]

    # --- search ----------------------------------------------------------------------

    def search(self, query: str, limit: int = 500) -> tuple[list[Hit], int]:
        """Hits in text order (page, article), at most ``limit``; and the total count."""
        needle = to_simplified("".join(query.split()))
        hits: list[Hit] = []
        total = 0
        if not needle:
            return hits, 0
        for ref, text in self.texts.items():
            i = text.find(needle)
            while i >= 0:
                total += 1
                if len(hits) < limit:
                    before = text[max(0, i - 12) : i].replace("\n", " ")
                    after = text[i + len(needle) : i + len(needle) + 12].replace("\n", " ")
                    hits.append(
                        Hit(ref, i, i + len(needle), f"{before}[{text[i : i + len(needle)]}]{after}")
                    )
                i = text.find(needle, i + 1)
        return hits, total


def sort_key(time: dict[str, Any]) -> tuple[float, ...]:
    return tuple(
        float(time[k]) if isinstance(time.get(k), int | float) else math.inf
        for k in ("year", "month", "day", "hour", "minute")
    )


def describe(time: dict[str, Any]) -> str:
    parts = []
    if time.get("year"):
        parts.append(f"{time['year']}年")
    if time.get("month"):
        parts.append(f"{time['month']}月")
    if time.get("day"):
        day = f"{time['day']}日" if not time.get("day_end") else f"{time['day']}-{time['day_end']}日"
        parts.append(day)
    if time.get("calendar"):
        parts.append(str(time["calendar"]))
    if time.get("part"):
        parts.append(str(time["part"]))
    if time.get("hour") is not None:
        parts.append(f"{time['hour']:02d}:{time.get('minute') or 0:02d}")
    return "".join(parts) or "undated"


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
