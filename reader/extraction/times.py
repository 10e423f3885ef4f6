"""One time grammar: what anchors an event, where its span starts, and its time fields.

The extractor (``find_events``) and the attribute form (``parse_time``, through
attributes.read_span) use the same patterns. They read the normalised view, where
traditional characters are already simplified; the patterns also take the common
traditional forms (時, 點, 號) so a raw span parses the same.

Anchors, per the guidelines: dates (2019年12月, 4月13日, 7/16, a bare day 29日 unless it
counts days: 共7日, 前1日), named months (一月中旬), years (2021年上半年), clock times in
every format (14:30, 09:53:45, 6：50, 下午3时, 晚7时, 15时22分) with the part of the day or
a relative day word written right before them (晚上6：50, 今天0时, 当天15时22分), relative
words glossed with a date (今天（4月8日）, 今(18)日), and calendar anchors (大年初二).
"""

from __future__ import annotations

import re
from typing import Any

from reader.extraction.numerals import parse_number
from reader.text.spans import Span

_D = "[0-9０-９]"
_CND = "[一二三四五六七八九十两〇零]"
PARTS = ("凌晨", "清晨", "早上", "早晨", "上午", "中午", "午间", "下午", "傍晚", "晚上", "晚间", "深夜",
         "夜间", "夜里", "午夜", "半夜", "晚", "早", "夜")  # fmt: skip
PART = "(?:" + "|".join(PARTS) + ")"
_PM_PARTS = ("下午", "傍晚", "晚上", "晚间", "深夜", "夜间", "夜里", "晚", "夜")
_NTH_DAY = rf"第(?:{_CND}{{1,3}}|{_D}{{1,2}})天"
REL_DAY = (
    rf"(?:今天|昨天|前天|明天|后天|今日|昨日|明日|当天|当日|次日|翌日|同日|今晚|今早|昨晚|当晚|{_NTH_DAY})"
)
_HOUR = rf"(?:{_D}{{1,2}}|{_CND}{{1,3}})"
_MIN = rf"(?:{_D}{{1,2}}|{_CND}{{1,3}})"
# Not inside a longer clock (12:03:45) nor a number, but after a label's colon ("上客10人：09:53:45").
CLOCK_COLON = rf"(?<!{_D})(?<!{_D}[:：]){_D}{{1,2}}[:：][0-5]{_D}(?:[:：][0-5]{_D})?(?![\d:：])"
# 时/点 after an hour, not the start of 时间/时候/时期/点钟… words.
_HOUR_MARK = "(?:[时時点點](?![间間候期段代钟鐘]))"
CLOCK_WORD = rf"{_HOUR}{_HOUR_MARK}(?:{_MIN}分(?:{_MIN}秒)?|半|许|許)?"
# An Arabic hour stands alone (17时); a Chinese one needs a part of the day or minutes (下午三点).
CLOCK = (
    rf"(?:{REL_DAY}的?)?(?:{PART})?{CLOCK_COLON}"
    rf"|(?:{REL_DAY}的?)?(?:{PART})?(?<![\d.]){_D}{{1,2}}{_HOUR_MARK}(?:{_MIN}分(?:{_MIN}秒)?|半|许|許)?"
    rf"|(?:{REL_DAY}的?)?{PART}{_CND}{{1,3}}{_HOUR_MARK}(?:{_MIN}分|半|许)?"
    rf"|{_CND}{{1,3}}{_HOUR_MARK}{_MIN}分"
)
_YEAR = rf"(?:(?<!{_D}){_D}{{4}}|[〇○零一二三四五六七八九]{{4}})年"
_MONTH = rf"(?:{_D}{{1,2}}|十[一二]?|[一二三四五六七八九])月"
_NAMED = "(?:上旬|中旬|下旬|初|底|末|中|份)"
_DAY = rf"(?:{_D}{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
DATE = "|".join(
    [
        rf"{_YEAR}(?:{_MONTH}(?:{_DAY}[日号號])?)?",
        rf"今[(（]{_D}{{4}}[)）]年(?:{_MONTH}(?:{_DAY}[日号號])?)?",  # 今(2021)年9月27日
        rf"(?<!{_D}){_MONTH}{_DAY}(?:[日号號]|(?=[至到\-—]{_D})|(?=、{_D}{{1,2}}[日号號])|(?={PART}))"
        rf"(?:[至到\-—]{_D}{{1,2}}[日号號])?",
        rf"(?<!{_D}){_MONTH}{_NAMED}",  # 一月中旬, 3月底
        rf"(?<![\d/.]){_D}{{1,2}}/{_D}{{1,2}}(?![\d/%])日?",  # 7/16
        # A bare day: not after 月/共/前/后/达 (those count days: 共7日, 前1日), not before 内/来.
        rf"(?<![\d月/.第每前后後共达達近期约約续續满滿历歷]){_D}{{1,2}}[日号號](?![内來来以之左])(?!\d+次)",
        rf"(?:{REL_DAY}|今|昨|明)[(（](?:{_MONTH})?{_D}{{1,2}}[日号號]?[)）]日?",  # 今天(4月8日), 今(18)日
        r"(?:大年|农历|正月|腊月)(?:[一二三四五六七八九十廿]{1,3})?"
        r"(?:初[一二三四五六七八九十]|十[一二三四五六七八九]|廿[一二三四五六七八九]?|三十|二十|十五)",
    ]
)
ANCHOR = re.compile(f"{CLOCK}|{DATE}")
LEAD_IN = ("截至", "截止", "自", "从", "于", "在", "從", "於")
SENTENCE_END = re.compile("[。!\uff01?\uff1f;\uff1b\n]")
_BARE_NUMBER_DAY = re.compile(rf"{_D}{{1,2}}[号號]")


def _anchor_in(text: str, start: int, end: int) -> re.Match[str] | None:
    """The first anchor of text[start:end]; a bare 号 day only with a part of day or a lead-in."""
    pos = start
    while True:
        m = ANCHOR.search(text, pos, end)
        if m is None:
            return None
        if _BARE_NUMBER_DAY.fullmatch(m.group(0)):
            # 4号楼 is a building; 4号凌晨 or 在4号 is a date.
            after, before = text[m.end() : m.end() + 2], text[max(0, m.start() - 2) : m.start()]
            named = after[:1] in "楼樓院栋棟线線房床门門口窗台臺车車站机機"  # 4号楼, 3号线
            if named or not (after.startswith(PARTS) or before.endswith(LEAD_IN)):
                pos = m.start() + 1
                continue
        return m


def anchor_start(text: str, start: int, end: int) -> int:
    """Where the first time expression of the event text[start:end] begins (past a lead-in
    such as 截至 or 于); ``start`` if none is found."""
    m = _anchor_in(text, start, end)
    return start if m is None else m.start()


def find_events(text: str) -> list[Span]:
    """Events in a (normalised) text, in its own offsets: from the first anchor of a sentence to its end."""
    found: list[Span] = []
    sentence_start = 0
    for end_match in [*SENTENCE_END.finditer(text), None]:
        sentence_end = end_match.start() if end_match else len(text)
        m = _anchor_in(text, sentence_start, sentence_end)
        if m:
            start = m.start()
            for word in LEAD_IN:
                if text.startswith(word, start - len(word)) and start - len(word) >= sentence_start:
                    start -= len(word)
                    break
            stop = sentence_end
            while stop > start and text[stop - 1] in " \t":
                stop -= 1
            attrs = {"time": parse_time(text[m.start() : stop]), "summary": ""}
            found.append(Span("event", start, stop, text[start:stop], attrs))
        sentence_start = end_match.end() if end_match else len(text)
    return found


# --- time fields -------------------------------------------------------------------

_N = rf"(?:{_D}{{1,4}}|[{'一二三四五六七八九十两〇零'}]{{1,4}})"
_RUN = re.compile(r"[^，,。；;、\s！!？?“”\"]{1,40}")


def _num(text: str | None) -> int | None:
    value = parse_number(text) if text else None
    return int(value) if value is not None else None


_YEAR_DIGITS = {"〇": "0", "○": "0", "零": "0", **{c: str(n) for n, c in enumerate("一二三四五六七八九", 1)}}


def year_of(text: str) -> int | None:
    """A year written with digits or digit by digit in Chinese (二○二一 → 2021)."""
    if text.isdigit():
        return int(text)
    digits = "".join(_YEAR_DIGITS.get(c, "") for c in text)
    return int(digits) if len(digits) == 4 else None


def parse_time(text: str) -> dict[str, Any]:
    """The time fields of the first time expression of ``text``.

    year (only when written), month, day, day_end, hour, minute, second, part (凌晨,
    下午, 中旬, 上半年 …), calendar (大年初二). Hours are stored on the 24-hour clock:
    下午3时 → hour 15, part 下午.
    """
    m = ANCHOR.search(text)
    start = m.start() if m else 0
    run = _RUN.match(text, start)
    window = run.group(0) if run else text
    time: dict[str, Any] = {}
    y = re.search(rf"({_D}{{4}}|[〇○零一二三四五六七八九]{{4}})年|今[(（]({_D}{{4}})[)）]年", window)
    if y:
        time["year"] = year_of(y.group(1) or y.group(2))
    md = re.search(rf"({_N})月({_N})(?:[日号號]|(?=凌晨|上午|下午|晚|深夜|早|[至到\-—]))?", window)
    if md:
        time["month"], time["day"] = _num(md.group(1)), _num(md.group(2))
        until = re.match(rf"[至到\-—]({_N})[日号號]", window[md.end() :])
        if until:
            time["day_end"] = _num(until.group(1))
    else:
        mo = re.search(rf"({_N})月", window)
        slash = re.search(rf"(?<![\d/])({_D}{{1,2}})/({_D}{{1,2}})(?![\d/])", window)
        if mo:
            time["month"] = _num(mo.group(1))
        elif slash:
            time["month"], time["day"] = _num(slash.group(1)), _num(slash.group(2))
        day = re.search(rf"(?<![\d月/])({_D}{{1,2}})[日号號]|[今昨][(（]({_D}{{1,2}})[)）]日", window)
        if day and "day" not in time:
            time["day"] = _num(day.group(1) or day.group(2))
    cal = re.search(
        r"(?:大年|农历|正月|腊月)[\u4e00-\u9fff]{0,4}?(?:初[一二三四五六七八九十]|[十廿][一二三四五六七八九]?|三十)",
        window,
    )
    if cal:
        time["calendar"] = cal.group(0)
    part = re.search(rf"上半年|下半年|上旬|中旬|下旬|(?<=[0-9０-９])[年月][底初末]|{PART}", window)
    if part:
        time["part"] = part.group(0)
    colon = re.search(rf"({_D}{{1,2}})[:：]({_D}{{2}})(?:[:：]({_D}{{2}}))?", window)
    if colon:
        time["hour"], time["minute"] = _num(colon.group(1)), _num(colon.group(2))
        if colon.group(3):
            time["second"] = _num(colon.group(3))
    else:
        clock = re.search(rf"(?<!第)({_N}){_HOUR_MARK}(?:({_N})分(?:({_N})秒)?|(半))?", window)
        if clock:
            time["hour"] = _num(clock.group(1))
            if clock.group(2):
                time["minute"] = _num(clock.group(2))
            if clock.group(3):
                time["second"] = _num(clock.group(3))
            if clock.group(4):
                time["minute"] = 30
    hour = time.get("hour")
    if hour is not None and hour < 12 and time.get("part") in _PM_PARTS:
        time["hour"] = hour + 12
    return time
