"""The attribute form costs keys only where the person decides: counted candidates on
1–9, 0 for nothing counted, ctrl+t to trim a selection to the figure it holds, and the
attributes read again after an edge is moved."""

from __future__ import annotations

import json

from reader.corpus.corpus import load_corpus
from reader.tui.app import make_app
from reader.tui.screens.attributes import AttributeForm
from reader.tui.widgets.article_view import ArticleView
from tests.conftest import open_in_app, page_folder, screen_text, search_to, settle, type_at_once

SIZE = (120, 40)
PAGE = "疫情防控\n\n全县累计接种新冠疫苗186420剂次,8200余名党员深入一线。\n"


def _saved(folder):
    path = folder / "p.json"
    return json.loads(path.read_text(encoding="utf-8"))["spans"] if path.exists() else []


async def _reader(tmp_path, segmenter):
    corpus = load_corpus(page_folder(tmp_path, [("p.txt", PAGE)]))
    return make_app(corpus, segmenter=segmenter, annotations=tmp_path / "ann")


async def test_a_digit_takes_a_counted_candidate_and_zero_clears_it(tmp_path, segmenter):
    app = await _reader(tmp_path, segmenter)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "p")
        await search_to(pilot, "186420")
        await type_at_once(pilot, "shift+right", "f")
        await settle(pilot, lambda: isinstance(app.screen, AttributeForm))
        form = app.screen
        assert len(form.choices) >= 2, form.choices
        shown = screen_text(app)
        assert "1 " + form.choices[0] in shown and "0 none" in shown
        second = form.choices[1]
        await type_at_once(pilot, "2", "enter")
        await settle(pilot, lambda: not isinstance(app.screen, AttributeForm))
        assert _saved(tmp_path / "ann")[0]["attrs"]["counted"] == second
        await pilot.press("enter")  # the form again, on the tag under the cursor
        await settle(pilot, lambda: isinstance(app.screen, AttributeForm))
        await type_at_once(pilot, "0", "enter")
        await settle(pilot, lambda: not isinstance(app.screen, AttributeForm))
    assert _saved(tmp_path / "ann")[0]["attrs"]["counted"] == ""


async def test_digits_are_typed_as_usual_in_the_other_fields(tmp_path, segmenter):
    app = await _reader(tmp_path, segmenter)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "p")
        await search_to(pilot, "186420")
        await type_at_once(pilot, "shift+right", "f", "tab", "ctrl+u", "7", "enter")
        await settle(pilot, lambda: not isinstance(app.screen, AttributeForm))
    assert _saved(tmp_path / "ann")[0]["attrs"]["value"] == 7


async def test_a_selection_holding_more_than_the_figure_is_read_and_trimmed(tmp_path, segmenter):
    app = await _reader(tmp_path, segmenter)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "p")
        view = app.query_one(ArticleView)
        await search_to(pilot, "8200")
        start = view.cursor_offset
        while view.selection is None or view.selection[1] < start + len("8200余名党员"):
            await pilot.press("shift+right")
        await pilot.press("f")
        await settle(pilot, lambda: isinstance(app.screen, AttributeForm))
        assert "ctrl+t: trim the tag to the figure 8200余名" in screen_text(app)
        await type_at_once(pilot, "ctrl+t", "enter")
        await settle(pilot, lambda: not isinstance(app.screen, AttributeForm))
    [tag] = _saved(tmp_path / "ann")
    assert tag["text"] == "8200余名"
    assert (tag["attrs"]["unit"], tag["attrs"]["counted"], tag["attrs"]["value"]) == ("名", "党员", 8200)


async def test_moving_an_edge_reads_again_what_the_person_did_not_type(tmp_path, segmenter):
    """An event's start moved past its date: its time and date (never typed) follow the
    edges and the status line says so; the summary (typed) stays."""
    text = "疫情防控\n\n3月6日,街道开会。3月7日晚上6时30分,干部出发。\n"
    corpus = load_corpus(page_folder(tmp_path, [("p.txt", text)]))
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path / "ann")
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "p")
        session = app.session
        start = text.index("3月7日")
        tag = session.edits.tag("event", start, text.index("。", start)).value
        assert tag.attrs["date"] == "--03-07"
        session.edits.update(tag, dict(tag.attrs, summary="干部出发"), "")
        app.reader.show_tags()
        app.query_one(ArticleView).move_to(start)
        await pilot.press(*["alt+shift+right"] * 4)
        await settle(pilot)
        assert "read again" in screen_text(app)
    [saved] = _saved(tmp_path / "ann")
    assert saved["text"].startswith("晚上6时30分")
    assert "month" not in saved["attrs"]["time"] and saved["attrs"]["time"]["hour"] == 18
    assert saved["attrs"]["date"] == "--03-06"  # a clock time takes the date before it
    assert saved["attrs"]["summary"] == "干部出发"


async def test_a_start_edge_never_takes_in_the_line_break_before_its_paragraph(tmp_path, segmenter):
    text = "疫情防控\n\n3月6日,街道开会。\n"
    corpus = load_corpus(page_folder(tmp_path, [("p.txt", text)]))
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path / "ann")
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "p")
        start = text.index("3月6日")
        app.session.edits.tag("event", start, text.index("。"))
        app.reader.show_tags()
        app.query_one(ArticleView).move_to(start)
        await pilot.press("alt+shift+left", "alt+shift+left")
        await settle(pilot)
    [saved] = _saved(tmp_path / "ann")
    assert saved["start"] == start and "\n" not in saved["text"]


def test_the_form_title_ends_a_long_span_with_an_ellipsis():
    from reader.tui.screens.attributes import SHOWN, _shown

    long = "全市累計接種疫苗3,358,228人次，其中第一劑2,000,000人次，第二劑1,358,228人次。"
    assert len(long) > SHOWN and _shown(long).endswith("…") and len(_shown(long)) == SHOWN
    assert _shown("8200余名") == "8200余名"
