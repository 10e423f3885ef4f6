"""Figures: a numeral, its qualifiers and its unit, found in the normalised view.

One pattern built from the numeral grammar (numerals.py) and the unit lexicon
(units.py); then the named rules of figure_rules.py, each a fact of Chinese, decide
what is not a figure or what belongs elsewhere (dates, ordinals, identifiers, fixed
names, 一 as the indefinite article …; `epireader extract --rules` lists them). Clock
times never match: 月, 日, 时, 分 are no units. Every rule looks at a few characters
around a match, so a pass is linear in the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reader.extraction.figure_rules import Candidate, judged
from reader.extraction.lexicon import EMPTY, Lexicon
from reader.extraction.numerals import CHINESE, NUMBER
from reader.extraction.quantities import parse_figure
from reader.extraction.units import kind_of, unit_pattern
from reader.text.spans import Span

PRE = "超过|大约|将近|接近|不到|不足|至少|近|约|逾|超"
POST = "余|多"
AFTER = "及以上|及以下|左右|以上|以下"
SEP = r"\s*[-~—–～至到]\s*"
_NUM = rf"(?:{NUMBER}|半(?=个|天|年|小时|月|夜))"

# Words whose numerals are names, slogans, ordinals or idioms, never quantities.
FIXED = (
    "两委", "四大班子", "四大大班子", "五包一", "六合一", "六个一", "四不两直", "一书一图五表",
    "一书", "一图", "五表", "五严五防", "四注重", "一包联", "双报到", "三带动", "一线", "黄金24小时",
    "最后一公里", "最后一米", "不漏一户", "不漏一人", "一呼百应", "一夫当关", "千家万户", "一把手",
    "三班倒", "五星", "一刻", "一条心", "一如既往", "二次", "十字", "一次性", "一楼", "一对一",
    "万众一心", "一一", "统一", "唯一", "一起", "一切", "一直", "一样", "一定", "一旦", "一些",
    "一下", "一点", "进一步", "一会", "十足", "十分", "一是", "二是", "三是", "四是", "五是", "六是",
    "一手抓", "一格", "一方", "百万庄园", "千峰", "九州", "一声令下", "一大早", "一早",
    "三天两头", "一天天", "百般", "万一", "一律", "一并", "一致", "一边", "一路", "一身", "一生",
    "之一", "千方百计", "一系列", "一大批", "一站式", "一米线", "三镇", "零确诊", "百年风雨", "八方",
    "四面八方",
    "一道", "一批批", "一次次", "一方面", "两方面", "一流", "一体", "一经", "一同", "一度", "一番",
    "一带一路", "四件套", "一级", "二级", "三级", "四级", "五级",
)  # fmt: skip
QUOTES = re.compile(r"[“\"「『]([^”\"」』\n]{1,10})[”\"」』]")
_CN_ONLY = re.compile(CHINESE)


@lru_cache(maxsize=32)
def figure_pattern(extra_units: tuple[str, ...] = ()) -> re.Pattern[str]:
    unit = unit_pattern(extra_units)
    return re.compile(
        rf"(?P<pre>{PRE})?"
        rf"(?P<num>{_NUM})(?P<post>{POST})?(?P<big>[万亿](?:{POST})?)?"
        rf"(?:(?P<unit1>{unit})?{SEP}(?P<num2>{_NUM})(?:{POST})?(?:[万亿](?:{POST})?)?)?"
        rf"(?P<unit>{unit})?"
        rf"(?P<after>{AFTER})?"
    )


@lru_cache(maxsize=32)
def vague_pattern(extra_units: tuple[str, ...] = ()) -> re.Pattern[str]:
    unit = unit_pattern(extra_units)
    # 数百份, 几万步, 上万件; 近万名, 超千人: a magnitude qualified (parse_figure reads its value)
    return re.compile(
        rf"(?:(?:数|几|上)[十百千万亿]+|[十百千万]几|几十|(?:将近|近|超过|超|逾)[百千万亿](?![0-9一二三四五六七八九十]))"
        rf"(?:{POST})?(?P<unit>{unit})?"
    )


@lru_cache(maxsize=32)
def fixed_pattern(fixed: tuple[str, ...] = ()) -> re.Pattern[str]:
    words = sorted(set(FIXED + fixed), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


# Weekdays (周三, 星期四, 礼拜天) are no durations; 两码 (the health and itinerary
# codes) is a name unless a size word makes it a measure (大两码).
_WEEKDAY = r"(?:周|星期|礼拜)[一二三四五六日天]"
NAMED = re.compile(rf"{_WEEKDAY}(?:[至到、和及与]{_WEEKDAY})?|(?<![大小加长宽])(?<![大小加长宽]了)两码")


def masked(text: str, lexicon: Lexicon = EMPTY) -> bytearray:
    """1 where a character is inside a fixed name, a weekday or a short quoted slogan (“三村一区”)."""
    mask = bytearray(len(text))
    for pattern in (fixed_pattern(lexicon.fixed), NAMED):
        for m in pattern.finditer(text):
            mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    for m in QUOTES.finditer(text):
        inner = m.group(1)
        # A Chinese numeral in a short quoted term is a slogan; Arabic digits stay figures.
        if _CN_ONLY.search(inner) and not any(ch.isdigit() for ch in inner):
            mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def find_figures(
    text: str, mask: bytearray | None = None, lexicon: Lexicon = EMPTY, skip: frozenset[str] = frozenset()
) -> list[Span]:
    """Figures in a (normalised) text, in its own offsets; attrs without counted.

    Every match goes through the named rules of figure_rules.py; ``skip`` turns some off by name.
    """
    mask = mask if mask is not None else masked(text, lexicon)
    extra = lexicon.units
    found: list[Candidate] = []
    taken = bytearray(len(text))

    def judge(candidate: Candidate) -> Candidate | None:
        kept = judged(candidate, skip)
        if kept is not None:
            found.append(kept)
            taken[kept.start : kept.end] = b"\x01" * (kept.end - kept.start)
        return kept

    for m in vague_pattern(extra).finditer(text):
        unit = m.group("unit") or ""
        start, end = m.start(), m.end()
        judge(Candidate(
            text, start, end, start, text[start : m.start("unit") if unit else end], unit,
            kind_of(unit, extra) if unit else "", vague=True, masked=any(mask[start:end]), lexicon=lexicon,
            big=text[start : m.start("unit") if unit else end].rstrip("余多")[-1:] in ("万", "亿"),
        ))  # fmt: skip
    pattern, pos = figure_pattern(extra), 0
    while (m := pattern.search(text, pos)) is not None:
        pos = m.end()
        if any(taken[m.start() : m.end()]):
            continue
        unit = m.group("unit") or ""
        kept = judge(Candidate(
            text, m.start(), m.end(), m.start("num"), m.group("num"), unit,
            kind_of(unit, extra) if unit else "", m.group("unit1") or "", bool(m.group("num2")),
            m.end("unit1") if m.group("unit1") else 0, m.group("pre") or "", m.group("post") or "",
            bool(m.group("big")) or m.group("num")[-1] in "万亿",
            masked=any(mask[m.start("num") : m.end("num")]), lexicon=lexicon,
        ))  # fmt: skip
        if kept is not None and kept.end < pos:
            pos = kept.end  # 3人至5天: the second figure is looked for after the first
    figures = [Span("figure", c.start, c.end, text[c.start : c.end], parse_figure(text[c.start : c.end]))
               for c in found]  # fmt: skip
    ones = {i for i, c in enumerate(found) if c.maybe_article}
    if ones:
        figures = _keep_counted_ones(text, figures, ones)
    figures.sort(key=lambda f: f.start)
    return figures


_ASIDE = re.compile(r"[（(][^（()）\n]{0,20}[)）]")


def _keep_counted_ones(text: str, found: list[Span], ones: set[int]) -> list[Span]:
    """一 + a measure word is "a/an" unless it stands in a list beside another count.

    "一个高风险区、三个中风险地区" counts; "新增一例" alone introduces a case.
    """
    order = sorted(range(len(found)), key=lambda i: found[i].start)
    keep: list[Span] = []
    for pos, i in enumerate(order):
        if i not in ones:
            keep.append(found[i])
            continue
        start, end = found[i].start, found[i].end
        gaps = []
        # Only a neighbour that is itself no lone 一 makes a list of counts (一个口罩、一件马甲 is not).
        if pos > 0 and order[pos - 1] not in ones:
            gaps.append(text[found[order[pos - 1]].end : start])
        if pos + 1 < len(order) and order[pos + 1] not in ones:
            gaps.append(text[end : found[order[pos + 1]].start])
        gaps = [_ASIDE.sub("", gap) for gap in gaps]  # 一个（某小区）、三个: the aside is no gap
        if any(len(gap) <= 12 and "、" in gap and not re.search(r"[，,。；;\n]", gap) for gap in gaps):
            keep.append(found[i])
    return keep
