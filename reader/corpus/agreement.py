"""Agreement between annotators' folders on the pages they all annotated.

Per label and pair of annotators: F1 with one folder taken as reference, strict and
lenient (F1 is symmetric, so which one does not matter), and Cohen's kappa over
characters: every non-space character of a page is "in a span of this label" or not,
for each annotator; kappa corrects their raw agreement for what chance alone would
give. For all the annotators at once (three or more): Krippendorff's alpha over the
same characters. The disagreements are the sites of reader/corpus/sites.py, the ones
`epireader curate` asks about.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.annotation.model import LABELS
from reader.annotation.store import AnnotationStore, StoreError
from reader.corpus.corpus import Corpus
from reader.corpus.sites import Site, disagreements
from reader.extraction.scoring import Report, in_context
from reader.text.page import Page
from reader.text.spans import Span, SpanKey

# How many characters both annotators put in a span of a label, A only, B only, neither.
Confusion = tuple[int, int, int, int]
_SPACE = re.compile(r"\s+")  # re's \s is str.isspace: what coverage leaves out


def cohen_kappa(a: list[bool], b: list[bool]) -> float:
    """Cohen's kappa of two equally long yes/no sequences (see kappa_of)."""
    if len(a) != len(b):
        raise ValueError("sequences differ in length")
    both = sum(x and y for x, y in zip(a, b, strict=True))
    only_a, only_b = sum(a) - both, sum(b) - both
    return kappa_of((both, only_a, only_b, len(a) - both - only_a - only_b))


def kappa_of(counts: Confusion) -> float:
    """Cohen's kappa from the counts of two annotators' yes/no answers.

    When both annotators say the same thing everywhere and chance agreement is 1
    (all yes or all no), kappa is defined here as 1.0.
    """
    both, only_a, only_b, neither = counts
    n = both + only_a + only_b + neither
    if n == 0:
        return 1.0
    agree = (both + neither) / n
    pa, pb = (both + only_a) / n, (both + only_b) / n
    chance = pa * pb + (1 - pa) * (1 - pb)
    if chance == 1.0:
        return 1.0 if agree == 1.0 else 0.0
    return (agree - chance) / (1 - chance)


def confusion(text: str, spans_a: list[SpanKey], spans_b: list[SpanKey], label: str) -> Confusion:
    """The counts of ``coverage``'s flags for A and B, without a flag per character in a
    list (4 lists of 8 bytes a character took 30x a big page): a byte per character,
    read as one big integer, so that a bit AND and a bit count do the counting."""
    within = _counted(text)
    a, b = _mask(text, spans_a, label) & within, _mask(text, spans_b, label) & within
    both = (a & b).bit_count()
    only_a, only_b = a.bit_count() - both, b.bit_count() - both
    return both, only_a, only_b, within.bit_count() - both - only_a - only_b


def _mask(text: str, spans: Sequence[SpanKey], label: str) -> int:
    """A byte per character of ``text``, 1 inside a ``label`` span, as one big integer."""
    flags = bytearray(len(text))
    for lab, start, end in spans:
        if lab == label and start < len(text):
            end = min(end, len(text))
            flags[start:end] = b"\x01" * (end - start)
    return int.from_bytes(flags, "big")


def _counted(text: str) -> int:
    """The same mask of the characters that count: every one but white space."""
    counted = bytearray(b"\x01") * len(text)
    for space in _SPACE.finditer(text):
        counted[space.start() : space.end()] = bytes(space.end() - space.start())
    return int.from_bytes(counted, "big")


def coverage_counts(text: str, spans: Sequence[Sequence[SpanKey]], label: str) -> list[int]:
    """How many non-space characters of ``text`` exactly k of the annotators put in a
    ``label`` span, for k = 0 … len(spans). The masks are added as a binary counter a
    bit plane at a time (the ripple-carry adder), so a character is never visited."""
    within = _counted(text)
    planes: list[int] = []
    for side in spans:
        carry = _mask(text, side, label) & within
        for i, plane in enumerate(planes):
            planes[i], carry = plane ^ carry, plane & carry
        if carry:
            planes.append(carry)
    counts = []
    for k in range(len(spans) + 1):
        exactly = within
        for i, plane in enumerate(planes):
            exactly &= plane if (k >> i) & 1 else plane ^ within
        if k >> len(planes):
            exactly = 0  # k needs a bit plane no character reached
        counts.append(exactly.bit_count())
    return counts


def nominal_alpha(units: Iterable[tuple[Mapping[Hashable, int], int]]) -> float:
    """Krippendorff's alpha for nominal values (Krippendorff 2011, "Computing
    Krippendorff's Alpha-Reliability", section C): ``units`` are (how many coders gave
    each value to the unit, how many such units). Units with fewer than two values
    are not pairable and left out. 1.0 when no two values differ anywhere (no
    disagreement is expected either)."""
    coincidence: dict[tuple[Hashable, Hashable], float] = {}
    for values, times in units:
        m = sum(values.values())
        if m < 2 or not times:
            continue
        for c, n_c in values.items():
            for k, n_k in values.items():
                pairs = n_c * (n_k - 1) if c == k else n_c * n_k
                if pairs:
                    coincidence[c, k] = coincidence.get((c, k), 0.0) + times * pairs / (m - 1)
    totals: dict[Hashable, float] = {}
    for (c, _k), o in coincidence.items():
        totals[c] = totals.get(c, 0.0) + o
    n = sum(totals.values())
    observed = sum(o for (c, k), o in coincidence.items() if c != k)
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if expected == 0:
        return 1.0
    return 1 - (n - 1) * observed / expected


def alpha_of(counts: Sequence[int]) -> float:
    """Alpha over characters from ``coverage_counts``: a character is a unit, each
    annotator's value is "in a span" or not."""
    coders = len(counts) - 1
    return nominal_alpha(({True: k, False: coders - k}, times) for k, times in enumerate(counts))


def coverage(text: str, spans: list[SpanKey], label: str) -> list[bool]:
    """For each non-space character of ``text``: is it inside a ``label`` span?"""
    inside = [False] * len(text)
    for lab, start, end in spans:
        if lab == label:
            for i in range(start, end):
                inside[i] = True
    return [flag for ch, flag in zip(text, inside, strict=True) if not ch.isspace()]


@dataclass
class Disagreement:
    """A row of `agree`'s list: a span of a disagreement site (reader/corpus/sites.py)
    and who has it, or a reading of its attributes and who gives it."""

    page: str
    who: tuple[int, ...]  # the annotators (indices into the folders) who have it
    key: SpanKey
    what: str  # "span": not everyone has it; else "attributes: the fields that differ"
    context: str


@dataclass
class Pair:
    """Two annotators compared: F1 per label (strict, lenient) and kappa over characters."""

    a: int
    b: int
    report: Report = field(default_factory=Report)
    counts: dict[str, list[int]] = field(default_factory=lambda: {label: [0, 0, 0, 0] for label in LABELS})

    @property
    def kappa(self) -> dict[str, float]:
        return {label: kappa_of(tuple(self.counts[label])) for label in LABELS}  # type: ignore[arg-type]


@dataclass
class Agreement:
    folders: int = 2
    pages: list[str] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    coverage: dict[str, list[int]] = field(default_factory=dict)  # label -> coverage_counts summed
    disagreements: list[Disagreement] = field(default_factory=list)
    sites: int = 0  # how many disagreement sites the rows come from

    @property
    def report(self) -> Report:
        """The first two annotators' F1 (the only pair when there are two)."""
        return self.pairs[0].report

    @property
    def kappa(self) -> dict[str, float]:
        return self.pairs[0].kappa

    @property
    def alpha(self) -> dict[str, float]:
        """Krippendorff's alpha over characters, per label, for all the annotators."""
        return {label: alpha_of(counts) for label, counts in self.coverage.items()}


def _keys(store: AnnotationStore, page: Page, side: str) -> list[Span]:
    loaded = store.load(page, batch=True)
    if loaded.problem:
        raise StoreError(f"{side}: {loaded.problem}")
    return list(loaded.annotations.spans)


def shared_pages(corpus: Corpus, folders: Sequence[Path]) -> Iterator[Page]:
    """The readable pages every folder has an annotation file for, read one at a time
    (an archive is never held)."""
    stores = [AnnotationStore(folder) for folder in folders]
    for listed in corpus.pages:
        if all(store.path_for(listed.name).exists() for store in stores):
            page = listed.fresh()
            if page.readable:
                yield page


def rows(site: Site, text: str) -> list[Disagreement]:
    """`agree`'s rows for a disagreement site: each span not everyone has, and each
    reading of a span everyone has but reads differently."""
    found = []
    everyone = len(site.spans)
    for key in site.keys():
        context = in_context(text, key[1], key[2])
        holders = site.holders(key)
        if len(holders) < everyone:
            found.append(Disagreement(site.page, tuple(holders), key, "span", context))
            continue
        fields = site.differing_fields(key)
        if fields:
            what = f"attributes: {', '.join(fields)}"
            for who, _attrs in site.readings(key):
                found.append(Disagreement(site.page, tuple(who), key, what, context))
    return found


def agreement(corpus: Corpus, folders: Sequence[Path]) -> Agreement:
    """Compare the pages that every folder annotates (the same page text). A folder's
    unreadable file is a StoreError naming the folder by its place (#1, #2 …)."""
    stores = [AnnotationStore(folder) for folder in folders]
    pairs = [Pair(a, b) for a in range(len(folders)) for b in range(a + 1, len(folders))]
    result = Agreement(len(folders), pairs=pairs)
    result.coverage = {label: [0] * (len(folders) + 1) for label in LABELS}
    for page in shared_pages(corpus, folders):
        # Only the spans kept, as ReadTag: a densely tagged page's files side by side
        # held every field of every tag (~4x the page each).
        spans = [_keys(store, page, f"#{i + 1}") for i, store in enumerate(stores)]
        keys = [[s.key for s in side] for side in spans]
        result.pages.append(page.name)
        for pair in pairs:
            pair.report.add(page.name, keys[pair.a], keys[pair.b])
            for label in LABELS:
                for i, n in enumerate(confusion(page.text, keys[pair.a], keys[pair.b], label)):
                    pair.counts[label][i] += n
        for label in LABELS:
            for k, n in enumerate(coverage_counts(page.text, keys, label)):
                result.coverage[label][k] += n
        for site in disagreements(page.name, spans):
            result.sites += 1
            result.disagreements.extend(rows(site, page.text))
    return result
