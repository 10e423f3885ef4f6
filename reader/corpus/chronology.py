"""When each event of a page happened, resolved against the events before it.

The extractor gives each event the time fields it wrote (``attrs["time"]``, from
reader/extraction/times.py); this module decides the date the timeline files it under,
once per page, when the page is indexed:

- a clock time with no date takes the date of the event before it in the article;
- a relative day (次日, 翌日, 当天 …) counts from the event before it in the article,
  not from the page: ``次日上午8时`` after ``3月7日`` is 3月8日;
- a lunar date (``2020年大年三十``, ``正月初二``) becomes its Gregorian date when the
  year is known (written, or the page's year), and is marked as converted;
- a part of the day is shown only when it is written in the event itself.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from reader.extraction.lunar import lunar_to_gregorian

# Days after the event before it in the article. 昨天/今天 count from the paper's
# own date, which the page does not state, so they are not resolved here.
RELATIVE_DAYS = {"次日": 1, "翌日": 1, "第二天": 1, "隔天": 1, "当天": 0, "当日": 0, "同日": 0, "当晚": 0}
_RELATIVE = re.compile("|".join(RELATIVE_DAYS))
PLAIN, INFERRED, LUNAR = 0, 1, 2  # how the date was found: written, carried over, converted


@dataclass
class Resolved:
    time: dict[str, Any]  # year, month, day, hour, minute as resolved
    how: int = PLAIN
    when: str = ""


def _shift(date: dict[str, Any], days: int, year: int | None) -> dict[str, Any]:
    if "month" not in date or "day" not in date or not days:
        return dict(date)
    # Without a year a leap year keeps 2月29日 possible.
    base = dt.date(int(date.get("year") or year or 2000), int(date["month"]), int(date["day"]))
    moved = base + dt.timedelta(days=days)
    out = {**date, "month": moved.month, "day": moved.day}
    if date.get("year") or year:
        out["year"] = moved.year
    return out


def resolve_events(
    events: list[tuple[str, int, str, dict[str, Any]]], page_year: int | None
) -> list[Resolved]:
    """Events of one page in text order, as (article ref key, start, text, time fields)."""
    last: dict[str, dict[str, Any]] = {}
    out = []
    for article, _start, text, given in events:
        time = {k: v for k, v in given.items() if k != "part"}
        how = PLAIN
        has_date = any(k in time for k in ("year", "month", "day", "calendar"))
        relative = given.get("relative")
        word = _RELATIVE.search(text)
        offset = RELATIVE_DAYS.get(str(relative)) if relative is not None else None
        if offset is None and word is not None:
            offset = RELATIVE_DAYS[word.group(0)]
        if isinstance(relative, int) and not isinstance(relative, bool):
            offset = relative
        if "calendar" in time and "month" not in time:
            year = time.get("year") or page_year
            solar = lunar_to_gregorian(str(time["calendar"]), int(year)) if year else None
            if solar is not None:
                time.update(year=solar.year, month=solar.month, day=solar.day)
                how = LUNAR
        elif offset is not None and "day" not in time and article in last:
            time = {**_shift(last[article], offset, page_year), **time}
            how = INFERRED
        elif not has_date and "hour" in time and article in last:
            time = {**last[article], **time}
            how = INFERRED
        if "month" in time or "day" in time:
            last[article] = {k: time[k] for k in ("year", "month", "day") if k in time}
        if page_year is not None and "year" not in time:
            time["year"] = page_year
        part = given.get("part")
        if part and str(part) in text:
            time["part"] = part
        out.append(Resolved(time, how, describe(time, how)))
    return out


def sort_key(time: dict[str, Any]) -> tuple[float, ...]:
    return tuple(
        float(time[k]) if isinstance(time.get(k), int | float) else math.inf
        for k in ("year", "month", "day", "hour", "minute")
    )


def key_text(time: dict[str, Any]) -> str:
    """The sort key as text that SQLite orders the same way: unknown fields last."""
    return "".join(
        f"{int(time[k]):04d}" if isinstance(time.get(k), int | float) else "~~~~"
        for k in ("year", "month", "day", "hour", "minute")
    )


def describe(time: dict[str, Any], how: int = PLAIN) -> str:
    parts = []
    if time.get("year"):
        parts.append(f"{time['year']}年")
    if time.get("month"):
        parts.append(f"{time['month']}月")
    if time.get("day"):
        day = f"{time['day']}日" if not time.get("day_end") else f"{time['day']}-{time['day_end']}日"
        parts.append(day)
    if time.get("calendar"):
        parts.append(f"(农历{time['calendar']})" if how == LUNAR else str(time["calendar"]))
    if time.get("part"):
        parts.append(str(time["part"]))
    if time.get("hour") is not None:
        parts.append(f"{time['hour']:02d}:{time.get('minute') or 0:02d}")
    return ("~" if how == INFERRED else "") + ("".join(parts) or "undated")
