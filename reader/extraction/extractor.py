"""The extractor: events and figures found in a page without a person.

It reads the page's normalised view (simplified characters, glosses left out, column
breaks joined: reader/text/normalize.py), so traditional and glossed pages work the same,
and returns offsets in the page text. Rules follow the annotation guidelines: the
numeral grammar is numerals.py, the unit lexicon units.py (+ the project lexicon),
figures figures.py, times times.py. Regular expressions find the spans; jieba's
part-of-speech tagger is asked only about the few characters around each figure, for
its counted noun (attributes.py).
"""

from __future__ import annotations

from reader.extraction.attributes import default_segmenter
from reader.extraction.counted import counted_span
from reader.extraction.figures import find_figures, masked
from reader.extraction.lexicon import EMPTY, Lexicon
from reader.extraction.times import find_events
from reader.text.normalize import GLOSS, View, view_of_text
from reader.text.segment import Segmenter
from reader.text.spans import Span

__all__ = ["extract_text", "extract_view", "find_events", "find_figures"]


def _page_words(page_text: str, view: View, start: int, end: int) -> str:
    page_start, page_end = view.to_page(start, end)
    return "".join(GLOSS.sub("", page_text[page_start:page_end]).split())


def _in_garbled(view: View, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in view.garbled)


def extract_view(
    page_text: str, view: View, lexicon: Lexicon | None = None, segmenter: Segmenter | None = None
) -> list[Span]:
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
            results.append(Span(label, page_start, page_end, page_text[page_start:page_end], attrs))
    results.sort(key=lambda f: (f.start, -f.end, f.label))
    return results


def extract_text(
    page_text: str, lexicon: Lexicon | None = None, segmenter: Segmenter | None = None
) -> list[Span]:
    """Events and figures of a whole page text; ``lexicon`` is the project's (lexicon.toml)."""
    return extract_view(page_text, view_of_text(page_text), lexicon, segmenter)
