"""Reading numbers and times out of a span's text: the attributes of figures and events.

Used to prefill the attribute form when a person tags a span, and by the extractor.
cn2an was measured and raises on forms this corpus is full of (八次, 千余名,
近5000户), so the numeral reader here is our own and small.
"""

from __future__ import annotations

import re
from typing import Any

from reader.extraction.numerals import BIG_UNITS, DIGITS, NUMBER, SMALL_UNITS, clean, cn_integer, parse_number
from reader.extraction.times import parse_time

QUALIFIERS_BEFORE = {
    "超过": "more-than",
    "超過": "more-than",
    "逾": "more-than",
    "超": "more-than",
    "大约": "about",
    "大約": "about",
    "约": "about",
    "約": "about",
    "将近": "under",
    "將近": "under",
    "接近": "under",
    "近": "under",
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
    "餘": "more-than",
    "多": "more-than",
}
VAGUE = re.compile(r"(?:[数數几幾上][十百千万萬亿億]+|[十百千万萬]几|几十)(?:余|多)?")
_SEP = r"\s*[-~—–～至到]\s*"
_NUM = re.compile(rf"{NUMBER}|半")
_POST = re.compile("余|餘|多")
_BIG = re.compile(f"[{''.join(BIG_UNITS)}]")
_PAIR = re.compile(rf"([{''.join(DIGITS)}])([{''.join(DIGITS)}])([十百千万萬]?)")


def cn_to_int(text: str) -> int | None:
    """Value of a Chinese integer numeral (numerals.cn_integer, kept for callers)."""
    return cn_integer(text)


def number_value(text: str) -> float | None:
    """Value of an Arabic, Chinese or mixed numeral: 1.7万, 8200, 两万, 1367万."""
    return 0.5 if text.strip() == "半" else parse_number(text)


def _number_at(rest: str) -> tuple[float | None, str, bool] | None:
    """(value, rest after it, whether it was a range of neighbouring digits) or None."""
    m = _PAIR.match(rest)
    if m and DIGITS[m.group(2)] == DIGITS[m.group(1)] + 1:
        # 三四个小时, 两三百米: two neighbouring digits are a range; the value is the lower.
        scale = SMALL_UNITS.get(m.group(3), BIG_UNITS.get(m.group(3), 1))
        return float(DIGITS[m.group(1)] * scale), rest[m.end() :], True
    m = _NUM.match(rest)
    if not m:
        return None
    return number_value(m.group(0)), rest[m.end() :], False


def parse_figure(text: str, counted: str = "") -> dict[str, Any]:
    """Attributes of a figure span: value, qualifier, unit, counted.

    "8200余名" → value 8200, more-than, unit 名; "1-2个" → value 1, range; "数百份" →
    value None, vague; "90余万" → 900000, more-than, unit ""; "百分之七十三点九" →
    73.9, unit 百分之; "零下10摄氏度" → -10.
    """
    rest = text.strip()
    qualifier = "exact"
    for word, kind in QUALIFIERS_BEFORE.items():
        if rest.startswith(word) and len(rest) > len(word):
            qualifier, rest = kind, rest[len(word) :]
            break
    attrs: dict[str, Any] = {"value": None, "qualifier": qualifier, "unit": "", "counted": counted}
    m = VAGUE.match(rest)
    if m:
        # 数百份, 几万步: an order of magnitude, not a number; 上万件: more than 10,000.
        over = re.fullmatch(r"上([十百千万萬亿億])", m.group(0))
        if over is not None:
            magnitude = BIG_UNITS.get(over.group(1), SMALL_UNITS.get(over.group(1), 1))
            attrs["qualifier"], attrs["value"] = "more-than", clean(float(magnitude))
        else:
            attrs["qualifier"] = "vague"
        attrs["unit"] = rest[m.end() :]
        return attrs
    if rest[:1] in ("俩", "倆"):  # 俩 = 两个: two, with no measure word after it
        attrs["value"], attrs["unit"] = 2, rest[1:]
        return attrs
    read = _number_at(rest)
    if read is None and rest[:1] in "十百千万萬亿億" and qualifier != "exact":
        # 近万名, 超千人: the magnitude alone is the number
        read = (float(BIG_UNITS.get(rest[0], SMALL_UNITS.get(rest[0], 1))), rest[1:], False)
    if read is None:
        return attrs
    value, rest, pair = read
    if pair:
        attrs["qualifier"] = "range"
    post = _POST.match(rest)
    if post:
        attrs["qualifier"] = "more-than" if attrs["qualifier"] == "exact" else attrs["qualifier"]
        rest = rest[post.end() :]
    big = _BIG.match(rest)
    if big and value is not None:
        value *= BIG_UNITS[big.group(0)]  # 90余万: the magnitude after the qualifier
        rest = rest[big.end() :]
        post = _POST.match(rest)
        if post:
            attrs["qualifier"] = "more-than" if attrs["qualifier"] == "exact" else attrs["qualifier"]
            rest = rest[post.end() :]
    sep = re.match(rf"(.*?){_SEP}", rest)
    if sep and len(sep.group(1)) <= 3 and _NUM.match(rest, sep.end()):
        # 1-2个, 18岁至64岁, 20多岁至40多岁: one figure, a range with the lower value.
        attrs["qualifier"] = "range"
        second = _number_at(rest[sep.end() :])
        rest = second[1] if second else rest[sep.end() :]
        post = _POST.match(rest)
        if post:
            rest = rest[post.end() :]
    attrs["value"] = clean(value)
    if text.strip().lstrip("零下负").startswith("百分之") or text.strip().startswith(
        tuple(f"{w}百分之" for w in QUALIFIERS_BEFORE)
    ):
        attrs["unit"] = "百分之"
        return attrs
    for word, kind in QUALIFIERS_AFTER.items():
        if rest.endswith(word) and len(rest) > len(word) and word not in ("余", "餘", "多"):
            # 15户左右, 3人以上, 35岁及以下: the qualifier follows the unit.
            if attrs["qualifier"] == "exact":
                attrs["qualifier"] = kind
            rest = rest[: -len(word)]
            break
    if len(rest) > 1 and rest.endswith(("多", "余", "餘")) and attrs["qualifier"] == "exact":
        attrs["qualifier"] = "more-than"  # 一米多: the qualifier after the unit
        rest = rest[:-1]
    if rest.startswith(("个多", "多个")) and len(rest) > 2:
        # 2个多小时, 一个多月: the qualifier sits inside the measure word.
        if attrs["qualifier"] == "exact":
            attrs["qualifier"] = "more-than"
        rest = "个" + rest[2:]
    attrs["unit"] = rest.strip()
    return attrs


# The time grammar lives in times.py; parse_time is re-exported for existing callers.
__all__ = ["cn_to_int", "number_value", "parse_figure", "parse_time"]
