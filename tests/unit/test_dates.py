"""The date an event happened, resolved as the guidelines say (reader/extraction/dates.py).

Invented pages, one per rule of "The date an event happened"; the expected dates are
read off the rules, not off the resolver.
"""

from __future__ import annotations

import pytest

from reader.corpus.page_dates import PAGE_DATES_NAME, page_dates, source_date
from reader.extraction.dates import PageDate, date_in_name, page_date, parse_iso
from reader.extraction.extractor import extract_text


def _dates(text: str, source: PageDate | None = None) -> list[tuple[str, str | None, str]]:
    return [
        (s.text[:8], s.attrs["date"], s.attrs["date_from"])
        for s in extract_text(text, source=source)
        if s.label == "event"
    ]


def test_a_date_the_expression_writes_whole_is_from_the_text():
    assert [d[1:] for d in _dates("2020年2月7日，调查组成立。\n")] == [("2020-02-07", "text")]


def test_a_year_comes_from_before_never_from_after():
    text = "2019年12月，医院收治了病人。12月27日，医生报告了病例。\n"
    assert [d[1:] for d in _dates(text)] == [("2019-12", "text"), ("2019-12-27", "article")]
    later = "12月27日，医生报告了病例。比1949年新中国成立时增长约20倍。\n"
    assert _dates(later)[0][1:] == ("--12-27", "unknown-year")


def test_a_day_alone_takes_the_preceding_month_or_a_later_one_that_leaves_no_doubt():
    text = "3月7日，街道开会。9日，社区消杀。\n"
    assert [d[1] for d in _dates(text)] == ["--03-07", "--03-09"]
    first = "纪委29日发布的通报称。1月28日，纪委进行谈话。\n"
    assert _dates(first)[0][1] == "--01-29"
    assert _dates("16日，洪水来袭。\n")[0][1:] == ("---16", "unknown-year")


def test_a_glossed_relative_word_takes_the_gloss_and_keeps_it_for_the_article():
    text = "今天（4月8日），列车开出。今天0时的武汉灯火通明。\n"
    assert [d[1] for d in _dates(text)] == ["--04-08", "--04-08"]


def test_a_day_gloss_takes_its_month_from_the_page_date_given_outside():
    text = "中心今(29)日公布新增病例。\n"
    assert _dates(text, PageDate(2021, 9, 29, "source"))[0][1:] == ("2021-09-29", "source")


def test_clock_times_take_the_date_before_and_roll_over_midnight():
    text = "1月31日傍晚，企业忙碌。晚上9：40，车辆出发。凌晨4：30，车辆到达。\n"
    assert [d[1] for d in _dates(text)] == ["--01-31", "--01-31", "--02-01"]
    morning = "1月23日09:57，客车出发。09:53:45，乘客上车。\n"
    assert [d[1] for d in _dates(morning)] == ["--01-23", "--01-23"]  # not the next day


def test_same_day_next_day_and_the_first_day_of_a_narrative():
    first, second = "12月30日15时，通知下发。于当天19时许被转发。", "次日8时，人员到岗。"
    text = first + second + "从第一天晚上6：30到中午，共17小时。\n"
    assert [d[1] for d in _dates(text)] == ["--12-30", "--12-30", "--12-31", "--12-30"]


def test_ranges_and_lists_take_the_first_day():
    assert _dates("6月26、27日，完成消杀。\n")[0][1] == "--06-26"
    assert _dates("从1月23日到4月8日，武汉封城。\n")[0][1] == "--01-23"


def test_a_lunar_date_is_converted_when_its_year_is_known():
    assert _dates("2020年大年初二，医疗队出发。\n")[0][1:] == ("2020-01-26", "text")
    assert _dates("大年初二，医疗队出发。\n")[0][1] is None


def test_years_alone_and_parts_of_a_year():
    assert _dates("2021年上半年，新发展党员231.2万名。\n")[0][1] == "2021"
    assert _dates("二○二一年九月，开展检查。\n")[0][1:] == ("2021-09", "text")  # ○ as zero


def test_the_page_states_its_own_date():
    assert page_date("发布时间：2021-09-29 10:00\n正文。\n") == PageDate(2021, 9, 29, "page")
    assert page_date("新华社北京4月8日电 今天……\n") == PageDate(None, 4, 8, "page")
    notice = "关于加强管控的通告\n\n一、……\n\n哈尔滨市指挥部\n2021年3月8日\n"
    assert page_date(notice) == PageDate(2021, 3, 8, "page")
    assert page_date("发布数据，截至2021年6月5日，党员总数为……\n") is None  # not a date line
    text = "新华社北京4月8日电 今天上午10时，会议召开。\n"
    assert _dates(text)[-1][1:] == ("--04-08", "unknown-year")  # the month and day from the page
    dated = "发布时间：2020-04-08\n今天上午10时，会议召开。\n"
    assert _dates(dated)[-1][1:] == ("2020-04-08", "page")


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("tw-cdc-20210929-daily.txt", PageDate(2021, 9, 29, "source")),
        ("2020-04-14_shanxi.txt", PageDate(2020, 4, 14, "source")),
        ("report_2020-04.txt", PageDate(2020, 4, None, "source")),
        ("000_1b80620b9e734545.txt", None),
        ("case_12345678.txt", None),  # not a date: month 56
    ],
)
def test_a_date_in_the_file_name(name, date):
    assert date_in_name(name) == date


def test_page_dates_tsv_wins_over_the_file_name_and_names_bad_lines(tmp_path):
    (tmp_path / "p-20200101.txt").write_text("今天上午10时，会议召开。\n", encoding="utf-8")
    (tmp_path / PAGE_DATES_NAME).write_text(
        "# page\tdate\np-20200101.txt\t2021-05-06\nother.txt\t2020-02\nbroken line\nx.txt\t2020-13-01\n",
        encoding="utf-8",
    )
    dates = page_dates(tmp_path)
    assert dates.for_page("p-20200101.txt") == PageDate(2021, 5, 6, "source")
    assert dates.for_page("other.txt") == PageDate(2020, 2, None, "source")
    assert [p.split(": ")[0].rsplit(":", 1)[1] for p in dates.problems] == ["4", "5"]
    assert parse_iso("2020-13-01") is None
    from reader.corpus.corpus import load_corpus

    page = load_corpus(tmp_path).pages[0]
    assert source_date(page) == PageDate(2021, 5, 6, "source")
    [event] = [s for s in extract_text(page.text, source=source_date(page)) if s.label == "event"]
    assert (event.attrs["date"], event.attrs["date_from"]) == ("2021-05-06", "source")
