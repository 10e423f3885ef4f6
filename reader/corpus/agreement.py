"""Agreement between two annotators' folders on the same pages.

Per label: F1 with one folder taken as reference, strict and lenient (F1 is
symmetric, so which one does not matter), and Cohen's kappa over characters: every
non-space character of a page is "in a span of this label" or not, for each
annotator; kappa corrects their raw agreement for what chance alone would give.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader.annotation.model import LABELS
from reader.annotation.store import AnnotationStore, StoreError
from reader.corpus.corpus import Corpus
from reader.extraction.scoring import Report, in_context
from reader.text.spans import SpanKey


def cohen_kappa(a: list[bool], b: list[bool]) -> float:
    """Cohen's kappa of two equally long yes/no sequences.

    When both annotators say the same thing everywhere and chance agreement is 1
    (all yes or all no), kappa is defined here as 1.0.
    """
    if len(a) != len(b):
        raise ValueError("sequences differ in length")
    n = len(a)
    if n == 0:
        return 1.0
    agree = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    chance = pa * pb + (1 - pa) * (1 - pb)
    if chance == 1.0:
        return 1.0 if agree == 1.0 else 0.0
    return (agree - chance) / (1 - chance)


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


def agreement(corpus: Corpus, dir_a: Path, dir_b: Path) -> Agreement:
    """Compare the pages that both folders annotate (the same page text)."""
    store_a, store_b = AnnotationStore(dir_a), AnnotationStore(dir_b)
    result = Agreement()
    flags: dict[str, tuple[list[bool], list[bool]]] = {label: ([], []) for label in LABELS}
    for page in corpus.pages:
        if not page.readable:
            continue
        if not (store_a.path_for(page.name).exists() and store_b.path_for(page.name).exists()):
            continue
        loaded = [store_a.load(page), store_b.load(page)]
        for side, one in zip("AB", loaded, strict=True):
            if one.problem:
                raise StoreError(f"{side}: {one.problem}")
        spans_a = [s.key for s in loaded[0].annotations.spans]
        spans_b = [s.key for s in loaded[1].annotations.spans]
        result.pages.append(page.name)
        result.report.add(page.name, spans_a, spans_b)
        for label in LABELS:
            flags[label][0].extend(coverage(page.text, spans_a, label))
            flags[label][1].extend(coverage(page.text, spans_b, label))
        only_a = sorted(set(spans_a) - set(spans_b), key=lambda k: k[1])
        only_b = sorted(set(spans_b) - set(spans_a), key=lambda k: k[1])
        for who, keys in (("A only", only_a), ("B only", only_b)):
            for key in keys:
                context = in_context(page.text, key[1], key[2])
                result.disagreements.append(Disagreement(page.name, who, key, context))
    result.kappa = {label: cohen_kappa(*flags[label]) for label in LABELS}
    return result
