"""Offsets between code points (ours, and Python's) and UTF-16 code units (what a
JavaScript front end such as doccano's or Label Studio's counts)."""

from __future__ import annotations

import bisect
import re
from typing import Any


def utf16_offset(text: str, index: int) -> int:
    """UTF-16 code units before code point ``index``."""
    return index + bisect.bisect_left(_astral(text)[0], index)


def codepoint_offset(text: str, units: int) -> int:
    """Code point index at ``units`` UTF-16 code units; ValueError inside a character
    or past the end."""
    _, starts = _astral(text)
    if not 0 <= units <= len(text) + len(starts):
        raise ValueError(f"UTF-16 offset {units} is not on a character boundary of the text")
    inside = bisect.bisect_left(starts, units - 1)
    if inside < len(starts) and starts[inside] == units - 1:  # between the two halves of a pair
        raise ValueError(f"UTF-16 offset {units} is not on a character boundary of the text")
    # Each character outside the BMP wholly before ``units`` took two units for one code point.
    return units - bisect.bisect_right(starts, units - 2)


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


_TABLES: dict[tuple[int, int, int], tuple[list[int], list[int]]] = {}


def _astral(text: str) -> tuple[list[int], list[int]]:
    """Where the characters outside the BMP are: code point indexes, and UTF-16 unit
    indexes. Once per text: counting from the start for every offset made a page
    with n tags cost n passes over it, minutes on a 50 MB page.

    Kept for the last few texts by identity, length and hash, never the text itself:
    a cache keyed by the text held the last four pages converted (50 MB each), and an equal
    text that was another object was compared with it character by character for
    every offset (hours for a page's 250,000 tags)."""
    key = (id(text), len(text), hash(text))
    tables = _TABLES.get(key)
    if tables is None:
        points = [m.start() for m in _ASTRAL.finditer(text)]
        tables = points, [point + k for k, point in enumerate(points)]
        if len(_TABLES) >= 4:
            _TABLES.pop(next(iter(_TABLES), None), None)  # another thread may have taken it
        _TABLES[key] = tables
    return tables


# --- the unit a file counts in ------------------------------------------------------

# How a file states its unit (our exports' metadata); what --offsets takes is the key.
UNIT_NAMES = {"utf16": "utf-16 code units", "codepoints": "code points"}
_SPELLINGS = {
    **{name: unit for unit, name in UNIT_NAMES.items()},
    **{unit: unit for unit in UNIT_NAMES},
    "utf-16": "utf16",
    "code-points": "codepoints",
}


def stated_unit(value: Any) -> str | None:
    """The unit a file's metadata names ("utf-16 code units", "utf16", "code points" …)."""
    return _SPELLINGS.get(value.strip().lower()) if isinstance(value, str) else None


def outside_bmp(text: str) -> bool:
    """The text has characters that UTF-16 counts as two units: where the units differ."""
    return bool(_astral(text)[0])


def unit_problem(text: str, unit: str | None) -> str | None:
    """Why offsets of an unknown unit cannot be placed on ``text``, or None: on a text
    inside the BMP both units count alike, so the unit need not be known."""
    if unit is None and outside_bmp(text):
        return (
            "the page has characters outside the BMP and the file does not say whether its "
            "offsets count UTF-16 code units or code points; say --offsets utf16 or --offsets codepoints"
        )
    return None


def from_unit(text: str, value: int, unit: str | None) -> int:
    """The code point index of offset ``value`` counted in ``unit``; ValueError off
    the text or inside a character. None: the text is inside the BMP (unit_problem)."""
    if unit == "codepoints":
        if not 0 <= value <= len(text):
            raise ValueError(f"offset {value} is outside the text (0-{len(text)})")
        return value
    return codepoint_offset(text, value)


def to_unit(text: str, index: int, unit: str) -> int:
    return index if unit == "codepoints" else utf16_offset(text, index)
