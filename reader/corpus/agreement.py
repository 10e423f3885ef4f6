"""Agreement between two annotators' folders on the same pages.

Per label: F1 with one folder taken as reference, strict and lenient (F1 is
symmetric, so which one does not matter), and Cohen's kappa over characters: every
non-space character of a page is "in a span of this label" or not, for each
annotator; kappa corrects their raw agreement for what chance alone would give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reader.annotation.model import LABELS
from reader.annotation.store import AnnotationStore, StoreError
from reader.corpus.corpus import Corpus
from reader.extraction.scoring import Report, in_context
from reader.text.page import Page
from reader.text.spans import SpanKey

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

    def mask(spans: list[SpanKey]) -> int:
        flags = bytearray(len(text))
        for lab, start, end in spans:
            if lab == label and start < len(text):
                end = min(end, len(text))
                flags[start:end] = b"\x01" * (end - start)
        return int.from_bytes(flags, "big")

    counted = bytearray(b"\x01") * len(text)
    for space in _SPACE.finditer(text):
        counted[space.start() : space.end()] = bytes(space.end() - space.start())
    within = int.from_bytes(counted, "big")
    a, b = mask(spans_a) & within, mask(spans_b) & within
    both = (a & b).bit_count()
    only_a, only_b = a.bit_count() - both, b.bit_count() - both
    return both, only_a, only_b, within.bit_count() - both - only_a - only_b


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
    page: str
    who: str  # "A only" or "B only"
    key: SpanKey
    context: str


@dataclass
class Agreement:
    pages: list[str] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    kappa: dict[str, float] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)


def _keys(store: AnnotationStore, page: Page, side: str) -> list[SpanKey]:
    loaded = store.load(page)
    if loaded.problem:
        raise StoreError(f"{side}: {loaded.problem}")
    return [s.key for s in loaded.annotations.spans]


def agreement(corpus: Corpus, dir_a: Path, dir_b: Path) -> Agreement:
    """Compare the pages that both folders annotate (the same page text)."""
    store_a, store_b = AnnotationStore(dir_a), AnnotationStore(dir_b)
    result = Agreement()
    counts = {label: [0, 0, 0, 0] for label in LABELS}
    for listed in corpus.pages:
        if not (store_a.path_for(listed.name).exists() and store_b.path_for(listed.name).exists()):
            continue
        page = listed.fresh()  # read for this page only: an archive is never held
        if not page.readable:
            continue
        # One folder's file at a time, and only its keys kept: two files of a densely
        # tagged page side by side held both sets of tags (~4x the page each).
        spans_a, spans_b = _keys(store_a, page, "A"), _keys(store_b, page, "B")
        result.pages.append(page.name)
        result.report.add(page.name, spans_a, spans_b)
        for label in LABELS:
            for i, n in enumerate(confusion(page.text, spans_a, spans_b, label)):
                counts[label][i] += n
        only_a = sorted(set(spans_a) - set(spans_b), key=lambda k: k[1])
        only_b = sorted(set(spans_b) - set(spans_a), key=lambda k: k[1])
        for who, keys in (("A only", only_a), ("B only", only_b)):
            for key in keys:
                context = in_context(page.text, key[1], key[2])
                result.disagreements.append(Disagreement(page.name, who, key, context))
    result.kappa = {label: kappa_of(tuple(counts[label])) for label in LABELS}  # type: ignore[arg-type]
    return result
