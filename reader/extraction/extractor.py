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

from bisect import bisect_left
from collections.abc import Iterator

from reader.extraction.attributes import page_unit, page_words
from reader.extraction.counted import counted_places
from reader.extraction.dates import Event, PageDate, page_date, resolve
from reader.extraction.figures import find_figures, masked
from reader.extraction.lexicon import EMPTY, Lexicon
from reader.extraction.times import anchor_start, find_events
from reader.text.articles import blocks_of, paragraphs_of, split_page, view_of_text
from reader.text.normalize import View
from reader.text.segment import Segmenter
from reader.text.spans import Span

__all__ = ["extract_text", "extract_view", "find_events", "find_figures"]


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
    date: PageDate | None = None,
    articles: list[tuple[int, int]] | None = None,
) -> list[Span]:
    """Events and figures of ``view``; ``page_text`` is what it was built from, starting at
    ``offset`` in the page (the spans' offsets are the page's). ``date`` is the page's
    date, for the events' dates (reader/extraction/dates.py), resolved within
    ``articles`` (offsets in ``page_text``; by default its own split into articles)."""
    lexicon = lexicon or EMPTY
    results: list[Span] = []
    text = view.text
    events = find_events(text)
    date_events(page_text, view, events, date, articles)
    figures = find_figures(text, masked(text, lexicon), lexicon)
    if figures:
        segmenter = segmenter or Segmenter.shared()
        wheres = counted_places(text, figures, segmenter, lexicon.weights)
        for figure, where in zip(figures, wheres, strict=True):
            attrs = figure.attrs
            attrs["counted"] = page_words(page_text, view, 0, *where) if where else ""
            attrs["unit"] = page_unit(
                page_text, view, 0, figure.start, figure.end, str(attrs.get("unit") or "")
            )
    for span in (*events, *figures):
        if span.start >= span.end or (span.label == "figure" and _in_garbled(view, span.start, span.end)):
            continue
        page_start, page_end = view.to_page(span.start, span.end)
        text_of = page_text[page_start:page_end]
        results.append(Span(span.label, offset + page_start, offset + page_end, text_of, span.attrs))
    results.sort(key=lambda f: (f.start, -f.end, f.label))
    return results


def date_events(
    page_text: str,
    view: View,
    events: list[Span],
    date: PageDate | None,
    ranges: list[tuple[int, int]] | None = None,
) -> None:
    """Each event's ``date`` and ``date_from`` in its attrs, article by article."""
    if not events:
        return
    if ranges is None:
        ranges = [(a.start, a.end) for a in split_page(page_text)]
    articles = [(bisect_left(view.origin, s), bisect_left(view.origin, e)) for s, e in ranges]
    dated = [Event(e.start, view.text[anchor_start(view.text, e.start, e.end) : e.end], e.attrs["time"])
             for e in events]  # fmt: skip
    resolve(view.text, dated, articles or [(0, len(view.text))], date)
    for span, event in zip(events, dated, strict=True):
        span.attrs["date"], span.attrs["date_from"] = event.date, event.date_from


def extract_text(
    page_text: str,
    lexicon: Lexicon | None = None,
    segmenter: Segmenter | None = None,
    source: PageDate | None = None,
) -> list[Span]:
    """Events and figures of a whole page text; ``lexicon`` is the project's (lexicon.toml),
    ``source`` the page's date given outside its text (file name, page-dates.tsv).

    A long page is read part by part (``parts``): the same spans, in bounded memory.
    """
    return list(spans_of(page_text, lexicon, segmenter, source))


def spans_of(
    page_text: str,
    lexicon: Lexicon | None = None,
    segmenter: Segmenter | None = None,
    source: PageDate | None = None,
    part_size: int = PART,
) -> Iterator[Span]:
    """``extract_text``'s spans, a part of the page at a time: a caller that keeps only
    some of them (the suggestions, not the tagged) never holds all of a big page's.
    A page is cut between articles (an event's date is read in its article)."""
    # One copy of each string value of the attrs (units, counted nouns, qualifiers) for
    # the page: they repeat, and 240,000 figures of a 50 MB page held one copy each.
    strings: dict[str, str] = {}
    date = page_date(page_text) or source
    articles = [(a.start, a.end) for a in split_page(page_text)] if len(page_text) > part_size else None
    starts = [s for s, _ in articles] if articles else None
    for start, end in parts(page_text, part_size, starts):
        part = page_text if (start, end) == (0, len(page_text)) else page_text[start:end]
        local = None
        if articles is not None:
            inside = ((s, e) for s, e in articles if start < e and s < end)
            local = [(max(s, start) - start, min(e, end) - start) for s, e in inside]
        for span in extract_view(part, view_of_text(part), lexicon, segmenter, start, date, local):
            attrs = span.attrs
            for key, value in attrs.items():
                if type(value) is str:
                    attrs[key] = strings.setdefault(value, value)
            yield span


def parts(page_text: str, size: int = PART, starts: list[int] | None = None) -> list[tuple[int, int]]:
    """Ranges of about ``size`` characters covering the page, each cut between two
    paragraphs, or at one of the sorted ``starts`` (where articles begin) when given.

    Every rule of the extractor stops at a paragraph's end (sentences, clauses, the
    words around a figure), so the parts give the spans the whole page gives. A cut is
    made only at a line break that the page's own paragraph split (articles.py) keeps
    as a break, not one a column break joins across; a page with no such break stays whole.
    """
    ranges: list[tuple[int, int]] = []
    start = 0
    while len(page_text) - start > size:
        if starts is not None:
            at = bisect_left(starts, start + size)
            cut = starts[at] if at < len(starts) else -1
        else:
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
