"""Messages that workers post to the app (workers never touch widgets)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from reader.annotation.counts import ArticleCount
    from reader.corpus.index import CorpusIndex
    from reader.corpus.keywords import KeywordModel
    from reader.text.articles import ArticleRef
    from reader.text.segment import Segmenter


class SegmenterReady(Message):
    """jieba's dictionary is loaded; the app can segment articles now."""

    def __init__(self, segmenter: Segmenter, seconds: float) -> None:
        super().__init__()
        self.segmenter = segmenter
        self.seconds = seconds


class KeywordProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class KeywordModelReady(Message):
    """Corpus document frequencies are counted; keywords can be weighted against them."""

    def __init__(self, model: KeywordModel) -> None:
        super().__init__()
        self.model = model


class ArticleCounts(Message):
    """Counts for the tree, per article, posted in batches by the index worker."""

    def __init__(self, counts: dict[ArticleRef, ArticleCount], done: int, total: int) -> None:
        super().__init__()
        self.counts = counts
        self.done = done
        self.total = total


class IndexProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class IndexReady(Message):
    """The corpus index (events, figures, searchable text, stats) is built."""

    def __init__(self, index: CorpusIndex, seconds: float) -> None:
        super().__init__()
        self.index = index
        self.seconds = seconds
