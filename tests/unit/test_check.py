"""`epireader check` reads files the way the store does: hostile files are reported, never crash it."""

from __future__ import annotations

import json

from reader.corpus.check import check
from reader.corpus.corpus import load_corpus
from tests.conftest import tagged_folder


def _corpus_with_tag(tmp_path):
    pages, annotations = tagged_folder(tmp_path)
    return load_corpus(pages), annotations / "p.json"


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
