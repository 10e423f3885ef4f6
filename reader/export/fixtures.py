"""Test fixtures: one JSON file per article, self-contained (its text, events and figures
with attributes, source page and hash), so a test needs no corpus.

Export only: a fixture keeps label, offsets, text and attributes of each span, which
is what the extractor tests compare, and nothing of a tag's provenance.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from reader.export.documents import ExportDoc
from reader.export.jsonout import dumps
from reader.export.output import OutputFolder
from reader.text.articles import by_article
from reader.text.spans import Span


def article_fixtures(docs: Iterable[ExportDoc]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(file name, fixture) per article of every annotated page."""
    for doc in docs:
        articles = doc.page.articles
        for article, inside in zip(articles, by_article(articles, doc.spans), strict=True):
            fixture = {
                "source": doc.name,
                "page_sha256": doc.sha256,
                "article": {
                    "index": article.index,
                    "title": article.title,
                    "start": article.start,
                    "end": article.end,
                },
                "text": doc.text[article.start : article.end],
                "offsets": "code points of text, end-exclusive; add article.start for the page",
                "events": [_fixture_span(s, article.start) for s in inside if s.label == "event"],
                "figures": [_fixture_span(s, article.start) for s in inside if s.label == "figure"],
            }
            yield f"{doc.stem.replace('/', '__')}__a{article.index:02d}.json", fixture


def _fixture_span(span: Span, base: int) -> dict[str, Any]:
    return {"start": span.start - base, "end": span.end - base, "text": span.text, "attrs": span.attrs}


def write_fixtures(docs: Iterable[ExportDoc], out: OutputFolder) -> None:
    for name, fixture in article_fixtures(docs):
        out.write(name, dumps(fixture))


def read_fixture(data: dict[str, Any]) -> list[tuple[str, int, int]]:
    """The (label, start, end) keys of a fixture, offsets into its article text."""
    keys = [("event", s["start"], s["end"]) for s in data["events"]]
    keys += [("figure", s["start"], s["end"]) for s in data["figures"]]
    for label, start, end in keys:
        assert data["text"][start:end], (label, start, end)
    return sorted(keys, key=lambda k: (k[1], -k[2], k[0]))
