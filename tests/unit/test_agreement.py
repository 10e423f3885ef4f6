"""Agreement figures against values worked out by hand on small examples."""

from __future__ import annotations

import pytest

from reader.annotation.editing import Editor
from reader.annotation.store import AnnotationStore
from reader.corpus.agreement import agreement, cohen_kappa, coverage
from reader.corpus.corpus import load_corpus
from reader.extraction.scoring import Report, match


def test_kappa_by_hand():
    # 10 items. A says yes on 0-3, B on 2-5. Agree on 2,3 (yes) and 6-9 (no): 6/10.
    a = [True] * 4 + [False] * 6
    b = [False] * 2 + [True] * 4 + [False] * 4
    # chance: 0.4*0.4 + 0.6*0.6 = 0.52; kappa = (0.6 - 0.52) / (1 - 0.52) = 1/6
    assert cohen_kappa(a, b) == pytest.approx(1 / 6)
    assert cohen_kappa(a, a) == 1.0
    assert cohen_kappa([True, False], [False, True]) == pytest.approx(-1.0)
    assert cohen_kappa([False] * 5, [False] * 5) == 1.0


def test_coverage_skips_white_space():
    assert coverage("ab cd", [("figure", 1, 4)], "figure") == [False, True, True, False]


def test_lenient_match_needs_half_of_the_longer_span():
    gold = [("figure", 0, 10)]
    assert match(gold, [("figure", 5, 10)], strict=False) == [(0, 0)]  # 5 of 10
    assert match(gold, [("figure", 6, 10)], strict=False) == []  # 4 of 10
    assert match(gold, [("event", 0, 10)], strict=False) == []  # other label


def test_f1_by_hand():
    report = Report()
    # A: three figures; B: two of them exactly, one shifted by one character, one extra.
    a = [("figure", 0, 4), ("figure", 10, 14), ("figure", 20, 24)]
    b = [("figure", 0, 4), ("figure", 10, 14), ("figure", 21, 24), ("figure", 30, 32)]
    report.add("p", a, b)
    strict = report.score("figure", "strict")
    assert (strict.tp, strict.gold, strict.found) == (2, 3, 4)
    assert strict.f1 == pytest.approx(2 * (2 / 4) * (2 / 3) / (2 / 4 + 2 / 3))  # 4/7
    lenient = report.score("figure", "lenient")
    assert lenient.tp == 3 and lenient.f1 == pytest.approx(2 * 0.75 * 1.0 / 1.75)  # 6/7


def test_agreement_between_two_folders(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    text = "全县8200余名党员,174个先锋岗。\n"
    (pages / "p.txt").write_text(text, encoding="utf-8")
    page = load_corpus(pages).pages[0]
    for folder, needles in (("a", ["8200余名", "174个"]), ("b", ["8200余名", "174"])):
        session = Editor(AnnotationStore(tmp_path / folder), folder)
        for needle in needles:
            start = text.index(needle)
            session.tag(page, "figure", start, start + len(needle))
    result = agreement(load_corpus(pages), tmp_path / "a", tmp_path / "b")
    assert result.pages == ["p.txt"]
    assert result.report.score("figure", "strict").f1 == pytest.approx(0.5)
    assert result.report.score("figure", "lenient").f1 == pytest.approx(1.0)
    # 19 non-space characters. A covers 6+4=10, B covers 6+3=9; they differ on 1 (个).
    flags_a = coverage(text, [("figure", 2, 8), ("figure", 11, 15)], "figure")
    assert len(flags_a) == 19 and sum(flags_a) == 10
    agree = 18 / 19
    chance = (10 / 19) * (9 / 19) + (9 / 19) * (10 / 19)
    assert result.kappa["figure"] == pytest.approx((agree - chance) / (1 - chance))
    assert [(d.who, d.key) for d in result.disagreements] == [
        ("A only", ("figure", 11, 15)),
        ("B only", ("figure", 11, 14)),
    ]


def _random_keys(rng, n: int, count: int) -> list[tuple[str, int, int]]:
    keys = []
    for _ in range(count if n else 0):
        start = rng.randrange(n)
        keys.append((rng.choice(["figure", "event"]), start, rng.randint(start + 1, n)))
    return keys


def test_character_counts_for_kappa_are_those_of_the_flags_per_character():
    """confusion counts with bit masks what coverage lists a flag at a time."""
    import random

    from reader.corpus.agreement import confusion

    rng = random.Random(7)
    for _ in range(200):
        n = rng.randint(0, 60)
        text = "".join(rng.choice("党员 8\n\u3000\t例,\x1c") for _ in range(n))
        a, b = _random_keys(rng, n, rng.randint(0, 5)), _random_keys(rng, n, rng.randint(0, 5))
        for label in ("figure", "event"):
            flags_a, flags_b = coverage(text, a, label), coverage(text, b, label)
            both = sum(x and y for x, y in zip(flags_a, flags_b, strict=True))
            only_a, only_b = sum(flags_a) - both, sum(flags_b) - both
            expected = (both, only_a, only_b, len(flags_a) - both - only_a - only_b)
            assert confusion(text, a, b, label) == expected, (text, a, b, label)


def test_kappa_from_counts_is_kappa_from_the_sequences():
    from reader.corpus.agreement import kappa_of

    a = [True, True, False, False, True, False]
    b = [True, False, False, True, True, False]
    assert kappa_of((2, 1, 1, 2)) == pytest.approx(cohen_kappa(a, b))
    assert kappa_of((0, 0, 0, 0)) == 1.0 and kappa_of((0, 0, 0, 5)) == 1.0
