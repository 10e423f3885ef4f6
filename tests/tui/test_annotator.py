"""The annotator's hour: selections, the form, warnings, the mouse, one key per decision.

Each test presses real keys and reads the annotation file or the screen."""

from __future__ import annotations

import json

from reader.tui.app import make_app
from reader.tui.screens.attributes import AttributeForm
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.corpus_tree import CorpusTree
from tests.conftest import open_in_app, reading, ref, screen_text, search_to, settle

SIZE = (140, 45)
EVENT_000 = "4月13日凌晨1时30分,一条信息打破了夜晚的宁静:王答乡韵达快递物流园发现初筛阳性人员"


def _spans(app, prefix: str):
    page = app.session.corpus.page(ref(app.session.corpus, prefix).page)
    path = app.session.annotations / (page.name[:-4] + ".json")
    return json.loads(path.read_text(encoding="utf-8"))["spans"] if path.exists() else []


def _notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_shift_left_shrinks_a_selection(corpus, segmenter, tmp_path):
    async with reading(corpus, segmenter, tmp_path, "000") as (app, pilot):
        view = app.query_one(ArticleView)
        await search_to(pilot, "2:00")
        await pilot.press(*["shift+right"] * 4)
        four = view.selection
        await pilot.press("shift+left")
        three = view.selection
        assert three[0] == four[0] and three[1] < four[1]
        await pilot.press(*["shift+left"] * 5)  # past the anchor: the selection flips
        assert view.selection[1] <= four[0] + len("2:00") and view.selection[0] < four[0]


async def test_an_event_takes_three_keys_from_its_time(corpus, segmenter, tmp_path):
    async with reading(corpus, segmenter, tmp_path, "000") as (app, pilot):
        await search_to(pilot, "4月13日凌晨")
        await pilot.press("shift+end", "e", "enter")
        await settle(pilot)
        [event] = _spans(app, "000")
        assert event["label"] == "event" and event["text"] == EVENT_000
        assert event["attrs"]["time"]["month"] == 4 and event["attrs"]["time"]["day"] == 13


async def test_a_figure_takes_three_keys_and_shift_home_reaches_the_sentence_start(
    corpus, segmenter, tmp_path
):
    async with reading(corpus, segmenter, tmp_path, "000") as (app, pilot):
        await search_to(pilot, "8200")
        await pilot.press("shift+right", "f", "enter")
        await settle(pilot)
        assert [s["text"] for s in _spans(app, "000")] == ["8200余名"]
        view = app.query_one(ArticleView)
        await search_to(pilot, "一线")
        await pilot.press("shift+home")
        start, end = view.selection
        text = app.session.page.text
        assert text[start - 1] in "。!?;！？；\n" and text[start:end].endswith("一线")


async def test_alt_arrows_move_the_edge_of_a_tag_and_undo_puts_it_back(corpus, segmenter, tmp_path):
    async with reading(corpus, segmenter, tmp_path, "000") as (app, pilot):
        await search_to(pilot, "8200")
        await pilot.press("shift+right", "f", "enter")
        await settle(pilot)
        tag_id = _spans(app, "000")[0]["id"]
        await pilot.press("alt+left")
        await settle(pilot)
        [tag] = _spans(app, "000")
        assert (tag["id"], tag["text"]) == (tag_id, "8200余")
        await pilot.press("alt+shift+right")
        await settle(pilot)
        assert _spans(app, "000")[0]["text"] == "200余"
        await pilot.press("u", "u")
        await settle(pilot)
        assert _spans(app, "000")[0]["text"] == "8200余名"


async def test_escape_on_a_new_tags_form_takes_the_tag_back(corpus, segmenter, tmp_path):
    async with reading(corpus, segmenter, tmp_path, "000") as (app, pilot):
        await search_to(pilot, "8200")
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, AttributeForm)
        await pilot.press("escape")
        await settle(pilot)
        assert _spans(app, "000") == []
        assert not app.session.editor.undo_stack  # nothing to undo: nothing was done


async def test_escape_on_an_existing_tag_leaves_it_and_typed_text_is_not_dropped_silently(
    corpus, segmenter, tmp_path
):
    async with reading(corpus, segmenter, tmp_path, "000") as (app, pilot):
        await search_to(pilot, "8200")
        await pilot.press("shift+right", "F")  # tagged at once, no form
        await settle(pilot)
        before = _spans(app, "000")
        assert [s["text"] for s in before] == ["8200余名"] and not isinstance(app.screen, AttributeForm)
        await pilot.press("enter")  # the form of the existing tag
        await settle(pilot)
        assert app.screen.focused.id == "counted"  # counted comes first
        await pilot.press("escape")
        await settle(pilot)
        assert _spans(app, "000") == before
        await pilot.press("enter", *"党员们", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # asks before dropping what was typed
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, AttributeForm)
        await pilot.press("escape", "y")
        await settle(pilot)
        assert _spans(app, "000") == before


async def test_enter_on_the_qualifier_field_saves(corpus, segmenter, tmp_path):
    async with reading(corpus, segmenter, tmp_path, "000") as (app, pilot):
        await search_to(pilot, "8200")
        await pilot.press("shift+right", "f", "tab", "tab")
        assert app.screen.focused.id == "qualifier"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, AttributeForm)
        assert _spans(app, "000")[0]["attrs"]["qualifier"] == "more-than"


async def test_tags_that_look_wrong_are_saved_with_a_warning(corpus, segmenter, tmp_path):
    async with reading(corpus, segmenter, tmp_path, "000") as (app, pilot):
        await search_to(pilot, "宁静")
        await pilot.press("f", "enter")
        await settle(pilot)
        assert any("has no numeral" in n for n in _notices(app))
        await pilot.press("e", "enter")
        await settle(pilot)
        assert any("has no time expression" in n for n in _notices(app))
        await search_to(pilot, "8200")
        await pilot.press("F", "shift+right", "F")
        await settle(pilot)
        assert any("overlaps the figure '8200'" in n for n in _notices(app))
        assert "no numeral" in app.screen.query_one("#notice").render().plain or _notices(app)


async def test_the_first_article_opens_with_the_text_focused_so_tag_keys_work(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.session.current is not None)
        await pilot.press("F")
        await settle(pilot)
        assert len(_spans(app, "000")) == 1
        await pilot.press("shift+tab")
        footer = screen_text(app).splitlines()[-1]
        assert "Open" in footer and "Down" in footer  # the list's keys, when it has focus


async def test_a_click_puts_the_cursor_and_a_double_click_selects_the_word(corpus, segmenter, tmp_path):
    async with reading(corpus, segmenter, tmp_path, "000") as (app, pilot):
        view = app.query_one(ArticleView)
        y = next(n for n, line in enumerate(view._lines) if line.kind == "body")
        line = view._lines[y]
        cell = line.cells[4]
        x = sum(c.width for c in line.cells[:4])
        await pilot.click(ArticleView, offset=(x + 1, y))  # + the left padding
        token = view.cursor_token
        assert token[0] <= cell.start < token[1]
        await pilot.click(ArticleView, offset=(x + 1, y), times=2)
        assert view.selection == token


async def test_j_and_k_keep_the_column_across_a_short_line(corpus, segmenter, tmp_path):
    async with reading(corpus, segmenter, tmp_path, "000") as (app, pilot):
        view = app.query_one(ArticleView)
        lines = view._lines
        # a full line, then a short last line of its paragraph, then (after a blank) a full line
        y = next(
            n
            for n in range(len(lines) - 3)
            if lines[n].kind == "body"
            and sum(c.width for c in lines[n].cells) > 60
            and 0 < sum(c.width for c in lines[n + 1].cells) < 20
            and not lines[n + 2].cells
            and sum(c.width for c in lines[n + 3].cells) > 60
        )
        start = view._cell_at(y, 50)
        view.move_to(start)
        x = lines[y].column_of(view.cursor_offset)
        await pilot.press("j", "j")
        assert view._line_of[view.cursor_offset] == y + 3
        # the column it started in, not the short line's end
        assert abs(lines[y + 3].column_of(view.cursor_offset) - x) <= 4


async def test_one_key_per_suggestion_accepts_and_moves_on(corpus, segmenter, tmp_path):
    async with reading(corpus, segmenter, tmp_path, "004") as (app, pilot):
        view = app.query_one(ArticleView)
        await pilot.press("p", "full_stop")  # what a terminal sends for "."
        first = sorted(app.session.suggestions(), key=lambda f: f.start)[0]
        assert view.cursor_offset == first.start
        total = len(app.session.suggestions())
        await pilot.press("a")
        await settle(pilot)
        second = sorted(app.session.suggestions(), key=lambda f: f.start)[0]
        assert view.cursor_offset == second.start  # on to the next, no navigation
        await pilot.press("r", "a")
        await settle(pilot)
        assert len(app.session.suggestions()) == total - 3
        assert len(_spans(app, "004")) == 2


async def test_escape_clears_the_search_hits(corpus, segmenter, tmp_path):
    async with reading(corpus, segmenter, tmp_path, "000") as (app, pilot):
        view = app.query_one(ArticleView)
        await search_to(pilot, "党员")
        assert view.hits
        await pilot.press("escape")
        assert view.hits == []


async def test_undo_in_another_article_opens_it(corpus, segmenter, tmp_path):
    async with reading(corpus, segmenter, tmp_path, "000") as (app, pilot):
        await search_to(pilot, "8200")
        await pilot.press("F")
        await settle(pilot)
        await open_in_app(pilot, app, "001")
        await pilot.press("u")
        await settle(pilot)
        assert app.session.current == ref(corpus, "000")
        assert any("Undone: tag figure" in n and "in 000_" in n for n in _notices(app))


async def test_list_rows_keep_length_counts_and_the_reviewed_mark(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await open_in_app(pilot, app, "000", article=1)
        await pilot.press("m")
        await settle(pilot)
        tree = app.query_one(CorpusTree)
        label = tree.label(ref(corpus, "000", 1)).plain
        chars = f"{corpus.article(ref(corpus, '000', 1))[1].chars}字"  # no white space counted
        assert label.endswith("✓") and chars in label
        assert chars in screen_text(app) and "✓" in screen_text(app)


async def test_at_sixty_columns_the_text_keeps_forty_and_f2_brings_the_list_back(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_in_app(pilot, app, "000")
        view = app.query_one(ArticleView)
        assert view.size.width >= 40
        assert not app.query_one(CorpusTree).display
        await pilot.press("f2")
        await settle(pilot)
        assert app.query_one(CorpusTree).display
        # The open article is in view with its page's row above it.
        shown = screen_text(app)
        assert app.session.current.page[:12] in shown and app.session.article.title[:2] in shown


async def test_the_accept_all_question_is_shown_whole(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_in_app(pilot, app, "004")
        await pilot.press("p", "A")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        shown = screen_text(app)
        for word in app.screen.question.split():  # wrapped, perhaps, but never cut
            assert word in shown, word


async def test_palette_and_help_list_every_action_once(corpus, segmenter, tmp_path):
    async with reading(corpus, segmenter, tmp_path, "000") as (app, pilot):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for action in ("Undo", "Suggest", "Review", "Accept all", "Timeline", "Next suggestion", "Event"):
            assert titles.count(action) == 1, action
        assert titles.count("Keys") == 1
        await pilot.press("question_mark")
        await settle(pilot)
        from textual.widgets import Label, Static

        help_text = "\n".join(str(w.render()) for w in app.screen.query(Static) if not isinstance(w, Label))
        sections = [str(w.render()) for w in app.screen.query(".help-section")]
        for section in ("Attribute form", "Figure table", "Article list", "Timeline and figure table"):
            assert section in sections
        for keys in ("Copy TSV", "Save", "Select to sentence end", "Next suggestion", "Open"):
            assert keys in help_text, keys


async def test_notices_show_in_the_status_bar_and_no_toast_covers_the_form(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:  # as in a terminal
        await open_in_app(pilot, app, "000")
        await search_to(pilot, "8200")
        await pilot.press("shift+right", "f")
        await settle(pilot)
        assert isinstance(app.screen, AttributeForm)
        shown = screen_text(app)
        # once, in the status bar: a toast would draw it a second time, over the form
        assert "1 hit(s) for '8200'" in shown.splitlines()[-2]  # the status bar
        from textual.widgets._toast import Toast

        toasts = [t for screen in app.screen_stack for t in screen.query(Toast)]
        assert toasts and not any(t.display for t in toasts)  # recorded, never drawn over the work


async def test_E_and_F_say_what_they_saved(corpus, segmenter, tmp_path):
    async with reading(corpus, segmenter, tmp_path, "000") as (app, pilot):
        await search_to(pilot, "8200")
        await pilot.press("shift+right", "F")  # 8200余名, tagged at once, no form
        await settle(pilot)
        [saved] = _spans(app, "000")
        notice = str(app.screen.query_one("#notice").render())
        assert notice.startswith("Figure saved: '8200余名'")
        assert str(saved["attrs"]["value"]) in notice and saved["attrs"]["unit"] in notice
        assert f"counts {saved['attrs']['counted']}" in notice
        await search_to(pilot, "4月13日凌晨")
        await pilot.press("shift+end", "E")  # to the sentence end: an event
        await settle(pilot)
        event = next(s for s in _spans(app, "000") if s["label"] == "event")
        notice = str(app.screen.query_one("#notice").render())
        assert notice.startswith("Event saved: ") and event["attrs"]["date"] in notice


async def test_a_unit_the_span_does_not_write_is_saved_but_said(corpus, segmenter, tmp_path):
    async with reading(corpus, segmenter, tmp_path, "000") as (app, pilot):
        await search_to(pilot, "8200")
        await pilot.press("shift+right", "F")  # 8200余名
        await settle(pilot)
        await pilot.press("enter")  # its form: counted, value, qualifier, unit
        await settle(pilot)
        await pilot.press("tab", "tab", "tab", *"个", "enter")
        await settle(pilot, lambda: not isinstance(app.screen, AttributeForm))
        [saved] = _spans(app, "000")
        assert saved["attrs"]["unit"] == "个"  # the person may mean it: kept
        notice = app.screen.query_one("#notice")
        assert "'个' is not written in '8200余名'" in str(notice.render()) and notice.has_class("-warning")


async def test_f2_at_sixty_columns_shows_the_open_article_under_its_page_row(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, lambda: app.session.keyword_model is not None)
        await pilot.press("f2")
        await settle(pilot)
        tree = app.query_one(CorpusTree)
        assert tree.display and tree.cursor_data == app.session.current
        assert tree.scroll_offset.y <= tree.line_of(app.session.current.page)  # the page's row in view
        assert app.session.current.page[:12] in screen_text(app)


async def test_a_long_tag_is_one_line_of_the_tag_list(corpus, segmenter, tmp_path):
    async with reading(corpus, segmenter, tmp_path, "000", (160, 45)) as (app, pilot):
        await search_to(pilot, "4月13日凌晨")
        await pilot.press("shift+end", "E")  # an event to the sentence's end
        await settle(pilot)
        lines = screen_text(app).splitlines()
        row = next(line for line in lines if " E " in line)
        assert "4月13日凌晨" in row.split(" E ", 1)[1]  # the letter and the text on one line
