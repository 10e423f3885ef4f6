"""Suggestions, review mode and reviewed marks, driven with the real keys."""

from __future__ import annotations

import json
import shutil

from reader.tui.app import make_app
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.widgets.corpus_tree import CorpusTree
from tests.conftest import ROOT, open_in_app, page_index, ref, screen_text, search_to, settle

SIZE = (150, 45)


def _file(tmp_path, page):
    path = tmp_path / (page.name[:-4] + ".json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


async def test_accept_and_reject_suggestions_and_rejection_survives_restart(corpus, segmenter, tmp_path):
    page = corpus.pages[page_index(corpus, "004")]
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "004")
        await pilot.press("p")
        await settle(pilot)
        assert "SUGGESTIONS" in screen_text(app)
        before = len(app.session.suggestions())
        assert before > 5
        await search_to(pilot, "26名")
        await pilot.press("a")
        await settle(pilot)
        await search_to(pilot, "16名")
        await pilot.press("r")
        await settle(pilot)
        assert len(app.session.suggestions()) == before - 2
    data = _file(tmp_path, page)
    (tag,) = data["spans"]
    assert (tag["text"], tag["origin"], tag["label"]) == ("26名", "accepted", "figure")
    assert tag["attrs"]["value"] == 26 and tag["attrs"]["unit"] == "名"
    assert [(r["text"], r["label"]) for r in data["rejected"]] == [("16名", "figure")]
    # A new app on the same folder does not offer the rejected suggestion again.
    again = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, again, "004")
        await pilot.press("p")
        await settle(pilot)
        texts = [f.text for f in again.session.suggestions()]
        assert "16名" not in texts and "26名" not in texts
        assert "123名" in texts


async def test_undo_takes_back_accept_and_reject(corpus, segmenter, tmp_path):
    page = corpus.pages[page_index(corpus, "004")]
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "004")
        await pilot.press("p")
        await search_to(pilot, "123名")
        await pilot.press("r")
        await settle(pilot)
        assert len(_file(tmp_path, page)["rejected"]) == 1
        await pilot.press("u")
        await settle(pilot)
        # Nothing decided on the page any more: its file is gone or holds no rejection.
        assert (_file(tmp_path, page) or {}).get("rejected", []) == []
        assert "123名" in [f.text for f in app.session.suggestions()]


async def test_accept_all_asks_first_and_is_one_undo(corpus, segmenter, tmp_path):
    page = corpus.pages[page_index(corpus, "000")]
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "000", article=3)
        await pilot.press("p")
        count = len(app.session.suggestions())
        assert count >= 2
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Accept all {count} open suggestions" in screen_text(app)
        await pilot.press("n")  # no: nothing happens
        await settle(pilot)
        assert _file(tmp_path, page) is None
        await pilot.press("A", "y")
        await settle(pilot)
        spans = _file(tmp_path, page)["spans"]
        assert len(spans) == count and {s["origin"] for s in spans} == {"accepted"}
        await pilot.press("u")
        await settle(pilot)
        assert _file(tmp_path, page) is None  # nothing left on the page: no file


async def test_review_mode_shows_misses_and_adds_or_dismisses(corpus, segmenter, tmp_path):
    # Start from the gold of page 000 with one tag removed, so review has something to show.
    annotations = tmp_path / "ann"
    shutil.copytree(ROOT / "annotations", annotations)
    page = corpus.pages[page_index(corpus, "000")]
    path = annotations / (page.name[:-4] + ".json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["spans"] = [s for s in data["spans"] if s["text"] != "277名"]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    app = make_app(corpus, segmenter=segmenter, annotations=annotations, edit_gold=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "000")
        await pilot.press("g")
        await settle(pilot)
        result = app.session.review()
        assert "277名" in [f.text for f in result.alarms]  # found, but not in the tags
        assert "REVIEW" in screen_text(app)
        await search_to(pilot, "277")
        await pilot.press("a")  # a person read it: it belongs in the gold
        await settle(pilot)
        assert "277名" not in [f.text for f in app.session.review().alarms]
    texts = [s["text"] for s in json.loads(path.read_text(encoding="utf-8"))["spans"]]
    assert "277名" in texts


async def test_marking_an_article_reviewed_is_saved_and_shown(corpus, segmenter, tmp_path):
    page = corpus.pages[page_index(corpus, "001")]
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "001", article=1)
        await pilot.press("m")
        await settle(pilot)
        reviewed = _file(tmp_path, page)["reviewed"]
        assert [(r["article"], r["title"]) for r in reviewed] == [(1, "精准管控 满足患者需求")]
        tree = app.query_one(CorpusTree)
        assert "✓" in tree.label(ref(corpus, "001", 1)).plain
        await pilot.press("m")
        await settle(pilot)
        assert _file(tmp_path, page) is None  # the mark was all the page had
