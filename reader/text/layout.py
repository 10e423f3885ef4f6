"""Lay an article out in terminal cells: wrapping with Chinese line-breaking rules.

Terminal wrapping by cells alone lets a line start with "," and splits "8200" as
"82" / "00". This module wraps by its own rules (kinsoku: no closing punctuation at
the start of a line, no opening punctuation at its end, runs of digits and Latin
letters kept whole) and keeps, for every cell, the page range it shows. It knows
nothing of Textual: the widget draws the lines it returns.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.text.articles import Article, Paragraph

NO_LINE_START = frozenset(",。、\uff0c.;\uff1b:\uff1a!\uff01?\uff1f)\uff09]】」』”’》〉…%℃·")
NO_LINE_END = frozenset("(\uff08【「『“‘《〈")
ZERO_WIDTH_CATEGORIES = frozenset(("Mn", "Me", "Cf"))


@dataclass(frozen=True)
class Cell:
    """What one step of the screen shows: the page range [start, end) and its glyphs."""

    start: int
    end: int
    text: str
    width: int
    gloss: bool = False


@dataclass(frozen=True)
class Line:
    cells: tuple[Cell, ...]
    paragraph: int  # index into the article's paragraphs; -1 for the blank line between
    kind: str

    @property
    def start(self) -> int:
        return self.cells[0].start if self.cells else -1

    @property
    def end(self) -> int:
        return self.cells[-1].end if self.cells else -1


def char_width(ch: str) -> int:
    if unicodedata.category(ch) in ZERO_WIDTH_CATEGORIES:
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_text(ch: str) -> str:
    """What to draw for a page character: control characters become visible symbols.

    A page is data: an escape sequence in it must never reach the terminal, and the
    replacement keeps one glyph per character so offsets still line up.
    """
    code = ord(ch)
    if ch == "\t":
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL ...
    if code == 0x7F:
        return "\u2421"
    if 0x80 <= code < 0xA0:
        return "\ufffd"
    return ch


def paragraph_cells(
    text: str, paragraph: Paragraph, glosses: Sequence[tuple[int, int]], show_glosses: bool
) -> list[Cell]:
    cells: list[Cell] = []
    gloss_at = {s: e for s, e in glosses}
    for start, end in paragraph.parts:
        i = start
        while i < end:
            if i in gloss_at:
                g_end = gloss_at[i]
                if show_glosses:
                    cells.extend(Cell(k, k + 1, text[k], char_width(text[k]), True) for k in range(i, g_end))
                i = g_end
                continue
            shown = display_text(text[i])
            width = char_width(shown)
            if width and shown:
                cells.append(Cell(i, i + 1, shown, width))
            elif cells and cells[-1].end == i:
                # Combining marks and zero-width characters ride on the previous cell.
                prev = cells[-1]
                cells[-1] = Cell(prev.start, i + 1, prev.text + shown, prev.width, prev.gloss)
            else:
                cells.append(Cell(i, i + 1, " ", 1))
            i += 1
    return cells


def _keep_together(cell: Cell) -> bool:
    return len(cell.text) >= 1 and cell.text[0].isascii() and (cell.text[0].isalnum() or cell.text[0] in ".%")


def _break_at(line: list[Cell], nxt: Cell, width: int) -> int:
    """Where to cut ``line`` when ``nxt`` does not fit: cells from the index on move down."""
    k = len(line)
    if _keep_together(nxt):
        run = k
        while run > 0 and _keep_together(line[run - 1]):
            run -= 1
        if run > 0 and k - run < width // 2:
            k = run

    def first_of_next(idx: int) -> Cell:
        return line[idx] if idx < len(line) else nxt

    while k > 1 and first_of_next(k).text in NO_LINE_START:
        k -= 1
    while k > 1 and line[k - 1].text in NO_LINE_END:
        k -= 1
    return k


def wrap(cells: Sequence[Cell], width: int) -> list[list[Cell]]:
    """Break cells into lines of at most ``width`` cells, by the rules above."""
    width = max(width, 4)
    lines: list[list[Cell]] = []
    line: list[Cell] = []
    used = 0
    for cell in cells:
        if used + cell.width > width and line:
            k = _break_at(line, cell, width)
            lines.append(line[:k])
            line = line[k:]
            used = sum(c.width for c in line)
        line.append(cell)
        used += cell.width
    if line:
        lines.append(line)
    return lines


def layout_article(
    text: str,
    article: Article,
    width: int,
    glosses: Iterable[tuple[int, int]] = (),
    show_glosses: bool = True,
) -> list[Line]:
    """All screen lines of an article, with a blank line between paragraphs."""
    gloss_list = sorted(glosses)
    lines: list[Line] = []
    for n, paragraph in enumerate(article.paragraphs):
        if n:
            lines.append(Line((), -1, "blank"))
        cells = paragraph_cells(text, paragraph, gloss_list, show_glosses)
        for chunk in wrap(cells, width):
            lines.append(Line(tuple(chunk), n, paragraph.kind))
    return lines


def printable(text: str) -> str:
    """A page string made safe to show anywhere (titles, lists): controls made visible."""
    return "".join(display_text(ch) for ch in text)
