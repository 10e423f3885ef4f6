"""The gold annotations: valid, and the fixtures exported from them are up to date."""

from __future__ import annotations

import json

from reader.corpus.check import check
from reader.export.formats import export
from tests.conftest import ROOT

ANNOTATIONS = ROOT / "annotations"
FIXTURES = ROOT / "tests" / "fixtures" / "gold"


def test_gold_files_pass_check(corpus):
    reports = check(ANNOTATIONS, corpus)
    assert len(reports) == 5
    for report in reports:
        assert report.problems == [], report.path


def test_gold_covers_every_seed_page_with_both_labels(corpus):
    for page in corpus.pages:
        data = json.loads((ANNOTATIONS / (page.name[:-4] + ".json")).read_text(encoding="utf-8"))
        labels = {s["label"] for s in data["spans"]}
        assert labels == {"event", "figure"}, page.name


def test_fixtures_are_up_to_date_with_the_gold(corpus, tmp_path):
    fresh = export(corpus, ANNOTATIONS, "fixtures", tmp_path)
    committed = sorted(p.name for p in FIXTURES.glob("*.json"))
    assert sorted(p.name for p in fresh) == committed, (
        "tests/fixtures/gold is stale: run `epireader export --format fixtures --out tests/fixtures/gold`"
    )
    for path in fresh:
        assert path.read_bytes() == (FIXTURES / path.name).read_bytes(), (
            f"{path.name} differs from the gold: re-export the fixtures"
        )
