"""Passes over a big page that were quadratic: each gives the same answers as the plain
definition, and a page-sized input finishes in seconds (an alarm fails a test that
would otherwise run for minutes).

Found by benchmarks/bench_hostile.py --commands: `eval` and `agree` compared every gold
span with every found span of a page, and the jsonl and label-studio exports and
imports counted UTF-16 units from the start of the page for every offset.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from reader.export.offsets import codepoint_offset, utf16_offset
from reader.extraction.scoring import match, overlap_ok
from tests.conftest import alarm


@pytest.fixture(autouse=True)
def deadline() -> Iterator[None]:
    with alarm(20, "quadratic again: a page-sized input took more than 20 s"):
        yield


def brute_match(gold: list, found: list) -> list[tuple[int, int]]:
    """The guidelines' lenient match, every pair tried (the code before the fix)."""
    candidates = sorted(
        (-(min(g[2], f[2]) - max(g[1], f[1])), i, j)
        for i, g in enumerate(gold)
        for j, f in enumerate(found)
        if overlap_ok(g, f)
    )
    pairs, used_g, used_f = [], set(), set()
    for _, i, j in candidates:
        if i not in used_g and j not in used_f:
            pairs.append((i, j))
            used_g.add(i)
            used_f.add(j)
    return pairs


def spans(rng: random.Random, n: int, page: int) -> list[tuple[str, int, int]]:
    out = []
    for _ in range(n):
        start = rng.randrange(page)
        out.append((rng.choice(["event", "figure"]), start, start + rng.choice([1, 2, 4, 9, 40, 300])))
    return out


def test_lenient_match_pairs_the_same_spans_as_trying_every_pair():
    rng = random.Random(12)
    for _ in range(300):
        gold, found = spans(rng, rng.randrange(30), 200), spans(rng, rng.randrange(30), 200)
        assert match(gold, found, strict=False) == brute_match(gold, found)


def test_lenient_match_on_a_page_with_100000_spans_each_side_takes_seconds():
    rng = random.Random(7)
    gold = spans(rng, 100_000, 17_000_000)  # the seed gold's density on a 50 MB page is ~250,000
    found = [
        (label, start + 1, end) if end - start > 1 else (label, start, end) for label, start, end in gold
    ]
    assert len(match(gold, found, strict=False)) == len(gold)  # every pair tried: 10^10 pairs, hours


def utf16_by_counting(text: str, index: int) -> int:
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)


def test_utf16_offsets_convert_both_ways_as_counting_from_the_start_does():
    rng = random.Random(3)
    for _ in range(500):
        text = "".join(rng.choice("ab中😷𠮷") for _ in range(rng.randrange(12)))
        for index in range(len(text) + 1):
            units = utf16_by_counting(text, index)
            assert utf16_offset(text, index) == units
            assert codepoint_offset(text, units) == index
        astral_starts = [utf16_by_counting(text, i) for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        for inside in (u + 1 for u in astral_starts):
            with pytest.raises(ValueError, match="not on a character boundary"):
                codepoint_offset(text, inside)
        for outside in (-1, utf16_by_counting(text, len(text)) + 1):
            with pytest.raises(ValueError, match="not on a character boundary"):
                codepoint_offset(text, outside)


def test_utf16_offsets_of_100000_tags_on_a_page_of_17_million_characters_take_seconds():
    text = "全县8200余名党员。😷\n" * 1_400_000  # 17M code points, one outside the BMP per line
    line = len("全县8200余名党员。😷\n")
    for k in range(0, 1_400_000, 14):  # 100,000 offsets spread over the page
        units = utf16_offset(text, k * line + 3)
        assert units == k * (line + 1) + 3
        assert codepoint_offset(text, units) == k * line + 3


def test_importing_40000_new_tags_into_one_page_takes_seconds():
    from reader.annotation.model import PageAnnotations, Tag
    from reader.export.importing import ImportReport, _merge_spans

    ann = PageAnnotations("p.txt", "0" * 64, 1_000_000)
    existing = Tag(label="figure", start=0, end=2, text="全县", id="t0")
    ann.spans = [existing]
    tags = [(existing, frozenset())] + [
        (Tag(label="figure", start=k, end=k + 2, text="全县", id="t0" if k == 10 else f"n{k}"), frozenset())
        for k in range(400_000, 0, -10)  # backwards: the spans end sorted all the same
    ]
    report = ImportReport("jsonl")
    _merge_spans(ann, tags, report)  # one scan and sort per tag: 40,000^2, minutes
    assert (report.added, report.already) == (40_000, 1)
    assert [s.start for s in ann.spans] == sorted(s.start for s in ann.spans)
    assert len({s.id for s in ann.spans}) == len(ann.spans)  # the clashing id t0 was renewed


def _records(rng: random.Random, n: int, articles: int, length: int = 10_000):
    from reader.corpus.records import EntryRecord

    spans = []
    for _ in range(n):
        start = rng.randrange(length)
        end = min(length, start + rng.randrange(1, 40))
        label = rng.choice(("event", "figure"))
        spans.append(
            EntryRecord(
                label=label,
                start=start,
                end=end,
                text="x",
                article=start * articles // length,
                origin="tagged",
            )
        )
    spans.sort(key=lambda e: (e.start, -e.end, e.label))  # text order, as page_record sorts them
    events = [e for e in spans if e.label == "event"]
    for k, event in enumerate(events):
        event.date = f"d{k}"
    return events, [e for e in spans if e.label == "figure"]


def test_figure_dates_are_those_of_the_holding_event_else_the_one_before_as_defined():
    from reader.corpus.records import _date_figures

    rng = random.Random(11)
    for _ in range(200):
        events, figures = _records(rng, rng.randrange(1, 60), articles=3)
        _date_figures(events, figures)
        for figure in figures:  # the definition, spelled out
            holder = [e for e in events if e.article == figure.article and e.start <= figure.start]
            inside = [e for e in holder if figure.end <= e.end]
            chosen = inside[-1] if inside else (holder[-1] if holder else None)
            assert figure.date == (chosen.date if chosen else ""), figure


def test_figure_dates_and_article_counts_of_a_page_with_200000_tags_take_seconds():
    from reader.annotation.counts import count_article, count_articles
    from reader.annotation.model import PageAnnotations, Tag
    from reader.corpus.records import _date_figures
    from reader.text.articles import split_page

    events, figures = _records(random.Random(3), 200_000, articles=2000, length=2_000_000)
    _date_figures(events, figures)  # was a scan of every event per figure: hours
    by_article = {}
    for event in events:
        by_article.setdefault(event.article, []).append(event)
    for figure in figures[::997]:  # a sample, against the definition
        holder = [e for e in by_article.get(figure.article, []) if e.start <= figure.start]
        inside = [e for e in holder if figure.end <= e.end]
        chosen = inside[-1] if inside else (holder[-1] if holder else None)
        assert figure.date == (chosen.date if chosen else "")
    text = "\n\n".join(f"标题{i}\n\n" + "正文。" * 30 for i in range(400)) + "\n"
    articles = split_page(text)
    tags = [Tag("figure", s, s + 2, text[s : s + 2], id=str(s)) for s in range(0, len(text) - 2, 7)]
    annotations = PageAnnotations("p", "", len(text), spans=tags)
    counts = count_articles(annotations, articles, tags)
    assert counts[::97] == [count_article(annotations, a, tags) for a in articles[::97]]
    assert sum(c.tags for c in counts) == sum(any(a.contains(t) for a in articles) for t in tags)
