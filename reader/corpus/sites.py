"""What a disagreement is: the one definition `agree` lists and `curate` asks about.

On one page, every annotator's spans of a label that overlap one another (directly or
through a chain of overlaps) make one *site*, as INCEpTION groups the annotations of
a position for curation. A site is *agreed* when every annotator has exactly the same
spans there (label, start, end) with the same attributes; any other site is a
disagreement: a span one annotator has and another not, edges that differ, or the
same span read with different attributes. Notes are not compared (they are each
annotator's own remarks, not a reading of the text).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reader.text.spans import LABELS, Span, SpanKey


@dataclass(frozen=True)
class Site:
    """Overlapping spans of one label on one page, as each annotator has them."""

    page: str
    label: str
    start: int  # the extent of every span in the site
    end: int
    spans: tuple[tuple[Span, ...], ...]  # per annotator, in the order given: its spans here

    @property
    def agreed(self) -> bool:
        first = _reading(self.spans[0])
        return all(_reading(side) == first for side in self.spans[1:])

    def keys(self) -> list[SpanKey]:
        """Every distinct span of the site, in page order."""
        return sorted({s.key for side in self.spans for s in side}, key=lambda k: (k[1], -k[2]))

    def holders(self, key: SpanKey) -> list[int]:
        """The annotators (their indices) who have the span ``key``."""
        return [i for i, side in enumerate(self.spans) if any(s.key == key for s in side)]

    def readings(self, key: SpanKey) -> list[tuple[list[int], dict[str, Any]]]:
        """The attributes the holders of ``key`` give it: (who, attrs) per distinct reading."""
        found: list[tuple[list[int], dict[str, Any]]] = []
        for i, side in enumerate(self.spans):
            for span in side:
                if span.key != key:
                    continue
                same = next((r for r in found if r[1] == span.attrs), None)
                if same is None:
                    found.append(([i], span.attrs))
                else:
                    same[0].append(i)
        return found

    def differing_fields(self, key: SpanKey) -> list[str]:
        """The attribute names whose values differ between the holders of ``key``."""
        readings = [attrs for _who, attrs in self.readings(key)]
        names = sorted({name for attrs in readings for name in attrs})
        return [n for n in names if len({repr(attrs.get(n)) for attrs in readings}) > 1]


def _reading(side: tuple[Span, ...]) -> list[tuple[SpanKey, str]]:
    return sorted((s.key, repr(sorted(s.attrs.items()))) for s in side)


def sites(page: str, spans: Sequence[Sequence[Span]]) -> list[Site]:
    """The sites of a page, in page order, given each annotator's spans."""
    found: list[Site] = []
    for label in LABELS:
        tagged = sorted(
            ((s.start, s.end, who, s) for who, side in enumerate(spans) for s in side if s.label == label),
            key=lambda item: (item[0], -item[1], item[2]),
        )
        group: list[tuple[int, Span]] = []
        end = -1
        for start, stop, who, span in tagged:
            if group and start >= end:
                found.append(_site(page, label, group, len(spans)))
                group = []
            end = max(end, stop) if group else stop
            group.append((who, span))
        if group:
            found.append(_site(page, label, group, len(spans)))
    return sorted(found, key=lambda s: (s.start, -s.end, s.label))


def _site(page: str, label: str, group: list[tuple[int, Span]], annotators: int) -> Site:
    sides: list[list[Span]] = [[] for _ in range(annotators)]
    for who, span in group:
        sides[who].append(span)
    return Site(
        page,
        label,
        min(s.start for _, s in group),
        max(s.end for _, s in group),
        tuple(tuple(side) for side in sides),
    )


def disagreements(page: str, spans: Sequence[Sequence[Span]]) -> list[Site]:
    return [site for site in sites(page, spans) if not site.agreed]
