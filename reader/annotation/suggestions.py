"""What the extractor proposes for a page, less what people already decided.

A suggestion is an extractor span that is not already a tag (same label, start and
end) and was not rejected. Review mode compares the extractor with the gold the
other way too: gold spans the extractor misses, and extractor spans no tag matches
even leniently (candidate false alarms, or spans the gold forgot).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reader.annotation.model import PageAnnotations
from reader.extraction.scoring import match
from reader.text.articles import Article
from reader.text.spans import Span, SpanKey


def open_suggestions(found: Iterable[Span], annotations: PageAnnotations) -> list[Span]:
    tagged = {s.key for s in annotations.spans}
    # A set, not is_rejected per span: a page with thousands of rejections stays linear.
    rejected = {(r.label, r.start, r.end, r.text) for r in annotations.rejected}
    return [f for f in found if f.key not in tagged and (f.label, f.start, f.end, f.text) not in rejected]


@dataclass
class Review:
    missed: list[SpanKey]  # gold spans the extractor did not find (lenient)
    alarms: list[Span]  # extractor spans no gold span matches (lenient), not rejected


def review(found: list[Span], annotations: PageAnnotations, article: Article) -> Review:
    gold = [s.key for s in annotations.spans if article.contains(s)]
    mine = [f for f in found if article.contains(f)]
    keys = [f.key for f in mine]
    pairs = match(gold, keys, strict=False)
    hit_gold = {i for i, _ in pairs}
    hit_found = {j for _, j in pairs}
    missed = [g for i, g in enumerate(gold) if i not in hit_gold]
    alarms = [f for j, f in enumerate(mine) if j not in hit_found and not annotations.is_rejected(f)]
    return Review(missed, alarms)
