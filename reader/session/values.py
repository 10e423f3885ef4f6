"""The value types and small text helpers the screens use, re-exported by the session.

The TUI reaches the rest of epireader only through ``reader.session`` (a contract in
pyproject.toml): what it shows (an article's document and layout lines, a tag, a span,
an index entry, a search hit …) comes from here, and what it asks goes to the reading
session, its jobs and its views.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.annotation.annotator import default_annotator
    from reader.annotation.counts import ArticleCount
    from reader.annotation.model import Tag
    from reader.annotation.predictions import proposal_line
    from reader.corpus.chronology import LUNAR, year_known
    from reader.corpus.corpus import Corpus, CorpusError, load_corpus
    from reader.corpus.entries import Entry, Hit
    from reader.corpus.queries import FIGURE_COLUMNS, Total
    from reader.corpus.stats import STATS_COLUMNS
    from reader.extraction.attributes import Reading
    from reader.extraction.dates import typed_date
    from reader.text.articles import ArticleRef
    from reader.text.document import Document
    from reader.text.layout import Line, layout_article
    from reader.text.safe import printable, safe_text
    from reader.text.segment import Segmenter
    from reader.text.spans import LABELS, Span

# Each name is imported from its module when first asked for, so a screen pays for
# what it uses: the first screen (the article list) needs the corpus and a few text
# helpers, not the annotation model, the segmenter, the extractor or the index.
_WHERE = {
    "ArticleCount": "reader.annotation.counts",
    "Tag": "reader.annotation.model",
    "default_annotator": "reader.annotation.annotator",
    "proposal_line": "reader.annotation.predictions",
    "LUNAR": "reader.corpus.chronology",
    "year_known": "reader.corpus.chronology",
    "Corpus": "reader.corpus.corpus",
    "CorpusError": "reader.corpus.corpus",
    "load_corpus": "reader.corpus.corpus",
    "Entry": "reader.corpus.entries",
    "Hit": "reader.corpus.entries",
    "FIGURE_COLUMNS": "reader.corpus.queries",
    "Total": "reader.corpus.queries",
    "STATS_COLUMNS": "reader.corpus.stats",
    "Reading": "reader.extraction.attributes",
    "typed_date": "reader.extraction.dates",
    "ArticleRef": "reader.text.articles",
    "Document": "reader.text.document",
    "Line": "reader.text.layout",
    "layout_article": "reader.text.layout",
    "printable": "reader.text.safe",
    "safe_text": "reader.text.safe",
    "Segmenter": "reader.text.segment",
    "LABELS": "reader.text.spans",
    "Span": "reader.text.spans",
}


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(where), name)
    globals()[name] = value
    return value


__all__ = [
    "FIGURE_COLUMNS", "LABELS", "LUNAR", "STATS_COLUMNS", "ArticleCount", "ArticleRef", "Corpus",
    "CorpusError", "Document", "Entry", "Hit", "Line", "Reading", "Segmenter", "Span", "Tag", "Total",
    "default_annotator", "layout_article", "load_corpus", "printable", "proposal_line", "safe_text",
    "typed_date", "year_known",
]  # fmt: skip
