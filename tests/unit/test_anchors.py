"""Other tools' own example files (tests/data/anchors, README there) imported: every
line or result of each is either imported or reported, never dropped in silence."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reader.corpus.corpus import load_corpus
from reader.export import import_annotations
from reader.export.incoming import ImportOptions
from reader.export.labels import LabelMap
from tests.conftest import ROOT

ANCHORS = ROOT / "tests" / "data" / "anchors"
NEWS = LabelMap.parse(["Money=figure", "Transfer-money=event", "Merge-org=event", "Report=event",
                       "Person=", "Organization=", "GPE="])  # fmt: skip
EPI = LabelMap.parse(["Protein=figure", "DNA_methylation=event", "Entity=", "Ubiquitination=event"])


def _corpus(tmp_path: Path, texts: dict[str, str]):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, text in texts.items():
        (pages / name).write_text(text, encoding="utf-8")
    return load_corpus(pages)


def _brat(tmp_path: Path, folder: str):
    """The anchor folder's pages as a corpus, its .ann files beside them to import."""
    source = tmp_path / "brat"
    shutil.copytree(ANCHORS / "brat" / folder, source)
    texts = {p.name: p.read_text(encoding="utf-8") for p in source.glob("*.txt")}
    return _corpus(tmp_path, texts), source


def _lines(folder: Path) -> int:
    return sum(1 for ann in folder.glob("*.ann") for line in ann.read_text().splitlines() if line.strip())


def _attached(folder: Path, report) -> int:
    """A/M and # lines on a T line that was imported (they became its attributes or note)."""
    count = 0
    for ann in folder.glob("*.ann"):
        rows = [line.split("\t") for line in ann.read_text().splitlines()]
        labels = {r[0]: r[1].split(" ")[0] for r in rows if r[0].startswith("T")}
        for row in rows:
            if row[0][:1] in "AM#" and len(row) > 1:
                target = row[1].split(" ")[1]
                count += labels.get(target) in ("Money", "Transfer-money", "Merge-org", "Report",
                                                 "Protein", "DNA_methylation", "Ubiquitination")  # fmt: skip
    return count


def test_brat_tutorial_files_each_line_imported_or_counted_by_kind(tmp_path):
    corpus, source = _brat(tmp_path, "news")
    report = import_annotations(corpus, "brat", source, tmp_path / "ann", options=ImportOptions(NEWS))
    assert report.problems == [] and report.mismatches == []
    # Read by hand from the four files: R lines 2+1+0+2, E lines 1+0+10+2, one * line,
    # one N line, A lines on events 5 (100) + 1 (000), notes on E1 and R1 of 110.
    assert report.not_imported == {
        "brat relation (R)": 5, "brat event (E)": 13, "brat equivalence (*)": 1,
        "brat normalisation (N)": 1, "brat attribute on no imported span (A/M)": 6,
        "brat note on no imported span (#)": 2,
    }  # fmt: skip
    # Money, Transfer-money in 000; Report and Merge-org triggers in 100 (10) and 110 (2)
    assert report.added == 2 + 10 + 2
    assert report.added + report.skipped + sum(report.not_imported.values()) + _attached(source, report) == (
        _lines(source)
    )
    assert not report.clean
    summary = report.lines()[0]
    assert (
        "not imported: 13 brat event (E), 6 brat attribute" in summary
        and "1 brat normalisation (N)" in summary
    )


def test_brat_attributes_on_spans_become_the_tags_and_a_note_its_note(tmp_path):
    corpus, source = _brat(tmp_path, "news")
    keep = NEWS | LabelMap.parse(["Person=event"])
    import_annotations(corpus, "brat", source, tmp_path / "ann", options=ImportOptions(keep))
    intro = json.loads((tmp_path / "ann" / "000-introduction.json").read_text(encoding="utf-8"))
    by_text = {s["text"]: s for s in intro["spans"]}
    # A1 Mention T4 Name, A2 Individual T4; #1 AnnotatorNotes T2 100000000 USD
    assert by_text["Raul Salinas de Gortari"]["attrs"] == {"brat": {"Mention": "Name", "Individual": True}}
    assert by_text["$100 million"]["note"] == "100000000 USD"


def test_brat_epi_and_ge_files_count_equivalences_events_and_the_old_attribute_form(tmp_path):
    corpus, source = _brat(tmp_path, "epi")
    report = import_annotations(corpus, "brat", source, tmp_path / "ann", options=ImportOptions(EPI))
    # PMID-19609235: 14 Protein, 1 DNA_methylation, 1 Entity (skipped), 1 E, 1 *;
    # PMID-8577772: 25 Protein, 10 triggers of kinds the map does not name, 14 E, 2 *, M1 on E14.
    assert report.added == 14 + 1 + 25
    assert report.skipped == 1
    assert len(report.problems) == 10 and all("unknown label" in p for p in report.problems)
    assert report.not_imported == {
        "brat event (E)": 15, "brat equivalence (*)": 3, "brat attribute on no imported span (A/M)": 1,
    }  # fmt: skip
    total = report.added + report.skipped + len(report.problems) + sum(report.not_imported.values())
    assert total == _lines(source)


def _jsonl_texts(path: Path) -> dict[str, str]:
    texts = {}
    raw = path.read_text(encoding="utf-8")
    try:
        items = [json.loads(line) for line in raw.splitlines() if line.strip()]
    except ValueError:
        items = [json.loads(raw)]
    for n, item in enumerate(items):
        if "text" in item:
            texts[f"{path.stem}-{n}.txt"] = item["text"]
    return texts


DOCCANO = LabelMap.parse(["ORG=figure", "PERSON=event", "DATE=figure", "LOC=figure", "MISC="])


@pytest.mark.parametrize(
    ("name", "added", "already", "skipped", "relations", "problems"),
    [
        ("export-sequence_labeling.jsonl", 3, 0, 1, 0, 0),  # EU/ORG, Peter Blackburn, Obama; MISC skipped
        ("export-relation_extraction.jsonl", 4, 0, 0, 3, 0),  # one object over many lines
        ("import-relation_extraction.jsonl", 4, 0, 0, 3, 0),
        ("import-sequence_labeling.jsonl", 1, 0, 0, 0, 1),  # line 3 has no "text"
        ("import-example_overlapping.jsonl", 1, 1, 0, 0, 0),  # the same span twice
    ],
)
def test_doccano_examples_every_label_and_relation_imported_or_reported(
    name, added, already, skipped, relations, problems, tmp_path
):
    path = ANCHORS / "doccano" / name
    corpus = _corpus(tmp_path, _jsonl_texts(path))
    report = import_annotations(corpus, "jsonl", path, tmp_path / "ann", options=ImportOptions(DOCCANO))
    got = (report.added, report.already, report.skipped, report.not_imported["doccano relation"])
    assert got == (added, already, skipped, relations)
    assert len(report.problems) == problems
    if problems:
        assert (
            report.problems[0].startswith(f"{path}:3: 1 span(s) not imported")
            and '"text"' in report.problems[0]
        )


def _task_texts(path: Path) -> dict[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    tasks = data if isinstance(data, list) else [data]
    texts = {"other.txt": "a page no task has"}
    for n, task in enumerate(tasks):
        text = task.get("data", task).get("text")
        if isinstance(text, str):
            texts[f"task{n}.txt"] = text
    return texts


@pytest.mark.parametrize(
    ("name", "not_imported", "problems"),
    [
        ("text_with_2_tasks.json", {}, 0),  # bare {"text": …} tasks, nothing to import
        ("text_with_2_predictions.json", {"Label Studio choices result (no text span)": 2}, 0),
        # an image task: its one result, and the task itself (no text), reported
        ("previous_export.json", {"Label Studio choices result (no text span)": 1}, 1),
        # 7 choices results in annotations (two annotators on task 2) and predictions; 2 bare tasks
        ("tasks_annotations_predictions.json", {"Label Studio choices result (no text span)": 7}, 0),
    ],
)
def test_label_studio_examples_every_result_imported_or_reported(name, not_imported, problems, tmp_path):
    path = ANCHORS / "label-studio" / name
    corpus = _corpus(tmp_path, _task_texts(path))
    report = import_annotations(corpus, "label-studio", path, tmp_path / "ann")
    assert dict(report.not_imported) == not_imported
    assert len(report.problems) == problems and report.added == 0
    assert all("no text" in p for p in report.problems)


def test_label_studio_utf16_case_needs_its_unit_said_and_then_lands_on_the_word(tmp_path):
    path = ANCHORS / "label-studio" / "issue-1347-utf16.json"
    corpus = _corpus(tmp_path, {"poo.txt": "💩This is an annotation."})
    names = LabelMap.parse(["Annotation=event"])
    unsaid = import_annotations(corpus, "label-studio", path, tmp_path / "ann", options=ImportOptions(names))
    [line] = unsaid.problems
    assert "outside the BMP" in line and "--offsets utf16" in line and unsaid.added == 0
    wrong = import_annotations(
        corpus, "label-studio", path, tmp_path / "ann", options=ImportOptions(names, "codepoints")
    )
    assert [m.found for m in wrong.mismatches] == ["nnotation."] and wrong.added == 0
    right = import_annotations(
        corpus, "label-studio", path, tmp_path / "ann", options=ImportOptions(names, "utf16")
    )
    assert right.clean and right.added == 1
    # completed_by 1: the annotation is annotator 1's, in their own folder
    saved = json.loads((tmp_path / "annotators" / "1" / "poo.json").read_text(encoding="utf-8"))
    assert [(s["text"], s["start"], s["annotator"]) for s in saved["spans"]] == [("annotation", 12, "1")]
