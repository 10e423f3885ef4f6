"""One normalised view of an article, with an exact map back to page offsets.

jieba and the extractor read the view; the screen and the annotation files use page
offsets. The view differs from the page in four ways, and only these:

- pinyin glosses after a character ("督導(dǎo)") are left out;
- zero-width characters are left out (they would split words invisibly);
- blocks that a newspaper column break cut apart are joined without the blank line,
  and paragraphs are separated by a single "\\n" (white space around a line and
  blank lines between paragraphs are left out);
- traditional characters are converted to simplified (OpenCC t2s, which keeps the
  length in code points, so the conversion never moves an offset).

Every character of the view comes from exactly one page character, recorded in
``origin``. Stretches of mojibake are detected and listed in ``garbled`` so that
the segmenter keeps them whole instead of cutting them into nonsense words.
"""

from __future__ import annotations

import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from reader.text.patterns import lazy

_PINYIN = "a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ"
# A gloss is a parenthesised pinyin syllable right after a Han character.
GLOSS = lazy(rf"(?<=[\u3400-\u9fff\uf900-\ufaff?])[(\uff08][{_PINYIN}]{{1,7}}[)\uff09]")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_ZERO_WIDTH_RE = lazy("[" + "".join(sorted(ZERO_WIDTH)) + "]")


@lru_cache(maxsize=1)
def _converter():  # noqa: ANN202 - opencc ships no type information
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """OpenCC t2s; falls back to the input if a conversion ever changed the length."""
    if not text:
        return text
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    per_char = map(_converter().convert, text)
    return "".join(c if len(c) == 1 else o for o, c in zip(text, per_char, strict=True))


def gloss_ranges(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    return [(m.start(), m.end()) for m in GLOSS.finditer(text, start, end)]


@dataclass
class View:
    """The normalised text of some ranges of a page, and where each character came from."""

    text: str
    origin: Sequence[int]  # page offset of each view character (an array: 8 bytes each)
    glosses: list[tuple[int, int]] = field(default_factory=list)  # page ranges left out
    garbled: list[tuple[int, int]] = field(default_factory=list)  # view ranges
    _gloss_index: dict[int, int] | None = field(default=None, repr=False, compare=False)

    def to_page(self, start: int, end: int) -> tuple[int, int]:
        """Page range covering the view range [start, end) (end-exclusive, non-empty).

        A gloss belongs to the character it follows: a range ending on a glossed
        character takes the gloss in ("戰(zhàn)", not "戰").
        """
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"view range {start}-{end} outside 0-{len(self.text)}")
        page_end = self.origin[end - 1] + 1
        return self.origin[start], self._gloss_end.get(page_end, page_end)

    def written(self, page_text: str, start: int, end: int) -> str:
        """What view[start:end] is on the page ``page_text`` (traditional stays
        traditional), glosses and line breaks left out: page text shown, not matched."""
        if start >= end:
            return ""
        page_start, page_end = self.to_page(start, end)
        return "".join(GLOSS.sub("", page_text[page_start:page_end]).split())

    def context(self, page_text: str, start: int, end: int, width: int = 12) -> str:
        """``before[match]after`` around view[start:end], as the page writes it."""
        before = self.written(page_text, max(0, start - width), start)
        after = self.written(page_text, end, min(len(self.text), end + width))
        return f"{before}[{self.written(page_text, start, end)}]{after}"

    @property
    def _gloss_end(self) -> dict[int, int]:
        if self._gloss_index is None:
            self._gloss_index = dict(self.glosses)
        return self._gloss_index


def build_view(page_text: str, parts: Sequence[Sequence[tuple[int, int]]]) -> View:
    """The view of ``parts``: a list of paragraphs, each a list of page ranges to join.

    Built from slices and an array of offsets, not a list per character: a page of
    20 million characters would otherwise take gigabytes (a str object and an int
    object for every character).
    """
    pieces: list[str] = []
    origin = array("q")
    glosses: list[tuple[int, int]] = []
    for n, paragraph in enumerate(parts):
        if n and paragraph:
            # The separator stands for the line break that ended the previous paragraph.
            prev_end = parts[n - 1][-1][1]
            pieces.append("\n")
            origin.append(min(prev_end, len(page_text) - 1))
        for start, end in paragraph:
            hidden = gloss_ranges(page_text, start, end)
            glosses.extend(hidden)
            i = start
            for gloss_start, gloss_end in [*hidden, (end, end)]:
                _visible(page_text, i, max(i, gloss_start), pieces, origin)
                i = max(i, gloss_end)
    text = to_simplified("".join(pieces))
    return View(text, origin, glosses, find_garbled(text))


def _visible(text: str, start: int, end: int, pieces: list[str], origin: array[int]) -> None:
    """Add text[start:end] to the view, less its zero-width characters."""
    for m in _ZERO_WIDTH_RE.finditer(text, start, end):
        if m.start() > start:
            pieces.append(text[start : m.start()])
            origin.extend(range(start, m.start()))
        start = m.end()
    if end > start:
        pieces.append(text[start:end])
        origin.extend(range(start, end))


# --- mojibake ---------------------------------------------------------------------


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003ffff" or "\uf900" <= ch <= "\ufaff"


@lru_cache(maxsize=8192)
def is_rare(ch: str) -> bool:
    """A Han character outside the 3,755 common ones of GB2312 level 1.

    UTF-8 read as GBK yields a stream of such characters; real news text seldom has
    more than one in a row.
    """
    if not _is_han(ch):
        return False
    try:
        encoded = ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return not 0xB0 <= encoded[0] <= 0xD7


def _odd(text: str, i: int) -> bool:
    ch = text[i]
    if is_rare(ch):
        return True
    # Latin letters or '@' wedged between Han characters are a mojibake trace.
    if ch.isascii() and (ch.isalpha() or ch == "@"):
        return 0 < i < len(text) - 1 and _is_han(text[i - 1]) and _is_han(text[i + 1])
    return False


def find_garbled(text: str) -> list[tuple[int, int]]:
    """View ranges that look like mojibake (UTF-8 bytes decoded as GBK and saved).

    Such a stretch starts at an ASCII '?' inside Han text ("確?!皯?") and runs over
    rare characters to the next '?' or to the last rare character near it.
    """
    found: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        if text[i] != "?" or not (i + 1 < n and (_is_han(text[i + 1]) or text[i + 1] == "!")):
            i += 1
            continue
        k = i + 1
        if k < n and text[k] == "!":
            k += 1
        last_odd = -1
        end = -1
        while k < n and k - i <= 24:
            ch = text[k]
            if ch == "?":
                end = k + 1
                break
            if _odd(text, k):
                last_odd = k
            elif unicodedata.category(ch)[0] in "PZC" and ch != "!":
                break
            elif last_odd >= 0 and k - last_odd > 2:
                break
            k += 1
        if last_odd < 0:
            i += 1
            continue
        stop = end if end > last_odd else last_odd + 1
        found.append((i, stop))
        i = stop
    return found
