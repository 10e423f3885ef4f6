"""The one time grammar (reader/extraction/times.py): anchors, span starts and time fields."""

from __future__ import annotations

import pytest

from reader.extraction.extractor import extract_text
from reader.extraction.times import find_events, parse_time


def _events(text: str) -> list[str]:
    return [e.text for e in find_events(text)]


@pytest.mark.parametrize(
    ("text", "events"),
    [
        ("晚上6：50，最后几箱防护服全部打包完毕。", ["晚上6：50，最后几箱防护服全部打包完毕"]),
        ("凌晨4：30，车队出发。", ["凌晨4：30，车队出发"]),
        ("上客10人：09:53:45，一男子上车；", ["09:53:45，一男子上车"]),
        ("今天0时的武汉灯火通明。", ["今天0时的武汉灯火通明"]),
        ("并于当天15时22分发布通知。", ["于当天15时22分发布通知"]),
        ("预计在29日在市区挂上帆布。", ["在29日在市区挂上帆布"]),
        ("於13日再開放登記。", ["於13日再開放登記"]),
        ("一月中旬，疫情开始扩散。", ["一月中旬，疫情开始扩散"]),
        ("2021年上半年，全国新发展党员231.2万名。", ["2021年上半年，全国新发展党员231.2万名"]),
        ("目標7/16開放接種", ["7/16開放接種"]),
        ("4号凌晨到达。", ["4号凌晨到达"]),
        ("今(29)日公布國內新增11例。", ["今(29)日公布國內新增11例"]),
        ("2022年10月14日", ["2022年10月14日"]),
    ],
)  # fmt: skip
def test_anchors(text, events):
    assert [s.text for s in extract_text(text) if s.label == "event"] == events


@pytest.mark.parametrize(
    "text",
    [
        "可傳染期共7日。",  # counted days, not a date
        "發病日前1日至發病日後5日。",
        "住在4号楼。",  # a building, not a day
        "凌晨，很多人还在梦乡。",  # a part of the day alone
        "当天，疾控中心开展调查。",  # a relative word alone
    ],
)
def test_not_anchors(text):
    assert _events(text) == []


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("晚上6：50", {"hour": 18, "minute": 50, "part": "晚上"}),
        ("09:53:45，嘉陵区", {"hour": 9, "minute": 53, "second": 45}),
        ("于当天15时22分", {"hour": 15, "minute": 22}),
        ("一月中旬", {"month": 1, "part": "中旬"}),
        ("2021年上半年", {"year": 2021, "part": "上半年"}),
        ("今(2021)年9月27日出現頭痛症狀", {"year": 2021, "month": 9, "day": 27}),
        ("7/16接種", {"month": 7, "day": 16}),
        ("到7/12日下午5時止", {"month": 7, "day": 12, "hour": 17, "part": "下午"}),
        ("在29日", {"day": 29}),
        ("2019年底", {"year": 2019, "part": "年底"}),
    ],
)
def test_time_fields(text, time):
    assert parse_time(text) == time
