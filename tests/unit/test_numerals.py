"""The numeral grammar: every written form of the guidelines, and a round trip.

The property tests format random integers and decimals as Chinese numerals with a
small reference formatter written here (independently of the reader) and read them back.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.extraction.numerals import NUMBER_RE, clean, cn_integer, parse_number

DIGIT_CHARS = "零一二三四五六七八九"


def _four(n: int, two: bool) -> str:
    """0 < n < 10000 the way it is written inside a section: 三千零五, 一十二 (after a higher section)."""
    out = ""
    zero = False
    for unit, char in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        digit = "两" if two and d == 2 and unit >= 1000 else DIGIT_CHARS[d]
        out += digit + char
    return out


def to_chinese(n: int, two: bool = False) -> str:
    """Reference formatter: 12 → 十二, 2053 → 两千零五十三 (two=True), 100000005 → 一亿零五."""
    if n == 0:
        return "零"
    parts: list[str] = []
    leading_zero = False
    for big, char in ((10**8, "亿"), (10**4, "万"), (1, "")):
        section = n // big % 10000 if big < 10**8 else n // big
        if section == 0:
            leading_zero = bool(parts)
            continue
        text = _four(section, two) if section < 10000 else to_chinese(section, two)
        if parts and (leading_zero or section < 1000):
            text = "零" + text
        parts.append(text + char)
        leading_zero = False
    out = "".join(parts)
    return out[1:] if out.startswith("一十") else out  # 十二, not 一十二, at the start


def decimal_to_chinese(value: Decimal) -> str:
    whole, _, frac = f"{value:f}".partition(".")
    text = to_chinese(int(whole))
    return text + ("点" + "".join(DIGIT_CHARS[int(d)] for d in frac) if frac else "")


@given(st.integers(min_value=0, max_value=10**12 - 1), st.booleans())
def test_chinese_integers_round_trip(n, two):
    written = to_chinese(n, two)
    assert NUMBER_RE.fullmatch(written), written
    assert cn_integer(written) == n, written
    assert parse_number(written) == n


@given(st.decimals(min_value=0, max_value=99999, places=3, allow_nan=False, allow_infinity=False))
def test_chinese_decimals_round_trip(value):
    written = decimal_to_chinese(value)
    assert NUMBER_RE.fullmatch(written), written
    assert parse_number(written) == pytest.approx(float(value))


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["", ",", "，"]), st.booleans())
def test_arabic_round_trip(n, separator, full_width):
    written = f"{n:,}".replace(",", separator)
    if full_width:
        written = written.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert NUMBER_RE.fullmatch(written), written
    assert parse_number(written) == n


@pytest.mark.parametrize(
    ("text", "value"),
    [("两千零五十三", 2053), ("五千六", 5600), ("二点五一亿", 251_000_000), ("百分之七十三点九", 73.9),
     ("十三", 13), ("零下10", -10), ("负3.5", -3.5), ("1.7万", 17000), ("3.4万", 34000),
     ("691，027.05", 691027.05), ("1，002.59万", 10_025_900), ("5,178", 5178), ("三万五", 35000),
     ("一亿二千万", 120_000_000), ("二〇二〇", 2020), ("千", 1000), ("兩萬", 20000), ("一百一", 110),
     ("１２３", 123), ("65695.81万", 656_958_100), ("百分之12", 12), ("三千零五", 3005),
     ("二十万零三百", 200300)],
)  # fmt: skip
def test_written_forms(text, value):
    assert NUMBER_RE.fullmatch(text), text
    assert clean(parse_number(text)) == value


def test_fractions_and_non_numerals():
    assert parse_number("三分之二") == pytest.approx(2 / 3)
    assert parse_number("万家") is None
    assert NUMBER_RE.match("万家") is None  # a numeral never starts with 万
    assert cn_integer("千百") is None
