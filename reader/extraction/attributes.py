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
from reader.text.normalize import GLOSS, view_of_text
from reader.text.segment import Segmenter

WINDOW = 12  # characters looked at on each side of a figure
# jieba flags of words that can head a counted noun phrase (zg/k: suffixes such as 员, 者).
NOUNISH = frozenset(
    ("n", "nr", "nrfg", "nrt", "ns", "nt", "nz", "nw", "ng", "vn", "an", "j", "l", "eng", "zg", "k")
)
# Flags that may open a phrase before its first noun: 疑似病人, 不明原因肺炎患者, 青年志愿者, 中风险地区.
OPENERS = frozenset(("b", "a", "s", "f", "v", "t", "nrfg"))
# Words jieba tags as nouns that are quantifiers or adverbs here: 全部进入, 总数为.
NOT_NOUNS = frozenset(
    ("全部", "全体", "所有", "总数", "总计", "合计", "累计", "其中", "以上", "左右", "目前", "时")
)
# Words skipped when looking back from the numeral: 党员共有156人, 床位达到13348张, 总数的24.9%.
LINKS = frozenset(
    ("达到", "达", "为", "是", "有", "共", "共有", "已有", "约", "总计", "合计", "总数", "的", "都", "均",
     "已", "还有", "仍有", "已达", "最多", "多达", "最", "共计", "计", "超过", "超", "逾", "近",
     "将近", "接近")
)  # fmt: skip
CLAUSE = frozenset('，,。；;：:！!？?、（）()"「」《》\n 　')
QUOTES = frozenset("“”")  # a quoted name inside the phrase stays in it: 30名“大白”志愿者
NOT_COUNTED = frozenset(("time", "age"))
MONEY = ("元", "美元", "欧元", "港元", "港币", "新台币", "台币", "英镑", "日元", "块钱")
PERCENT = ("%", "％", "‰", "百分之")
# A bare 人 count names its group before it only through a link: 党员共有156人, 住户达到735人;
# "河东片区119246人" counts people, not districts.
LINKED_ONLY = ("人",)


@lru_cache(maxsize=1)
def default_segmenter() -> Segmenter:
    """One Segmenter per process for the extractor (its dictionary loads in ~1 s, once)."""
    return Segmenter()


def _clause_after(text: str, end: int) -> int:
    """End of the clause that starts at ``end`` (at most WINDOW characters)."""
    stop = min(len(text), end + WINDOW)
    for i in range(end, stop):
        if text[i] in CLAUSE:
            return i
    return stop


def _clause_before(text: str, start: int) -> int:
    lo = max(0, start - WINDOW)
    for i in range(start - 1, lo - 1, -1):
        if text[i] in CLAUSE:
            return i + 1
    return lo


def _is_noun(word: str, flag: str) -> bool:
    return flag in NOUNISH and word not in NOT_NOUNS and bool(word.strip())


def _leading_phrase(tags: list[tuple[str, str]]) -> int:
    """Characters of the noun phrase the tagged words open with (0 if none).

    Openers (verbs, modifiers, time words) may come before the first noun; after a
    noun, only nouns continue it. The phrase ends on its last noun.
    """
    length = taken = 0
    seen_noun = False
    for word, flag in tags:
        if word in QUOTES:
            taken += len(word)
        elif _is_noun(word, flag):
            taken += len(word)
            length, seen_noun = taken, True
        elif not seen_noun and flag in OPENERS and word not in LINKS:
            taken += len(word)
        else:
            break
    return length


def _trailing_phrase(tags: list[tuple[str, str]]) -> tuple[int, int]:
    """(characters of the noun phrase the tagged words end with, characters of links after it).

    Links (共有, 达到, 的) between the noun and the numeral are skipped: 党员共有156人.
    """
    words = list(tags)
    tail = 0
    while words and words[-1][0] in LINKS:
        tail += len(words.pop()[0])
    length = 0
    for word, flag in reversed(words):
        if not _is_noun(word, flag) or (flag == "vn" and not length):
            break  # a verbal noun (排查, 检测) right before is an action, not what is counted
        length += len(word)
    return length, tail


def counted_span(
    text: str,
    start: int,
    end: int,
    attrs: dict[str, Any],
    segmenter: Segmenter | None = None,
    bounds: tuple[int, int] | None = None,
) -> tuple[int, int] | None:
    """Where the noun a figure text[start:end] counts is written, or None.

    Durations and ages count nothing; money counts only a noun written right after
    it; a percentage names what it is a share of before it (覆盖率超过12%). ``bounds``
    are the ends of the neighbouring figures: a noun is never looked for across one.
    """
    floor, ceiling = bounds or (0, len(text))
    unit = str(attrs.get("unit") or "")
    kind = kind_of(unit) if unit else ""
    if kind in NOT_COUNTED or (kind == "measure" and unit not in MONEY + PERCENT):
        return None
    segmenter = segmenter or default_segmenter()
    if unit not in PERCENT:
        stop = min(_clause_after(text, end), ceiling)
        if stop > end:
            length = _leading_phrase(segmenter.pos_tag(text[end:stop]))
            if length:
                return end, end + length
    lo = max(_clause_before(text, start), floor)
    if lo < start:
        length, tail = _trailing_phrase(segmenter.pos_tag(text[lo:start]))
        if length and (tail or unit not in LINKED_ONLY):
            return start - tail - length, start - tail
    return None


def counted_noun(
    text: str, start: int, end: int, attrs: dict[str, Any], segmenter: Segmenter | None = None
) -> str:
    """The noun a figure text[start:end] counts, or ""."""
    where = counted_span(text, start, end, attrs, segmenter)
    return text[where[0] : where[1]] if where else ""


def prefill(
    page_text: str,
    label: str,
    start: int,
    end: int,
    segmenter: Segmenter | None = None,
    with_counted: bool = True,
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
    # No counted noun while jieba is still loading: the form must not wait for it.
    where = counted_span(view.text, first, last, attrs, segmenter) if span and with_counted else None
    if where:
        # The noun as the page writes it (traditional stays traditional), glosses left out.
        page_start, page_end = view.to_page(*where)
        attrs["counted"] = "".join(GLOSS.sub("", page_text[lo + page_start : lo + page_end]).split())
    return attrs
