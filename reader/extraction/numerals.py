"""One numeral grammar: the patterns that find numerals and the reader of their value.

Arabic numerals in half- or full-width digits with thousands separators (5,178 and
691，027.05), Chinese numerals in full (两千零五十三, 五千六 = 5600, 十三, 二点五一亿,
百分之七十三点九, 三分之二), mixed ones (1.7万, 3.4万), and signs (零下10, 负3).
Traditional forms (兩, 萬, 億, 點) read the same as simplified ones.

The extractor builds its figure pattern from ``NUMBER``; ``parse_number`` gives the
value of any text ``NUMBER`` matches. cn2an was measured and raises on forms this
corpus is full of, so the reader is our own.
"""

from __future__ import annotations

import re
from decimal import Decimal

ZERO = "零〇"
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
          "八": 8, "九": 9}  # fmt: skip
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
DECIMAL_POINTS = "点點"
CN_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)

# Full-width digits and separators are read as their ASCII forms (int() and float()
# accept full-width digits, but not the full-width point or comma).
_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")

_D = "[0-9０-９]"
# A thousands group is exactly three digits and not the start of a longer run: this keeps
# "1，002.59万" one number without gluing two numbers of a list ("3，12") together.
ARABIC = rf"{_D}+(?:[,，]{_D}{{3}}(?!{_D}))*(?:[.．]{_D}+)?"
_CN_DIGIT = f"[{''.join(DIGITS)}]"
_CN_BIG = f"[{''.join(BIG_UNITS)}]"
# A Chinese numeral never starts with 万/亿 (万家, 亿万 are words, not numbers).
CHINESE = (
    rf"(?:{_CN_DIGIT}|[十百千])[{CN_CHARS}]*"
    rf"(?:[{DECIMAL_POINTS}]{_CN_DIGIT}+{_CN_BIG}*)?"
)
MIXED = rf"{ARABIC}(?:千{_CN_BIG}?|{_CN_BIG}+)?"
PERCENT = rf"百分之(?:{CHINESE}|{ARABIC})"
FRACTION = rf"(?:{CHINESE})分之(?:{CHINESE})"
SIGN = "零下|负|-"
# Order matters: the longer readings first, so 百分之七十 is not read as 百.
NUMBER = rf"(?:{SIGN})?(?:{PERCENT}|{FRACTION}|{MIXED}|{CHINESE})"
NUMBER_RE = re.compile(NUMBER)


def cn_integer(text: str) -> int | None:
    """The value of a Chinese integer numeral, or None if ``text`` is not one.

    Reads 两千零五十三 = 2053, 五千六 = 5600 (a last digit after a unit counts in the
    next unit down), 三万五 = 35000, 十三 = 13, 一亿二千万 = 120000000, 二〇二〇 = 2020.
    """
    if not text or any(ch not in CN_CHARS for ch in text):
        return None
    if len(text) > 1 and all(ch in DIGITS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))  # digit by digit: 二〇二〇
    total = section = 0
    digit: int | None = None
    last_small: int | None = None
    last_big: int | None = None
    zero = False
    for ch in text:
        if ch in ZERO:
            zero = True
            continue
        if ch in DIGITS:
            if digit is not None:
                return None  # two digits in a row inside a numeral with units
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if digit is None and (section or total) and not (zero and unit == 10):
                return None  # 千百: a unit without its digit
            section += (1 if digit is None else digit) * unit
            digit, last_small, zero = None, unit, False
        else:
            big = BIG_UNITS[ch]
            section += digit or 0
            if section == 0 and total == 0:
                section = 1
            total = (total + section) * big if big > 10_000 else total + section * big
            digit, last_small, last_big, section, zero = None, None, big, 0, False
    if digit is not None:
        if not zero and last_small and last_small >= 100:
            section += digit * last_small // 10  # 五千六, 一百一
        elif not zero and last_small is None and last_big and section == 0:
            section += digit * last_big // 10  # 三万五
        else:
            section += digit
    return total + section


def _cn_decimal(text: str) -> float | None:
    """二点五一亿 = 251000000, 七十三点九 = 73.9."""
    point = next((i for i, ch in enumerate(text) if ch in DECIMAL_POINTS), -1)
    if point < 0:
        value = cn_integer(text)
        return None if value is None else float(value)
    whole = cn_integer(text[:point]) if point else 0
    i = point + 1
    digits = ""
    while i < len(text) and text[i] in DIGITS:
        digits += str(DIGITS[text[i]])
        i += 1
    if whole is None or not digits:
        return None
    # Decimal, so that 2.51 × 10⁸ is 251000000 and not 250999999.99999997.
    value = Decimal(f"{whole}.{digits}")
    for ch in text[i:]:
        if ch not in BIG_UNITS:
            return None
        value *= BIG_UNITS[ch]
    return float(value)


def _arabic(text: str) -> float | None:
    m = re.fullmatch(rf"({ARABIC})([千{''.join(BIG_UNITS)}]*)", text)
    if not m:
        return None
    value = Decimal(m.group(1).translate(_WIDTH).replace(",", ""))
    for ch in m.group(2):
        value *= 1000 if ch == "千" else BIG_UNITS[ch]
    return float(value)


def parse_number(text: str) -> float | None:
    """The value of any numeral ``NUMBER`` matches; None for anything else.

    Percentages give the number of percent (百分之七十三点九 → 73.9), fractions their
    value (三分之二 → 0.666…), signs a negative value (零下10 → -10).
    """
    text = text.strip()
    sign = 1.0
    for word in ("零下", "负", "-"):
        if text.startswith(word) and len(text) > len(word):
            sign, text = -1.0, text[len(word) :]
            break
    if text.startswith("百分之"):
        text = text[3:]
    elif "分之" in text:
        denominator, _, numerator = text.partition("分之")
        d, n = _cn_decimal(denominator), _cn_decimal(numerator)
        return None if d in (None, 0) or n is None else sign * n / d  # type: ignore[operator]
    value = _arabic(text)
    if value is None:
        value = _cn_decimal(text)
    return None if value is None else sign * value


def clean(value: float | None) -> int | float | None:
    """An integer value as int (the form stored in annotation files), else the float."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 10)
