"""Import from other tools' files: round trips byte for byte, spans checked against
the page, existing tags never overwritten without replace, saves through the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.annotation.model import PageAnnotations, Rejection, ReviewedMark, Tag
from reader.annotation.store import AnnotationStore
from reader.corpus.corpus import load_corpus
from reader.export import IMPORT_FORMATS, ROUND_TRIP_FORMATS, ImportFileError, export, import_annotations
from reader.export.incoming import ImportOptions
from reader.export.offsets import utf16_offset
from reader.extraction.extractor import extract_text
from tests.conftest import ROOT

GOLD = ROOT / "annotations"
ASTRAL = "𠮷野家 😷 口罩2000个,𡈽 3个。\n\n3月2日下午3时,𠮷家捐\n赠口罩500个。\n"
QUIET = "第二页没有标注。\n"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


def _tag(text: str, label: str, needle: str, **fields) -> Tag:
    start = text.index(needle)
    tag = Tag.make(text, label, start, start + len(needle), annotator="alice", attrs=fields.pop("attrs", {}))
    for name, value in fields.items():
        setattr(tag, name, value)
    return tag


@pytest.fixture()
def rich(tmp_path):
    """Two pages whose annotation files use every field: characters outside the BMP,
    a span over a line break, a note with a tab and a line separator, attributes in
    unsorted key order, an orphan, a rejection and a reviewed mark; the second page
    has no tags, only a rejection."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "astral.txt").write_text(ASTRAL, encoding="utf-8")
    (pages / "quiet.txt").write_text(QUIET, encoding="utf-8")
    corpus = load_corpus(pages)
    astral, quiet = corpus.pages
    store = AnnotationStore(tmp_path / "ann")
    first = PageAnnotations(astral.name, astral.sha256, len(astral.text))
    first.add(_tag(astral.text, "figure", "2000个", attrs={"value": 2000, "unit": "个", "counted": ""}))
    first.add(_tag(astral.text, "figure", "3个", note="line one\u2028line\ttwo\nthree", origin="accepted"))
    first.add(_tag(astral.text, "event", "3月2日下午3时,𠮷家捐\n赠口罩500个", attrs={"time": {"month": 3}}))
    first.add(_tag(astral.text, "figure", "500个", id="fixed-id-500", created="2020-01-01T00:00:00Z"))
    lost = _tag(astral.text, "figure", "𡈽 3个")
    lost.text, lost.start, lost.end = "消失的", 1, 4  # could not be re-anchored once
    first.orphans.append(lost)
    first.rejected.append(
        Rejection(label="figure", start=0, end=1, text=ASTRAL[0], by="bob", at="2026-01-02T03:04:05Z")
    )
    first.reviewed.append(ReviewedMark(0, "𠮷野家", "bob", "2026-01-02T03:04:06Z"))
    second = PageAnnotations(quiet.name, quiet.sha256, len(quiet.text))
    second.rejected.append(
        Rejection(label="figure", start=0, end=2, text=QUIET[:2], by="bob", at="2026-01-02T03:04:07Z")
    )
    for page, content in ((astral, first), (quiet, second)):
        loaded = store.load(page)
        loaded.annotations = content
        store.save(loaded)
    return corpus, tmp_path / "ann"


@pytest.mark.parametrize("fmt", ROUND_TRIP_FORMATS)
def test_export_then_import_gives_the_gold_files_byte_for_byte(fmt, corpus, tmp_path):
    export(corpus, GOLD, fmt, tmp_path / "out")
    report = import_annotations(corpus, fmt, tmp_path / "out", tmp_path / "back")
    assert report.clean, report.lines()
    assert _files(tmp_path / "back") == _files(GOLD)
    assert report.added == sum(len(json.loads(b)["spans"]) for b in _files(GOLD).values())


@pytest.mark.parametrize("fmt", ROUND_TRIP_FORMATS)
def test_export_then_import_keeps_every_field_outside_the_bmp_too(fmt, rich, tmp_path):
    corpus, annotations = rich
    export(corpus, annotations, fmt, tmp_path / "out")
    report = import_annotations(corpus, fmt, tmp_path / "out", tmp_path / "back")
    assert report.clean, report.lines()
    assert sorted(report.written) == ["astral.txt", "quiet.txt"]
    assert _files(tmp_path / "back") == _files(annotations)


@pytest.mark.parametrize("fmt", ROUND_TRIP_FORMATS)
def test_importing_the_same_file_twice_changes_nothing_the_second_time(fmt, rich, tmp_path):
    corpus, annotations = rich
    export(corpus, annotations, fmt, tmp_path / "out")
    import_annotations(corpus, fmt, tmp_path / "out", tmp_path / "back")
    first = _files(tmp_path / "back")
    again = import_annotations(corpus, fmt, tmp_path / "out", tmp_path / "back")
    assert (again.added, again.written, again.clean) == (0, [], True)
    assert again.already == 4
    assert _files(tmp_path / "back") == first


def _one_page(tmp_path, text=ASTRAL):
    pages = tmp_path / "pages"
    pages.mkdir(exist_ok=True)
    (pages / "p.txt").write_text(text, encoding="utf-8")
    return load_corpus(pages)


def _saved(folder: Path, name: str = "p.json") -> dict:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def test_doccano_utf16_offsets_become_code_points_and_a_line_is_found_by_its_text(tmp_path):
    corpus = _one_page(tmp_path)
    text = corpus.pages[0].text
    start = text.index("2000个")
    line = {"text": text, "label": [[utf16_offset(text, start), utf16_offset(text, start + 5), "FIG"]]}
    (tmp_path / "d.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    # The line does not say its unit, and the page has characters outside the BMP: refused.
    unsaid = import_annotations(corpus, "jsonl", tmp_path / "d.jsonl", tmp_path / "ann", annotator="carol")
    [line] = unsaid.problems
    assert unsaid.added == 0 and "d.jsonl:1: 1 span(s) not imported" in line and "--offsets utf16" in line
    said = ImportOptions(offsets="utf16")
    report = import_annotations(
        corpus, "jsonl", tmp_path / "d.jsonl", tmp_path / "ann", annotator="carol", options=said
    )
    assert report.clean and report.added == 1
    [span] = _saved(tmp_path / "ann")["spans"]
    assert (span["label"], span["start"], span["end"], span["text"]) == ("figure", start, start + 5, "2000个")
    assert (span["annotator"], span["origin"], span["attrs"]) == ("carol", "manual", {})
    assert span["before"] == text[max(0, start - 16) : start]


def test_a_span_whose_text_is_not_on_the_page_is_listed_and_not_imported(tmp_path):
    corpus = _one_page(tmp_path)
    lines = [
        {"source": "p.txt", "label": "figure", "start": 0, "end": 3, "text": "吉野家", "attrs": {}},
        {"source": "p.txt", "label": "figure", "start": 1, "end": 3, "text": "野家", "attrs": {}},
    ]
    (tmp_path / "x.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    report = import_annotations(corpus, "extract", tmp_path / "x.jsonl", tmp_path / "ann")
    [wrong] = report.mismatches
    assert (wrong.span.text, wrong.found, wrong.span.start) == ("吉野家", "𠮷野家", 0)
    assert "x.jsonl:1" in wrong.line() and "not imported" in wrong.line()
    assert [s["text"] for s in _saved(tmp_path / "ann")["spans"]] == ["野家"]
    assert not report.clean


def test_a_utf16_offset_inside_a_character_is_reported_not_guessed(tmp_path):
    corpus = _one_page(tmp_path)
    text = corpus.pages[0].text
    task = {"data": {"text": text}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "value": {"start": 1, "end": 4, "text": "野家", "labels": ["Figure"]}},
    ]}]}  # fmt: skip
    (tmp_path / "ls.json").write_text(json.dumps([task]), encoding="utf-8")
    said = ImportOptions(offsets="utf16")
    report = import_annotations(corpus, "label-studio", tmp_path / "ls.json", tmp_path / "ann", options=said)
    assert report.added == 0 and not (tmp_path / "ann" / "p.json").exists()
    assert any("character boundary" in p for p in report.problems)


@pytest.fixture()
def tagged(tmp_path):
    """A page with two tags, and an extract file that restates one with other
    attributes, restates the other as it is, and adds a third span."""
    corpus = _one_page(tmp_path)
    page = corpus.pages[0]
    store = AnnotationStore(tmp_path / "ann")
    loaded = store.load(page)
    loaded.annotations.add(_tag(page.text, "figure", "2000个", attrs={"value": 2000}))
    loaded.annotations.add(_tag(page.text, "figure", "3个", attrs={"value": 3}))
    store.save(loaded)
    lines = []
    for needle, value in (("2000个", 1999), ("3个", 3), ("500个", 500)):
        start = page.text.index(needle)
        lines.append({"source": "pages/p.txt", "label": "figure", "start": start,
                      "end": start + len(needle), "text": needle, "attrs": {"value": value}})  # fmt: skip
    (tmp_path / "found.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return corpus, tmp_path / "ann", tmp_path / "found.jsonl"


def test_without_replace_existing_tags_stay_new_spans_are_added_and_conflicts_listed(tagged):
    corpus, ann, found = tagged
    before = {s["text"]: s for s in _saved(ann)["spans"]}
    report = import_annotations(corpus, "extract", found, ann, annotator="bot")
    assert (report.added, report.already) == (1, 1)
    [conflict] = report.conflicts
    assert (conflict.span.text, conflict.differs) == ("2000个", "attributes")
    after = {s["text"]: s for s in _saved(ann)["spans"]}
    assert after["2000个"] == before["2000个"] and after["3个"] == before["3个"]
    assert (after["500个"]["origin"], after["500个"]["annotator"]) == ("suggested", "bot")


def test_replace_makes_the_pages_tags_the_files(tagged):
    corpus, ann, found = tagged
    report = import_annotations(corpus, "extract", found, ann, replace=True)
    assert report.conflicts == [] and (report.added, report.already, report.removed) == (1, 2, 0)
    spans = {s["text"]: s["attrs"] for s in _saved(ann)["spans"]}
    assert spans == {"2000个": {"value": 1999}, "3个": {"value": 3}, "500个": {"value": 500}}


def test_replace_removes_tags_the_file_does_not_have(tagged, tmp_path):
    corpus, ann, _ = tagged
    page = corpus.pages[0]
    start = page.text.index("500个")
    line = {"source": "p.txt", "label": "figure", "start": start, "end": start + 4, "text": "500个"}
    (tmp_path / "one.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    report = import_annotations(corpus, "extract", tmp_path / "one.jsonl", ann, replace=True)
    assert report.removed == 2
    assert [s["text"] for s in _saved(ann)["spans"]] == ["500个"]


def test_extractor_output_imports_as_suggested_tags_found_by_the_path_given(corpus, tmp_path):
    page = corpus.pages[0]
    lines = [
        {"source": f"seeds/{page.name}", "label": f.label, "start": f.start, "end": f.end,
         "text": f.text, "attrs": f.attrs}
        for f in extract_text(page.text)
    ]  # fmt: skip
    (tmp_path / "found.jsonl").write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8"
    )
    report = import_annotations(corpus, "extract", tmp_path / "found.jsonl", tmp_path / "ann", annotator="x")
    assert report.clean and report.added == len(lines) > 10
    spans = _saved(tmp_path / "ann", page.name[:-4] + ".json")["spans"]
    assert {s["origin"] for s in spans} == {"suggested"}
    assert all(page.text[s["start"] : s["end"]] == s["text"] for s in spans)


def test_brat_notes_typed_in_brat_and_old_attribute_notes_are_read(tmp_path):
    corpus = _one_page(tmp_path)
    text = corpus.pages[0].text
    a, b = text.index("2000个"), text.index("500个")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "p.ann").write_text(
        f"T1\tFigure {a} {a + 5}\t2000个\n#1\tAnnotatorNotes T1\tcheck the unit\n"
        f'T2\tFigure {b} {b + 4}\t500个\n#2\tAnnotatorNotes T2\t{{"value": 500}}\n',
        encoding="utf-8",
    )
    report = import_annotations(corpus, "brat", tmp_path / "b", tmp_path / "ann")
    assert report.clean and report.added == 2
    spans = {s["text"]: s for s in _saved(tmp_path / "ann")["spans"]}
    assert (spans["2000个"]["note"], spans["2000个"]["attrs"]) == ("check the unit", {})
    assert spans["500个"]["attrs"] == {"value": 500}


def test_a_brat_span_with_text_between_its_fragments_is_refused(tmp_path):
    corpus = _one_page(tmp_path)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "p.ann").write_text("T1\tFigure 0 1;2 3\t𠮷 家\n", encoding="utf-8")
    report = import_annotations(corpus, "brat", tmp_path / "b", tmp_path / "ann")
    assert report.added == 0 and len(report.mismatches) == 1


def test_a_carried_field_of_the_wrong_type_is_reported_not_saved(rich, tmp_path):
    corpus, annotations = rich
    export(corpus, annotations, "extract", tmp_path / "out")
    path = tmp_path / "out" / "spans.jsonl"
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    next(x for x in lines if "tag" in x)["tag"]["origin"] = "robot"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    report = import_annotations(corpus, "extract", path, tmp_path / "back")
    assert any("robot" in p for p in report.problems)
    assert all(s["origin"] != "robot" for s in _saved(tmp_path / "back", "astral.json")["spans"])


def test_an_unreadable_annotation_file_is_never_written_over(rich, tmp_path):
    corpus, annotations = rich
    export(corpus, annotations, "jsonl", tmp_path / "out")
    broken = tmp_path / "back" / "astral.json"
    broken.parent.mkdir()
    broken.write_bytes(b"{not json")
    report = import_annotations(corpus, "jsonl", tmp_path / "out", tmp_path / "back")
    assert broken.read_bytes() == b"{not json"
    assert any(p.startswith("astral.txt: not imported") for p in report.problems)
    assert report.written == ["quiet.txt"]


def test_a_linked_annotation_file_is_refused_by_the_store_and_reported(rich, tmp_path):
    corpus, annotations = rich
    export(corpus, annotations, "jsonl", tmp_path / "out")
    (tmp_path / "back").mkdir()
    target = tmp_path / "target.json"
    target.write_bytes((annotations / "astral.json").read_bytes())
    (tmp_path / "back" / "astral.json").symlink_to(target)
    before = target.read_bytes()
    export(corpus, annotations, "jsonl", tmp_path / "out")
    (tmp_path / "out" / "annotations.jsonl").write_text(
        (tmp_path / "out" / "annotations.jsonl").read_text(encoding="utf-8").replace('"bob"', '"eve"'),
        encoding="utf-8",
    )
    report = import_annotations(corpus, "jsonl", tmp_path / "out", tmp_path / "back", replace=True)
    assert target.read_bytes() == before
    assert any("symbolic link" in p for p in report.problems)


def test_a_page_the_corpus_does_not_have_is_reported(tmp_path):
    corpus = _one_page(tmp_path)
    line = {"source": "elsewhere/q.txt", "label": "figure", "start": 0, "end": 1, "text": "x"}
    (tmp_path / "x.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    report = import_annotations(corpus, "extract", tmp_path / "x.jsonl", tmp_path / "ann")
    assert report.problems == [f"{tmp_path / 'x.jsonl'}:1: page 'elsewhere/q.txt' is no page of the corpus; "
                               "not imported"]  # fmt: skip


@pytest.mark.parametrize(
    ("fmt", "name", "content", "message"),
    [
        ("label-studio", "ls.json", "[{", "not valid Label Studio JSON"),
        ("jsonl", "d.jsonl", "[]\n", "not a doccano line"),
        ("extract", "x.jsonl", "hello\n", "not a JSON line"),
        ("brat", "notes.txt", "", "not a brat folder or .ann file"),
    ],
)
def test_a_file_that_is_not_its_format_is_one_clear_error(fmt, name, content, message, tmp_path):
    corpus = _one_page(tmp_path)
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match=message) as caught:
        import_annotations(corpus, fmt, tmp_path / name, tmp_path / "ann")
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "ann").exists()


@pytest.mark.parametrize(
    ("fmt", "content", "where", "says"),
    [
        ("label-studio", '[{"id": 1}, {"text": "x"}]', "ls task 1", "no text"),
        ("jsonl", '{"label": [[0, 1, "FIG"]]}\n{"text": "x"}\n', "ls:1", 'no "text"'),
    ],
)
def test_a_task_or_line_without_text_is_one_line_and_the_rest_is_read(fmt, content, where, says, tmp_path):
    corpus = _one_page(tmp_path, "x")
    (tmp_path / "ls").write_text(content, encoding="utf-8")
    report = import_annotations(corpus, fmt, tmp_path / "ls", tmp_path / "ann")
    [line] = report.problems  # the second task or line, the page "x", is read without a word
    assert line.startswith(str(tmp_path / where)) and says in line and not report.clean


def test_formats_without_a_reader_cannot_be_imported(tmp_path):
    corpus = _one_page(tmp_path)
    assert set(IMPORT_FORMATS) == {"brat", "jsonl", "label-studio", "extract", "bio", "webanno"}
    with pytest.raises(ValueError, match="choose one of brat, jsonl, label-studio, bio, webanno, extract"):
        import_annotations(corpus, "fixtures", tmp_path, tmp_path / "ann")


def test_report_lines_cannot_drive_the_terminal(tmp_path):
    corpus = _one_page(tmp_path)
    line = {"source": "p.txt", "label": "figure", "start": 0, "end": 2, "text": "吉野"}
    path = tmp_path / "found\x1b[2J.jsonl"  # a file name is data too
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    report = import_annotations(corpus, "extract", path, tmp_path / "ann")
    assert report.mismatches and "\x1b" in report.mismatches[0].where
    assert all("\x1b" not in line for line in report.lines())
    assert any("found␛[2J.jsonl:1" in line for line in report.lines())


def test_doccano_lines_with_metadata_flattened_by_doccano_are_read(rich, tmp_path):
    corpus, annotations = rich
    export(corpus, annotations, "jsonl", tmp_path / "out")
    path = tmp_path / "out" / "annotations.jsonl"
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    flat = [
        {"id": n, **{k: v for k, v in x.items() if k != "meta"}, **x["meta"]} for n, x in enumerate(lines)
    ]
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in flat), encoding="utf-8")
    report = import_annotations(corpus, "jsonl", path, tmp_path / "back")
    assert report.clean, report.lines()
    assert _files(tmp_path / "back") == _files(annotations)


def test_a_brat_folder_below_a_hidden_folder_is_read(rich, tmp_path):
    corpus, annotations = rich
    out = tmp_path / ".cache" / "brat"
    export(corpus, annotations, "brat", out)
    report = import_annotations(corpus, "brat", out, tmp_path / "back")
    assert report.clean and sorted(report.written) == ["astral.txt", "quiet.txt"]


@pytest.mark.parametrize("fmt", ROUND_TRIP_FORMATS)
def test_a_file_read_for_import_keeps_one_copy_of_each_repeated_string(fmt, corpus, tmp_path):
    from reader.export import REGISTRY

    export(corpus, GOLD, fmt, tmp_path / "out")
    read = REGISTRY[fmt].read(tmp_path / "out", ImportOptions())
    docs = [[s for s in doc.spans if s.extras] for doc in read]
    assert sum(map(len, docs)) > 100
    for spans in docs:  # a page's spans (brat: each page is a file of its own)
        # Who made each tag and the name of that field: one object each, not one per
        # span (a line per span, each parsed alone, made ~1 KB a span of copies).
        assert len({id(s.extras["annotator"]) for s in spans}) == len({s.extras["annotator"] for s in spans})
        assert len({id(k) for s in spans for k in s.extras if k == "annotator"}) <= 1
        assert len({id(k) for s in spans if s.attrs for k in s.attrs if k == "counted"}) <= 1


def test_spans_are_handed_on_in_file_order_and_let_go_by_their_file_as_they_go():
    from reader.export.importing import _taken_over
    from reader.export.incoming import Incoming, IncomingDoc

    docs = [IncomingDoc("a.txt", None, [Incoming("figure", n, n + 1, "x") for n in range(3)]),
            IncomingDoc("a.txt", None, [Incoming("event", 9, 10, "y")])]  # fmt: skip
    handed = []
    for span in _taken_over(docs):
        handed.append(span.key)
        # What is handed on is no longer held by the file's documents.
        assert all(span is not s for d in docs for s in d.spans)
    assert handed == [("figure", 0, 1), ("figure", 1, 2), ("figure", 2, 3), ("event", 9, 10)]
    assert [d.spans for d in docs] == [[], []]


def test_a_brat_span_keeps_its_pieces_only_when_it_has_more_than_one_and_says_its_line():
    from reader.export.brat_reading import parse_ann

    one, two = parse_ann("T1\tFigure 3 7\t2000个\nT2\tEvent 10 14;15 18\t3月2 日下午\n", "p.ann")
    assert one.fragments is None and two.fragments == [(10, 14), (15, 18)]
    assert (one.at, two.at) == ("p.ann:1", "p.ann:2")


@pytest.mark.parametrize("fmt", ROUND_TRIP_FORMATS)  # bio: read whole (README)
def test_reading_a_dense_pages_file_for_import_never_holds_it_whole(fmt, tmp_path):
    import tracemalloc

    from reader.export import REGISTRY
    from tests.unit.test_jsonstream import _dense_file

    path, store = _dense_file(tmp_path, 100)
    export(load_corpus(path.parent), store.directory, fmt, tmp_path / "out")
    REGISTRY[fmt].read(tmp_path / "out", ImportOptions())  # imports and caches are not what is measured
    tracemalloc.start()
    docs = REGISTRY[fmt].read(tmp_path / "out", ImportOptions())
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert sum(len(d.spans) for d in docs) > 5_000
    # A doccano line or a Label Studio task holds the page's text and every span: read
    # whole (the line as one string, then its parsed tree) they peaked at ~3x what the
    # read keeps; read entry by entry, ~1.4-1.7x.
    assert peak < 1.8 * kept, (peak, kept)


def test_a_doccano_span_stated_twice_gets_its_carried_fields_both_times(tmp_path):
    from reader.export.doccano import read_doccano_file

    carried = {"start": 0, "end": 2, "label": "figure", "id": "x1", "note": "n", "attrs": {"unit": "个"}}
    line = {"label": [[0, 2, "figure"], [0, 2, "figure"]], "meta": {"epireader": {"spans": [carried]}},
            "text": "3个人"}  # fmt: skip
    (tmp_path / "d.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    (doc,) = read_doccano_file(tmp_path / "d.jsonl", ImportOptions())
    assert [(s.extras, s.attrs) for s in doc.spans] == [({"id": "x1", "note": "n"}, {"unit": "个"})] * 2


def test_counted_agreement_counts_a_gold_figure_given_twice_twice():
    from reader.extraction.scoring import Report

    report = Report()
    key = ("figure", 0, 2)
    report.add_counted("p.txt", [(key, "人"), (key, "人"), (("figure", 5, 7), "元")], {key: "人"})
    assert (report.counted.gold, report.counted.tp) == (2, 2)
