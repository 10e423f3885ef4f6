"""Messages that workers post to the app (workers never touch widgets)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from reader.annotation.counts import ArticleCount
    from reader.corpus.index import CorpusIndex
    from reader.corpus.keywords import KeywordModel
    from reader.session.reading import Learned, Words
    from reader.text.articles import ArticleRef
    from reader.text.segment import Segmenter


@dataclass
class SegmenterReady(Message):
    """jieba's dictionary is loaded; the app can segment articles now."""

    segmenter: Segmenter
    seconds: float
    words: Words | None = None  # the open article's, made in the worker


@dataclass
class Progress(Message):
    """How far a worker is: ``what`` is "keywords" or "index"."""

    what: str
    done: int
    total: int


@dataclass
class KeywordModelReady(Message):
    """Corpus document frequencies are counted; keywords can be weighted against them."""

    model: KeywordModel
    words: Words | None = None  # the open article's keywords with it, made in the worker


@dataclass
class ArticleCounts(Message):
    """Counts for the tree, per article, posted in batches by the index worker."""

    counts: dict[ArticleRef, ArticleCount]
    done: int
    total: int


@dataclass
class IndexReady(Message):
    """The corpus index (events, figures, searchable text, stats) is open: up to date
    when ``complete``, else as it was (the views use it while it is refreshed)."""

    index: CorpusIndex
    seconds: float
    complete: bool = True


@dataclass
class Relearned(Message):
    """The counted-noun prefill learned again from the folder's tags (a worker made it)."""

    learned: Learned
