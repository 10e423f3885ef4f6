"""The word cursor and the selection in an open article, without Textual.

The cursor stands on a token (a jieba word, or a character before jieba is
loaded). A selection has an anchor that stays where it began and a head that
moves, as in every editor: shift+arrows move the head either way, so a selection
grows and shrinks, and flips when the head passes the anchor. A selection whose
edges were nudged by single characters keeps those edges until the head moves.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.text.document import Document
from reader.text.segment import Token

# Where a sentence ends, as docs/guidelines.md and the shared guidelines define an
# event: before 。!?; (full or half width) or at the end of the paragraph.
SENTENCE_END = frozenset("。!?;！？；")


def next_position(starts: list[int], here: int, direction: int, include_here: bool = False) -> int | None:
    """The next of the sorted ``starts`` after ``here`` (or before it), wrapping round:
    how t/T step through tags and n/N through search hits."""
    if not starts:
        return None
    if direction > 0:
        later = [s for s in starts if s > here or (include_here and s == here)]
        return later[0] if later else starts[0]
    earlier = [s for s in starts if s < here]
    return earlier[-1] if earlier else starts[-1]


@dataclass
class Caret:
    document: Document
    cursor: int = 0  # token index
    anchor: int | None = None  # token index where the selection began; None: no selection
    edges: tuple[int, int] | None = None  # a selection nudged to exact characters

    @property
    def tokens(self) -> list[Token]:
        return self.document.tokens

    # --- where things are --------------------------------------------------------

    @property
    def token(self) -> tuple[int, int] | None:
        if not self.tokens:
            return None
        token = self.tokens[self.cursor]
        return token.start, token.end

    @property
    def offset(self) -> int:
        token = self.token
        return token[0] if token else 0

    @property
    def selection(self) -> tuple[int, int] | None:
        if self.edges is not None:
            return self.edges
        if self.anchor is None or not self.tokens:
            return None
        low, high = sorted((self.anchor, self.cursor))
        return self.tokens[low].start, self.tokens[high].end

    def target(self) -> tuple[int, int] | None:
        """The selection, or the word under the cursor when nothing is selected."""
        return self.selection or self.token

    # --- moving ------------------------------------------------------------------

    def move_to(self, offset: int) -> None:
        if self.tokens:
            self.cursor = max(0, self.document.token_index_at(offset))

    def step(self, delta: int) -> None:
        """One word on; punctuation is skipped (a cursor that stops on every comma is slow)."""
        tokens = self.tokens
        n = self.cursor + delta
        while 0 <= n < len(tokens) and tokens[n].kind == "punct":
            n += delta
        if 0 <= n < len(tokens):
            self.cursor = n

    def clear(self) -> None:
        self.anchor = None
        self.edges = None

    # --- selecting ---------------------------------------------------------------

    def _begin(self) -> None:
        if self.anchor is None:
            self.anchor = self.cursor
        self.edges = None

    def extend(self, delta: int) -> None:
        """shift+←/→: the head moves a word; the anchor stays."""
        if not self.tokens:
            return
        self._begin()
        self.step(delta)

    def select_word(self) -> None:
        self.anchor = self.cursor
        self.edges = None

    def extend_to_sentence(self, direction: int) -> None:
        """shift+end / shift+home: the selection reaches the end / start of the sentence."""
        if not self.tokens:
            return
        start, end = self.target() or (0, 0)
        if direction > 0:
            low = min(self.anchor if self.anchor is not None else self.cursor, self.cursor)
            self.anchor, self.cursor = low, self._token_before(self.sentence_end(end))
        else:
            high = max(self.anchor if self.anchor is not None else self.cursor, self.cursor)
            self.anchor, self.cursor = high, self.document.token_index_at(self.sentence_start(start))
        self.edges = None

    def _token_before(self, offset: int) -> int:
        """The last token that ends at or before ``offset`` (and is not punctuation)."""
        n = self.document.token_index_at(max(0, offset - 1))
        while n > 0 and (self.tokens[n].end > offset or self.tokens[n].kind == "punct"):
            n -= 1
        return n

    def sentence_end(self, offset: int) -> int:
        """Where the sentence holding ``offset`` ends: before its closing punctuation, or
        at the end of its paragraph (a column break inside a paragraph does not end it)."""
        text = self.document.text
        for start, end in self._paragraph_parts(offset):
            for i in range(max(start, offset), end):
                if text[i] in SENTENCE_END:
                    return i
        parts = self._paragraph_parts(offset)
        end = parts[-1][1] if parts else offset
        while end > offset and text[end - 1].isspace():
            end -= 1
        return end

    def sentence_start(self, offset: int) -> int:
        text = self.document.text
        for start, end in reversed(self._paragraph_parts(offset)):
            for i in range(min(end, offset) - 1, start - 1, -1):
                if text[i] in SENTENCE_END:
                    return self._skip_space(i + 1)
        parts = self._paragraph_parts(offset)
        return self._skip_space(parts[0][0]) if parts else offset

    def _skip_space(self, i: int) -> int:
        text = self.document.text
        while i < len(text) and text[i].isspace():
            i += 1
        return i

    def _paragraph_parts(self, offset: int) -> list[tuple[int, int]]:
        for paragraph in self.document.article.paragraphs:
            if paragraph.parts and paragraph.start <= offset <= paragraph.end:
                return list(paragraph.parts)
        return []

    def nudge(self, edge: str, delta: int) -> None:
        """Move one edge of the selection by a single character (jieba may cut a figure
        or a time wrongly: "1时30分" is not always one word)."""
        start, end = self.target() or (0, 0)
        article = self.document.article
        if edge == "end":
            end = min(max(end + delta, start + 1), article.end)
        else:
            start = max(min(start + delta, end - 1), article.start)
        self.anchor = self.cursor
        self.edges = (start, end)
