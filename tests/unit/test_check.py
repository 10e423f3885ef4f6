"""`epireader check` reads files the way the store does: hostile files are reported, never crash it."""

from __future__ import annotations

import json

from reader.annotation.editing import Session
from reader.annotation.store import AnnotationStore
from reader.corpus.check import check
from reader.corpus.corpus import load_corpus


def _corpus_with_tag(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "p.txt").write_text("全县174个党员先锋岗,8200余名党员深入一线。\n", encoding="utf-8")
    corpus = load_corpus(pages)
    page = corpus.pages[0]
    start = page.text.index("8200余名")
    Session(AnnotationStore(tmp_path / "ann"), "t").tag(page, "figure", start, start + 6)
    return corpus, tmp_path / "ann" / "p.json"


def test_check_reports_a_nesting_bomb_as_a_problem_instead_of_crashing(tmp_path):
    corpus, path = _corpus_with_tag(tmp_path)
    path.write_text('{"spans":' + "[" * 100_000, encoding="utf-8")
    [report] = check(path.parent, corpus)
    assert report.problems and "nested too deeply" in report.problems[0]


def test_check_reports_offsets_that_are_not_whole_numbers(tmp_path):
    corpus, path = _corpus_with_tag(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["spans"][0]["end"] = 1e308
    path.write_text(json.dumps(data), encoding="utf-8")
    [report] = check(path.parent, corpus)
    assert report.problems and "whole number" in report.problems[0]


def test_check_is_clean_on_a_file_the_store_wrote(tmp_path):
    corpus, path = _corpus_with_tag(tmp_path)
    [report] = check(path.parent, corpus)
    assert report.problems == [] and report.spans == 1
