"""The chart screen: events per day, one counted noun over time, TSV and jumping to spans."""

from __future__ import annotations

import pyperclip
from textual.widgets import OptionList

from reader.tui.app import make_app
from reader.tui.screens.chart import ChartScreen
from reader.tui.screens.figures import FiguresScreen
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.lazy_table import LazyTable
from tests.conftest import ROOT, settle

SIZE = (150, 45)


async def test_events_per_day_chart_copies_its_series_and_enter_opens_a_span(corpus, segmenter, monkeypatch):
    monkeypatch.setattr(pyperclip, "copy", lambda text: (_ for _ in ()).throw(pyperclip.PyperclipException()))
    app = make_app(corpus, segmenter=segmenter, annotations=ROOT / "annotations")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.session.index is not None)
        await pilot.press("ctrl+k")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ChartScreen)
        dates = [d for d, _, _ in screen.series]
        assert dates == sorted(dates) and "2020-01-26" in dates  # 正月初二 of 2020, converted
        await pilot.press("y")
        await settle(pilot)
        lines = app.clipboard.splitlines()
        assert lines[0] == "date\tevents" and len(lines) == len(dates) + 1
        while screen.series[screen.point][0] != "2020-01-26":
            await pilot.press("left")
        await pilot.press("enter")
        await settle(pilot)
        spans = screen.query_one(OptionList)
        assert spans.has_focus and any("正月初二" in e.text for e in screen.spans)
        spans.highlighted = next(n for n, e in enumerate(screen.spans) if "正月初二" in e.text)
        await pilot.press("enter")
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.has_focus
        assert app.session.document.text[view.cursor_offset :].startswith("從正月初二")


async def test_a_total_of_the_figure_table_charts_that_counted_noun(segmenter, tmp_path):
    """A counted noun on several dates is a stock: not summed, charted by date."""
    from reader.corpus.corpus import load_corpus
    from tests.conftest import page_folder

    text = "标题\n\n2020年4月13日，全县8200余名党员到岗。\n\n2020年4月14日，又有5000余名党员到岗。\n"
    corpus = load_corpus(page_folder(tmp_path, [("p.txt", text)]))
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path / "ann")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.session.index is not None)
        await pilot.press("ctrl+g")
        await settle(pilot)
        figures = app.screen
        assert isinstance(figures, FiguresScreen)
        totals = figures.query_one("#totals-table", LazyTable)
        row = next(n for n, t in enumerate(figures.totals) if t.counted == "党员")
        assert figures.totals[row].how == "series" and "not summed" in str(totals.row(row)[3])
        totals.focus()
        totals.cursor_row = row
        counted, unit = "党员", figures.totals[row].unit
        await pilot.press("enter")
        await settle(pilot)
        chart = app.screen
        assert isinstance(chart, ChartScreen) and chart.figure == (counted, unit)
        assert chart.series and sum(n for _, _, n in chart.series) >= 1
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is figures


# Twelve events on one day, one on each of three others, and two with no year at all.
SKEWED = [
    (
        "a.txt",
        "标题甲\n\n"
        + "".join(f"2020年4月13日{n}时，第{n}批党员到岗。\n\n" for n in range(1, 13))
        + "2020年4月14日，又有5000余名党员到岗。\n\n2020年4月15日，来了300名志愿者。\n\n"
        + "2020年4月16日，来了30名医生。\n",
    ),
    ("b.txt", "标题乙\n\n3月8日，召开会议。\n\n3月9日，开始复工。\n"),
]


def _skewed_app(segmenter, tmp_path, tag_undated: bool = False):
    from reader.annotation.editing import Editor
    from reader.annotation.store import AnnotationStore
    from reader.corpus.corpus import load_corpus
    from tests.conftest import page_folder

    corpus = load_corpus(page_folder(tmp_path, SKEWED))
    if tag_undated:  # a tag with no year too, so that every source has one to leave out
        page = corpus.page("b.txt")
        start = page.text.index("3月8日")
        Editor(AnnotationStore(tmp_path / "ann"), "t").tag(page, "event", start, page.text.index("。", start))
    return make_app(corpus, segmenter=segmenter, annotations=tmp_path / "ann")


def _plot_lines(app) -> list[str]:
    from tests.conftest import screen_text

    lines = screen_text(app).splitlines()
    top = next(n for n, line in enumerate(lines) if "┌" in line)
    bottom = next(n for n, line in enumerate(lines) if "└" in line)
    return lines[top + 1 : bottom]


def _ticks(lines: list[str]) -> list[str]:
    import re

    return [m.group(1) for line in lines if (m := re.match(r"\s*│?\s*(\S+)┤", line))]


async def _chart(pilot) -> None:
    """ctrl+k once the index is there, and the plot drawn."""
    await settle(pilot, lambda: pilot.app.session.index is not None)
    await pilot.press("ctrl+k")
    await settle(pilot)
    await pilot.pause(0.1)


async def test_a_tall_bar_leaves_the_others_readable(segmenter, tmp_path):
    import re

    app = _skewed_app(segmenter, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _chart(pilot)
        screen = app.screen
        assert isinstance(screen, ChartScreen)
        assert [n for _, n, _ in screen.series] == [12, 1, 1, 1]
        lines = _plot_lines(app)
        assert all(t.isdigit() for t in _ticks(lines))
        # Each bar's value is written above it: the 12 and the three 1s.
        written = [w for line in lines for w in re.findall(r"(?<![\d.])\d+(?![\d.])", line.split("┤")[-1])]
        assert sorted(written) == ["1", "1", "1", "12"], lines


async def test_counts_have_whole_ticks(segmenter, tmp_path):
    """One event on one day: the axis runs 0 to 1 without 0.17 or 0.5 of an event."""
    from reader.corpus.corpus import load_corpus
    from tests.conftest import page_folder

    corpus = load_corpus(page_folder(tmp_path, [("c.txt", "标题\n\n2020年3月8日，召开会议。\n")]))
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path / "ann")
    async with app.run_test(size=(60, 20)) as pilot:
        await _chart(pilot)
        ticks = _ticks(_plot_lines(app))
        assert ticks and all(t.isdigit() for t in ticks), ticks


async def test_the_spans_of_a_point_name_page_and_title(segmenter, tmp_path):
    app = _skewed_app(segmenter, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _chart(pilot)
        await pilot.press("enter")
        await settle(pilot)
        spans = app.screen.query_one(OptionList)
        shown = [str(spans.get_option_at_index(n).prompt) for n in range(spans.option_count)]
        assert shown and all(line.startswith("a · 标题甲\n") for line in shown), shown
        assert "4月16日" in shown[0]


async def test_events_left_out_for_want_of_a_year_are_told_whatever_s_shows(segmenter, tmp_path):
    app = _skewed_app(segmenter, tmp_path, tag_undated=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: app.session.index is not None)
        await pilot.press("ctrl+k")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ChartScreen)
        for origin in ("both", "tagged", "suggested"):
            assert screen.origin == origin
            title = str(screen.query_one("#chart-title").render())
            assert screen.left_out > 0 and f"{screen.left_out} event(s) left out" in title, (origin, title)
            await pilot.press("s")
            await settle(pilot)


def test_big_values_read_as_numbers_not_exponents():
    from reader.tui.screens.chart import exact_number, plain_number, short_number

    assert exact_number(6699868100.0) == "6,699,868,100" and exact_number(2.5) == "2.5"
    assert plain_number(6699868100.0) == "6699868100" and plain_number(0.25) == "0.25"
    assert short_number(6699868100.0) == "67亿" and short_number(32000.0) == "3.2万"
    assert short_number(812.0) == "812" and "e+" not in short_number(2.16364e9)
