"""Curation without Textual (reader/session/curation.py): decisions into GOLD, resuming, undo."""

from __future__ import annotations

import json

import pytest

from reader.annotation.editing import Editor
from reader.annotation.store import AnnotationStore
from reader.corpus.corpus import load_corpus
from reader.session.curation import CurationError, CurationSession

TEXT = "全县8200余名党员深入一线,174个先锋岗,共排查3200户。\n"


@pytest.fixture
def folders(tmp_path):
    """A one-page corpus and two annotators: both tag 8200余名 alike (agreed); A tags
    174个, B tags 174 (one site, edges differ); both tag 3200户, with other units."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "p.txt").write_text(TEXT, encoding="utf-8")
    page = load_corpus(pages).pages[0]
    tagged = {
        "a": [("8200余名", {"value": 8200}), ("174个", {"value": 174}), ("3200户", {"unit": "户"})],
        "b": [("8200余名", {"value": 8200}), ("174", {"value": 174}), ("3200户", {"unit": ""})],
    }
    for name, spans in tagged.items():
        editor = Editor(AnnotationStore(tmp_path / name), name)
        for needle, attrs in spans:
            start = TEXT.index(needle)
            editor.tag(page, "figure", start, start + len(needle), attrs)
    return pages, tmp_path / "a", tmp_path / "b", tmp_path / "gold"


def opened(folders, **options) -> CurationSession:
    pages, a, b, gold = folders
    session = CurationSession(load_corpus(pages), [a, b], gold, "curator", **options)
    session.open()
    return session


def gold_spans(gold) -> list[tuple[str, dict]]:
    data = json.loads((gold / "p.json").read_text(encoding="utf-8"))
    return [(s["text"], s["attrs"]) for s in data["spans"]]


def gold_rejected(gold) -> list[str]:
    return [r["text"] for r in json.loads((gold / "p.json").read_text(encoding="utf-8"))["rejected"]]


def test_agreed_spans_go_to_gold_and_the_rest_is_asked(folders):
    session = opened(folders)
    gold = folders[3]
    assert gold_spans(gold) == [("8200余名", {"value": 8200})]
    assert session.agreed_added == 1
    asked = [[s.text for side in item.site.spans for s in side] for item in session.items]
    assert asked == [["174个", "174"], ["3200户", "3200户"]]
    assert session.position == 0 and session.undecided() == 2


def test_take_one_annotators_span_rejects_the_others_and_moves_on(folders):
    session = opened(folders)
    assert session.take(1).ok  # B's 174
    gold = folders[3]
    assert gold_spans(gold) == [("8200余名", {"value": 8200}), ("174", {"value": 174})]
    assert gold_rejected(gold) == ["174个"]
    assert session.decided(session.items[0]) and session.position == 1
    # Same span, other attributes: A's reading.
    session.take(0)
    assert ("3200户", {"unit": "户"}) in gold_spans(gold)
    assert session.undecided() == 0


def test_reopening_continues_at_the_first_undecided_site_and_asks_nothing_decided(folders):
    first = opened(folders)
    first.step(1)  # skip the first site, decide the second
    first.take(1)
    again = opened(folders)
    assert again.agreed_added == 0  # already in GOLD: not added twice
    assert [again.decided(i) for i in again.items] == [False, True]
    assert again.position == 0
    again.take(0)
    assert again.undecided() == 0
    assert [t for t, _ in gold_spans(folders[3])] == ["8200余名", "174个", "3200户"]


def test_undo_takes_a_decision_back_byte_for_byte_and_redo_does_it_again(folders):
    session = opened(folders)
    path = folders[3] / "p.json"
    before = path.read_bytes()
    session.take(0)
    after = path.read_bytes()
    outcome = session.undo()
    assert outcome.ok and path.read_bytes() == before
    assert session.position == 0 and not session.decided(session.items[0])
    session.undo(redo=True)
    assert path.read_bytes() == after
    # The agreed spans put in at the start are not the curator's to undo.
    session.undo()
    assert not session.undo().ok and path.read_bytes() == before


def test_take_all_takes_each_span_once_and_is_refused_where_only_attributes_differ(folders):
    session = opened(folders)
    session.take_all()
    assert [t for t, _ in gold_spans(folders[3])] == ["8200余名", "174个", "174"]
    assert session.position == 1
    refused = session.take_all()
    assert not refused.ok and "only in attributes" in refused.notice.text


def test_take_none_leaves_only_rejections_and_counts_as_decided(folders):
    session = opened(folders)
    session.take_none()
    assert gold_rejected(folders[3]) == ["174", "174个"]
    assert [t for t, _ in gold_spans(folders[3])] == ["8200余名"]
    assert session.decided(session.items[0])


def test_going_back_and_deciding_again_replaces_the_first_decision(folders):
    session = opened(folders)
    session.take(0)
    session.step(-1)
    session.take(1)
    assert [t for t, _ in gold_spans(folders[3])] == ["8200余名", "174"]
    assert gold_rejected(folders[3]) == ["174个"]


def test_edit_takes_the_first_span_then_the_form_changes_gold(folders):
    session = opened(folders)
    path = folders[3] / "p.json"
    before = path.read_bytes()
    tag, new = session.edit_target()
    assert new and tag.text == "174个"
    assert session.cancel_new().ok  # the form cancelled: as if e was never pressed
    assert path.read_bytes() == before and not session.editor.redo_stack
    tag, new = session.edit_target()
    assert session.update(tag, {"value": 174, "unit": "个"}, "by the guidelines", None).ok
    assert ("174个", {"value": 174, "unit": "个"}) in gold_spans(folders[3])
    # Trimmed to 174: the original span is turned down, the site stays decided.
    tag, new = session.edit_target()
    assert not new
    assert session.update(tag, tag.attrs, tag.note, (tag.start, tag.end - 1)).ok
    assert [t for t, _ in gold_spans(folders[3])] == ["8200余名", "174"]
    assert session.decided(session.items[0])


def test_ask_all_asks_the_agreed_sites_too_and_puts_nothing_first(folders):
    session = opened(folders, ask_all=True)
    assert not (folders[3] / "p.json").exists()
    assert len(session.items) == 3 and session.items[0].site.agreed


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("gold is a", "GOLD {a} is the same folder as {a}: curate into a folder of its own"),
        ("b is a", "{a} is given twice (the same folder as {a})"),
        ("no shared page", "no page of {pages} is annotated in all of {a}, {empty}"),
        ("gold is gold", "{gold} is a gold folder (GOLD.md): say --edit-gold to curate into it"),
    ],
)
def test_what_cannot_be_curated_is_one_line_and_nothing_is_written(folders, case, message):
    pages, a, b, gold = folders
    empty = a.parent / "empty"
    empty.mkdir()
    chosen = {"gold is a": ([a, b], a), "b is a": ([a, a], gold), "no shared page": ([a, empty], gold)}
    given, into = chosen.get(case, ([a, b], gold))
    if case == "gold is gold":
        gold.mkdir()
        (gold / "GOLD.md").write_text("gold\n", encoding="utf-8")
    session = CurationSession(load_corpus(pages), given, into, "c")
    with pytest.raises(CurationError) as raised:
        session.open()
    assert str(raised.value) == message.format(a=a, pages=pages, empty=empty, gold=gold)
    assert not (gold / "p.json").exists() and not (a / "p.json.tmp").exists()


def test_a_corrupt_file_in_a_folder_or_in_gold_stops_it_and_gold_is_never_overwritten(folders):
    _pages, a, b, gold = folders
    broken = b'{"spans": [oops'
    (a / "p.json").write_bytes(broken)
    with pytest.raises(CurationError, match=f"in {a}: .*nothing was written"):
        opened(folders)
    assert (a / "p.json").read_bytes() == broken and not gold.exists()

    (a / "p.json").write_bytes((b / "p.json").read_bytes())
    gold.mkdir()
    (gold / "p.json").write_bytes(broken)
    with pytest.raises(CurationError, match=f"in {gold}: .*never overwritten"):
        opened(folders)
    assert (gold / "p.json").read_bytes() == broken


def test_the_columns_name_the_folders_by_the_last_parts_that_tell_them_apart(tmp_path):
    from reader.session.curation import short_names

    assert short_names([tmp_path / "ann" / "alice", tmp_path / "ann" / "bob"]) == ["alice", "bob"]
    assert short_names([tmp_path / "x" / "alice", tmp_path / "y" / "alice"]) == ["x/alice", "y/alice"]
