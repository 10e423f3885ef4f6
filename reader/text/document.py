"""An open article: its normalised view, its words and its keywords, in page offsets."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from reader.text.articles import Article
from reader.text.normalize import GLOSS, View, to_simplified
from reader.text.page import Page
from reader.text.segment import Segmenter, Token


@dataclass
class Document:
    page: Page
    article: Article
    view: View
    tokens: list[Token] = field(default_factory=list)
    keywords: list[tuple[str, float]] = field(default_factory=list)
    segmented: bool = False
    _starts: list[int] = field(default_factory=list, repr=False)
    _starts_of: list[Token] | None = field(default=None, repr=False)

    @classmethod
    def open(cls, page: Page, article: Article, segmenter: Segmenter | None = None) -> Document:
        doc = cls(page, article, page.view(article))
        if segmenter is None:
            doc.tokens = doc.character_tokens()
        else:
            doc.set_tokens(segmenter.tokenize(doc.view))
        return doc

    @property
    def text(self) -> str:
        return self.page.text

    def character_tokens(self) -> list[Token]:
        """One token per visible character: how the cursor moves before jieba is ready."""
        tokens: list[Token] = []
        for i, ch in zip(self.view.origin, self.view.text, strict=True):
            if ch != "\n" and not ch.isspace():
                tokens.append(Token(i, i + 1, ch, "word" if ch.isalnum() else "punct"))
        return tokens

    def set_tokens(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.segmented = True

    def token_index_at(self, offset: int) -> int:
        """Index of the token covering ``offset``, or the nearest one after it."""
        if not self.tokens:
            return -1
        if self._starts_of is not self.tokens:
            self._starts = [t.start for t in self.tokens]
            self._starts_of = self.tokens
        starts = self._starts
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return 0
        if self.tokens[i].end <= offset and i + 1 < len(self.tokens):
            return i + 1
        return i

    def as_read(self, start: int, end: int, glosses: bool) -> str:
        """The page text [start, end) as the person reads it: with its pinyin glosses when
        they are shown, without them when they are hidden (what `y` copies)."""
        text = self.page.text[start:end]
        return text if glosses else GLOSS.sub("", text)

    def keyword_words(self) -> set[str]:
        """The keywords as jieba saw them (simplified): what the text's words match."""
        return {w for w, _ in self.keywords}

    def keywords_as_written(self) -> list[tuple[str, float]]:
        """The keywords as the article writes them (吉縣 on a traditional page), each
        taken from its first word in the text."""
        first: dict[str, Token] = {}
        wanted = self.keyword_words()
        for token in self.tokens:
            if token.word in wanted:
                first.setdefault(token.word, token)
        shown = []
        for word, weight in self.keywords:
            token = first.get(word)
            written = "".join(GLOSS.sub("", self.page.text[token.start : token.end]).split()) if token else ""
            shown.append((written or word, weight))
        return shown

    def search(self, query: str) -> list[tuple[int, int]]:
        """Page ranges where ``query`` occurs, matching simplified and traditional alike.

        The search runs over the normalised view, so glosses and column breaks in the
        page do not hide a hit.
        """
        needle = to_simplified(query.strip())
        if not needle:
            return []
        hits: list[tuple[int, int]] = []
        hay = self.view.text
        i = hay.find(needle)
        while i >= 0:
            hits.append(self.view.to_page(i, i + len(needle)))
            i = hay.find(needle, i + 1)
        return hits
