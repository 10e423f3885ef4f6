"""The extractor scored against the annotation files of a corpus, or of several gold sets."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader.corpus.corpus import Corpus, annotated_pages, load_corpus
from reader.corpus.page_dates import source_date
from reader.extraction.extractor import spans_of
from reader.extraction.lexicon import Lexicon, load_lexicon
from reader.extraction.scoring import Report
from reader.text.page import Page
from reader.text.spans import Span, SpanKey, within


def evaluate(
    corpus: Corpus, annotations: Path, reviewed_only: bool = False, lexicon: Lexicon | None = None
) -> tuple[Report, dict[str, Page]]:
    """The extractor run on every annotated page, scored against the gold.

    With ``reviewed_only``, only the articles a person marked reviewed count: gold
    and found spans outside them are left out. The report also says how often the
    counted noun of a strictly matched figure is the gold's, word for word, and how
    often the date of a leniently matched event is the gold's. The project
    lexicon of the annotations folder (lexicon.toml) is used unless one is given.
    """
    report = Report()
    pages: dict[str, Page] = {}
    lexicon = lexicon if lexicon is not None else load_lexicon(annotations)
    for page, loaded in annotated_pages(corpus, annotations, batch=True):
        ranges = [(0, len(page.text))]
        if reviewed_only:
            ranges = [(a.start, a.end) for a in page.articles if loaded.annotations.is_reviewed(a.index)]
            if not ranges:
                continue
        tags = [s for s in loaded.annotations.spans if not reviewed_only or _inside(s, ranges)]
        # Of the tags only their keys and the gold figures' counted nouns are kept while
        # the extractor runs, and of what it finds only the keys and the counted nouns of
        # the figures at a gold figure's offsets: a dense 50 MB page's tags and its
        # 240,000 spans found, all kept, took 14x the page.
        gold = [s.key for s in tags]
        gold_counted = [
            (key, s.attrs.get("counted")) for key, s in zip(gold, tags, strict=True) if key[0] == "figure"
        ]
        figures = {key for key, _ in gold_counted}
        gold_dates = [(k, s.attrs.get("date")) for k, s in zip(gold, tags, strict=True) if "date" in s.attrs]
        del tags, loaded
        found: list[SpanKey] = []
        found_counted: dict[SpanKey, object] = {}
        found_dates: list[tuple[SpanKey, object]] = []
        for span in spans_of(page.text, lexicon=lexicon, source=source_date(page)):
            if reviewed_only and not _inside(span, ranges):
                continue
            key = span.key
            found.append(key)
            if key in figures:
                found_counted[key] = span.attrs.get("counted")
            elif span.label == "event":
                found_dates.append((key, span.attrs.get("date")))
        report.add(page.name, gold, found)
        if not reviewed_only:
            report.untagged += untagged_articles(page, gold, found)
        report.add_counted(page.name, gold_counted, found_counted)
        report.add_dates(page.name, gold_dates, found_dates)
        pages[page.name] = page.fresh()  # not read again unless an error is shown with its context
    return report, pages


def untagged_articles(page: Page, gold: list[SpanKey], found: list[SpanKey]) -> list[tuple[str, int]]:
    """The articles of a tagged page that hold no gold span but where spans are found."""
    if not gold:
        return []

    def holds(keys: list[SpanKey], start: int, end: int) -> bool:
        return any(start <= k[1] and k[2] <= end for k in keys)

    return [
        (page.name, a.index)
        for a in page.articles
        if not holds(gold, a.start, a.end) and holds(found, a.start, a.end)
    ]


def _inside(span: Span, ranges: list[tuple[int, int]]) -> bool:
    return any(within(span, s, e) for s, e in ranges)


@dataclass
class SetReport:
    """The score of one named gold set (seeds, heldout, …)."""

    name: str
    corpus: Path
    annotations: Path
    report: Report
    pages: dict[str, Page] = field(default_factory=dict)


def evaluate_sets(sets: Iterable[tuple[str, Path, Path]], reviewed_only: bool = False) -> list[SetReport]:
    """Score several gold sets, each ``(name, corpus path, annotations path)``, separately.

    One report per set, in the order given: the sets are not pooled, because a set
    the rules were built on and one they were not say different things. Each set uses
    its own annotations folder's lexicon. A missing path raises CorpusError.
    """
    out: list[SetReport] = []
    for name, corpus_path, folder in sets:
        report, pages = evaluate(load_corpus(Path(corpus_path)), Path(folder), reviewed_only)
        out.append(SetReport(name, Path(corpus_path), Path(folder), report, pages))
    return out
