"""A prefill that learns from the project's tags: weights for the counted-noun candidates.

The rules (counted.py) propose candidates and rank them in the guidelines' order; a
project's tags say which candidate a person chose. From them a small linear ranker is
trained, the way Prodigy's and INCEpTION's recommenders learn on top of rules: each
candidate's features (its rule, head and first word, the unit's class, the verb left
out …) get a weight that is added to the rules' own score. The rules' score stays as
it is (an offset the weights are learned on top of, not a weight to learn), and the
weights are held back towards zero, so one tag moves nothing, three tags of one kind
that contradict the rules move that kind, and a project with no tags keeps the rules.

Training is a pairwise logistic regression (the chosen candidate against each other
one) with that fixed offset, minimised by SciPy's L-BFGS over features vectorised by
scikit-learn's DictVectorizer. The weights are saved as readable JSON
(``counted-weights.json`` in the annotations folder, written by `epireader teach
--apply` and by the reader as a person tags), never as a pickle, and read back into
the extractor's Lexicon.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.extraction.counted_choice import Candidate, score

WEIGHTS_NAME = "counted-weights.json"
FORMAT = 1
# How far the weights may go from zero (the inverse of the L2 penalty): small enough
# that one tag does not overturn a rule, large enough that three of a kind do.
STRENGTH = 1.0


@dataclass(frozen=True)
class Example:
    """The candidates of one tagged figure and which of them the person chose."""

    candidates: tuple[Candidate, ...]
    chosen: int


def train(examples: Sequence[Example], strength: float = STRENGTH) -> dict[str, float]:
    """Weights learned from ``examples`` on top of the rules' order; {} (the rules alone)
    when they teach nothing: no example, or none the features can tell apart."""
    import numpy as np
    from scipy.optimize import minimize
    from sklearn.feature_extraction import DictVectorizer

    rows: list[dict[str, float]] = []
    offsets: list[float] = []
    for example in examples:
        chosen = example.candidates[example.chosen]
        for n, other in enumerate(example.candidates):
            diff = _difference(dict.fromkeys(chosen.features, 1.0), dict.fromkeys(other.features, 1.0))
            if n == example.chosen or not diff:
                continue
            rows.append(diff)
            offsets.append(score(chosen, {}) - score(other, {}))  # the rules' margin
    if not rows:
        return {}
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows)
    offset = np.asarray(offsets)
    penalty = 1.0 / strength

    def loss(w: Any) -> tuple[float, Any]:
        z = matrix @ w + offset
        value = float(np.logaddexp(0.0, -z).sum() + 0.5 * penalty * w @ w)
        gradient = -(matrix.T @ (1.0 / (1.0 + np.exp(z)))) + penalty * w
        return value, gradient

    start = np.zeros(matrix.shape[1])
    found = minimize(loss, start, jac=True, method="L-BFGS-B")
    weights = dict(zip(vectorizer.get_feature_names_out(), found.x, strict=True))
    return {str(k): round(float(v), 4) for k, v in weights.items() if abs(v) >= 1e-3}


def _difference(a: Mapping[str, float], b: Mapping[str, float]) -> dict[str, float]:
    diff = {k: a.get(k, 0.0) - b.get(k, 0.0) for k in set(a) | set(b)}
    return {k: v for k, v in diff.items() if v}


def dumps_weights(weights: Mapping[str, float], trained_on: int, pages: int) -> str:
    """The weights file: a header of what they were learned from, then the weights,
    largest first, so a person can read what the project taught."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "what": "counted-noun ranker weights, learned from tags (epireader teach --apply)",
        "trained_on": {"figures": trained_on, "pages": pages},
        "weights": dict(sorted(weights.items(), key=lambda kv: (-abs(kv[1]), kv[0]))),
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


class WeightsError(ValueError):
    """counted-weights.json cannot be used; the message names the file and why."""


def parse_weights(text: str, path: Path = Path(WEIGHTS_NAME)) -> tuple[tuple[str, float], ...]:
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise WeightsError(f"{path}: not JSON ({exc})") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise WeightsError(f"{path}: not a weights file of format {FORMAT}")
    raw = document.get("weights")
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, int | float) and not isinstance(v, bool) for k, v in raw.items()
    ):
        raise WeightsError(f"{path}: 'weights' must map feature names to numbers")
    return tuple((k, float(v)) for k, v in raw.items())


def examples_of(
    figures: Iterable[tuple[list[Candidate], list[str]]], gold: Iterable[str | None]
) -> list[Example]:
    """Training examples from tagged figures: each figure's candidates, the text each
    candidate stands for (as the page writes it), and the counted noun the tag holds.
    A figure whose noun no candidate gives teaches nothing and is left out."""
    out: list[Example] = []
    for (candidates, texts), noun in zip(figures, gold, strict=True):
        wanted = (noun or "").strip()
        chosen = next((n for n, text in enumerate(texts) if text == wanted), None)
        if chosen is not None and len(candidates) > 1:
            out.append(Example(tuple(candidates), chosen))
    return out
