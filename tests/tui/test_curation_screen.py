"""`epireader curate` driven by its keys (Pilot): two annotators' folders of two seed
pages to a GOLD equal to a hand-written file, quitting halfway and resuming once."""

from __future__ import annotations

import json
import shutil

from reader.annotation.editing import Editor
from reader.annotation.store import AnnotationStore
from reader.corpus.corpus import load_corpus
from reader.session.curation import CurationSession
from reader.tui.curation_app import make_curation_app
from reader.tui.screens.attributes import AttributeForm
from reader.tui.screens.help import HelpScreen
from tests.conftest import ROOT, SEEDS, screen_text, settle

P0, P1 = "000_1b80620b9e734545.txt", "001_6e6a32fad5cde18e.txt"
SPAN_FIELDS = ("label", "start", "end", "text", "attrs", "note")
EXPECTED = ROOT / "tests" / "data" / "curation" / "expected-gold.json"


def fig(value, unit, counted, qualifier="exact") -> dict:
    return {"value": value, "qualifier": qualifier, "unit": unit, "counted": counted}


# What each annotator tagged: (page, label, text, attrs). A and B agree on 24小时 and
# 16名; everything else is a disagreement of one kind or another.
TAGGED = {
    "ann-a": [
        (P0, "figure", "24小时", fig(24, "小时", "")),
        (P0, "event", "4月13日凌晨1时30分,一条信息打破了夜晚的宁静", {"summary": ""}),  # A only
        (P0, "figure", "174个", fig(174, "个", "党员先锋岗")),  # edges differ from B's
        (P0, "figure", "8200余名", fig(8200, "名", "党员", "more-than")),  # qualifier differs
        (P1, "figure", "16名", fig(16, "名", "密接人员")),
        (P1, "figure", "35名", fig(35, "名", "人员")),  # edges differ from B's
        (P1, "figure", "5000余名", fig(5000, "名", "党员干部", "more-than")),  # counted differs
    ],
    "ann-b": [
        (P0, "figure", "24小时", fig(24, "小时", "")),
        (P0, "figure", "174个党员先锋岗", fig(174, "个", "党员先锋岗")),
        (P0, "figure", "8200余名", fig(8200, "名", "党员")),
        (P1, "figure", "16名", fig(16, "名", "密接人员")),
        (P1, "figure", "35名人员", fig(35, "名", "人员")),
        (P1, "figure", "5000余名", fig(5000, "名", "党员", "more-than")),
    ],
}


def two_pages_and_two_annotators(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in (P0, P1):
        shutil.copy(SEEDS / name, pages / name)
    corpus = load_corpus(pages)
    for folder, tags in TAGGED.items():
        editor = Editor(AnnotationStore(tmp_path / folder), folder)
        for name, label, text, attrs in tags:
            page = corpus.page(name)
            start = page.text.index(text)
            editor.tag(page, label, start, start + len(text), attrs)
    return pages, [tmp_path / "ann-a", tmp_path / "ann-b"], tmp_path / "gold"


def curation(pages, folders, gold) -> CurationSession:
    session = CurationSession(load_corpus(pages), folders, gold, "curator")
    session.open()
    return session


def gold_as_written(gold) -> dict:
    found = {}
    for name in (P0, P1):
        data = json.loads((gold / name.replace(".txt", ".json")).read_text(encoding="utf-8"))
        found[name] = {
            "spans": [[s[k] for k in SPAN_FIELDS] for s in data["spans"]],
            "rejected": [[r["label"], r["start"], r["end"], r["text"]] for r in data["rejected"]],
        }
    return found


def status(app) -> str:
    return str(app.screen.query_one("#curate-status").render())


async def test_two_annotators_curated_to_the_expected_gold_quitting_halfway(tmp_path):
    pages, folders, gold = two_pages_and_two_annotators(tmp_path)

    # First sitting: page 000's three places, then q.
    session = curation(pages, folders, gold)
    assert session.agreed_added == 2 and len(session.items) == 5
    app = make_curation_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "1/5 · 5 open · event" in shown
        assert "1 ann-a" in shown and "2 ann-b" in shown and "— nothing here" in shown
        await pilot.press("x")  # A's event: neither
        assert "2/5 · 4 open" in screen_text(app)
        await pilot.press("1")  # 174个 (A) over 174个党员先锋岗 (B)
        shown = screen_text(app)
        assert "3/5 · 3 open" in shown and "≠ qualifier: more-than" in shown and "≠ qualifier: exact" in shown
        await pilot.press("1", "u")  # A's qualifier, taken back
        assert "3/5 · 3 open" in screen_text(app) and "Undone" in screen_text(app)
        await pilot.press("2")  # B's qualifier
        assert "4/5 · 2 open" in screen_text(app)
        assert "Undone" not in screen_text(app)  # a notice belongs to its place, not the next
        await pilot.press("q")
    assert not app.is_running
    assert app.farewell().startswith("5 place(s), 2 still open")  # as it stands at q, not at start

    # Second sitting: it continues at the first open place; nothing decided is asked.
    session = curation(pages, folders, gold)
    assert session.agreed_added == 0 and session.position == 3
    app = make_curation_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert status(app).startswith("4/5 · 2 open · figure · 001_")
        assert "35名 254–257" in screen_text(app) and "35名人员 254–259" in screen_text(app)
        await pilot.press("b")  # both 35名 and 35名人员
        assert "5/5 · 1 open" in status(app)
        await pilot.press("e")  # the form on A's 5000余名: counted 党员干部 → 党员, and a note
        await settle(pilot, lambda: isinstance(app.screen, AttributeForm))
        assert app.focused.id == "counted"
        await pilot.press("end", "backspace", "backspace")
        await pilot.press("tab", "tab", "tab", "tab")
        assert app.focused.id == "note"
        await pilot.press(*"per", "space", *"guidelines", "enter")
        await settle(pilot, lambda: not isinstance(app.screen, AttributeForm))
        assert "5/5 · 0 open" in status(app)
        assert "GOLD here: 5000余名 491–497 · decided" in screen_text(app)
        await pilot.press("q")

    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    del expected["about"]
    assert gold_as_written(gold) == expected


async def test_the_help_of_curate_lists_its_keys_at_60_by_20(tmp_path):
    pages, folders, gold = two_pages_and_two_annotators(tmp_path)
    app = make_curation_app(curation(pages, folders, gold))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        # At 60 x 20 the site, GOLD's line, both columns and the footer are all on screen.
        assert "1/5" in shown and "GOLD here: nothing yet" in shown and "2 ann-b" in shown
        assert "Take 1" in shown.splitlines()[-1]
    app = make_curation_app(curation(pages, folders, gold))
    async with app.run_test(size=(100, 200)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        shown = screen_text(app)
    assert "Curation (epireader curate)" in shown and "Reading" not in shown
    for description in ("Take 1", "Both", "Neither", "Edit", "Next open", "Undo", "Redo", "Save"):
        assert description in shown, description


async def test_keys_typed_at_once_after_e_reach_the_form(tmp_path):
    """e, then the new counted noun and enter in one burst, as a typist sends them."""
    from tests.conftest import type_at_once

    pages, folders, gold = two_pages_and_two_annotators(tmp_path)
    session = curation(pages, folders, gold)
    app = make_curation_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x", "1", "2", "b")  # to the last place, A's 5000余名 alone
        await type_at_once(pilot, "e", "ctrl+u", *"党员", "enter")
        order = getattr(app, "key_order", None)
        await settle(pilot, lambda: not (isinstance(app.screen, AttributeForm) or (order and order.waiting)))
        await settle(pilot)
    data = json.loads((gold / P1.replace(".txt", ".json")).read_text(encoding="utf-8"))
    assert [s["attrs"]["counted"] for s in data["spans"] if s["text"] == "5000余名"] == ["党员"]


async def test_at_60_by_20_the_differing_field_shows_and_the_status_line_is_whole(tmp_path):
    """A's two spans at one place (edges differ) and a value that differs on the span both
    hold: the ≠ lines and the article number are on screen, not cut off."""
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(SEEDS / P0, pages / P0)
    corpus = load_corpus(pages)
    page = corpus.page(P0)
    tagged = {
        "ann-a": [("8200余名党员", fig(8200, "名", "党员")), ("8200余名", fig(8200, "名", "党员"))],
        "ann-b": [("8200余名", fig(8000, "名", "党员"))],
    }
    for folder, tags in tagged.items():
        editor = Editor(AnnotationStore(tmp_path / folder), folder)
        for text, attrs in tags:
            start = page.text.index(text)
            editor.tag(page, "figure", start, start + len(text), attrs)
    app = make_curation_app(curation(pages, [tmp_path / "ann-a", tmp_path / "ann-b"], tmp_path / "gold"))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "≠ value: 8200" in shown and "≠ value: 8000" in shown, shown
        header = shown.splitlines()[0].rstrip()
        assert header.startswith(" 1/1 · 1 open · figure · 000_") and header.endswith("article 1/5"), header
