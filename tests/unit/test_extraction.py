"""The extractor measured against the gold, one fixture (article) at a time.

Each test case reports what was found, missed and wrongly found for its article;
the whole-gold test asserts the floors: figures strict F1 >= 0.95, events lenient
F1 >= 0.95. The fixtures carry the article text, so no corpus is needed.
"""

from __future__ import annotations

import json

import pytest

from reader.export import read_fixture
from reader.extraction.extractor import extract_text
from reader.extraction.scoring import Report
from tests.conftest import ROOT

FIXTURES = sorted((ROOT / "tests" / "fixtures" / "gold").glob("*.json"))
TOTAL = Report()


def _found(text: str) -> list[tuple[str, int, int]]:
    return [(f.label, f.start, f.end) for f in extract_text(text)]


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_article(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    gold = read_fixture(data)
    found = _found(data["text"])
    report = Report()
    report.add(path.stem, gold, found)
    TOTAL.add(path.stem, gold, found)
    text = data["text"]
    lines = [f"{data['source']} article {data['article']['index']}: {data['article']['title']}"]
    for title, rows in (("missed", report.misses), ("wrongly found", report.false_alarms)):
        lines += [f"  {title}: {key[0]} {text[key[1] : key[2]]!r}" for _, key in rows]
    print("\n".join(lines))
    # Every span found lies inside the article text and says what the text says.
    for f in extract_text(text):
        assert text[f.start : f.end] == f.text


def test_whole_gold_meets_the_floors():
    report = Report()
    for path in FIXTURES:
        data = json.loads(path.read_text(encoding="utf-8"))
        report.add(path.stem, read_fixture(data), _found(data["text"]))
    figures = report.score("figure", "strict")
    events = report.score("event", "lenient")
    print(f"figures strict P {figures.precision:.3f} R {figures.recall:.3f} F1 {figures.f1:.3f}")
    print(f"events lenient P {events.precision:.3f} R {events.recall:.3f} F1 {events.f1:.3f}")
    assert figures.gold > 250 and events.gold > 40
    assert figures.f1 >= 0.95
    assert events.f1 >= 0.95
