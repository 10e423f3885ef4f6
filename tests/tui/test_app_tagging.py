"""Tagging with the real keys, then reading the annotation file on disk."""

from __future__ import annotations

import json

import pyperclip
import pytest

from reader.tui.app import make_app
from reader.tui.screens.attributes import AttributeForm
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.tag_list import TagList
from tests.conftest import open_in_app, page_index, screen_text, search_to, settle

SIZE = (140, 45)
EVENT_000 = "4月13日凌晨1时30分,一条信息打破了夜晚的宁静:王答乡韵达快递物流园发现初筛阳性人员"


def _spans(tmp_path, page):
    path = tmp_path / (page.name[:-4] + ".json")
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["spans"]


async def _select_until(pilot, view, end, limit=60):
    for _ in range(limit):
        if view.selection and view.selection[1] >= end:
            return
        await pilot.press("shift+right")
    raise AssertionError("selection never reached the end")


async def test_event_and_figure_on_seed_000_have_exact_offsets(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path, annotator="pilot")
    page = corpus.pages[page_index(corpus, "000")]
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "000")
        view = app.query_one(ArticleView)
        # Event: from the time expression to the end of its sentence.
        await search_to(pilot, "4月13日凌晨")
        start = page.text.index(EVENT_000)
        assert view.cursor_offset == start
        await _select_until(pilot, view, start + len(EVENT_000))
        assert view.selection == (start, start + len(EVENT_000))
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, AttributeForm)
        await pilot.press("enter")  # accept the prefilled time
        await settle(pilot)
        # Figure: 8200余名, with 党员 as what is counted.
        await search_to(pilot, "8200")
        await pilot.press("shift+right", "f")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    spans = _spans(tmp_path, page)
    event = next(s for s in spans if s["label"] == "event")
    figure = next(s for s in spans if s["label"] == "figure")
    assert (event["start"], event["end"], event["text"]) == (start, start + len(EVENT_000), EVENT_000)
    assert event["attrs"]["time"] == {"month": 4, "day": 13, "part": "凌晨", "hour": 1, "minute": 30}
    fig_start = page.text.index("8200余名党员")
    assert (figure["start"], figure["end"], figure["text"]) == (fig_start, fig_start + 6, "8200余名")
    assert figure["attrs"] == {"value": 8200, "qualifier": "more-than", "unit": "名", "counted": "党员"}
    assert figure["annotator"] == "pilot" and figure["origin"] == "manual"


async def test_overlapping_event_and_figure_undo_redo_and_delete(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    page = corpus.pages[page_index(corpus, "000")]
    path = tmp_path / (page.name[:-4] + ".json")
    sentence = "4月13深夜,30车防疫物资抵达清徐"
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "000")
        view = app.query_one(ArticleView)
        await search_to(pilot, "4月13深夜")
        start = view.cursor_offset
        await _select_until(pilot, view, start + len(sentence))
        await pilot.press("e", "enter")  # tag, keep the prefilled attributes
        await settle(pilot)
        after_event = path.read_bytes()
        await search_to(pilot, "30车")
        await pilot.press("shift+right", "f", "enter")
        await settle(pilot)
        after_both = path.read_bytes()
        labels = sorted((s["label"], s["text"]) for s in _spans(tmp_path, page))
        assert labels == [("event", sentence), ("figure", "30车")]
        # Undo restores the file exactly; redo brings the figure back.
        await pilot.press("u")
        await settle(pilot)
        assert path.read_bytes() == after_event
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert path.read_bytes() == after_both
        # x deletes the innermost tag under the cursor (the figure inside the event).
        # redo showed where the edit was: the figure, inside the event too
        assert page.text[view.cursor_offset : view.cursor_offset + 3] == "30车"
        await pilot.press("x")
        await settle(pilot)
        assert [s["label"] for s in _spans(tmp_path, page)] == ["event"]
        assert "30车" not in [s["text"] for s in _spans(tmp_path, page)]
        # The tag list shows what is left, and the tree counts it.
        tags = app.query_one(TagList)
        assert tags.option_count == 1
        assert "●1" in screen_text(app)


async def test_editing_attributes_from_the_text(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    page = corpus.pages[page_index(corpus, "000")]
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "000")
        await search_to(pilot, "174个")
        await pilot.press("shift+right", "f", "enter")
        await settle(pilot)
        assert _spans(tmp_path, page)[0]["attrs"]["counted"] == "党员先锋岗"
        await pilot.press("enter")  # attributes of the tag under the cursor
        await settle(pilot)
        assert isinstance(app.screen, AttributeForm)
        # counted is the first field, its text selected: typing replaces it.
        await pilot.press(*"先锋岗", "enter")
        await settle(pilot)
        span = _spans(tmp_path, page)[0]
        assert span["attrs"]["counted"] == "先锋岗"
        assert span["text"] == "174个"
        # Attribute edits are undoable too.
        await pilot.press("u")
        await settle(pilot)
        assert _spans(tmp_path, page)[0]["attrs"]["counted"] == "党员先锋岗"


async def test_figure_in_traditional_seed_points_at_original_characters(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    page = corpus.pages[page_index(corpus, "003")]
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "003")
        await search_to(pilot, "2309名")  # simplified query, glossed traditional page
        await pilot.press("shift+right", "f", "enter")
        await settle(pilot)
    (span,) = _spans(tmp_path, page)
    assert span["text"] == "2309名"
    assert page.text[span["start"] : span["end"]] == "2309名"
    assert span["attrs"]["counted"] == "農村黨員"  # the next word, its gloss left out
    # Glosses earlier in the article would shift a wrong mapping.
    assert page.text[: span["start"]].count("(") > 100


async def test_alt_arrows_fix_a_span_by_one_character(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    page = corpus.pages[page_index(corpus, "000")]
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "000")
        view = app.query_one(ArticleView)
        await search_to(pilot, "8200")
        await pilot.press("shift+right")  # 8200 + 余名
        await pilot.press("alt+left")  # drop 名
        start = page.text.index("8200余名")
        assert view.selection == (start, start + 5)
        await pilot.press("alt+shift+left")  # take in the comma before
        assert view.selection == (start - 1, start + 5)
        await pilot.press("escape")
        assert view.selection is None


async def test_copy_without_a_clipboard_falls_back_to_osc52(corpus, segmenter, tmp_path, monkeypatch):
    def no_clipboard(text):
        raise pyperclip.PyperclipException("could not find a copy/paste mechanism")

    monkeypatch.setattr(pyperclip, "copy", no_clipboard)
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "000")
        await search_to(pilot, "8200")
        await pilot.press("shift+right", "f", "enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == "8200余名"
        assert any("OSC 52" in n.message for n in app._notifications)


async def test_corrupt_annotation_file_makes_the_page_read_only(corpus, segmenter, tmp_path):
    page = corpus.pages[page_index(corpus, "000")]
    path = tmp_path / (page.name[:-4] + ".json")
    path.write_text('{"schema_version": 1, "page": ', encoding="utf-8")
    before = path.read_bytes()
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "000")
        assert "READ-ONLY" in screen_text(app)
        assert any("not valid JSON" in n.message for n in app._notifications)
        await pilot.press("f")
        await settle(pilot)
        assert any("Not saved" in n.message for n in app._notifications)
        # Other pages still work.
        await open_in_app(pilot, app, "001")
        await pilot.press("f", "enter")
        await settle(pilot)
    assert path.read_bytes() == before
    assert len(_spans(tmp_path, corpus.pages[page_index(corpus, "001")])) == 1


@pytest.mark.parametrize("key", ["t"])
async def test_tag_jump_and_tag_list_move_the_cursor(corpus, segmenter, tmp_path, key):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    page = corpus.pages[page_index(corpus, "000")]
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "000")
        view = app.query_one(ArticleView)
        for query in ("174个", "8200"):
            await search_to(pilot, query)
            await pilot.press("f", "enter")
            await settle(pilot)
        view.move_to(0)
        await pilot.press(key)
        assert view.cursor_offset == page.text.index("174")
        await pilot.press(key)
        assert view.cursor_offset == page.text.index("8200")
        tags = app.query_one(TagList)
        tags.focus()
        tags.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert view.has_focus and view.cursor_offset == page.text.index("174")


async def test_a_save_refused_for_a_concurrent_edit_reloads_the_page(corpus, segmenter, tmp_path):
    from reader.annotation.editing import Editor
    from reader.annotation.store import AnnotationStore

    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    page = corpus.pages[page_index(corpus, "000")]
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "000")
        # Another process tags 174个 on the same page while this one is open.
        other = Editor(AnnotationStore(tmp_path), "other")
        start = page.text.index("174个")
        other.tag(page, "figure", start, start + 4)
        await search_to(pilot, "8200")
        await pilot.press("f", "escape")
        await settle(pilot)
        assert any("another epireader process" in n.message for n in app._notifications)
        # The other process's tag is kept and now shown; ours was not written over it.
        assert [s["text"] for s in _spans(tmp_path, page)] == ["174个"]
        assert app.query_one(TagList).option_count == 1
        await pilot.press("f", "enter")  # tagging again now works
        await settle(pilot)
    assert sorted(s["text"] for s in _spans(tmp_path, page)) == ["174个", "8200"]


async def test_y_copies_the_text_as_read_glosses_out_when_hidden(corpus, segmenter, tmp_path, monkeypatch):
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "003")
        await search_to(pilot, "疫情防控阻擊戰")
        await pilot.press(*["shift+right"] * 9)  # over 戰(zhàn), and on
        await pilot.press("y")
        await settle(pilot)
        assert "(zhàn)" in copied[-1]  # glosses shown (dimmed): copied as shown
        await pilot.press("i", "y")  # glosses hidden: copied as read
        await settle(pilot)
        assert "(zhàn)" not in copied[-1] and "阻擊戰" in copied[-1]


async def test_a_notice_is_cleared_when_the_next_article_opens(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "000")
        await pilot.press("x")  # nothing under the cursor: a warning
        await settle(pilot)
        notice = app.reader.query_one("#notice")
        assert not notice.has_class("-empty")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert notice.has_class("-empty")
