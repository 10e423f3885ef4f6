"""The extractor scored against the annotation files of a corpus."""

from __future__ import annotations

from pathlib import Path

from reader.corpus.corpus import Corpus, annotated_pages
from reader.extraction.extractor import extract_text
from reader.extraction.scoring import Report
from reader.text.page import Page
from reader.text.spans import Span, SpanKey, within


def evaluate(
    corpus: Corpus, annotations: Path, reviewed_only: bool = False
) -> tuple[Report, dict[str, Page]]:
    """The extractor run on every annotated page, scored against the gold.

    With ``reviewed_only``, only the articles a person marked reviewed count: gold
    and found spans outside them are left out.
    """
    report = Report()
    pages: dict[str, Page] = {}
    for page, loaded in annotated_pages(corpus, annotations):
        gold = [s.key for s in loaded.annotations.spans]
        found = [(f.label, f.start, f.end) for f in extract_text(page.text)]
        if reviewed_only:
            ranges = [(a.start, a.end) for a in page.articles if loaded.annotations.is_reviewed(a.index)]
            if not ranges:
                continue

            def inside(key: SpanKey, ranges: list[tuple[int, int]] = ranges) -> bool:
                return any(within(Span(*key), s, e) for s, e in ranges)

            gold = [k for k in gold if inside(k)]
            found = [k for k in found if inside(k)]
        report.add(page.name, gold, found)
        pages[page.name] = page
    return report, pages
