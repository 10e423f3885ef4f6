"""The extractor: events and figures found in a page without a person.

It reads the page's normalised view (simplified characters, glosses left out, column
breaks joined: reader/text/normalize.py), so traditional and glossed pages work the same,
and returns offsets in the page text. Rules follow the annotation guidelines: the
numeral grammar is numerals.py, the unit lexicon units.py (+ the project lexicon),
figures figures.py, times times.py. Regular expressions find the spans; jieba's
part-of-speech tagger is asked only about the few characters around each figure, for
its counted noun (counted.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from reader.extraction.attributes import default_segmenter
from reader.extraction.counted import counted_span
from reader.extraction.figures import find_figures, masked
from reader.extraction.lexicon import EMPTY, Lexicon
from reader.extraction.times import find_events
from reader.text.articles import blocks_of, paragraphs_of
from reader.text.normalize import GLOSS, View, view_of_text
from reader.text.segment import Segmenter
from reader.text.spans import Span

__all__ = ["extract_text", "extract_view", "find_events", "find_figures"]


def _page_words(page_text: str, view: View, start: int, end: int) -> str:
    page_start, page_end = view.to_page(start, end)
    return "".join(GLOSS.sub("", page_text[page_start:page_end]).split())


def _in_garbled(view: View, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in view.garbled)


# A page longer than this is read in parts of about this many characters, each ending
# between two paragraphs: the view of a whole 50 MB page (its text, a copy converted to
# simplified characters and an 8-byte origin per character) took 6x the page in memory.
PART = 1 << 20


def extract_view(
    page_text: str,
    view: View,
    lexicon: Lexicon | None = None,
    segmenter: Segmenter | None = None,
    offset: int = 0,
) -> list[Span]:
    """Events and figures of ``view``; ``page_text`` is what it was built from, starting at
    ``offset`` in the page (the spans' offsets are the page's)."""
    lexicon = lexicon or EMPTY
    results: list[Span] = []
    text = view.text
    figures = find_figures(text, masked(text, lexicon), lexicon)
    if figures:
        segmenter = segmenter or default_segmenter()
        for n, (start, end, attrs) in enumerate(figures):
            floor = figures[n - 1][1] if n else 0
            ceiling = figures[n + 1][0] if n + 1 < len(figures) else len(text)
            where = counted_span(text, start, end, attrs, segmenter, (floor, ceiling))
            # The noun as the page writes it (traditional stays traditional), glosses left out.
            attrs["counted"] = _page_words(page_text, view, *where) if where else ""
    for label, spans in (("event", find_events(text)), ("figure", figures)):
        for start, end, attrs in spans:
            if start >= end or (label == "figure" and _in_garbled(view, start, end)):
                continue
            page_start, page_end = view.to_page(start, end)
            text_of = page_text[page_start:page_end]
            results.append(Span(label, offset + page_start, offset + page_end, text_of, attrs))
    results.sort(key=lambda f: (f.start, -f.end, f.label))
    return results


def extract_text(
    page_text: str, lexicon: Lexicon | None = None, segmenter: Segmenter | None = None
) -> list[Span]:
    """Events and figures of a whole page text; ``lexicon`` is the project's (lexicon.toml).

    A long page is read part by part (``parts``): the same spans, in bounded memory.
    """
    return list(spans_of(page_text, lexicon, segmenter))


def spans_of(
    page_text: str, lexicon: Lexicon | None = None, segmenter: Segmenter | None = None
) -> Iterator[Span]:
    """``extract_text``'s spans, a part of the page at a time: a caller that keeps only
    some of them (the suggestions, not the tagged) never holds all of a big page's."""
    # One copy of each string value of the attrs (units, counted nouns, qualifiers) for
    # the page: they repeat, and 240,000 figures of a 50 MB page held one copy each.
    strings: dict[str, str] = {}
    for start, end in parts(page_text):
        part = page_text if (start, end) == (0, len(page_text)) else page_text[start:end]
        for span in extract_view(part, view_of_text(part), lexicon, segmenter, start):
            attrs = span.attrs
            for key, value in attrs.items():
                if type(value) is str:
                    attrs[key] = strings.setdefault(value, value)
            yield span


def parts(page_text: str, size: int = PART) -> list[tuple[int, int]]:
    """Ranges of about ``size`` characters covering the page, each cut between two paragraphs.

    Every rule of the extractor stops at a paragraph's end (sentences, clauses, the
    words around a figure), so the parts give the spans the whole page gives. A cut is
    made only at a line break that the page's own paragraph split (articles.py) keeps
    as a break, not one a column break joins across; a page with no such break stays whole.
    """
    ranges: list[tuple[int, int]] = []
    start = 0
    while len(page_text) - start > size:
        cut = _paragraph_break(page_text, start + size)
        if cut < 0:
            break
        ranges.append((start, cut))
        start = cut
    ranges.append((start, len(page_text)))
    return ranges


def _paragraph_break(page_text: str, after: int) -> int:
    """The first line break at or after ``after`` that ends a paragraph, or -1."""
    cut = page_text.find("\n", after)
    while cut >= 0:
        # The non-blank lines on either side of the break, blank lines between them included.
        last = cut
        while last > 0 and page_text[last - 1].isspace():
            last -= 1
        before = page_text.rfind("\n", 0, last) + 1
        nxt = cut
        while nxt < len(page_text) and page_text[nxt].isspace():
            nxt += 1
        if nxt >= len(page_text):
            return -1  # only white space after: nothing to cut off
        line_end = page_text.find("\n", nxt)
        line_end = len(page_text) if line_end < 0 else line_end
        around = page_text[before:line_end]
        if last > before and len(paragraphs_of(around, blocks_of(around))) > 1:
            return cut
        cut = page_text.find("\n", line_end)
    return -1
