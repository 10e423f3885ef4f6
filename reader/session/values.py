"""The value types and small text helpers the screens use, re-exported by the session.

The TUI reaches the rest of epireader only through ``reader.session`` (a contract in
pyproject.toml): what it shows (an article's document and layout lines, a tag, a span,
an index entry, a search hit …) comes from here, and what it asks goes to the reading
session, its jobs and its views.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from reader.annotation.counts import ArticleCount
from reader.annotation.model import Tag, default_annotator
from reader.corpus.corpus import Corpus, CorpusError, load_corpus
from reader.corpus.entries import Entry, Hit
from reader.text.articles import ArticleRef
from reader.text.document import Document
from reader.text.layout import Line, layout_article, printable
from reader.text.safe import safe_text
from reader.text.segment import Segmenter
from reader.text.spans import LABELS, Span

if TYPE_CHECKING:
    from reader.annotation.predictions import proposal_line
    from reader.corpus.chronology import LUNAR, year_known
    from reader.corpus.queries import FIGURE_COLUMNS, Total
    from reader.corpus.stats import STATS_COLUMNS
    from reader.extraction.attributes import Reading
    from reader.extraction.dates import typed_date

# What only the views and the form use, imported when first asked for: these modules
# bring the extractor and the index's queries, which the first screen does not need.
_LATER = {
    "proposal_line": "reader.annotation.predictions",
    "LUNAR": "reader.corpus.chronology",
    "year_known": "reader.corpus.chronology",
    "FIGURE_COLUMNS": "reader.corpus.queries",
    "Total": "reader.corpus.queries",
    "STATS_COLUMNS": "reader.corpus.stats",
    "Reading": "reader.extraction.attributes",
    "typed_date": "reader.extraction.dates",
}


def __getattr__(name: str) -> Any:
    where = _LATER.get(name)
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
