"""An article's words and keywords, made where the work is cheap for the reader.

`make_words` reads and changes nothing, so a worker thread can run it: on a long
article segmenting and keyword tagging take ~0.5 s, which the UI thread should not
spend while a key waits (the session applies the result: `ReadingSession.set_words`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.session.state import KEYWORD_COUNT, Words

if TYPE_CHECKING:
    from reader.corpus.keywords import KeywordModel
    from reader.text.document import Document
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
