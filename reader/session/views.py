"""What the corpus views read: the index's queries, and nothing that writes.

The timeline, figure table, corpus search, stats and charts get their rows here (the
session hands them a `CorpusViews` of its index); the index is written by the
session's jobs only (reader/session/jobs.py), so no screen can change it.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from reader.corpus.entries import Entry, Hit
from reader.corpus.queries import Total
from reader.corpus.stats import stats_rows

if TYPE_CHECKING:
    from reader.annotation.counts import ArticleCount
    from reader.corpus.index import CorpusIndex
    from reader.text.articles import ArticleRef
    from reader.text.normalize import View


class CorpusViews:
    """Read-only queries over the corpus index, for the views."""

    def __init__(self, index: CorpusIndex) -> None:
        self._index = index

    # --- timeline ---
    def timeline_ids(self, needle: str = "") -> array[int]:
        return self._index.timeline_ids(needle)

    def entries_by_id(self, ids: Iterable[int]) -> dict[int, tuple[Entry, str, int, str]]:
        return self._index.entries_by_id(ids)

    def title(self, ref: ArticleRef) -> str:
        return self._index.title(ref)

    # --- figures ---
    def figure_count(self) -> int:
        return self._index.figure_count()

    def figure_ids(
        self, needle: str = "", column: str | None = None, reverse: bool = False, count: int | None = None
    ) -> Sequence[int]:
        return self._index.figure_ids(needle, column, reverse, count)

    def figure_totals(self, needle: str = "") -> list[Total]:
        return self._index.figure_totals(needle)

    # --- charts ---
    def figure_series(self, counted: str, unit: str, origin: str = "both") -> list[tuple[str, float, int]]:
        return self._index.figure_series(counted, unit, origin)

    def events_per_day(self, origin: str = "both") -> list[tuple[str, int]]:
        return self._index.events_per_day(origin)

    def left_out(self, origin: str = "both", figure: tuple[str, str] | None = None) -> int:
        return self._index.left_out(origin, figure)

    def entries_on(
        self, date: str, label: str, counted: str | None = None, unit: str | None = None
    ) -> list[Entry]:
        return self._index.entries_on(date, label, counted, unit)

    # --- search ---
    def search(self, query: str, limit: int = 500, count: bool = True) -> tuple[list[Hit], int | None]:
        """The hits, each with its context as the page writes it (the index matches the
        normalised text: 确诊 finds 確診, and the row shows 確診)."""
        hits, total = self._index.search(query, limit, count)
        views: dict[ArticleRef, tuple[str, View] | None] = {}
        for hit in hits:
            if hit.ref not in views:
                views[hit.ref] = self._view_of(hit.ref)
            found = views[hit.ref]
            if found is not None and hit.view_end <= len(found[1].text):
                hit.context = found[1].context(found[0], hit.view_start, hit.view_end)
        return hits, total

    def _view_of(self, ref: ArticleRef) -> tuple[str, View] | None:
        try:
            page, article = self._index.corpus.article(ref)
            return page.text, page.view(article)
        except (OSError, LookupError, ValueError):
            return None  # the page went away or changed since indexing: the index's context stays

    def search_count(self, query: str) -> int:
        return self._index.search_count(query)

    # --- stats and the article list ---
    def stats_rows(self) -> list[list[str]]:
        """Per page (in corpus order) and for the corpus: the stats screen's rows."""
        stats = self._index.stats
        return stats_rows([stats[p.name] for p in self._index.corpus.pages if p.name in stats])

    def page_problems(self) -> dict[str, str]:
        return self._index.page_problems()

    def counts_of(self, names: list[str]) -> dict[ArticleRef, ArticleCount]:
        return self._index.counts_of(names)

    @property
    def where(self) -> str:
        """The folder the counted tags are in, as the status line names it."""
        from reader.session.state import folder_label

        folder = self._index.annotations
        return f"{folder_label(folder)}/" if folder is not None else "no annotations folder"

    @property
    def moved_aside(self) -> tuple[object, str] | None:
        """(where, why) when the index file found was not usable and was moved aside."""
        return self._index.db.moved_aside
