"""Reading numbers and times out of a span's text: the attributes of figures and events.

Used to prefill the attribute form when a person tags a span, and by the extractor.
cn2an was measured and raises on forms this corpus is full of (八次, 千余名,
近5000户), so the numeral reader here is our own and small.
"""

from __future__ import annotations

import re
from typing import Any

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)

QUALIFIERS_BEFORE = {
    "超过": "more-than",
    "逾": "more-than",
    "超": "more-than",
    "大约": "about",
    "约": "about",
    "将近": "about",
    "接近": "about",
    "近": "about",
    "不到": "under",
    "不足": "under",
}
QUALIFIERS_AFTER = {
    "及以上": "more-than",
    "及以下": "under",
    "以上": "more-than",
    "以下": "under",
    "左右": "about",
    "余": "more-than",
    "多": "more-than",
}
VAGUE_PREFIXES = ("数", "几", "上")

_ARABIC = r"\d+(?:[.,]\d+)*"
_CN = f"[{CN_NUMERAL_CHARS}]+"
_NUMBER = re.compile(rf"({_ARABIC})([万亿]?)|({_CN})")


def cn_to_int(text: str) -> int | None:
    """Value of a Chinese numeral such as 两万, 三千五百, 十, 一百零五; None if not one."""
    if not text or any(ch not in CN_NUMERAL_CHARS for ch in text):
        return None
    if all(ch in CN_DIGITS for ch in text) and len(text) > 1:
        # Digit by digit, as in 二〇二〇.
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total = 0
    section = 0
    digit: int | None = None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            if section == 0:
                section = 1
            total += section * CN_BIG_UNITS[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def number_value(text: str) -> float | None:
    """Value of an Arabic, Chinese or mixed numeral: 1.7万, 8200, 两万, 1367万."""
    text = text.strip()
    m = re.fullmatch(rf"({_ARABIC})([万亿]?)", text)
    if m:
        value = float(m.group(1).replace(",", ""))
        if m.group(2):
            value *= CN_BIG_UNITS[m.group(2)]
        return value
    value = cn_to_int(text)
    return float(value) if value is not None else None


def _clean(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def parse_figure(text: str, counted: str = "") -> dict[str, Any]:
    """Attributes of a figure span: value, qualifier, unit, counted.

    "8200余名" → value 8200, qualifier more-than, unit 名; "1-2个" → value 1, range;
    "数百份" → value None, vague.
    """
    rest = text.strip()
    qualifier = "exact"
    for word, kind in QUALIFIERS_BEFORE.items():
        if rest.startswith(word) and len(rest) > len(word):
            qualifier, rest = kind, rest[len(word) :]
            break
    attrs: dict[str, Any] = {"value": None, "qualifier": qualifier, "unit": "", "counted": counted}
    if rest.startswith(VAGUE_PREFIXES) and len(rest) > 1 and rest[1] in "十百千万亿":
        # 数百份, 几万步, 上万件: an order of magnitude, not a number.
        attrs["qualifier"] = "vague"
        m = re.match(f"[{''.join(VAGUE_PREFIXES)}][十百千万亿]+", rest)
        attrs["unit"] = rest[m.end() :] if m else ""
        return attrs
    m = re.match(rf"({_ARABIC}[万亿]?|{_CN})\s*[-~—–至到]\s*({_ARABIC}[万亿]?|{_CN})", rest)
    if m:
        attrs["value"] = _clean(number_value(m.group(1)))
        attrs["qualifier"] = "range"
        rest = rest[m.end() :]
    else:
        m = re.match(rf"{_ARABIC}[万亿]?|{_CN}", rest)
        if not m:
            return attrs
        numeral = m.group(0)
        pair = re.fullmatch(r"([一二三四五六七八九])([一二三四五六七八九])([十百千万]?)", numeral)
        if pair and CN_DIGITS[pair.group(2)] == CN_DIGITS[pair.group(1)] + 1:
            # 三四个小时, 七八十人: two neighbouring digits are a range.
            scale = CN_SMALL_UNITS.get(pair.group(3), CN_BIG_UNITS.get(pair.group(3), 1))
            attrs["value"] = CN_DIGITS[pair.group(1)] * scale
            attrs["qualifier"] = "range"
        else:
            attrs["value"] = _clean(number_value(numeral))
        rest = rest[m.end() :]
    for word, kind in QUALIFIERS_AFTER.items():
        if rest.startswith(word):
            if attrs["qualifier"] == "exact":
                attrs["qualifier"] = kind
            rest = rest[len(word) :]
            break
    else:
        if rest.startswith("个多") and len(rest) > 2:
            # 2个多小时, 4个多月: the qualifier sits inside the measure word.
            if attrs["qualifier"] == "exact":
                attrs["qualifier"] = "more-than"
            rest = "个" + rest[2:]
        else:
            # 15户左右, 3人以上: the qualifier may follow the unit.
            for word, kind in QUALIFIERS_AFTER.items():
                if word not in ("余", "多") and rest.endswith(word) and len(rest) > len(word):
                    if attrs["qualifier"] == "exact":
                        attrs["qualifier"] = kind
                    rest = rest[: -len(word)]
                    break
    attrs["unit"] = rest.strip()
    return attrs


PARTS_OF_DAY = (
    "凌晨",
    "清晨",
    "早上",
    "早晨",
    "上午",
    "中午",
    "下午",
    "傍晚",
    "晚上",
    "深夜",
    "夜间",
    "晚",
    "夜",
)
_PM_PARTS = ("下午", "傍晚", "晚上", "深夜", "夜间", "晚", "夜")
_N = rf"(?:\d{{1,4}}|[{''.join(CN_DIGITS)}十]{{1,3}})"


def _num(text: str | None) -> int | None:
    if text is None:
        return None
    value = number_value(text)
    return int(value) if value is not None else None


def parse_time(text: str) -> dict[str, Any]:
    """The time fields a span's text states: year, month, day, hour, minute, part.

    Hours are given on a 24-hour clock when a part of the day says afternoon or night
    (下午3时 → hour 15, part 下午); the year only when the text states it.
    """
    time: dict[str, Any] = {}
    m = re.search(r"(\d{4})年", text)
    if m:
        time["year"] = int(m.group(1))
    m = re.search(rf"({_N})月({_N})(?:[日号]|(?=凌晨|上午|下午|晚|深夜|早|[至到-]))?", text)
    if m:
        time["month"], time["day"] = _num(m.group(1)), _num(m.group(2))
        end = re.match(rf"[至到-]({_N})[日号]", text[m.end() :])
        if end:
            time["day_end"] = _num(end.group(1))
    else:
        m = re.search(rf"({_N})月", text)
        if m:
            time["month"] = _num(m.group(1))
        m = re.search(rf"(?<![\d月])({_N})[日号]", text)
        if m:
            time["day"] = _num(m.group(1))
    m = re.search(
        r"(?:大年|农历|正月|腊月)[\u4e00-\u9fff]{0,4}?(?:初[一二三四五六七八九十]|[十廿][一二三四五六七八九]?|三十)",
        text,
    )
    if m:
        time["calendar"] = m.group(0)
    for part in PARTS_OF_DAY:
        if part in text:
            time["part"] = part
            break
    m = re.search(r"(\d{1,2})[:\uff1a](\d{2})", text)
    if m:
        time["hour"], time["minute"] = int(m.group(1)), int(m.group(2))
    else:
        m = re.search(rf"(?<!第)({_N})[时点](?![间候期段代])(?:({_N})分|半)?", text)
        if m:
            time["hour"] = _num(m.group(1))
            if m.group(2):
                time["minute"] = _num(m.group(2))
            elif m.group(0).endswith("半"):
                time["minute"] = 30
    hour = time.get("hour")
    if hour is not None and hour < 12 and time.get("part") in _PM_PARTS:
        time["hour"] = hour + 12
    return time
