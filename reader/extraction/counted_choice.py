"""A candidate for what a figure counts, and how one is chosen: scored by the rules'
own order, and by what a project learned from its tags (reader/extraction/ranker.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible counted noun: text[start:end] (start == end: none), the rule that
    proposed it, and the features a ranker weighs (`choose`)."""

    rule: str
    start: int
    end: int
    features: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return self.start >= self.end


# How candidates rank when nothing was learned: the guidelines' order of the rules.
RULE_PRIOR: dict[str, float] = {
    "rule=never": 100.0,  # a kind of figure that counts nothing, whatever else is written
    "rule=item": 55.0,  # after 例: a case phrase running to the end of its item
    "rule=after": 50.0,
    "rule=after-of": 51.0,  # past a relative clause ending in 的: its head
    "rule=after-become": 48.0,
    "rule=status": 40.0,
    "rule=before": 30.0,
    "rule=before-verb": 25.0,
    "rule=none": 10.0,
}


PRIOR = "prior"  # the feature that carries the rules' own order into learned weights


def prior(candidate: Candidate) -> float:
    """The rules' own score of a candidate (their order), scaled for the ranker."""
    return sum(RULE_PRIOR.get(f, 0.0) for f in candidate.features) / 10.0


def score(candidate: Candidate, weights: Mapping[str, float]) -> float:
    """A candidate's score: the rules' order, and what a project learned (ranker.py)."""
    total = weights.get(PRIOR, 10.0) * prior(candidate)
    for feature in candidate.features:
        total += weights.get(feature, 0.0)
    return total


def choose(candidates: list[Candidate], weights: Mapping[str, float] | None = None) -> Candidate:
    """The best-scored candidate; the first of equals (the rules list them in their order).
    Without learned ``weights``, the rules' order decides."""
    weights = weights or {}
    best, best_score = candidates[0], float("-inf")
    for candidate in candidates:
        value = score(candidate, weights)
        if value > best_score:
            best, best_score = candidate, value
    return best
