"""Lay an article out in terminal cells: wrapping with Chinese line-breaking rules.

Terminal wrapping by cells alone lets a line start with "," and splits "8200" as
"82" / "00". This module wraps by its own rules (kinsoku: no closing punctuation at
the start of a line, no opening punctuation at its end; a number with its quotes, a
Latin word, a character with its pinyin gloss kept whole) and keeps, for every cell,
the page range it shows. Widths are Rich's (``rich.cells``), the measure Textual draws
with: any other table disagrees on hundreds of code points and a line then runs past
the edge. It knows nothing of Textual: the widget draws the lines it returns.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, split_graphemes

from reader.text.articles import Article, Paragraph
from reader.text.safe import safe_text

NO_LINE_START = frozenset(",。、\uff0c.;\uff1b:\uff1a!\uff01?\uff1f)\uff09]】」』”’》〉…%℃·")
NO_LINE_END = frozenset("(\uff08【「『“‘《〈")
# A markdown heading's marks ("## "): not shown, the heading style says it already.
_HEADING_MARKS = re.compile(r"#{1,6}[ \t\u3000]*")
_MARKED_KINDS = frozenset(("md", "sub"))
# Around a number: what sits inside it between digits, what may follow it.
_NUMBER_JOINERS = frozenset(".,:/'\uff0e\uff0c\uff1a\u00b7")
_NUMBER_SUFFIXES = frozenset("%\uff05\u2030\u2103\u00b0")
_MAGNITUDES = frozenset("万亿萬億")
# Measure words a number is read with (人, 例, 架 …): kept on its line. Other
# characters after a number (的, 和) may go to the next line.
_MEASURES = frozenset(
    "人例名位个家户辆座所条项支批场件台只架艘吨元套间张份次起宗处栋枚剂箱袋瓶盒斤岁年月日号时分秒度倍天周轮趟"
)


def _is_han(text: str) -> bool:
    return len(text) == 1 and "\u4e00" <= text <= "\u9fff"


_OPENERS = frozenset("“‘(\uff08[【「『《〈\"'")
_CLOSERS = frozenset("”’)\uff09]】」』》〉\"'")


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

    def column_of(self, offset: int) -> int:
        """The screen column where the cell holding page ``offset`` starts."""
        x = 0
        for cell in self.cells:
            if cell.start >= offset:
                break
            x += cell.width
        return x

    def offset_at(self, x: int) -> int | None:
        """The page offset drawn at column ``x`` (the last cell's, past the end)."""
        used = 0
        for cell in self.cells:
            if used + cell.width > x:
                return cell.start
            used += cell.width
        return self.cells[-1].start if self.cells else None


def char_width(ch: str) -> int:
    """Cells a character takes on the screen, as Textual (through Rich) counts them."""
    return cell_len(ch)


def display_text(ch: str) -> str:
    """What to draw for a page character: one glyph, never a control.

    A page is data: an escape sequence in it must never reach the terminal. This is
    ``safe_text`` with one constraint more: exactly one glyph per character, so that
    offsets line up. Where ``safe_text`` spells a character out (``\\x9b``, a lone
    surrogate) the replacement character stands in for it.
    """
    if ch == "\t":
        return " "
    shown = safe_text(ch)
    return shown if len(shown) == 1 else "\ufffd"


def _marks_end(text: str, paragraph: Paragraph) -> int:
    start = paragraph.start
    if paragraph.kind not in _MARKED_KINDS:
        return start
    m = _HEADING_MARKS.match(text, start, paragraph.parts[0][1])
    return m.end() if m else start


def _run_cells(text: str, start: int, end: int, gloss: bool) -> list[Cell]:
    """Cells of the page range [start, end): one per grapheme as Rich measures it."""
    shown = "".join(display_text(ch) for ch in text[start:end])
    if gloss:
        return [Cell(start + k, start + k + 1, ch, cell_len(ch), True) for k, ch in enumerate(shown)]
    cells: list[Cell] = []
    spans, _ = split_graphemes(shown)
    for s, e, width in spans:
        if width:
            cells.append(Cell(start + s, start + e, shown[s:e], width))
        else:
            # A zero-width character with nothing before it to ride on.
            cells.append(Cell(start + s, start + e, " ", 1))
    return cells


def paragraph_cells(
    text: str, paragraph: Paragraph, glosses: Sequence[tuple[int, int]], show_glosses: bool
) -> list[Cell]:
    cells: list[Cell] = []
    first = _marks_end(text, paragraph)
    for start, end in paragraph.parts:
        i = max(start, first)
        for g_start, g_end in glosses[bisect.bisect_left(glosses, (i, i)) :]:
            if g_start >= end:
                break
            cells.extend(_run_cells(text, i, g_start, False))
            if show_glosses:
                cells.extend(_run_cells(text, g_start, g_end, True))
            i = g_end
        cells.extend(_run_cells(text, i, end, False))
    return cells


# --- units: what a line break may not cut -------------------------------------------

Unit = tuple[Cell, ...]


def _is_word_char(ch: str) -> bool:
    if unicodedata.category(ch) == "Nd":
        return True
    if "\uff10" <= ch <= "\uff5a":  # full-width digits and Latin letters
        return ch.isalnum()
    return unicodedata.category(ch) in ("Lu", "Ll", "Lt")


def _word_char(cell: Cell | None) -> bool:
    return cell is not None and not cell.gloss and _is_word_char(cell.text[0])


def units_of(cells: Sequence[Cell]) -> list[Unit]:
    """Group cells that must stay on one line.

    A gloss goes with the character it reads; a run of digits and Latin letters goes
    whole, with the separators inside it ("3.5", "1,200", "10:30"), its unit signs
    ("84%"), a number its unit ("86例", "2.79万套", "3,358,228人次") and the quotes or
    brackets right around it ("“84”").
    """
    units: list[list[Cell]] = []
    n = len(cells)
    i = 0
    while i < n:
        cell = cells[i]
        if cell.gloss and units:
            units[-1].append(cell)
            i += 1
            continue
        if not _word_char(cell):
            units.append([cell])
            i += 1
            continue
        j = i + 1
        while j < n:
            if _word_char(cells[j]):
                j += 1
            elif cells[j].text in _NUMBER_JOINERS and _word_char(cells[j + 1] if j + 1 < n else None):
                j += 2
            else:
                break
        while j < n and cells[j].text in _NUMBER_SUFFIXES:
            j += 1
        if any(c.text.isdigit() for c in cells[i:j]):
            # A number keeps its 余 or 多, its 万 or 亿 and the character after (its
            # unit: 86例, 2.79万套, 90余万人), and the 次 of 人次 or 架次.
            k = j + 1 if j < n and cells[j].text in "余多" else j
            if k < n and cells[k].text in _MAGNITUDES:
                k += 1
                while k < n and cells[k].text in "余多":
                    k += 1
            if k < n and (cells[k].text in _MEASURES or k > j) and not cells[k].gloss:
                j = k + 1
                if j < n and cells[j].text == "次" and not cells[j].gloss:
                    j += 1
        if j < n and cells[j].text in _CLOSERS:
            j += 1
        run = list(cells[i:j])
        prev = units[-1] if units else None
        if prev is not None and len(prev) == 1 and prev[0].text in _OPENERS:
            prev.extend(run)
        else:
            units.append(run)
        i = j
    return [tuple(u) for u in units]


def _width(units: Iterable[Unit]) -> int:
    return sum(c.width for u in units for c in u)


def _break_at(line: list[Unit], nxt: Unit, width: int) -> int:
    """Where to cut ``line`` when ``nxt`` does not fit: units from the index on move down."""
    k = len(line)

    def first_of_next(idx: int) -> Unit:
        return line[idx] if idx < len(line) else nxt

    while k > 1 and first_of_next(k)[0].text in NO_LINE_START:
        k -= 1
    while k > 1 and line[k - 1][-1].text in NO_LINE_END:
        k -= 1
    # Keeping the rules must not push the next line past the edge in turn.
    if _width(line[k:]) + _width([nxt]) > width:
        return len(line)
    return k


def wrap(cells: Sequence[Cell], width: int) -> list[list[Cell]]:
    """Break cells into lines of at most ``width`` cells, by the rules above."""
    width = max(width, 4)
    lines: list[list[Unit]] = []
    line: list[Unit] = []
    used = 0
    for unit in units_of(cells):
        # A unit wider than any line (a long URL, a gloss at a tiny width) is cut by cells.
        pieces = [unit] if _width([unit]) <= width else [(c,) for c in unit]
        for piece in pieces:
            w = _width([piece])
            if used + w > width and line:
                k = _break_at(line, piece, width)
                lines.append(line[:k])
                line = line[k:]
                used = _width(line)
            line.append(piece)
            used += w
    if line:
        lines.append(line)
    return [[c for u in units for c in u] for units in lines]


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
