"""The one span type: a labelled range of a page text.

Extractor output, tags (reader/annotation/model.py extends it), exports, corpus
index entries and the marks the reader draws are all spans. Offsets are code points
of the page text, end-exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

LABELS = ("event", "figure")
SpanKey = tuple[str, int, int]  # label, start, end: what strict matching compares


class Ranged(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


# Slots: a densely tagged 50 MB page holds 250,000 of these (a __dict__ each was ~0.5 KB).
@dataclass(slots=True)
class Span:
    label: str
    start: int
    end: int
    text: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> SpanKey:
        return (self.label, self.start, self.end)

    def covers(self, offset: int) -> bool:
        return self.start <= offset < self.end


def within(inner: Ranged, start: int, end: int) -> bool:
    """``inner`` lies inside [start, end): the test for "this span is in this article"."""
    return start <= inner.start and inner.end <= end


def innermost(spans: list[Span], offset: int) -> Span | None:
    """The shortest of ``spans`` covering ``offset``."""
    hits = [s for s in spans if s.covers(offset)]
    return min(hits, key=lambda s: (s.end - s.start, s.label)) if hits else None
