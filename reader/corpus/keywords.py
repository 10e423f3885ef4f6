"""Keywords of an article, weighted against this corpus.

Score of a word in an article = its frequency in the article × jieba's stock IDF ×
a corpus factor. The corpus factor is the word's IDF over the articles of the open
corpus, scaled so that a word found in one article only gets 1.0 and a word found in
every article gets close to 0. jieba's stock IDF (from a general corpus) alone ranks
疫情 and 防控 near the top of every article here, because this whole corpus is
about epidemic control; the corpus factor pushes such words down, and the stock IDF
keeps very common function words down when the corpus is too small to know them.

Only nouns, verbs, names and places are keywords (jieba.posseg's flags, read in
context): numerals and measure words ("余名", "万元") and words jieba's HMM made by
cutting wrongly ("旗飘扬", "守牢守", "经省") are not. A name and its longer form in
the same article ("离石" and "离石区") count as the longer one.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
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


# jieba.posseg flags of keyword words: nouns (n, and nr names, ns places, nt, nz,
# vn), verbs (v, vn), abbreviations (j: 党委, 环卫).
KEYWORD_POS = ("n", "v", "j")
NAME_POS = ("nr", "ns", "nt", "nz")
# After a figure these make a count, not a word ("400余间", "2万元").
_COUNT_HEADS = frozenset("余多万千百亿几")
_NUMERALS = frozenset("零〇一二两三四五六七八九十百千万亿")
# A place and its longer form: 离石/离石区, 清徐/清徐县.
_PLACE_SUFFIXES = "省市县区镇乡村街"


def _numeric(word: str) -> bool:
    return all(ch.isdigit() or ch in _NUMERALS or ch in ".," for ch in word)


def _in_dictionary(segmenter: Segmenter, word: str) -> bool:
    return bool(segmenter.tokenizer.FREQ.get(word))


def token_flags(tokens: Sequence[Token], segmenter: Segmenter, wanted: Sequence[bool]) -> list[str | None]:
    """The part of speech of each wanted token, as jieba.posseg reads it in the article.

    posseg cuts with its own HMM, so now and then it cuts a stretch otherwise than the
    tokens: then the word is tagged on its own, and a word that falls apart there
    ("守牢守" → 守 / 牢守) gets no flag: it was a cut error, not a word.
    """
    parts: list[str] = []
    starts: list[int] = []
    n = 0
    for k, token in enumerate(tokens):
        if k and token.start > tokens[k - 1].end:
            parts.append("\n")  # a line break or white space in the page: no word spans it
            n += 1
        starts.append(n)
        parts.append(token.word)
        n += len(token.word)
    tagged: dict[int, tuple[int, str]] = {}
    n = 0
    for word, flag in segmenter.pos_tag("".join(parts)):
        tagged[n] = (n + len(word), flag)
        n += len(word)
    flags: list[str | None] = []
    for token, start, want in zip(tokens, starts, wanted, strict=True):
        got = tagged.get(start)
        if not want:
            flags.append(None)
        elif got is not None and got[0] == start + len(token.word):
            flags.append(got[1])
        else:
            alone = segmenter.pos_tag(token.word)
            flags.append(alone[0][1] if len(alone) == 1 else None)
    return flags


def keyword_counts(tokens: Sequence[Token], segmenter: Segmenter) -> Counter[str]:
    """How often each keyword candidate occurs in an article, filtered by part of speech."""
    wanted = [candidate(t, segmenter) for t in tokens]
    flags = token_flags(tokens, segmenter, wanted)
    counts: Counter[str] = Counter()
    flag_of: dict[str, str] = {}
    for k, (token, flag) in enumerate(zip(tokens, flags, strict=True)):
        if flag is None or not flag.startswith(KEYWORD_POS):
            continue
        prev = tokens[k - 1] if k else None
        if token.word[0] in _COUNT_HEADS and prev and prev.end == token.start and _numeric(prev.word):
            continue
        counts[token.word] += 1
        flag_of.setdefault(token.word, flag)
    for word in list(counts):
        # One HMM merge of single characters that is not a name ("经省" of 经省专家组)
        # is most often a wrong cut; a new word that recurs ("红码") is a word.
        name = flag_of[word].startswith(NAME_POS)
        if counts[word] == 1 and not name and not _in_dictionary(segmenter, word):
            del counts[word]
    for word in sorted(counts, key=len):
        longer = [word + s for s in _PLACE_SUFFIXES if word + s in counts]
        if len(longer) == 1:
            counts[longer[0]] += counts.pop(word)
    return counts


class KeywordModel:
    """Document frequencies of the corpus's articles, and scoring against them."""

    def __init__(self, segmenter: Segmenter) -> None:
        self.segmenter = segmenter
        self.documents = 0
        self.df: Counter[str] = Counter()

    @classmethod
    def from_frequencies(cls, segmenter: Segmenter, documents: int, df: Mapping[str, int]) -> KeywordModel:
        """A model from frequencies counted elsewhere: the corpus index counts every
        article once (CorpusIndex.document_frequencies), so no sample is needed."""
        model = cls(segmenter)
        model.documents = documents
        model.df = Counter(df)
        return model

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
        counts = keyword_counts(tokens, self.segmenter)
        total = sum(counts.values()) or 1
        scored = [
            Keyword(w, c / total * self.segmenter.stock_idf(w) * self.corpus_factor(w))
            for w, c in counts.items()
        ]
        scored.sort(key=lambda k: (-k.weight, k.word))
        return [k for k in scored[:top] if k.weight > 0]


def textrank_keywords(segmenter: Segmenter, text: str, top: int = 12) -> list[Keyword]:
    return [Keyword(w, x) for w, x in segmenter.textrank(text, top)]
