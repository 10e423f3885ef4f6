"""How the corpus views show and order an event's date.

The date itself is resolved once, by the extractor's rules (reader/extraction/dates.py),
into each event's ``date`` (ISO 8601, year unknown as ``--MM-DD``) and ``date_from``;
the index stores exactly that, and the timeline, the charts and the figure table use
it. This module only says how it is shown (`describe`), how events sort
(`timeline_key`), and how the date was found (`how_of`: written, carried over from
the article or the page, converted from a lunar date).
"""

from __future__ import annotations

import math
from typing import Any

PLAIN, INFERRED, LUNAR = 0, 1, 2  # how the date was found: written, carried over, converted
CARRIED = ("article", "page", "source")
UNKNOWN = "~~~~"  # sorts after every number: unknown parts come last


def year_known(date: str | None) -> bool:
    return bool(date) and str(date)[:1].isdigit()


def full_date(date: str | None) -> bool:
    """A calendar day with its year (YYYY-MM-DD): what the charts can plot."""
    return year_known(date) and len(str(date)) == 10


def how_of(attrs: dict[str, Any]) -> int:
    """LUNAR for a lunar date converted; INFERRED for a date some part of which the event
    does not write (carried over from the article or the page); PLAIN otherwise."""
    time = attrs.get("time") or {}
    date = attrs.get("date")
    if time.get("calendar") and "month" not in time and date:
        return LUNAR
    _year, month, day = _parts(date)
    carried = (bool(month) and "month" not in time) or (bool(day) and "day" not in time)
    return INFERRED if attrs.get("date_from") in CARRIED or carried else PLAIN


def _parts(date: str | None) -> tuple[str, str, str]:
    """(year, month, day) of an ISO date or its shapes without a year; "" where unknown."""
    text = str(date or "")
    if text.startswith("---"):
        return "", "", text[3:]
    if text.startswith("--"):
        month, _, day = text[2:].partition("-")
        return "", month, day
    year, _, rest = text.partition("-")
    month, _, day = rest.partition("-")
    return year, month, day


def describe(date: str | None, time: dict[str, Any], how: int = PLAIN) -> str:
    """The date and clock time as the timeline shows them: 2019-12-30 15:10, --04-13
    01:30 (the year unknown), a part of the day when the event writes one; ~ before a
    date carried over from the article or the page."""
    shown = str(date) if date else "undated"
    part = time.get("part")
    if part:
        shown += f" {part}"
    if isinstance(time.get("hour"), int | float):
        shown += f" {int(time['hour']):02d}:{int(time.get('minute') or 0):02d}"
    return ("~" if how == INFERRED else "") + shown


def timeline_key(date: str | None, time: dict[str, Any], page: str) -> str:
    """The order of the timeline, as text SQLite sorts the same way: events whose year is
    known first, by date and time; the others page by page, each page by date and time."""
    year, month, day = _parts(date)
    clock = [time.get("hour"), time.get("minute")]
    fields = [year, month, day, *(f"{int(v):02d}" if isinstance(v, int | float) else "" for v in clock)]
    key = "".join(f"{v:0>4}" if v else UNKNOWN for v in fields)
    return "0" + key if year else f"1{page}\x01{key}"


def sort_key(time: dict[str, Any]) -> tuple[float, ...]:
    """Time fields in order, unknown ones last (for callers that sort by fields)."""
    return tuple(
        float(time[k]) if isinstance(time.get(k), int | float) else math.inf
        for k in ("year", "month", "day", "hour", "minute")
    )
