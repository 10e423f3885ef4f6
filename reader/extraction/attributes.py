"""The attributes a span is prefilled with: one function for the tagging form and the extractor.

``prefill`` gives what the attribute form shows when a person tags a span; the
extractor gives its figures the same ``counted`` noun through ``counted_noun``, so a
suggestion accepted and a span tagged by hand carry the same attributes.

The counted noun is the noun phrase right after the unit ("174个党员先锋岗" →
党员先锋岗), or, when none follows, the one right before the numeral ("方舱医院床位
3500张" → 床位). jieba's part-of-speech tagger decides what a noun is, through the
Segmenter (reader/text/segment.py), and only on a short window around the figure.
Durations and ages count nothing.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reader.extraction.quantities import parse_figure, parse_time
from reader.extraction.units import kind_of
from reader.text.normalize import view_of_text
from reader.text.segment import Segmenter

WINDOW = 12  # characters looked at on each side of a figure
# jieba flags of words that can be (part of) a counted noun phrase.
NOUNISH = frozenset(
    ("n", "nr", "nrfg", "nrt", "ns", "nt", "nz", "nw", "ng", "vn", "an", "j", "l", "eng", "x")
)
# Flags that may start a phrase but not make one alone: 新冠肺炎感染者, 中风险地区, 本土.
MODIFIERS = frozenset(("b", "a", "s", "f"))
CLAUSE = frozenset('，,。；;：:！!？?、（）()“”"「」《》\n 　')
NOT_COUNTED = frozenset(("time", "age", "measure"))
MEASURE_COUNTED = frozenset(("元", "万元", "亿元", "倍", "%", "％", "个百分点", "百分点"))


@lru_cache(maxsize=1)
def default_segmenter() -> Segmenter:
    """One Segmenter per process for the extractor (its dictionary loads in ~1 s, once)."""
    return Segmenter()


def _clause_after(text: str, end: int) -> str:
    out = []
    for ch in text[end : end + WINDOW]:
        if ch in CLAUSE:
            break
        out.append(ch)
    return "".join(out)


def _clause_before(text: str, start: int) -> str:
    out = []
    for ch in reversed(text[max(0, start - WINDOW) : start]):
        if ch in CLAUSE:
            break
        out.append(ch)
    return "".join(reversed(out))


def _phrase(tags: list[tuple[str, str]]) -> str:
    """The leading noun phrase of tagged words: modifiers then nouns, ending on a noun."""
    words: list[str] = []
    last_noun = 0
    for word, flag in tags:
        if not word.strip():
            break
        if flag in NOUNISH and (flag != "x" or word.isalpha()):
            words.append(word)
            last_noun = len(words)
        elif flag in MODIFIERS and len(words) == last_noun:
            words.append(word)
        else:
            break
    return "".join(words[:last_noun])


def _trailing_phrase(tags: list[tuple[str, str]]) -> str:
    words: list[str] = []
    for word, flag in reversed(tags):
        if flag in NOUNISH and word.strip() and (flag != "x" or word.isalpha()):
            words.append(word)
        else:
            break
    return "".join(reversed(words))


def counted_noun(
    text: str, start: int, end: int, attrs: dict[str, Any], segmenter: Segmenter | None = None
) -> str:
    """The noun a figure text[start:end] counts, or "" (durations, ages, measures, nothing near)."""
    unit = str(attrs.get("unit") or "")
    kind = kind_of(unit) if unit else ""
    if kind in NOT_COUNTED and unit not in MEASURE_COUNTED:
        return ""
    segmenter = segmenter or default_segmenter()
    after = _clause_after(text, end)
    if after.startswith("的"):
        after = after[1:]  # 30人的海上党员先锋队
    if after:
        found = _phrase(segmenter.pos_tag(after))
        if found:
            return found
    before = _clause_before(text, start)
    return _trailing_phrase(segmenter.pos_tag(before)) if before else ""


def prefill(
    page_text: str, label: str, start: int, end: int, segmenter: Segmenter | None = None
) -> dict[str, Any]:
    """Attributes for the span [start, end) of ``page_text`` labelled ``label``.

    Events: ``{"time": ..., "summary": ""}``. Figures: value, qualifier, unit and the
    counted noun, read on the normalised view (simplified, glosses left out) of the
    span and a short window around it. Without a segmenter the process-wide one is
    used (built on first use).
    """
    lo, hi = max(0, start - WINDOW), min(len(page_text), end + WINDOW)
    view = view_of_text(page_text[lo:hi])
    # The span's place in the window's view: the view drops glosses and blank lines.
    first = next((i for i, o in enumerate(view.origin) if o >= start - lo), len(view.text))
    last = next((i for i, o in enumerate(view.origin) if o >= end - lo), len(view.text))
    span = view.text[first:last]
    if label == "event":
        return {"time": parse_time(span), "summary": ""}
    attrs = parse_figure(span)
    attrs["counted"] = counted_noun(view.text, first, last, attrs, segmenter) if span else ""
    return attrs
