"""WebAnno TSV 3 (INCEpTION): written as the format's documented examples are, our
words as its tokens; read back, every annotation of the suite's files imported or
reported."""

from __future__ import annotations

import json
from pathlib import Path

from reader.annotation.editing import Editor
from reader.annotation.store import AnnotationStore
from reader.corpus.corpus import load_corpus
from reader.export import export, import_annotations
from reader.export.incoming import ImportOptions
from reader.export.labels import LabelMap
from tests.conftest import ROOT

ANCHORS = ROOT / "tests" / "data" / "anchors" / "webanno"


def _page(tmp_path: Path, name: str, text: str):
    pages = tmp_path / "pages"
    pages.mkdir(exist_ok=True)
    (pages / name).write_text(text, encoding="utf-8")
    return load_corpus(pages)


def test_the_documented_emoji_sentence_is_written_with_its_utf16_offsets(tmp_path):
    # webannotsv.adoc: "#Text=I like it 😊 ." with 😊 at 10-12 (two UTF-16 units)
    corpus = _page(tmp_path, "testSentenceWithEmoji.txt", "I like it 😊 .")
    page = corpus.pages[0]
    Editor(AnnotationStore(tmp_path / "ann"), "t").tag(page, "figure", 10, 11)
    [written] = export(corpus, tmp_path / "ann", "webanno", tmp_path / "out")
    ours = written.read_text(encoding="utf-8").splitlines()
    documented = (ANCHORS / "testSentenceWithEmoji.tsv").read_text(encoding="utf-8").splitlines()
    assert ours[0] == documented[0] == "#FORMAT=WebAnno TSV 3.3"
    assert ours[2:5] == documented[2:5]  # the blank lines and #Text=
    rows = [r.split("\t")[:3] for r in ours[5:] if r]
    assert rows == [r.split("\t")[:3] for r in documented[5:] if r]  # ids, UTF-16 offsets, tokens
    assert ours[8].split("\t")[3] == "Figure[1]"


def test_the_seed_gold_comes_back_through_webanno_span_for_span(corpus, tmp_path):
    export(corpus, ROOT / "annotations", "webanno", tmp_path / "out")
    report = import_annotations(corpus, "webanno", tmp_path / "out", tmp_path / "back")
    assert report.clean and report.added == 321
    for path in (ROOT / "annotations").glob("*.json"):
        gold = json.loads(path.read_text(encoding="utf-8"))["spans"]
        back = json.loads((tmp_path / "back" / path.name).read_text(encoding="utf-8"))["spans"]
        assert [(s["label"], s["start"], s["end"], s["text"]) for s in back] == [
            (s["label"], s["start"], s["end"], s["text"]) for s in gold
        ]


def _anchor(tmp_path: Path, name: str, text: str, names: list[str]):
    corpus = _page(tmp_path, f"{name}.txt", text)
    options = ImportOptions(LabelMap.parse(names))
    return import_annotations(corpus, "webanno", ANCHORS / f"{name}.tsv", tmp_path / "ann", options=options)


def _saved(tmp_path: Path, name: str) -> list[tuple[str, str]]:
    spans = json.loads((tmp_path / "ann" / f"{name}.json").read_text(encoding="utf-8"))["spans"]
    return [(s["label"], s["text"]) for s in spans]


def test_the_suites_multi_token_span_is_one_span(tmp_path):
    report = _anchor(tmp_path, "testMultiTokenSpanWithFeatureValue", "This is a test .", ["PERSON=event"])
    assert report.clean and report.added == 1
    assert _saved(tmp_path, "testMultiTokenSpanWithFeatureValue") == [("event", "This is a test .")]


def test_the_suites_emoji_annotation_without_a_value_is_named_by_the_map_or_reported(tmp_path):
    unnamed = _anchor(tmp_path, "testSentenceWithEmoji", "I like it 😊 .", [])
    [line] = unnamed.problems
    assert "unknown label '*'" in line
    named = _anchor(tmp_path, "testSentenceWithEmoji", "I like it 😊 .", ["*=figure"])
    assert named.clean and _saved(tmp_path, "testSentenceWithEmoji") == [("figure", "😊")]


def test_the_suites_stacked_annotations_each_imported_or_already_there(tmp_path):
    report = _anchor(
        tmp_path, "testTokenBoundedStackedSpanWithFeatureValue", "This is a test .", ["NE=figure"]
    )
    assert (report.added, report.already) == (5, 5)  # NE[1]|NE[2] on each of 5 tokens: the same span twice


def test_the_suites_sub_token_annotations_each_imported_or_reported(tmp_path):
    names = [f"{n}{ab}=figure" for n in range(1, 13) for ab in "ab"]
    report = _anchor(tmp_path, "testStackedSubMultiTokenSpanWithFeatureValue", "aaaaaa bbbbbb cccccc", names)
    zero = [p for p in report.problems if "zero-length" in p]
    assert len(zero) == 6  # 11a, 11b at 7-7; 10a, 10b at 10-10; 12a, 12b at 13-13
    assert report.added + report.already + len(report.problems) == 24  # the file's 24 annotations
    saved = dict.fromkeys(t for _, t in _saved(tmp_path, "testStackedSubMultiTokenSpanWithFeatureValue"))
    # 2a over two tokens; 9a from a sub-token over a token to a sub-token; 3a one sub-token
    assert {"aaaaaa bbbbbb", "aaa bbbbbb ccc", "b"} <= set(saved)
