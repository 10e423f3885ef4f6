"""The development gold in the project: valid, complete, and scored with the seeds.

The heldout pages are real pages from other papers with a hand-made gold
(heldout/NOTES.md). They were seen while the rules were built, so the floors here
guard against regressions; they do not promise the score on unseen pages.
"""

from __future__ import annotations

import json

import pytest

from reader.annotation.store import AnnotationStore
from reader.corpus.check import check
from reader.corpus.corpus import load_corpus
from reader.corpus.evaluate import evaluate_sets
from tests.conftest import ROOT

HELDOUT = ROOT / "heldout"
SETS = [
    ("seeds", ROOT / "seeds", ROOT / "annotations"),
    ("heldout", HELDOUT / "pages", HELDOUT / "annotations"),
]
# Floors a little below what the extractor reaches (see the README's extraction section).
FLOORS = {
    "seeds": {"figure": 0.95, "event": 0.95, "counted": 0.90, "dates": 0.90},
    "heldout": {"figure": 0.95, "event": 0.95, "counted": 0.90, "dates": 0.95},
}


@pytest.fixture(scope="module")
def reports():
    return {r.name: r for r in evaluate_sets(SETS)}


def test_heldout_annotations_pass_check():
    corpus = load_corpus(HELDOUT / "pages")
    reports = check(HELDOUT / "annotations", corpus)
    assert len(reports) == 25
    for report in reports:
        assert report.problems == [], report.path


def test_heldout_gold_has_every_span_of_the_shared_gold():
    """heldout/gold.json is the project's copy of the dev set's gold (a plain clone has
    no ../shared): the annotation files hold every span of it and no other gold span."""
    gold = json.loads((HELDOUT / "gold.json").read_text(encoding="utf-8"))
    corpus = load_corpus(HELDOUT / "pages")
    store = AnnotationStore(HELDOUT / "annotations")
    total = 0
    for page in corpus.pages:
        spans = store.load(page).annotations.spans
        total += len(spans)
        assert {s.key for s in spans} <= {(g["label"], g["start"], g["end"]) for g in gold[page.name]} | {
            s.key for s in spans if s.annotator != "gold:heldout"
        }
    assert total == sum(len(v) for v in gold.values())


def test_several_sets_give_one_report_each(reports):
    assert list(reports) == ["seeds", "heldout"]
    assert len(reports["seeds"].pages) == 5
    assert len(reports["heldout"].pages) == 25
    assert reports["heldout"].report.score("figure", "strict").gold == 328
    assert reports["heldout"].report.score("event", "strict").gold == 91


@pytest.mark.parametrize("name", [s[0] for s in SETS])
def test_scores_meet_the_floors(reports, name):
    report = reports[name].report
    figures, events = report.score("figure", "strict"), report.score("event", "lenient")
    print(
        f"{name}: figures strict P {figures.precision:.3f} R {figures.recall:.3f} F1 {figures.f1:.3f}; "
        f"events lenient P {events.precision:.3f} R {events.recall:.3f} F1 {events.f1:.3f}; "
        f"counted {report.counted_agreement:.3f}; dates {report.date_agreement:.3f}"
    )
    assert figures.f1 >= FLOORS[name]["figure"]
    assert events.f1 >= FLOORS[name]["event"]
    assert report.counted_agreement >= FLOORS[name]["counted"]
    assert report.dates.gold > 40  # every gold event carries its date
    assert report.date_agreement >= FLOORS[name]["dates"]
