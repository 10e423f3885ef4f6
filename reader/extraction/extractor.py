"""The extractor: events and figures found in a page without a person.

It reads the page's normalised view (simplified characters, glosses left out, column
breaks joined: reader/text/normalize.py), so traditional and glossed pages work the same,
and returns offsets in the page text. Rules follow docs/guidelines.md; the unit and
exclusion tables below are the maintained part. No jieba: regular expressions over
the view are fast enough to run on every page of a large folder.
"""

from __future__ import annotations

import re
from typing import Any

from reader.extraction.lexicon import Lexicon
from reader.extraction.quantities import parse_figure, parse_time
from reader.text.normalize import View, view_of_text
from reader.text.spans import Span

# --- figures -----------------------------------------------------------------------

TIME_UNITS = (
    "个多小时",
    "个小时",
    "小时",
    "分钟",
    "个多月",
    "个月",
    "整晚",
    "天",
    "夜",
    "周",
    "年",
    "岁",
    "旬",
)
MEASURE_UNITS = (
    "万元", "亿元", "元",
    "大箱", "大桶", "大组", "大网格",
    "名", "人", "户", "个", "家", "所", "支", "项", "辆", "车", "张", "份", "条", "幅", "箱",
    "桶", "瓶", "件", "套", "只", "间", "栋", "层", "例", "次", "步", "米", "公里", "千米",
    "代", "轮", "位", "台", "批", "座", "处", "吨", "斤", "公斤", "千克", "袋", "盒", "包",
    "%", "℃", "‰",
)  # fmt: skip
UNITS = sorted(set(TIME_UNITS + MEASURE_UNITS), key=len, reverse=True)
_UNIT = "|".join(map(re.escape, UNITS))
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"  # 2,048.67 has thousands separators
_CN = "[零〇一二两三四五六七八九十百千万亿]+"
_NUM = rf"(?:{_ARABIC}[万亿]?|{_CN})"
FIGURE = re.compile(
    rf"(?P<pre>超过|大约|将近|接近|不到|不足|近|约|逾|超)?"
    rf"(?P<num>{_NUM}(?:\s*[-~—–至到]\s*{_NUM})?)"
    rf"(?P<post>余|多)?"
    rf"(?P<unit>{_UNIT})"
    rf"(?P<after>及以上|及以下|左右|以上|以下)?"
)
VAGUE = re.compile(rf"(?:数|几|上)[十百千万亿]+(?P<unit>{_UNIT})")

# Words whose numerals are names, slogans, ordinals or idioms, never quantities.
FIXED = (
    "两委", "三区", "四大班子", "四大大班子", "五包一", "六合一", "六个一", "四不两直", "一书一图五表",
    "一书", "一图", "五表", "五严五防", "四注重", "一包联", "双报到", "三带动", "一线", "黄金24小时",
    "最后一公里", "最后一米", "不漏一户", "不漏一人", "一呼百应", "一夫当关", "千家万户", "一把手",
    "三班倒", "五星", "一刻", "一条心", "一如既往", "二次", "十字", "一次性", "一楼", "一对一",
    "万众一心", "一一", "统一", "唯一", "一起", "一切", "一直", "一样", "一定", "一旦", "一些",
    "一下", "一点", "进一步", "一会", "十足", "十分", "一是", "二是", "三是", "四是", "五是", "六是",
    "两码", "一手抓", "一格", "一方", "百万庄园", "千峰", "九州", "一声令下", "一大早", "一早",
    "三天两头", "一天天", "百般", "万一", "一律", "一并", "一致", "一边", "一路", "一身", "一生",
)  # fmt: skip
_FIXED = re.compile("|".join(map(re.escape, sorted(FIXED, key=len, reverse=True))))
# A numeral right before these is an identifier or a name: 2号楼, 209国道, 六十六中, 84消毒液.
IDENTIFIER_AFTER = re.compile(r"号|国道|省道|路|街|中(?![心国])|消毒液|级|医院|人民医院|届|版|期")
IDENTIFIER_BEFORE = re.compile(r"(?:第|病例|编号|No\.?|[A-Za-z])$")
# 一 + a measure word reads as "a/an" unless something marks it as a count.
COUNT_CUES = ("只有", "仅有", "仅", "只", "共", "共有", "其中")


def _masked(text: str) -> list[bool]:
    mask = [False] * len(text)
    for m in _FIXED.finditer(text):
        for i in range(m.start(), m.end()):
            mask[i] = True
    return mask


def _counted(text: str, end: int) -> str:
    """The noun counted: the Han characters after the unit, up to a function word."""
    m = re.match(r"[\u4e00-\u9fff“”\"]{1,8}", text[end:])
    if not m:
        return ""
    word = m.group(0).strip('“”"')
    cut = re.search(r"[的在和与为是到从将把被对向于也都就还等中及或并分由]", word)
    return word[: cut.start()] if cut else word


def find_figures(text: str, mask: list[bool] | None = None) -> list[tuple[int, int, dict[str, Any]]]:
    """Figures in a (normalised) text: (start, end, attrs) in its own offsets."""
    mask = mask if mask is not None else _masked(text)
    found: list[tuple[int, int, dict[str, Any]]] = []
    taken = [False] * len(text)
    for m in VAGUE.finditer(text):
        start, end = m.start(), m.end()
        if any(mask[start:end]):
            continue
        found.append((start, end, parse_figure(text[start:end], _counted(text, end))))
        for i in range(start, end):
            taken[i] = True
    for m in FIGURE.finditer(text):
        start, end = m.start(), m.end()
        num_start = m.start("num")
        if any(taken[start:end]) or any(mask[num_start : m.end("num")]):
            continue
        num, unit = m.group("num"), m.group("unit")
        before = text[max(0, start - 4) : start]
        after = text[end : end + 4]
        if num_start > 0 and (text[num_start - 1].isdigit() or text[num_start - 1] == "."):
            continue
        if IDENTIFIER_BEFORE.search(before):
            continue
        if unit in (
            "个",
            "名",
            "人",
            "户",
            "家",
            "所",
            "条",
            "间",
            "层",
            "栋",
            "轮",
        ) and IDENTIFIER_AFTER.match(after):
            continue
        if re.fullmatch(r"(?:19|20)\d\d", num) and unit == "年":
            continue  # a year, which belongs to an event
        if unit == "年" and after[:1] in "级度":
            continue
        if num == "一" and unit not in TIME_UNITS:
            if text[end : end + len(unit)] == unit:  # 一道道, 一桶桶
                continue
            if not before.endswith(COUNT_CUES):
                continue
        if num == "一" and unit in ("年",):
            continue
        pre = m.group("pre")
        if pre == "近" and unit in TIME_UNITS and after[:1] in "内来":
            start = num_start  # 近14天内: 近 means "the most recent"
        if m.group("post") == "多" and unit in ("个",) and after[:1] in "小月":
            continue
        attrs = parse_figure(text[start:end], _counted(text, end))
        found.append((start, end, attrs))
        for i in range(start, end):
            taken[i] = True
    found.sort(key=lambda f: f[0])
    return found


# --- events ------------------------------------------------------------------------

_PART = r"(?:凌晨|清晨|早上|早晨|上午|中午|下午|傍晚|晚上|深夜|夜间|夜里|晚|早)"
_CN_DAY = "[一二三四五六七八九十廿]{1,3}"
ANCHOR = re.compile(
    "|".join(
        [
            r"\d{4}年(?:\d{1,2}月(?:\d{1,2}[日号])?)?",
            rf"\d{{1,2}}月\d{{1,2}}(?:[日号]|(?=[至到-]\d)|(?={_PART}))(?:[至到-]\d{{1,2}}[日号])?",
            rf"(?<![\d月])\d{{1,2}}[日号](?={_PART})",
            r"(?<=[(\uff08])\d{1,2}[日号](?=[)\uff09])",  # 昨天(22日)
            r"[今昨][(\uff08]\d{1,2}[)\uff09]日",  # 今(18)日
            rf"{_PART}?\d{{1,2}}[时点](?:\d{{1,2}}分|半)?(?![间候期段代])",
            r"(?<![\d:\uff1a])\d{1,2}[:\uff1a]\d{2}(?![\d:\uff1a])",
            rf"(?:大年|农历|正月|腊月)(?:{_CN_DAY})?(?:初[一二三四五六七八九十]|十[一二三四五六七八九]|廿[一二三四五六七八九]?|三十|二十|十五)",
        ]
    )
)
LEAD_IN = ("截至", "自", "从", "于", "在")
GLOSSED_RELATIVE = re.compile("(?:今天|昨天|明天|今日|昨日|当天|当日|近日|日前|今|昨)[(\uff08]")
SENTENCE_END = re.compile("[。!\uff01?\uff1f;\uff1b\n]")


def find_events(text: str) -> list[tuple[int, int, dict[str, Any]]]:
    """Events in a (normalised) text: from the first anchor of a sentence to its end."""
    found: list[tuple[int, int, dict[str, Any]]] = []
    sentence_start = 0
    for end_match in [*SENTENCE_END.finditer(text), None]:
        sentence_end = end_match.start() if end_match else len(text)
        m = ANCHOR.search(text, sentence_start, sentence_end)
        if m:
            start = m.start()
            glossed = GLOSSED_RELATIVE.search(text, sentence_start, start + 1)
            if glossed and glossed.end() == start and text[m.end() : m.end() + 1] in ")\uff09":
                start = glossed.start()  # 今天(4月8日): the relative word and its date
            for word in LEAD_IN:
                if text[max(0, start - len(word)) : start] == word:
                    start -= len(word)
                    break
            stop = sentence_end
            while stop > start and text[stop - 1] in " \t":
                stop -= 1
            span = text[start:stop]
            found.append((start, stop, {"time": parse_time(span), "summary": ""}))
        sentence_start = end_match.end() if end_match else len(text)
    return found


# --- pages -------------------------------------------------------------------------


def _in_garbled(view: View, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in view.garbled)


def extract_view(page_text: str, view: View, lexicon: Lexicon | None = None) -> list[Span]:
    results: list[Span] = []
    mask = _masked(view.text)
    for label, spans in (("event", find_events(view.text)), ("figure", find_figures(view.text, mask))):
        for start, end, attrs in spans:
            if start >= end or (label == "figure" and _in_garbled(view, start, end)):
                continue
            page_start, page_end = view.to_page(start, end)
            results.append(Span(label, page_start, page_end, page_text[page_start:page_end], attrs))
    results.sort(key=lambda f: (f.start, -f.end, f.label))
    return results


def extract_text(page_text: str, lexicon: Lexicon | None = None) -> list[Span]:
    """Events and figures of a whole page text."""
    return extract_view(page_text, view_of_text(page_text), lexicon)
