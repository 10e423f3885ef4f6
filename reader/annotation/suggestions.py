"""What the extractor proposes for a page, less what people already decided.

A suggestion is an extractor span that is not already a tag (same label, start and
end) and was not rejected. Review mode compares the extractor with the gold the
other way too: gold spans the extractor misses, and extractor spans no tag matches
even leniently (candidate false alarms, or spans the gold forgot).
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.annotation.model import PageAnnotations
from reader.extraction.extractor import Found
from reader.extraction.scoring import match


def open_suggestions(found: list[Found], annotations: PageAnnotations) -> list[Found]:
    tagged = {s.key for s in annotations.spans}
    return [
        f
        for f in found
        if (f.label, f.start, f.end) not in tagged
        and not annotations.is_rejected(f.label, f.start, f.end, f.text)
    ]


@dataclass
class Review:
    missed: list[tuple[str, int, int]]  # gold spans the extractor did not find (lenient)
    alarms: list[Found]  # extractor spans no gold span matches (lenient), not rejected


def review(found: list[Found], annotations: PageAnnotations, start: int, end: int) -> Review:
    gold = [s.key for s in annotations.spans if start <= s.start and s.end <= end]
    mine = [f for f in found if start <= f.start and f.end <= end]
    keys = [(f.label, f.start, f.end) for f in mine]
    pairs = match(gold, keys, strict=False)
    hit_gold = {i for i, _ in pairs}
    hit_found = {j for _, j in pairs}
    missed = [g for i, g in enumerate(gold) if i not in hit_gold]
    alarms = [
        f
        for j, f in enumerate(mine)
        if j not in hit_found and not annotations.is_rejected(f.label, f.start, f.end, f.text)
    ]
    return Review(missed, alarms)
