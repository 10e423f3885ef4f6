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
