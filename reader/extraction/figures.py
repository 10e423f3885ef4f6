"""Figures: a numeral, its qualifiers and its unit, found in the normalised view.

One pattern built from the numeral grammar (numerals.py) and the unit lexicon
(units.py); then rules that are facts of Chinese decide what is not a figure:
dates and clock times (no unit: 月, 日, 时, 分 are not in the lexicon), ordinals
(第), identifiers (a letter or 编号 before, 号/路/国道 after), fixed names and short
quoted slogans, and 一 as the indefinite article. Every rule looks at a few
characters around a match, so a pass is linear in the text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from reader.extraction.lexicon import EMPTY, Lexicon
from reader.extraction.numerals import CHINESE, NUMBER
from reader.extraction.quantities import parse_figure
from reader.extraction.units import kind_of, unit_pattern

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
# A numeral right after these is an identifier or an ordinal: 第二轮, 编号3, 案16316, N95.
IDENTIFIER_BEFORE = ("第", "编号", "案", "号", "No", "NO", "no", "#", "＃", "路", "街")
# One-character identifier cues that also end common words (个案, 方案): a cue only at a word's start.
WORD_CUES = ("案",)
_CJK = re.compile(r"[\u4e00-\u9fff]")
COUNT_CUES = ("各", "只", "仅", "共", "只有", "仅有", "其中", "共有", "均为")
# A unit followed by these characters is the first half of another word: 人民, 人口, 72集团军,
# 天津, 半夜. The number is then read without that unit (2500万人口 → 2500万).
NOT_UNIT_BEFORE = {
    "人": "民口", "集": "团", "天": "津河", "口": "罩岸", "夜": "间里", "家": "长属乡",
    "里": "屯铺堡庄营店湾沟坡岭巷塘",  # 三里屯, 五里铺: place names
}  # fmt: skip
# 近 is part of the word before it in 附近, 最近, 临近 …: then it qualifies nothing.
NEAR_WORDS = "附最临靠邻就远亲接将"
# 日 counts days only after a word that measures a stretch of time (共7日, 前1日, 长达7日);
# elsewhere a number before 日 is a date, which belongs to an event.
DAY_CUES = ("共", "达", "前", "后", "後", "续", "历时", "满", "期", "每", "约", "近", "逾", "超过")
# 日 counts days when a stretch of time follows it: 三日来, 7日内, 5日1次.
DAYS_COUNTED = re.compile(r"(?:以来|来|之内|内)|(?:\d+|[一二两三四五六七八九十]+)次")
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


def _is_identifier_before(text: str, start: int, extra: tuple[str, ...]) -> bool:
    if start == 0:
        return False
    prev = text[start - 1]
    if prev.isdigit() or prev in ".．" or ("A" <= prev <= "Z") or ("a" <= prev <= "z"):
        return True
    before = text[max(0, start - 4) : start]
    if before.endswith(WORD_CUES) and _CJK.match(text, max(0, start - 2)) and start >= 2:
        return False  # 个案3例, 方案12个: the cue is the end of another word, not an identifier's mark
    return before.endswith(IDENTIFIER_BEFORE) or (bool(extra) and before.endswith(extra))


def _lists_before(text: str, start: int) -> bool:
    """A list (a、b、c) written right before ``start`` in the same clause."""
    window = text[max(0, start - 14) : start]
    for stop in "，,。；;：:\n":
        window = window.rpartition(stop)[2]
    return "、" in window


def _lists_after(text: str, end: int) -> bool:
    """A list (a、b) written right after ``end`` in brackets or after a colon:
    "两站一点（甲站、乙站、丙点）"."""
    window = text[end : end + 30]
    opened = re.match(r"[^，,。；;\n]{0,6}?[（(：:]", window)
    if opened is None:
        return False
    inner = window[opened.end() :]
    for stop in "）)。；;\n":
        inner = inner.partition(stop)[0]
    return "、" in inner


def find_figures(
    text: str, mask: bytearray | None = None, lexicon: Lexicon = EMPTY
) -> list[tuple[int, int, dict[str, Any]]]:
    """Figures in a (normalised) text: (start, end, attrs) in its own offsets, attrs without counted."""
    mask = mask if mask is not None else masked(text, lexicon)
    extra = lexicon.units
    found: list[tuple[int, int, dict[str, Any]]] = []
    taken = bytearray(len(text))
    for m in vague_pattern(extra).finditer(text):
        start, end = m.start(), m.end()
        if not m.group("unit") and not text.startswith(("数", "几"), start):
            continue
        if any(mask[start:end]) or _is_identifier_before(text, start, lexicon.identifiers):
            continue
        found.append((start, end, parse_figure(text[start:end])))
        taken[start:end] = b"\x01" * (end - start)
    lone_ones: list[int] = []  # indexes in found of 一 + count unit, decided after all figures
    for m in figure_pattern(extra).finditer(text):
        start, end = m.start(), m.end()
        num_start, num = m.start("num"), m.group("num")
        unit = m.group("unit") or ""
        if any(taken[start:end]) or any(mask[num_start : m.end("num")]):
            continue
        if m.group("unit1") and m.group("unit1") != unit:
            continue  # 3人至5天: not one range
        if _is_identifier_before(text, num_start, lexicon.identifiers):
            continue
        after = text[end : end + 4]
        kind = kind_of(unit, extra) if unit else ""
        big = bool(m.group("big")) or num[-1] in "万亿"
        if not unit:
            # Without a unit only a large round number is a quantity: 2500万(人口), 90余万.
            if not (big or num.startswith("百分之") or "分之" in num):
                continue
        elif kind == "list" and not (_lists_before(text, num_start) or _lists_after(text, end)):
            continue
        if unit and after[:1] and after[:1] in NOT_UNIT_BEFORE.get(unit, ""):
            if not big or m.group("num2"):
                continue
            end, unit, kind = m.start("unit"), "", ""  # 2500万人口: the number without the unit
            after = text[end : end + 4]
        if unit == "日" and not (
            text[max(0, num_start - 2) : num_start].endswith(DAY_CUES) or DAYS_COUNTED.match(text, end)
        ):
            continue
        if unit in ("夜", "年") and num == "半" and text[num_start - 1 : num_start] in ("上", "下"):
            continue  # 上半年, 下半夜: parts of a year or a night
        if unit in ("年", "周年"):
            if re.fullmatch(r"(?:1[5-9]|20)\d\d", num) or after[:1] in "级度代初底末前后":
                continue  # a year (it belongs to an event), 2021年度, 80年代
            if unit == "周年":
                continue  # an anniversary names an occasion, not a duration
        if unit == "天" and after[:1] in "津河":
            continue
        if unit and text.startswith(unit, end) and len(unit) == 1:
            continue  # 一道道, 一桶桶: reduplication is "every", not a count
        if kind == "measure" and text.startswith("多", end) and not m.group("post"):
            end += 1  # 一米多: the qualifier after a unit of measure
        pre = m.group("pre")
        if pre == "近" and text[start - 1 : start] in NEAR_WORDS and start > 0:
            start = num_start  # 附近三名: 近 belongs to 附近
        elif pre == "近" and kind == "time" and after[:1] in "内来":
            start = num_start  # 近14天内: 近 means "the most recent"
        elif pre == "至少":
            start = num_start  # 至少 is said of the claim, not of the number
        attrs = parse_figure(text[start:end])
        if num in ("一", "壹") and kind in ("count", "list", "") and not m.group("num2"):
            before = text[max(0, num_start - 3) : num_start]
            if not before.endswith(COUNT_CUES):
                lone_ones.append(len(found))
        found.append((start, end, attrs))
        taken[start:end] = b"\x01" * (end - start)
    if lone_ones:
        found = _keep_counted_ones(text, found, set(lone_ones))
    found.sort(key=lambda f: f[0])
    return found


_ASIDE = re.compile(r"[（(][^（()）\n]{0,20}[)）]")


def _keep_counted_ones(
    text: str, found: list[tuple[int, int, dict[str, Any]]], ones: set[int]
) -> list[tuple[int, int, dict[str, Any]]]:
    """一 + a measure word is "a/an" unless it stands in a list beside another count.

    "一个高风险区、三个中风险地区" counts; "新增一例" alone introduces a case.
    """
    order = sorted(range(len(found)), key=lambda i: found[i][0])
    keep: list[tuple[int, int, dict[str, Any]]] = []
    for pos, i in enumerate(order):
        if i not in ones:
            keep.append(found[i])
            continue
        start, end, _ = found[i]
        gaps = []
        # Only a neighbour that is itself no lone 一 makes a list of counts (一个口罩、一件马甲 is not).
        if pos > 0 and order[pos - 1] not in ones:
            gaps.append(text[found[order[pos - 1]][1] : start])
        if pos + 1 < len(order) and order[pos + 1] not in ones:
            gaps.append(text[end : found[order[pos + 1]][0]])
        gaps = [_ASIDE.sub("", gap) for gap in gaps]  # 一个（某小区）、三个: the aside is no gap
        if any(len(gap) <= 12 and "、" in gap and not re.search(r"[，,。；;\n]", gap) for gap in gaps):
            keep.append(found[i])
    return keep
