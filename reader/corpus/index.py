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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from reader.annotation.model import PageAnnotations
from reader.annotation.store import AnnotationStore
from reader.annotation.suggestions import open_suggestions
from reader.corpus.corpus import Corpus
from reader.extraction.extractor import extract_text
from reader.text.normalize import to_simplified
from reader.text.page import Page
from reader.text.spans import Span


@dataclass
class Entry:
    """One event or figure of the corpus."""

    page: int
    article: int
    label: str
    start: int
    end: int
    text: str
    attrs: dict[str, Any]
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
    page: int
    article: int
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
        self.entries: dict[int, list[Entry]] = {}
        self.texts: dict[tuple[int, int], str] = {}
        self.stats: dict[int, PageStats] = {}
        self._timeline: dict[bool, list[TimelineRow]] = {}
        self.reviewed: set[tuple[int, int]] = set()  # (page, article) marked reviewed

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
                index.add_page(p, store.load(page).annotations)
            else:
                index.stats[p] = PageStats(page.name, problem=page.problem)
            if progress is not None and ((p + 1) % step == 0 or p + 1 == total):
                progress(p + 1, total)
        return index

    def add_page(self, p: int, annotations: PageAnnotations, found: list[Span] | None = None) -> None:
        """(Re)index one page from its annotations; the app calls this after edits."""
        self._timeline.clear()
        page = self.corpus.pages[p]
        found = extract_text(page.text) if found is None else found
        suggestions = open_suggestions(found, annotations)
        entries = [
            self._entry(p, s.label, s.start, s.end, s.text, s.attrs, "tagged") for s in annotations.spans
        ]
        entries += [
            self._entry(p, f.label, f.start, f.end, f.text, f.attrs, "suggested") for f in suggestions
        ]
        entries.sort(key=lambda e: (e.start, -e.end, e.label))
        self.entries[p] = entries
        for article in page.articles:
            if (p, article.index) not in self.texts:
                self.texts[(p, article.index)] = page.view(article).text
        self.stats[p] = page_stats(page, annotations, len(suggestions))
        for article in page.articles:
            key = (p, article.index)
            (self.reviewed.add if annotations.is_reviewed(article.index) else self.reviewed.discard)(key)

    def _entry(
        self, p: int, label: str, start: int, end: int, text: str, attrs: dict[str, Any], origin: str
    ) -> Entry:
        article = next(
            (a.index for a in self.corpus.pages[p].articles if a.start <= start < a.end),
            0,
        )
        return Entry(p, article, label, start, end, text, dict(attrs), origin)

    def all_entries(self, label: str | None = None) -> list[Entry]:
        return [e for p in sorted(self.entries) for e in self.entries[p] if label in (None, e.label)]

    # --- timeline --------------------------------------------------------------------

    def page_year(self, p: int) -> int | None:
        """The year a page states (the first explicit year of its events), if any."""
        for entry in self.entries.get(p, []):
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
        by_page: dict[int, list[tuple[tuple[float, ...], TimelineRow]]] = defaultdict(list)
        for p in sorted(self.entries):
            year = self.page_year(p)
            last: dict[int, dict[str, Any]] = {}
            for entry in self.entries[p]:
                if entry.label != "event" or (entry.origin == "suggested" and not include_suggested):
                    continue
                time = entry.time
                inferred = False
                has_date = any(k in time for k in ("year", "month", "day", "calendar"))
                if not has_date and "hour" in time and entry.article in last:
                    time = {**last[entry.article], **{k: v for k, v in time.items() if k != "part"}}
                    inferred = True
                elif "month" in time or "day" in time or "calendar" in time:
                    last[entry.article] = {
                        k: time[k] for k in ("year", "month", "day", "calendar") if k in time
                    }
                if year is not None and "year" not in time:
                    time = {**time, "year": year}
                row = TimelineRow("", entry, describe(time), inferred)
                key = sort_key(time)
                if "year" in time:
                    dated.append((key, row))
                else:
                    by_page[p].append((key, row))
        rows: list[TimelineRow] = []
        if dated:
            rows.append(TimelineRow("dated events (year stated on the page)"))
            rows += [row for _, row in sorted(dated, key=lambda kr: kr[0])]
        for p in sorted(by_page):
            rows.append(TimelineRow(f"year unknown: {self.corpus.pages[p].name}"))
            rows += [row for _, row in sorted(by_page[p], key=lambda kr: kr[0])]
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
        for (p, a), text in sorted(self.texts.items()):
            i = text.find(needle)
            while i >= 0:
                total += 1
                if len(hits) < limit:
                    before = text[max(0, i - 12) : i].replace("\n", " ")
                    after = text[i + len(needle) : i + len(needle) + 12].replace("\n", " ")
                    hits.append(
                        Hit(p, a, i, i + len(needle), f"{before}[{text[i : i + len(needle)]}]{after}")
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
