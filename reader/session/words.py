"""An article's words and keywords, made where the work is cheap for the reader.

`make_words` reads and changes nothing, so a worker thread can run it: the keywords
need jieba's part-of-speech tagging, the longest part of opening an article, which the
UI thread should not spend while a key waits. The session applies the result
(`ReadingSession.set_words`); `MadeWords` keeps what was made, so going back to an
article shows its keywords at once.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from reader.session.state import KEYWORD_COUNT, Words

if TYPE_CHECKING:
    from reader.corpus.keywords import KeywordModel
    from reader.text.articles import Article
    from reader.text.document import Document
    from reader.text.page import Page
    from reader.text.segment import Segmenter


def make_words(
    document: Document, segmenter: Segmenter, model: KeywordModel | None, method: str = "tfidf"
) -> Words:
    """``document``'s words and keywords with ``segmenter`` and ``model`` (``method``:
    tfidf, weighted by the model, or textrank)."""
    from reader.corpus.keywords import KeywordModel, textrank_keywords

    tokens = document.tokens if document.segmented else segmenter.tokenize(document.view)
    if method == "textrank":
        found = textrank_keywords(segmenter, document.view.text, KEYWORD_COUNT)
    else:
        found = (model or KeywordModel(segmenter)).keywords(tokens, KEYWORD_COUNT)
    return Words(document, segmenter, model, tokens, [(k.word, k.weight) for k in found])


class MadeWords:
    """The words made for the articles opened lately (most recent last). A few dozen
    are kept: each holds its page, and an archive's pages are not kept."""

    KEPT = 64

    def __init__(self) -> None:
        self._made: OrderedDict[tuple[str, int], Words] = OrderedDict()
        self._ahead_of: tuple[object, ...] | None = None  # whose next article was handed over

    def keep(self, words: Words) -> None:
        key = (words.document.page.name, words.document.article.index)
        self._made[key] = words
        self._made.move_to_end(key)
        while len(self._made) > self.KEPT:
            self._made.popitem(last=False)

    def find(
        self, document: Document, segmenter: Segmenter | None, model: KeywordModel | None
    ) -> Words | None:
        words = self._made.get((document.page.name, document.article.index))
        if words is None or segmenter is None or not words.made_for(document, segmenter, model):
            return None
        return words

    def fit(
        self,
        document: Document | None,
        segmenter: Segmenter | None,
        model: KeywordModel | None,
        words: Words | None = None,
    ) -> bool:
        """Give ``document`` its words and keywords: ``words`` or those made before, if made
        for it with ``segmenter`` and ``model``; else its words are cut now and its
        keywords left to a worker. True when its keywords are due."""
        if words is not None and words.segmenter is segmenter and words.model is model:
            self.keep(words)  # also when the person has moved on: for coming back
        if document is None or segmenter is None:
            return False
        if words is None or not words.made_for(document, segmenter, model):
            words = self.find(document, segmenter, model)
        if words is None:
            if not document.segmented:
                document.set_tokens(segmenter.tokenize(document.view))
            document.keywords = []
            return True
        document.set_tokens(words.tokens)
        document.keywords = words.keywords
        return False

    def due(
        self,
        document: Document | None,
        upcoming: tuple[Page, Article] | None,
        segmenter: Segmenter | None,
        model: KeywordModel | None,
        keywords: bool,
    ) -> list[Words]:
        """What a worker is to make: ``document``'s keywords when ``keywords`` says they
        are due, and the words of the ``upcoming`` article (the one ] opens), once.
        Taken on the UI thread, so the worker reads no changing state."""
        from reader.text.document import Document

        if document is None or segmenter is None:
            return []
        due = [Words(document, segmenter, model, document.tokens, [])] if keywords else []
        if upcoming is not None:
            page, article = upcoming
            key = (page, article.index, segmenter, model)
            if self._ahead_of != key:
                self._ahead_of = key
                ahead = Document(page, article, page.view(article))
                if self.find(ahead, segmenter, model) is None:
                    due.append(Words(ahead, segmenter, model, [], []))
        return due
