"""Timeline, figure table, corpus search and stats screens, with the real keys."""

from __future__ import annotations

import pyperclip
from textual.widgets import OptionList

from reader.tui.app import make_app
from reader.tui.screens.corpus_search import CorpusSearchScreen
from reader.tui.screens.figures import FiguresScreen
from reader.tui.screens.stats import StatsScreen
from reader.tui.screens.timeline import TimelineScreen
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.lazy_table import LazyTable
from tests.conftest import ROOT, screen_text, settle

SIZE = (150, 45)


async def _ready(pilot, app):
    await settle(pilot, lambda: app.session.index is not None and app.session.keyword_model is not None)


async def _view(pilot, app, key, kind):
    """Press the view's key once the index is built; the screen that opened."""
    await _ready(pilot, app)
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(app.screen, kind)
    return app.screen


async def test_timeline_orders_events_and_enter_jumps(corpus, segmenter):
    app = make_app(corpus, segmenter=segmenter, annotations=ROOT / "annotations")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _view(pilot, app, "ctrl+t", TimelineScreen)
        rows = app.session.index.timeline()
        assert [r.entry.id for r in rows if r.entry] == list(screen.ids)  # the screen's order is the index's
        headings = [r.heading for r in rows if r.entry is None]
        # 003 states a year for some events; the pages' other events stay in groups of their own.
        assert headings[0].startswith("dated events")
        undated = {r.entry.ref.page for r in rows if r.entry and not r.entry.date[:1].isdigit()}
        assert sum(h.startswith("year unknown") for h in headings) == len(undated) == 5
        page000 = [r for r in rows if r.entry and r.entry.ref.page == corpus.pages[0].name]
        times = [(r.entry.time.get("month"), r.when) for r in page000]
        assert times[0][1] == "--04-04"  # 4月4日 comes before 4月13日 although it is later in the page
        clock = next(r for r in page000 if r.entry.text == "14:30 分区管控")
        assert clock.inferred and clock.when == "--04-13 14:30"
        # enter on an event opens its article at the span.
        table = screen.query_one(LazyTable)
        events = [r for r in rows if r.entry]
        table.cursor_row = next(n for n, r in enumerate(events) if r.entry.text.startswith("4月6日"))
        await pilot.press("enter")
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.has_focus
        assert app.session.document.text[view.cursor_offset : view.cursor_offset + 4] == "4月6日"


async def test_figure_table_filters_sorts_totals_and_copies(corpus, segmenter, monkeypatch):
    monkeypatch.setattr(pyperclip, "copy", lambda text: (_ for _ in ()).throw(pyperclip.PyperclipException()))
    app = make_app(corpus, segmenter=segmenter, annotations=ROOT / "annotations")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _view(pilot, app, "ctrl+g", FiguresScreen)
        assert len(screen.shown) == screen.count >= 273
        screen.query_one("#filter").focus()
        await pilot.press(*"党员")
        await settle(pilot, lambda: len(screen.ids) < screen.count)  # the filter runs once typing pauses
        assert screen.shown and all("党员" in "\t".join(screen.row(e)) for e in screen.shown)
        totals = screen.query_one("#totals-table", LazyTable)
        first = [str(c) for c in totals.row(0)]
        party = [
            e for e in screen.shown if e.attrs.get("counted") == first[0] and e.attrs.get("unit") == first[1]
        ]
        assert int(first[2]) == len(party)
        total = screen.totals[0]
        if total.how == "sum":  # on one date: the sum of the values
            assert float(first[3].replace(",", "")) == sum(e.attrs["value"] or 0 for e in party)
        else:  # a stock on several dates is not summed
            assert "not summed" in first[3] and total.dates > 1
        screen.query_one("#figures-table").focus()
        await pilot.press("o")  # sort by value
        values = [e.attrs["value"] for e in screen.shown if e.attrs.get("value") is not None]
        assert values == sorted(values)
        await pilot.press("o")  # o again: the same column the other way
        values = [e.attrs["value"] for e in screen.shown if e.attrs.get("value") is not None]
        assert values == sorted(values, reverse=True)
        await pilot.press("o")  # then the next column, ascending
        assert (screen.sort_column, screen.reverse) == (1, False)
        await pilot.press("y")
        await settle(pilot)
        lines = app.clipboard.splitlines()
        assert lines[0].split("\t")[:4] == ["value", "qualifier", "unit", "counted"]
        assert len(lines) == len(screen.shown) + 1


async def test_corpus_search_matches_traditional_and_jumps(corpus, segmenter):
    app = make_app(corpus, segmenter=segmenter, annotations=ROOT / "annotations")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _view(pilot, app, "ctrl+f", CorpusSearchScreen)
        await pilot.press(*"党员先锋岗", "enter")
        await settle(pilot)
        pages = {h.ref.page[:3] for h in screen.hits}
        assert {"000", "001"} <= pages
        await pilot.press("escape")
        await pilot.press("ctrl+f")
        await settle(pilot)
        await pilot.press(*"督导检查", "enter")  # 003 has 督導(dǎo)檢查: traditional, with a gloss
        await settle(pilot)
        screen = app.screen
        assert [h.ref.page[:3] for h in screen.hits] == ["003"]
        assert screen.query_one(OptionList).has_focus
        await pilot.press("enter")
        await settle(pilot)
        view = app.query_one(ArticleView)
        text = app.session.document.text
        assert text[view.cursor_offset : view.cursor_offset + 9] == "督導(dǎo)檢查"


async def test_corpus_search_lists_the_first_hits_at_once_then_the_count(corpus, segmenter, monkeypatch):
    from reader.tui.screens import corpus_search

    monkeypatch.setattr(corpus_search, "LIMIT", 3)
    app = make_app(corpus, segmenter=segmenter, annotations=ROOT / "annotations")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _view(pilot, app, "ctrl+f", CorpusSearchScreen)
        await pilot.press(*"党员", "enter")
        await settle(pilot, lambda: screen.total is not None)
        assert len(screen.hits) == 3 and screen.total == app.session.index.search_count("党员") > 3
        count = str(screen.query_one("#corpus-count").render())
        assert count.startswith(f"{screen.total} hit(s) (showing the first 3)")


async def test_stats_screen_counts_the_gold(corpus, segmenter):
    app = make_app(corpus, segmenter=segmenter, annotations=ROOT / "annotations")
    async with app.run_test(size=SIZE) as pilot:
        await _ready(pilot, app)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        shown = screen_text(app)
        assert "corpus (5 pages)" in shown and "273" in shown and "48" in shown


async def test_a_view_asked_for_before_the_index_is_ready_opens_when_it_is(segmenter, tmp_path):
    from reader.corpus.corpus import load_corpus

    folder = tmp_path / "pages"
    folder.mkdir()
    seed = (ROOT / "seeds" / "000_1b80620b9e734545.txt").read_text(encoding="utf-8")
    for i in range(100):
        (folder / f"p{i:03d}.txt").write_text(seed, encoding="utf-8")
    corpus = load_corpus(folder)
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path / "ann")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        if app.session.index is None:  # the usual case: 100 pages take a moment
            assert any("Building the corpus index" in n.message for n in app._notifications)
        await settle(pilot, lambda: isinstance(app.screen, TimelineScreen), limit=60)
        assert app.screen.events == 100 * 17
        assert app.index_progress == (100, 100)


async def test_all_5000_rows_of_a_generated_corpus_are_reachable_by_scrolling(segmenter, tmp_path):
    from reader.corpus.corpus import load_corpus

    folder = tmp_path / "pages"
    folder.mkdir()
    for p in range(100):
        lines = [f"2020年{p % 12 + 1}月{d % 28 + 1}日，第{p}-{d}次会议召开。" for d in range(50)]
        (folder / f"p{p:03d}.txt").write_text("标题\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    app = make_app(load_corpus(folder), segmenter=segmenter, annotations=tmp_path / "ann")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _view(pilot, app, "ctrl+t", TimelineScreen)
        table = screen.query_one(LazyTable)
        assert table.row_count == screen.events == 5000  # no cap: every event is a row
        await pilot.press("end")
        await settle(pilot)
        last = screen.entry_at(4999)
        assert table.cursor_row == 4999 and table.scroll_offset.y > 4900
        assert last.text.split("，")[1][:8] in screen_text(app)  # the last row is drawn
        await pilot.press("enter")
        await settle(pilot)
        assert app.session.current == last.ref


async def test_a_view_takes_typed_filter_text_without_tab_first(corpus, segmenter):
    app = make_app(corpus, segmenter=segmenter, annotations=ROOT / "annotations")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _view(pilot, app, "ctrl+g", FiguresScreen)
        assert screen.query_one("#figures-table").has_focus
        await pilot.press(*"党员")  # typed on the table
        await settle(pilot, lambda: len(screen.ids) < screen.count)
        assert screen.query_one("#filter").value == "党员"
        assert screen.shown and all("党员" in "\t".join(screen.row(e)) for e in screen.shown)


async def test_corpus_search_shows_which_pane_takes_the_keys(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _view(pilot, app, "ctrl+f", CorpusSearchScreen)
        query, results = screen.query_one("#corpus-query"), screen.query_one("#corpus-results")

        def colour(widget):
            return widget.styles.border_left[1]

        # The accent (the view's own border colour), not Textual's faint focus border.
        from textual.color import Color

        accent = Color.parse(app.theme_variables["accent"])
        assert query.has_focus and colour(query) == accent and colour(results) != accent
        await pilot.press(*"党员", "enter")
        await settle(pilot)
        assert results.has_focus and colour(results) == accent and colour(query) != accent


async def test_the_start_notice_is_no_toast_over_a_view_opened_at_once(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _view(pilot, app, "ctrl+f", CorpusSearchScreen)
        assert "Your tags:" in app.reader.query_one("#notice").render().plain  # in the status bar
        toasts = [n.message for n in app._notifications]  # what Textual shows as toasts
        assert not [m for m in toasts if "Your tags" in m]


async def test_stats_shows_every_column_at_60_and_80(corpus, segmenter, tmp_path):
    from reader.tui.screens.stats import SHORT

    for size in ((60, 20), (80, 24)):
        app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
        async with app.run_test(size=size) as pilot:
            await _view(pilot, app, "ctrl+o", StatsScreen)
            lines = screen_text(app).splitlines()
            header = next(line for line in lines if "page" in line and "chars" in line)
            for heading in SHORT:
                assert heading in header, (size, heading, header)
