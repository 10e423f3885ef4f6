"""What a figure counts (`counted`): candidates by the guidelines' rules, one chosen.

The guidelines' "What is counted" section, in its order, inside the figure's own
clause (never across another figure):

1. the noun phrase right after the unit, up to its head noun ("8200余名党员" → 党员);
   after a relative clause ending in 的, the head after it ("7宗涉及学生的输入个案" →
   输入个案), but a noun right before 的 is the possessor the unit counts ("7个县直单位的
   113名党员" → 县直单位); after 为 or a 由…转为 phrase, the noun it ends in;
2. after 例/宗/起 with no noun after it, the status written right after the unit
   ("10例境外输入" → 境外输入);
3. else the noun phrase right before the number, with only link words between (共, 累计,
   其中, 各, 分别, 达, 为, 有, 约, 占 and a bracketed aside), a leading verb of reporting
   dropped ("新增本土确诊87例" → 本土确诊);
4. else nothing.

Never: durations, ages, percentages, temperatures, distances, a place, a person's name,
a time word, a group's size ("30人的先锋队"). Money counts the thing or the money's
name, never the payer, the recipient or what it bought.

Each rule (reader/extraction/counted_rules.py) proposes candidates (`Candidate`: a span
of the text, or none), each with features; `choose` (reader/extraction/counted_choice.py)
scores them with weights: the rules' own order by default (`RULE_PRIOR`), or weights a
project learned from its tags (reader/extraction/ranker.py).
jieba's part-of-speech tags, through the Segmenter, decide what a noun is, on a few
characters around the figure only; domain words it tags wrongly are corrected there
(reader/data/userdict.txt).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reader.extraction import phrases as ph
from reader.extraction.counted_choice import Candidate, choose
from reader.extraction.counted_rules import WORTH, after_unit, before_number
from reader.extraction.phrases import BOUNDARY, Tag
from reader.extraction.units import kind_of
from reader.text.segment import Segmenter
from reader.text.spans import Span

WINDOW = 30  # characters looked at on each side of a figure, at most (the clause decides)

# --- what a unit says ------------------------------------------------------------------
MONEY = frozenset(
    ("元", "万元", "亿元", "千元", "百元", "美元", "欧元", "歐元", "港元", "港币", "港幣", "新台币", "新臺幣",
     "台币", "臺幣", "英镑", "英鎊", "日元", "块钱", "塊錢", "角")
)  # fmt: skip
PERCENT = frozenset(("%", "％", "‰", "百分之", "个百分点", "個百分點", "百分点", "百分點", "成"))
# Temperatures, distances and multiples count nothing.
SCALES = frozenset(
    ("℃", "摄氏度", "攝氏度", "华氏度", "華氏度", "度", "米", "公里", "千米", "厘米", "毫米", "公尺", "里",
     "裏", "倍", "度电", "度電", "步")
)  # fmt: skip
PERSON_UNITS = frozenset(("人", "人次"))  # themselves nouns for people: nothing after them is counted
CASE_UNITS = frozenset(("例", "宗", "起"))


def counted_places(
    text: str,
    figures: list[Span],
    segmenter: Segmenter,
    weights: Mapping[str, float] | None = None,
) -> list[tuple[int, int] | None]:
    """Where each figure's counted noun is written in ``text`` (None: nothing counted).

    Figures written one right after another share the noun written before the first
    ("捐赠酒精10桶十瓶1大箱" → 酒精 for each; "群众近5000户15000余人" → 群众)."""
    wheres: list[tuple[int, int] | None] = []
    for n, figure in enumerate(figures):
        start = figure.start
        floor = figures[n - 1].end if n else 0
        ceiling = figures[n + 1].start if n + 1 < len(figures) else len(text)
        # A noun is never looked for across the figure before or after.
        found = candidates(text, start, figure.end, figure.attrs, segmenter, (floor, ceiling))
        chosen = choose(found, weights)
        where = None if chosen.empty else (chosen.start, chosen.end)
        if where is None and n and floor == start and wheres[-1] is not None and wheres[-1][1] <= floor:
            where = wheres[-1] if wheres[-1][0] < figures[n - 1].start else None
        wheres.append(where)
    return wheres


def unit_class(unit: str) -> str:
    """What a unit measures, as the counted rules need it."""
    if not unit:
        return "bare"
    if unit in PERCENT:
        return "percent"
    if unit in MONEY:
        return "money"
    if unit in SCALES:
        return "scale"
    kind = kind_of(unit)
    if kind in ("time", "age"):
        return kind
    if unit in PERSON_UNITS:
        return "person"
    if unit in CASE_UNITS:
        return "case"
    if kind == "measure":
        return "amount"  # weight, volume, area: the thing measured
    if kind == "list":
        return "list"
    return "count"


def candidates(
    text: str,
    start: int,
    end: int,
    attrs: dict[str, Any],
    segmenter: Segmenter,
    bounds: tuple[int, int] | None = None,
) -> list[Candidate]:
    """Every candidate the rules propose for the figure text[start:end], in the rules'
    order, ending with none."""
    floor, ceiling = bounds or (0, len(text))
    unit = str(attrs.get("unit") or "")
    kind = unit_class(unit)
    context = (f"unit={kind}",)
    if kind in ("percent", "scale", "time", "age"):
        return [Candidate("never", start, start, ("rule=never", *context))]
    found: list[Candidate] = []
    after_start = _past_worth(text, end, ceiling)
    stop = _clause_end(text, after_start)
    if after_start == end:
        stop = min(stop, ceiling)
    after = tag(segmenter, text[after_start:stop]) if stop > after_start else []
    if kind == "person":
        if after and after[0][0] == "的":  # 30人的先锋队: a group's size
            return [Candidate("never", start, start, ("rule=never", *context, "group-size"))]
    else:
        between = text[floor:start]
        listed = len(between) <= 8 and any(c in between for c in "、及和与")
        in_list = floor > _clause_start(text, start) and listed
        found += after_unit(after_start, after, unit, kind, in_list)
    hi = _aside_before(text, start, floor)
    lo = max(_clause_start(text, hi), floor)
    if hi > lo:
        found += before_number(tag(segmenter, text[lo:hi]), lo, unit, kind, text[lo:hi])
    found.append(Candidate("none", start, start, ("rule=none",)))
    return [_with(c, context) for c in found]


def tag(segmenter: Segmenter, text: str) -> list[Tag]:
    return ph.merge_latin(segmenter.pos_tag(text))


def _with(candidate: Candidate, context: tuple[str, ...]) -> Candidate:
    extra = tuple(f"{f}|{c}" for f in candidate.features if f.startswith("rule=") for c in context)
    return Candidate(candidate.rule, candidate.start, candidate.end, candidate.features + context + extra)


def _past_worth(text: str, end: int, ceiling: int) -> int:
    """After "2465台价值1540万元的空调": where the phrase of 台 begins, past the price
    (another figure) and its 的; else ``end``."""
    for word in WORTH:
        if text.startswith(word, end) and end + len(word) <= ceiling <= end + len(word) + 2:
            of = text.find("的", ceiling, ceiling + WINDOW)
            cut = min((i for i in (text.find(c, ceiling, of) for c in BOUNDARY) if i >= 0), default=-1)
            if of >= 0 and cut < 0:
                return of + 1
    return end


# --- the clause ---------------------------------------------------------------------


def _clause_end(text: str, end: int) -> int:
    stop = min(len(text), end + WINDOW)
    for i in range(end, stop):
        if text[i] in BOUNDARY and text[i] not in "（(":
            return i
        if text[i] in "（(":
            return i
    return stop


def _clause_start(text: str, start: int) -> int:
    lo = max(0, start - WINDOW)
    for i in range(start - 1, lo - 1, -1):
        if text[i] in BOUNDARY:
            return i + 1
    return lo


def _aside_before(text: str, start: int, floor: int) -> int:
    """Where the words before a figure end, past a bracketed aside: 确诊病例(轻型)4例."""
    if start > floor and text[start - 1] in ")）":
        lo = max(floor, start - WINDOW)
        opening = max(text.rfind("(", lo, start - 1), text.rfind("（", lo, start - 1))
        if opening > lo:
            return opening
    return start
