"""Keywords of an article, weighted against this corpus.

Score of a word in an article = its frequency in the article × jieba's stock IDF ×
a corpus factor. The corpus factor is the word's IDF over the articles of the open
corpus, scaled so that a word found in one article only gets 1.0 and a word found in
every article gets close to 0. jieba's stock IDF (from a general corpus) alone ranks
疫情 and 防控 near the top of every article here, because this whole corpus is
about epidemic control; the corpus factor pushes such words down, and the stock IDF
keeps very common function words down when the corpus is too small to know them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.text.segment import Segmenter, Token


@dataclass(frozen=True)
class Keyword:
    word: str
    weight: float


def candidate(token: Token, segmenter: Segmenter) -> bool:
    word = token.word
    if token.kind != "word" or len(word) < 2:
        return False
    if any(ch.isdigit() for ch in word) or word.isascii():
        return False
    return not segmenter.is_stop_word(word)


class KeywordModel:
    """Document frequencies of the corpus's articles, and scoring against them."""

    def __init__(self, segmenter: Segmenter) -> None:
        self.segmenter = segmenter
        self.documents = 0
        self.df: Counter[str] = Counter()

    def add_article(self, tokens: Iterable[Token]) -> None:
        self.documents += 1
        self.df.update({t.word for t in tokens if candidate(t, self.segmenter)})

    def corpus_factor(self, word: str) -> float:
        n = self.documents
        if n < 2:
            return 1.0
        best = math.log((n + 1) / 1.5)
        return max(0.0, math.log((n + 1) / (self.df.get(word, 0) + 0.5))) / best

    def keywords(self, tokens: Sequence[Token], top: int = 12) -> list[Keyword]:
        counts = Counter(t.word for t in tokens if candidate(t, self.segmenter))
        total = sum(counts.values()) or 1
        scored = [
            Keyword(w, c / total * self.segmenter.stock_idf(w) * self.corpus_factor(w))
            for w, c in counts.items()
        ]
        scored.sort(key=lambda k: (-k.weight, k.word))
        return [k for k in scored[:top] if k.weight > 0]


def textrank_keywords(segmenter: Segmenter, text: str, top: int = 12) -> list[Keyword]:
    return [Keyword(w, x) for w, x in segmenter.textrank(text, top)]
