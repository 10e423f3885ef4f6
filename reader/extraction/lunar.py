"""Lunar calendar dates (大年初二, 正月十七, 腊月廿三) as Gregorian dates, through lunardate."""

from __future__ import annotations

import datetime as dt

_LUNAR_DAY = {"初一": 1, "初二": 2, "初三": 3, "初四": 4, "初五": 5, "初六": 6, "初七": 7, "初八": 8,
              "初九": 9, "初十": 10, "十一": 11, "十二": 12, "十三": 13, "十四": 14, "十五": 15,
              "十六": 16, "十七": 17, "十八": 18, "十九": 19, "二十": 20, "廿一": 21, "廿二": 22,
              "廿三": 23, "廿四": 24, "廿五": 25, "廿六": 26, "廿七": 27, "廿八": 28, "廿九": 29,
              "三十": 30}  # fmt: skip


def lunar_to_gregorian(calendar: str, year: int) -> dt.date | None:
    """The Gregorian date of a lunar date written as 大年三十, 正月初二, 腊月廿三, 大年初二…

    ``year`` is the Gregorian year the page gives it: 2020年大年三十 is the eve that
    falls in January 2020 (lunar year 2019), so both lunar years around it are tried
    and the one landing in ``year`` wins."""
    from lunardate import LunarDate

    day_word = next((w for w in sorted(_LUNAR_DAY, key=len, reverse=True) if calendar.endswith(w)), None)
    if day_word is None:
        return None
    month = 12 if calendar.startswith("腊月") or (calendar.startswith("大年") and day_word == "三十") else 1
    days = [_LUNAR_DAY[day_word]]
    if month == 12 and days[0] == 30:
        days.append(29)  # 大年三十 is the last day of the year, the 29th in a short month
    for lunar_year in (year, year - 1):
        for day in days:
            try:
                solar = LunarDate(lunar_year, month, day).to_solar_date()
            except ValueError:
                continue
            if solar.year == year:
                return solar
    return None
