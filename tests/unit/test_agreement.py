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
    result = agreement(load_corpus(pages), [tmp_path / "a", tmp_path / "b"])
    assert result.pages == ["p.txt"]
    assert result.report.score("figure", "strict").f1 == pytest.approx(0.5)
    assert result.report.score("figure", "lenient").f1 == pytest.approx(1.0)
    # 19 non-space characters. A covers 6+4=10, B covers 6+3=9; they differ on 1 (个).
    flags_a = coverage(text, [("figure", 2, 8), ("figure", 11, 15)], "figure")
    assert len(flags_a) == 19 and sum(flags_a) == 10
    agree = 18 / 19
    chance = (10 / 19) * (9 / 19) + (9 / 19) * (10 / 19)
    assert result.kappa["figure"] == pytest.approx((agree - chance) / (1 - chance))
    # One place where they differ: 174个 (A) against 174 (B), each row naming who has it.
    assert result.sites == 1
    assert [(d.who, d.key, d.what) for d in result.disagreements] == [
        ((0,), ("figure", 11, 15), "span"),
        ((1,), ("figure", 11, 14), "span"),
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


# --- Krippendorff's alpha ------------------------------------------------------------


def _units(rows: list[str]) -> list[tuple[dict, int]]:
    """Reliability data (a row per coder, * for no value) as alpha's units."""
    from collections import Counter

    columns = zip(*(row.split() for row in rows), strict=True)
    return [(Counter(v for v in column if v != "*"), 1) for column in columns]


def test_alpha_of_krippendorffs_own_worked_example():
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4
    observers, 12 units, values missing; nominal alpha = 0.743."""
    from reader.corpus.agreement import nominal_alpha

    data = [
        "1 2 3 3 2 1 4 1 2 * * *",
        "1 2 3 3 2 2 4 1 2 5 * 3",
        "* 3 3 3 2 3 4 2 2 5 1 *",
        "1 2 3 3 2 4 4 1 2 5 1 *",
    ]
    assert nominal_alpha(_units(data)) == pytest.approx(0.743, abs=5e-4)


def test_alpha_of_the_wikipedia_computational_example():
    """Wikipedia, "Krippendorff's alpha", A computational example: 3 coders, 15 units,
    nominal alpha = 0.691."""
    from reader.corpus.agreement import nominal_alpha

    data = [
        "* * * * * 3 4 1 2 1 1 3 3 * 3",
        "1 * 2 1 3 3 4 3 * * * * * * *",
        "* * 2 1 3 4 4 * 2 1 1 3 3 * 4",
    ]
    assert nominal_alpha(_units(data)) == pytest.approx(0.691, abs=5e-4)


def test_alpha_is_one_on_full_agreement_and_below_zero_on_systematic_disagreement():
    from reader.corpus.agreement import alpha_of

    assert alpha_of([10, 0, 0, 5]) == 1.0  # every character: none or all three
    assert alpha_of([0, 20, 0]) < 0  # two coders, always one yes and one no


def test_coverage_counts_are_the_counts_of_the_flags_per_character():
    """coverage_counts adds bit masks; the same counted a character at a time."""
    import random

    from reader.corpus.agreement import coverage_counts

    rng = random.Random(11)
    for _ in range(200):
        n = rng.randint(0, 50)
        text = "".join(rng.choice("党员 8\n例,") for _ in range(n))
        sides = [_random_keys(rng, n, rng.randint(0, 4)) for _ in range(rng.randint(1, 5))]
        for label in ("figure", "event"):
            flags = [coverage(text, side, label) for side in sides]
            expected = [0] * (len(sides) + 1)
            for column in zip(*flags, strict=True):
                expected[sum(column)] += 1
            assert coverage_counts(text, sides, label) == expected, (text, sides, label)


def test_alpha_over_characters_of_three_folders(tmp_path):
    """Three annotators of one page: alpha from the characters each puts in a figure,
    worked out by hand from the coincidences."""
    pages = tmp_path / "pages"
    pages.mkdir()
    text = "全县8200余名党员,174个先锋岗。\n"
    (pages / "p.txt").write_text(text, encoding="utf-8")
    page = load_corpus(pages).pages[0]
    for folder, needles in (("a", ["8200余名", "174个"]), ("b", ["8200余名", "174"]), ("c", ["8200余名"])):
        editor = Editor(AnnotationStore(tmp_path / folder), folder)
        for needle in needles:
            start = text.index(needle)
            editor.tag(page, "figure", start, start + len(needle))
    result = agreement(load_corpus(pages), [tmp_path / x for x in "abc"])
    # 19 non-space characters: 6 in all three figures (8200余名), 3 in two (174),
    # 1 in one (个), 9 in none. Coincidences (m = 3, so each unit's pairs / 2):
    # yes-yes 6*3 + 3*1 = 21, no-no 9*3 + 1*1 = 28, yes-no = no-yes 3*1 + 1*1 = 4.
    # n_yes = 25, n_no = 32, n = 57: alpha = 1 - 56 * 8 / (2 * 25 * 32) = 0.72.
    assert result.coverage["figure"] == [9, 1, 3, 6]
    assert result.alpha["figure"] == pytest.approx(1 - 56 * 8 / (2 * 25 * 32))
    assert len(result.pairs) == 3
    rows = [(d.who, d.key) for d in result.disagreements]
    assert rows == [((0,), ("figure", 11, 15)), ((1,), ("figure", 11, 14))]
