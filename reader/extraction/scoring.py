"""Scores of found spans against gold spans, as docs/guidelines.md defines them.

Strict: same label, start and end. Lenient: same label and an overlap of at least
half of the longer span. Each gold span matches at most one found span.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from reader.text.spans import LABELS, SpanKey


def in_context(text: str, start: int, end: int, width: int = 8) -> str:
    """``before[span]after`` on one line, for reports."""
    shown = text[max(0, start - width) : start] + "[" + text[start:end] + "]" + text[end : end + width]
    return shown.replace("\n", "⏎")


def overlap_ok(a: SpanKey, b: SpanKey) -> bool:
    if a[0] != b[0]:
        return False
    overlap = min(a[2], b[2]) - max(a[1], b[1])
    longer = max(a[2] - a[1], b[2] - b[1])
    return overlap > 0 and 2 * overlap >= longer


def match(gold: Sequence[SpanKey], found: Sequence[SpanKey], strict: bool) -> list[tuple[int, int]]:
    """Pairs (gold index, found index), one-to-one, best overlap first."""
    if strict:
        where = {g: i for i, g in enumerate(gold)}
        return [(where[f], j) for j, f in enumerate(found) if f in where]
    candidates = []
    for i, j in _overlapping(gold, found):
        g, f = gold[i], found[j]
        if overlap_ok(g, f):
            overlap = min(g[2], f[2]) - max(g[1], f[1])
            candidates.append((-overlap, i, j))
    pairs, used_g, used_f = [], set(), set()
    for _, i, j in sorted(candidates):
        if i not in used_g and j not in used_f:
            pairs.append((i, j))
            used_g.add(i)
            used_f.add(j)
    return pairs


def _overlapping(gold: Sequence[SpanKey], found: Sequence[SpanKey]) -> Iterator[tuple[int, int]]:
    """Every (gold index, found index) whose spans could overlap, found by bisecting
    the found spans sorted by start. Trying every pair was gold x found per page:
    12x slower per character on a 4 MB page than on the seeds, hours at 50 MB."""
    order = sorted(range(len(found)), key=lambda j: found[j][1])
    starts = [found[j][1] for j in order]
    longest = max((f[2] - f[1] for f in found), default=0)
    for i, g in enumerate(gold):
        # A found span that ends after g starts began less than ``longest`` before it.
        for k in range(bisect_left(starts, g[1] - longest + 1), bisect_left(starts, g[2])):
            yield i, order[k]


@dataclass
class Score:
    tp: int = 0
    gold: int = 0
    found: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def counted_agrees(gold: object, found: object) -> bool:
    """The guidelines' test for a counted noun: the same words of the page, verbatim
    (党员先锋岗 and 党员 differ), or both empty (null and "" are both "nothing counted")."""
    return str(gold or "").strip() == str(found or "").strip()


@dataclass
class Report:
    scores: dict[tuple[str, str], Score] = field(default_factory=dict)  # (label, mode)
    counted: Score = field(default_factory=Score)  # tp = agreeing counted nouns over strict figure matches
    counted_errors: list[tuple[str, SpanKey, str, str]] = field(default_factory=list)  # gold, found noun
    dates: Score = field(default_factory=Score)  # tp = equal dates over lenient event matches
    date_errors: list[tuple[str, SpanKey, str, str]] = field(default_factory=list)  # gold, found date
    misses: list[tuple[str, SpanKey]] = field(default_factory=list)  # lenient misses
    false_alarms: list[tuple[str, SpanKey]] = field(default_factory=list)  # lenient false alarms
    boundary: list[tuple[str, SpanKey, SpanKey]] = field(default_factory=list)  # lenient, not strict
    # Articles of tagged pages with no tag where the extractor finds spans: likely not
    # tagged yet, so their finds count as false alarms (page, article index).
    untagged: list[tuple[str, int]] = field(default_factory=list)

    def score(self, label: str, mode: str) -> Score:
        return self.scores.setdefault((label, mode), Score())

    @property
    def counted_agreement(self) -> float:
        return self.counted.tp / self.counted.gold if self.counted.gold else 0.0

    @property
    def date_agreement(self) -> float:
        return self.dates.tp / self.dates.gold if self.dates.gold else 0.0

    def add_dates(
        self, source: str, gold: Sequence[tuple[SpanKey, object]], found: Sequence[tuple[SpanKey, object]]
    ) -> None:
        """Compare the dates of events matched leniently; each side gives an event's key
        and its ``date`` (only gold events that carry a date are compared)."""
        pairs = match([k for k, _ in gold], [k for k, _ in found], strict=False)
        for i, j in pairs:
            (key, want), (_, got) = gold[i], found[j]
            self.dates.gold += 1
            self.dates.found += 1
            if (want or None) == (got or None):
                self.dates.tp += 1
            else:
                self.date_errors.append((source, key, str(want or ""), str(got or "")))

    def add_counted(
        self, source: str, gold: Iterable[tuple[SpanKey, object]], found: Mapping[SpanKey, object]
    ) -> None:
        """Compare the counted nouns of the figures found with exactly a gold figure's
        offsets; each side gives a span's key and its ``counted`` attribute (only these,
        not the spans: a dense page has 200,000 figures on each side)."""
        for key, noun in gold:
            if key[0] != "figure" or key not in found:
                continue
            self.counted.gold += 1
            self.counted.found += 1
            if counted_agrees(noun, found[key]):
                self.counted.tp += 1
            else:
                self.counted_errors.append((source, key, str(noun or ""), str(found[key] or "")))

    def add(self, source: str, gold: Iterable[SpanKey], found: Iterable[SpanKey]) -> None:
        gold, found = list(gold), list(found)
        for label in LABELS:
            g = [s for s in gold if s[0] == label]
            f = [s for s in found if s[0] == label]
            for mode in ("strict", "lenient"):
                pairs = match(g, f, strict=mode == "strict")
                score = self.score(label, mode)
                score.tp += len(pairs)
                score.gold += len(g)
                score.found += len(f)
                if mode == "lenient":
                    hit_g = {i for i, _ in pairs}
                    hit_f = {j for _, j in pairs}
                    self.misses += [(source, g[i]) for i in range(len(g)) if i not in hit_g]
                    self.false_alarms += [(source, f[j]) for j in range(len(f)) if j not in hit_f]
                    self.boundary += [(source, g[i], f[j]) for i, j in pairs if g[i] != f[j]]
