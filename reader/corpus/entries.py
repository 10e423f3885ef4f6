"""What the corpus index hands the views: entries, search hits, page statistics and
timeline rows (their own module: the index and its queries both make them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reader.text.articles import ArticleRef
from reader.text.spans import Span


@dataclass(kw_only=True, slots=True)
class Entry(Span):
    """One event or figure of the corpus: a span with where it is and who made it."""

    ref: ArticleRef
    origin: str  # tagged | suggested
    id: int = 0  # its row in the index file
    date: str = ""  # the resolved date (a figure: its event's), YYYY-MM-DD as far as known

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
    title: str = ""  # the article's


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
