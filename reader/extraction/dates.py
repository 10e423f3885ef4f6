"""The date an event happened (`date`, `date_from`), resolved as a careful reader would.

The guidelines' "The date an event happened": every event gets `date`, an ISO 8601
string (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `--MM-DD`, `--MM`, `---DD`) or None, and
`date_from`, where its parts came from (text, article, page, source, unknown-year).
Part by part, in article order:

- the year from the expression, else the nearest explicit year written *before* it in
  the article, else the page's date (stated in the page, else given outside it);
- a day alone takes the month of the nearest preceding date, else the page's month,
  else the month of the article's next date; with no month on the page: `---DD`;
- a relative word glossed with a date takes the gloss (今天（4月8日）, 今(29)日), and a
  later use of the same word means the same day; unglossed, it counts from the page's
  date; 当天 is the preceding date, 次日/第二天/翌日 the day after it, 第一天 the
  narrative's first;
- a clock time alone takes the date of the event before it; a morning time after an
  evening one is the next day (晚上9:40 … 凌晨4:30);
- a lunar date becomes its Gregorian date when its year is known (lunardate);
- a range or list takes its first day (times.parse_time reads it so).

The time grammar (what anchors an event, its time fields) is times.py; this module
only decides the calendar date. A page's own date is found here too (`page_date`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reader.extraction.lunar import lunar_to_gregorian
from reader.extraction.numerals import parse_number
from reader.extraction.times import ANCHOR, REL_DAY, year_of

FROM_ORDER = ("text", "article", "page", "source")  # the furthest place a part came from wins
SHIFTS = {"今天": 0, "今日": 0, "今晚": 0, "今早": 0, "今": 0, "昨天": -1, "昨日": -1, "昨晚": -1, "昨": -1,
          "前天": -2, "明天": 1, "明日": 1, "明": 1, "后天": 2}  # fmt: skip
SAME_DAY = ("当天", "当日", "同日", "当晚")
NEXT_DAY = ("次日", "翌日", "第二天", "隔天", "第2天")
FIRST_DAY = ("第一天", "第1天")
EVENING_PARTS = ("晚", "晚上", "傍晚", "晚间", "深夜", "夜间", "夜里", "今晚", "当晚", "夜", "午夜", "半夜")
_YEAR = re.compile(
    r"(?<![0-9０-９])([12][0-9]{3}|[〇○零一二三四五六七八九]{4})年|今[(（]([12][0-9]{3})[)）]年"
)
_RELATIVE = re.compile(REL_DAY + r"|今|昨|明")


# The shapes a date may take (the guidelines): YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD, --MM, ---DD.
ISO_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?|--[0-9]{2}(?:-[0-9]{2})?|---[0-9]{2}")


def typed_date(text: str, before: str | None, came_from: str) -> tuple[str | None, str]:
    """A date a person typed (ValueError if it is not one of the shapes), and its
    date_from: kept when the year stays known or unknown as before, else "text" for a
    year now written, "unknown-year" for one taken away."""
    text = text.strip()
    if not text:
        return None, "unknown-year"
    if not ISO_DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date (2020-04-13, 2020-04, 2020, --04-13, --04, ---13)")
    had_year, has_year = bool(before) and str(before)[:1].isdigit(), text[:1].isdigit()
    if has_year == had_year and came_from:
        return text, came_from
    return text, "text" if has_year else "unknown-year"


@dataclass(frozen=True)
class PageDate:
    """A page's date: what it states itself (``"page"``) or what is given outside it,
    its file name or the corpus's page-dates.tsv (``"source"``)."""

    year: int | None
    month: int | None = None
    day: int | None = None
    origin: str = "page"


@dataclass
class _Date:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    came_from: str = "text"  # the furthest place a part came from

    def took(self, where: str) -> None:
        if FROM_ORDER.index(where) > FROM_ORDER.index(self.came_from):
            self.came_from = where

    def iso(self) -> str | None:
        y, m, d = self.year, self.month, self.day
        if y is not None:
            if m is None:
                return f"{y:04d}"
            return f"{y:04d}-{m:02d}" if d is None else f"{y:04d}-{m:02d}-{d:02d}"
        if m is not None:
            return f"--{m:02d}" if d is None else f"--{m:02d}-{d:02d}"
        return None if d is None else f"---{d:02d}"

    def read_in_article(self, days: int = 0) -> _Date:
        """This date ``days`` later, as a word of the article resolved it (当天, 次日, a gloss)."""
        date = self.shifted(days)
        date.took("article")
        return date

    def shifted(self, days: int) -> _Date:
        if self.month is None or self.day is None or not days:
            return _Date(self.year, self.month, self.day, self.came_from)
        try:
            base = dt.date(self.year or 2000, self.month, self.day)  # 2000: a leap year keeps 2月29日
        except ValueError:
            return _Date(self.year, self.month, self.day, self.came_from)
        moved = base + dt.timedelta(days=days)
        year = moved.year if self.year is not None else None
        return _Date(year, moved.month, moved.day, self.came_from)


@dataclass
class Event:
    """What the resolver reads of one event: its place in the text, the text from its
    first time expression on, and the time fields times.parse_time gave it."""

    start: int
    anchor: str
    time: dict[str, Any]
    date: str | None = None
    date_from: str = "unknown-year"


@dataclass
class _Article:
    page: PageDate | None
    years: list[tuple[int, int]]  # (position, year) of every year written in the article
    dates: list[tuple[int, int | None, int | None]]  # (position, month, day) of every date written
    last: _Date | None = None  # the date of the event before
    last_hour: int | None = None
    last_part: str = ""
    first: _Date | None = None  # the narrative's first day
    glosses: dict[str, _Date] = field(default_factory=dict)


def resolve(
    text: str,
    events: Sequence[Event],
    articles: Iterable[tuple[int, int]],
    page: PageDate | None = None,
) -> None:
    """Set each event's ``date`` and ``date_from``; ``text`` is the (normalised) text the
    events' positions point into, ``articles`` its articles' (start, end)."""
    ordered = sorted(events, key=lambda e: e.start)
    for start, end in articles:
        inside = [e for e in ordered if start <= e.start < end]
        if not inside:
            continue
        body = text[start:end]
        years = [(start + m.start(), _year(m.group(1) or m.group(2))) for m in _YEAR.finditer(body)]
        dates = [(start + m.start(), *_month_day(m.group(0))) for m in ANCHOR.finditer(body)]
        context = _Article(page, [(p, y) for p, y in years if y is not None], dates)
        for event in inside:
            date = _resolve_one(event, context)
            event.date = date.iso()
            event.date_from = "unknown-year" if date.year is None else date.came_from


def _resolve_one(event: Event, ctx: _Article) -> _Date:
    time = event.time
    relative = _relative_word(event.anchor)
    has_date = any(k in time for k in ("year", "month", "day"))
    if "calendar" in time and "month" not in time:
        date = _lunar(event, ctx)
    elif has_date:
        date = _written(event, ctx)
        if relative is not None and date.day is not None:  # 今天（4月8日）: 今天 is that day here
            ctx.glosses[relative] = _Date(date.year, date.month, date.day, date.came_from)
    elif relative is not None:
        date = _relative(relative, ctx)
    elif "hour" in time and ctx.last is not None:
        date = _Date(ctx.last.year, ctx.last.month, ctx.last.day, ctx.last.came_from)
        date.took("article")
        if _rolls_over(time, ctx):
            date = date.shifted(1)
    else:
        date = _Date()
    if date.iso() is not None:
        ctx.last = date
        ctx.first = ctx.first or date
    if "hour" in time:
        ctx.last_hour, ctx.last_part = time.get("hour"), str(time.get("part") or "")
    elif has_date or relative is not None:
        ctx.last_hour, ctx.last_part = None, str(time.get("part") or "")
    return date


def _written(event: Event, ctx: _Article) -> _Date:
    """A date the expression writes (all or part of it); the rest from the article or page."""
    time = event.time
    date = _Date(_int(time.get("year")), _int(time.get("month")), _int(time.get("day")))
    if date.day is not None and date.month is None:
        month = _month_before(event.start, ctx)
        if month is not None:
            date.month = month
            date.took("article")
        elif ctx.page is not None and ctx.page.month is not None:
            date.month = ctx.page.month
            date.took(ctx.page.origin)
        else:
            later = next((m for p, m, _ in ctx.dates if p > event.start and m is not None), None)
            if later is not None:
                date.month = later
                date.took("article")
    if date.year is None and date.month is not None:
        _take_year(date, event.start, ctx)  # a day with no month (---DD) takes no year
    return date


def _take_year(date: _Date, position: int, ctx: _Article) -> None:
    before = [y for p, y in ctx.years if p < position]
    if before:
        date.year = before[-1]
        date.took("article")
    elif ctx.page is not None and ctx.page.year is not None:
        date.year = ctx.page.year
        date.took(ctx.page.origin)


def _relative(word: str, ctx: _Article) -> _Date:
    """A relative day word with no date of its own (今天0时, 当天15时22分, 次日, 第一天晚上)."""
    if word in ctx.glosses:
        return ctx.glosses[word].read_in_article()
    if word in SAME_DAY and ctx.last is not None:
        return ctx.last.read_in_article()
    if word in NEXT_DAY and ctx.last is not None:
        return ctx.last.read_in_article(1)
    if word in FIRST_DAY and ctx.first is not None:
        return ctx.first.read_in_article()
    shift = SHIFTS.get(word)
    page = ctx.page
    if shift is not None and page is not None and page.month is not None and page.day is not None:
        date = _Date(page.year, page.month, page.day, page.origin).shifted(shift)
        date.came_from = page.origin
        return date
    return _Date()


def _lunar(event: Event, ctx: _Article) -> _Date:
    date = _Date(_int(event.time.get("year")))
    if date.year is None:
        _take_year(date, event.start, ctx)
    if date.year is None:
        return _Date()
    solar = lunar_to_gregorian(str(event.time["calendar"]), date.year)
    if solar is None:
        return _Date()
    return _Date(solar.year, solar.month, solar.day, date.came_from)


def _rolls_over(time: dict[str, Any], ctx: _Article) -> bool:
    """A morning clock time after an evening one, in a running narrative: the next day."""
    hour = _int(time.get("hour"))
    if hour is None or ctx.last_hour is None:
        return False
    evening = ctx.last_hour >= 18 or (ctx.last_part in EVENING_PARTS and ctx.last_hour >= 6)
    return evening and hour < 12 and str(time.get("part") or "") not in EVENING_PARTS


def _month_before(position: int, ctx: _Article) -> int | None:
    months = [m for p, m, _ in ctx.dates if p < position and m is not None]
    return months[-1] if months else None


def _relative_word(anchor: str) -> str | None:
    m = _RELATIVE.match(anchor)
    if m is None:
        return None
    word = m.group(0)
    for full in (*SHIFTS, *SAME_DAY, *NEXT_DAY, *FIRST_DAY):
        if anchor.startswith(full) and len(full) > len(word):
            word = full
    return word


def _month_day(expression: str) -> tuple[int | None, int | None]:
    from reader.extraction.times import parse_time

    time = parse_time(expression)
    return _int(time.get("month")), _int(time.get("day"))


def _year(text: str | None) -> int | None:
    return year_of(text) if text else None


def _int(value: object) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return int(value)
    number = parse_number(str(value))
    return None if number is None else int(number)


# --- the page's own date ------------------------------------------------------------

_FULL = r"(?P<y>[12][0-9]{3})\s*(?:年|[-/.])\s*(?P<m>[0-9]{1,2})\s*(?:月|[-/.])\s*(?P<d>[0-9]{1,2})\s*日?"
_PUBLISHED = re.compile(
    r"(?:(?:发布|發布|发表|發表|更新|出版)(?:时间|時間|日期)|(?:^|\n)\s*日期)\s*[:：]?\s*" + _FULL
)
_DATE_LINE = re.compile(r"^\s*" + _FULL + r"\s*(?:(?:星期|周|週)[一二三四五六日天])?\s*$")
# A dateline: 新华社北京4月8日电, 中新网北京12月28日电, 本报讯（记者 …）4月8日.
_DATELINE = re.compile(
    r"^[^\n。，,]{0,16}?(?:(?P<y>[12][0-9]{3})年)?(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})日电"
)
HEAD_LINES = 4


def page_date(text: str) -> PageDate | None:
    """The date a page states for itself: a published-at line (发布时间 2021-09-29), a date
    alone on one of its first lines, a dateline (新华社北京4月8日电), or the sign-off date
    under a notice (a date alone on the page's last line); None if it states none."""
    found = _PUBLISHED.search(text[:2000])
    if found is not None:
        return _from_match(found)
    lines = [line for line in text.splitlines() if line.strip()]
    for line in lines[:HEAD_LINES]:
        found = _DATE_LINE.match(line)
        if found is not None:
            return _from_match(found)
    for line in lines[: HEAD_LINES * 2]:
        found = _DATELINE.match(line.strip())
        if found is not None:
            return _from_match(found)
    if lines:
        found = _DATE_LINE.match(lines[-1])
        if found is not None:
            return _from_match(found)
    return None


_NAME_DATE = re.compile(
    r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})[-_.]?(?P<m>0[1-9]|1[0-2])"
    r"(?:[-_.]?(?P<d>0[1-9]|[12][0-9]|3[01]))?(?![0-9])"
)


def date_in_name(name: str) -> PageDate | None:
    """A date in a page's file name (2020-04-14, 20200414, 2020-04): given outside the text."""
    found = _NAME_DATE.search(name)
    return None if found is None else _from_match(found, "source")


def parse_iso(text: str) -> PageDate | None:
    """An ISO date (2020-04-14) or month (2020-04), as page-dates.tsv gives it; None if not one."""
    found = re.fullmatch(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?", text.strip())
    if found is None:
        return None
    date = _from_match(found, "source")
    return date if date.month is not None else None


def _from_match(found: re.Match[str], origin: str = "page") -> PageDate:
    parts = found.groupdict()
    year = int(parts["y"]) if parts.get("y") else None
    month = int(parts["m"]) if parts.get("m") else None
    day = int(parts["d"]) if parts.get("d") else None
    if month is not None and not 1 <= month <= 12:
        month = day = None
    if day is not None and not 1 <= day <= 31:
        day = None
    return PageDate(year, month, day, origin)
