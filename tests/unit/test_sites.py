"""What a disagreement is (reader/corpus/sites.py): the places agree lists and curate asks about."""

from __future__ import annotations

from reader.corpus.sites import disagreements, sites
from reader.text.spans import Span


def fig(start: int, end: int, **attrs) -> Span:
    return Span("figure", start, end, "x" * (end - start), dict(attrs))


def ev(start: int, end: int, **attrs) -> Span:
    return Span("event", start, end, "x" * (end - start), dict(attrs))


def test_the_same_spans_with_the_same_attributes_are_agreed():
    a = [fig(0, 4, value=4), ev(10, 30)]
    b = [fig(0, 4, value=4), ev(10, 30)]
    found = sites("p", [a, b])
    assert [(s.label, s.start, s.end, s.agreed) for s in found] == [
        ("figure", 0, 4, True),
        ("event", 10, 30, True),
    ]
    assert disagreements("p", [a, b]) == []


def test_a_span_one_has_and_the_other_not_is_a_disagreement():
    [site] = disagreements("p", [[fig(0, 4)], []])
    assert site.holders(("figure", 0, 4)) == [0]
    assert site.spans == ((fig(0, 4),), ())


def test_overlapping_spans_of_a_label_make_one_site_through_a_chain():
    # A's 0-5 overlaps B's 4-9, which overlaps A's 8-12: one place to decide.
    a = [fig(0, 5), fig(8, 12)]
    b = [fig(4, 9)]
    [site] = sites("p", [a, b])
    assert (site.start, site.end) == (0, 12) and not site.agreed
    assert site.keys() == [("figure", 0, 5), ("figure", 4, 9), ("figure", 8, 12)]
    # Touching is not overlapping (ends are exclusive); another label never joins.
    apart = sites("p", [[fig(0, 4), ev(2, 6)], [fig(4, 8)]])
    assert [(s.label, s.start, s.end) for s in apart] == [("figure", 0, 4), ("event", 2, 6), ("figure", 4, 8)]


def test_the_same_span_read_differently_is_a_disagreement_naming_the_fields():
    a = [fig(0, 4, value=4, unit="人", counted="党员")]
    b = [fig(0, 4, value=4, unit="名", counted="党员")]
    c = [fig(0, 4, value=4, unit="人", counted="党员")]
    [site] = disagreements("p", [a, b, c])
    key = ("figure", 0, 4)
    assert site.holders(key) == [0, 1, 2]
    assert site.differing_fields(key) == ["unit"]
    assert [who for who, _attrs in site.readings(key)] == [[0, 2], [1]]


def test_notes_do_not_make_a_disagreement():
    from reader.annotation.model import Tag

    a = Tag.make("全县8200余名党员", "figure", 2, 8, annotator="a", attrs={"value": 8200})
    b = Tag.make("全县8200余名党员", "figure", 2, 8, annotator="b", attrs={"value": 8200})
    b.note = "checked twice"
    assert disagreements("p", [[a], [b]]) == []
