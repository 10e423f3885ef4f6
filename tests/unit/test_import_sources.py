"""What issue 22 asks of imports and exports beyond the anchors: Label Studio's
annotators and predictions, the label map, the offset unit said in the file, brat
attributes written and read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.corpus.corpus import load_corpus
from reader.export import export, import_annotations
from reader.export.incoming import ImportOptions
from reader.export.labels import LabelMap, LabelMapError
from reader.export.offsets import utf16_offset
from reader.session.reading import ReadingSession
from reader.text.articles import ArticleRef

PAGE = "𠮷野家 😷 口罩2000个。\n3月2日,捐赠口罩500个。\n"


@pytest.fixture
def page(tmp_path):
    """One page with characters outside the BMP before its spans."""
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.txt").write_text(PAGE, encoding="utf-8")
    return load_corpus(tmp_path / "pages")


def _result(text: str, needle: str, label: str, ident: str) -> dict:
    start = text.index(needle)
    value = {"start": utf16_offset(text, start), "end": utf16_offset(text, start + len(needle)),
             "text": needle, "labels": [label]}  # fmt: skip
    return {"id": ident, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


def _two_annotators_and_a_model(tmp_path: Path) -> Path:
    task = {
        "id": 7,
        "data": {"text": PAGE},
        "meta": {"offsets": "utf16"},
        "annotations": [
            {"completed_by": {"id": 3, "email": "ann@example.org"}, "result": [
                _result(PAGE, "2000个", "Figure", "a1"),
                {"id": "r1", "type": "relation", "from_id": "a1", "to_id": "a2", "labels": []},
            ]},
            {"completed_by": 9, "result": [_result(PAGE, "500个", "Figure", "b1")]},
            {"completed_by": 4, "was_cancelled": True, "result": [_result(PAGE, "口罩", "Figure", "c1")]},
        ],
        "predictions": [{"model_version": "ner-v2", "result": [_result(PAGE, "捐赠口罩", "Event", "p1")]}],
    }  # fmt: skip
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    return path


def test_each_label_studio_annotation_goes_to_its_annotators_folder(page, tmp_path):
    path = _two_annotators_and_a_model(tmp_path)
    report = import_annotations(page, "label-studio", path, tmp_path / "annotations")

    def spans(who: str) -> list[tuple[str, str]]:
        data = json.loads((tmp_path / "annotators" / who / "p.json").read_text(encoding="utf-8"))
        return [(s["text"], s["annotator"]) for s in data["spans"]]

    assert spans("ann_example.org") == [("2000个", "ann@example.org")]
    assert spans("9") == [("500个", "9")]
    assert not (tmp_path / "annotators" / "4").exists()  # cancelled
    assert report.not_imported == {
        "Label Studio relation": 1,
        "Label Studio result of a cancelled annotation": 1,
    }
    assert report.added == 2 and report.suggestions == 1 and not report.clean
    assert "also in" in report.lines()[0] and "1 suggestion(s) kept" in report.lines()[0]


def test_predictions_are_suggestions_the_reader_shows_under_p_to_accept(page, tmp_path):
    path = _two_annotators_and_a_model(tmp_path)
    import_annotations(page, "label-studio", path, tmp_path / "annotations")
    session = ReadingSession(page, tmp_path / "annotations", "tester")
    session.open(ArticleRef("p.txt", 0))
    session.set_mode("suggest")
    event = next(s for s in session.suggestions() if s.text == "捐赠口罩")
    assert event.model_version == "ner-v2"
    from reader.session.values import proposal_line

    assert "(suggested by ner-v2)" in proposal_line(event)
    assert session.edits.decide(event.start, accept=True).ok
    saved = json.loads((tmp_path / "annotations" / "p.json").read_text(encoding="utf-8"))
    assert [(s["text"], s["origin"]) for s in saved["spans"]] == [("捐赠口罩", "accepted")]
    assert event.key not in {s.key for s in session.suggestions()}


def test_importing_the_same_predictions_again_keeps_one_line_each(page, tmp_path):
    path = _two_annotators_and_a_model(tmp_path)
    import_annotations(page, "label-studio", path, tmp_path / "annotations")
    again = import_annotations(page, "label-studio", path, tmp_path / "annotations")
    assert again.suggestions == 0
    assert len((tmp_path / "annotations" / "predictions.jsonl").read_text().splitlines()) == 1


def test_a_label_map_maps_skips_on_purpose_and_leaves_unnamed_labels_reported(page, tmp_path):
    text = PAGE
    start = text.index("2000个")
    labels = [[start, start + 5, "QUANTITY"], [0, 3, "ORG"], [start, start + 2, "CARDINAL"]]
    line = {"text": text, "meta": {"offsets": "code points"}, "label": labels}
    (tmp_path / "d.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    names = LabelMap.parse(["QUANTITY=figure", "ORG="])
    report = import_annotations(
        page, "jsonl", tmp_path / "d.jsonl", tmp_path / "ann", options=ImportOptions(names)
    )
    assert (report.added, report.skipped) == (1, 1)
    [unnamed] = report.problems
    assert "unknown label 'CARDINAL'" in unnamed and "--label-map" in unnamed


@pytest.mark.parametrize(
    ("entries", "says"),
    [(["ORG"], "not FROM=TO"), (["ORG=person"], "'person' is no label"), (["=event"], "not FROM=TO")],
)
def test_a_label_map_entry_that_is_not_from_to_is_one_clear_error(entries, says):
    with pytest.raises(LabelMapError, match=says):
        LabelMap.parse(entries)


def test_the_cli_takes_a_label_map_file_and_options_and_says_what_it_did_not_import(page, tmp_path, capsys):
    ann = Path(__file__).resolve().parents[1] / "data" / "anchors" / "brat" / "news" / "000-introduction.ann"
    pages = tmp_path / "pages"
    (pages / "000-introduction.txt").write_text(
        ann.with_suffix(".txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "map.txt").write_text("# ours\nMoney=figure\nTransfer-money = event\n", encoding="utf-8")
    args = ["import", "brat", str(ann), str(pages), "--annotations", str(tmp_path / "a"),
            "--label-map-file", str(tmp_path / "map.txt"), "--label-map", "Person=", "--label-map", "GPE=",
            "--label-map", "Organization="]  # fmt: skip
    assert main(args) == 1
    out, err = capsys.readouterr()
    assert out.startswith("brat: 2 span(s) added") and "not imported: 2 brat relation (R)" in out
    assert err == ""
    assert main([*args[:-2], "--label-map", "Organization"]) == 2
    assert "not FROM=TO" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["jsonl", "label-studio"])
def test_an_export_in_code_points_says_so_and_comes_back_without_being_told(fmt, page, tmp_path):
    from reader.annotation.editing import Editor
    from reader.annotation.store import AnnotationStore

    p = page.pages[0]
    start = p.text.index("500个")
    Editor(AnnotationStore(tmp_path / "ann"), "t").tag(p, "figure", start, start + 4)
    export(page, tmp_path / "ann", fmt, tmp_path / "out", "codepoints")
    raw = next((tmp_path / "out").glob("*.json*")).read_text(encoding="utf-8")
    assert '"offsets": "code points"' in raw and f'"start": {start}' in raw
    report = import_annotations(page, fmt, tmp_path / "out", tmp_path / "back")
    assert report.clean and report.added == 1


def test_offsets_on_a_format_with_one_unit_is_refused(page, tmp_path):
    with pytest.raises(ValueError, match="--offsets is for jsonl, label-studio"):
        export(page, tmp_path / "ann", "brat", tmp_path / "out", "codepoints")


def test_brat_export_writes_the_qualifier_and_brat_attributes_as_declared_attributes(page, tmp_path):
    from reader.annotation.editing import Editor
    from reader.annotation.store import AnnotationStore

    p = page.pages[0]
    start = p.text.index("2000个")
    attrs = {"value": 2000, "qualifier": "exact", "unit": "个", "brat": {"Negation": True, "Mention": "Name"}}
    Editor(AnnotationStore(tmp_path / "ann"), "t").tag(p, "figure", start, start + 5, attrs)
    export(page, tmp_path / "ann", "brat", tmp_path / "out")
    lines = (tmp_path / "out" / "p.ann").read_text(encoding="utf-8").splitlines()
    assert [x for x in lines if x.startswith("A")] == [
        "A1\tQualifier T1 exact", "A2\tNegation T1", "A3\tMention T1 Name"
    ]  # fmt: skip
    conf = (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8")
    attributes = conf.split("[attributes]\n")[1].splitlines()
    assert attributes == [
        "Qualifier\tArg:Figure, Value:exact|more-than|about|under|range|vague",
        "Mention\tArg:<ENTITY>, Value:Name",
        "Negation\tArg:<ENTITY>",
    ]
    # A person changes the qualifier in brat: the A line wins over the carried note.
    changed = [x.replace("Qualifier T1 exact", "Qualifier T1 about") for x in lines]
    (tmp_path / "out" / "p.ann").write_text("\n".join(changed) + "\n", encoding="utf-8")
    import_annotations(page, "brat", tmp_path / "out", tmp_path / "back")
    [span] = json.loads((tmp_path / "back" / "p.json").read_text(encoding="utf-8"))["spans"]
    assert span["attrs"] == {**attrs, "qualifier": "about"}


def test_a_bio_export_imports_back_span_for_span(corpus, tmp_path):
    from reader.annotation.store import AnnotationStore

    gold = Path(__file__).resolve().parents[2] / "annotations"
    export(corpus, gold, "bio", tmp_path / "bio")
    report = import_annotations(corpus, "bio", tmp_path / "bio", tmp_path / "back")
    assert report.clean and report.added == 321
    ours, back = AnnotationStore(gold), AnnotationStore(tmp_path / "back")
    for p in corpus.pages:
        assert [s.key for s in back.load(p).annotations.spans] == [
            s.key for s in ours.load(p).annotations.spans
        ]


def test_a_foreign_two_column_bio_file_reads_its_tags_through_the_label_map(page, tmp_path):
    text = page.pages[0].text
    start = text.index("2000个")
    rows = ["-DOCSTART- -X- O O", ""]
    for i, ch in enumerate(text):
        tag = "B-QUANTITY" if i == start else "I-QUANTITY" if start < i < start + 5 else "O"
        rows.append(f"{'<nl>' if ch == chr(10) else '<sp>' if ch == ' ' else ch} {tag}")
    (tmp_path / "x.bio").write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = import_annotations(page, "bio", tmp_path / "x.bio", tmp_path / "ann",
                                options=ImportOptions(LabelMap.parse(["QUANTITY=figure"])))  # fmt: skip
    assert report.clean and report.added == 1  # found by its text: no side file
    saved = json.loads((tmp_path / "ann" / "p.json").read_text(encoding="utf-8"))["spans"]
    assert [(s["label"], s["text"]) for s in saved] == [("figure", "2000个")]


def test_per_region_fields_filled_in_label_studio_become_the_tags_attributes_and_note(page, tmp_path):
    region = _result(PAGE, "2000个", "Figure", "r1")
    where = {k: region["value"][k] for k in ("start", "end")}

    def field(name: str, kind: str, said: dict) -> dict:
        return {"id": "r1", "from_name": name, "to_name": "text", "type": kind, "value": {**where, **said}}

    filled = [
        region,
        field("qualifier", "choices", {"choices": ["about"]}),
        field("value", "number", {"number": 2000}),
        field("note", "textarea", {"text": ["约数"]}),
    ]
    task = {"data": {"text": PAGE}, "meta": {"offsets": "utf16"}, "annotations": [{"result": filled}]}
    (tmp_path / "ls.json").write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    report = import_annotations(page, "label-studio", tmp_path / "ls.json", tmp_path / "ann")
    assert report.clean and report.added == 1
    [span] = json.loads((tmp_path / "ann" / "p.json").read_text(encoding="utf-8"))["spans"]
    assert (span["attrs"], span["note"]) == ({"qualifier": "about", "value": 2000}, "约数")


def test_the_labelling_config_names_what_the_results_use():
    import xml.etree.ElementTree as ET

    from reader.export.label_studio import labelling_config

    view = ET.fromstring(labelling_config())
    labels = view.find("Labels")
    assert (labels.get("name"), labels.get("toName")) == ("label", "text")
    assert [x.get("value") for x in labels] == ["Event", "Figure"]
    assert view.find("Text").get("value") == "$text"
    per_region = {c.get("name"): c.tag for c in view if c.get("perRegion") == "true"}
    texts = dict.fromkeys(("unit", "counted", "summary", "date", "note"), "TextArea")
    assert per_region == {"qualifier": "Choices", "value": "Number", **texts}
