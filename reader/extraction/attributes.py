"""The attributes a tag starts with: the extractor's own reading of a span, for the form.

One grammar for both: the tagging form's prefill reads a span with the rules the
extractor uses (figures.py, counted.py, times.py, dates.py), so a suggestion accepted
and a span tagged by hand carry the same attributes.

A person's selection is not always the figure: "8200余名党员" selected whole is read as
the figure 8200余名 inside it (unit 名, counted 党员), and `Reading.trim` says where
the figure is, so the form can offer to trim the span to it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reader.extraction.counted import WINDOW, candidates, counted_places
from reader.extraction.counted_choice import Candidate, choose
from reader.extraction.dates import Event, PageDate, page_date, resolve
from reader.extraction.figures import find_figures, masked
from reader.extraction.lexicon import EMPTY, Lexicon
from reader.extraction.quantities import parse_figure, parse_time
from reader.extraction.times import anchor_start, find_events
from reader.text.articles import split_page, view_of_text
from reader.text.normalize import View
from reader.text.segment import Segmenter
from reader.text.spans import Span


@dataclass
class Reading:
    """A span read for the form: its attributes, the counted noun's candidates (each
    with the text it stands for, as the page writes it), and, when the selection holds
    a figure that is not all of it, that figure's page offsets (``trim``)."""

    attrs: dict[str, Any]
    candidates: list[Candidate] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    trim: tuple[int, int] | None = None
    figure: str = ""  # the page text at ``trim``


def read_span(
    page_text: str,
    label: str,
    start: int,
    end: int,
    segmenter: Segmenter | None = None,
    with_counted: bool = True,
    lexicon: Lexicon = EMPTY,
    source: PageDate | None = None,
) -> Reading:
    """The attributes for the span [start, end) of ``page_text`` labelled ``label``, with
    what the form offers besides: the counted candidates and the trim.

    Events: ``{"time", "summary", "date", "date_from"}``; the date is resolved in the
    span's article (reader/extraction/dates.py). Figures: value, qualifier, unit and the
    counted noun, read on the normalised view of the span and a window around it. No
    counted noun without ``with_counted`` (jieba still loading: the form must not wait).
    """
    if label == "event":
        return Reading(event_attrs(page_text, start, end, source))
    lo, hi = max(0, start - WINDOW), min(len(page_text), end + WINDOW)
    view = view_of_text(page_text[lo:hi])
    first, last = _view_range(view, start - lo, end - lo)
    figures = find_figures(view.text, masked(view.text, lexicon), lexicon)
    n, figure = _figure_in(figures, first, last)
    trim, figure_text = None, ""
    if figure is None:
        attrs = parse_figure(view.text[first:last])
        figure = Span("figure", first, last, view.text[first:last], attrs)
        figures = sorted([*figures, figure], key=lambda f: (f.start, f.end))
        n = figures.index(figure)
    else:
        first, last, attrs = figure.start, figure.end, figure.attrs
        page_first, page_last = view.to_page(first, last)
        if (lo + page_first, lo + page_last) != (start, end):
            trim = (lo + page_first, lo + page_last)
            figure_text = page_text[trim[0] : trim[1]]
    attrs = dict(attrs)
    attrs["unit"] = page_unit(page_text, view, lo, first, last, str(attrs.get("unit") or ""))
    reading = Reading(attrs, trim=trim, figure=figure_text)
    attrs.setdefault("counted", "")
    if not with_counted or first >= last:
        return reading
    floor = figures[n - 1].end if n else 0
    ceiling = figures[n + 1].start if n + 1 < len(figures) else len(view.text)
    found = candidates(view.text, first, last, attrs, segmenter or Segmenter.shared(), (floor, ceiling))
    reading.candidates = found
    reading.texts = [page_words(page_text, view, lo, c.start, c.end) if not c.empty else "" for c in found]
    where = counted_places(view.text, figures, segmenter or Segmenter.shared(), lexicon.weights)[n]
    attrs["counted"] = page_words(page_text, view, lo, *where) if where else ""
    return reading


def choose_counted(reading: Reading, weights: Mapping[str, float] | None) -> str:
    """The counted noun ``weights`` choose among the reading's candidates."""
    if not reading.candidates:
        return str(reading.attrs.get("counted") or "")
    chosen = choose(reading.candidates, weights)
    return reading.texts[reading.candidates.index(chosen)]


def event_attrs(page_text: str, start: int, end: int, source: PageDate | None = None) -> dict[str, Any]:
    """An event's attributes: the time fields of its first time expression, and the date
    it happened, resolved among the events of its article."""
    articles = split_page(page_text)
    article = next((a for a in articles if a.start <= start < a.end), None)
    lo, hi = (article.start, article.end) if article is not None else (0, len(page_text))
    hi = max(hi, end)
    view = view_of_text(page_text[lo:hi])
    first, last = _view_range(view, start - lo, end - lo)
    text = view.text
    time = parse_time(text[first:last])
    events = [e for e in find_events(text) if e.end <= first or e.start >= last]
    events.append(Span("event", first, last, text[first:last], {"time": time}))
    events.sort(key=lambda e: e.start)
    dated = [
        Event(e.start, text[anchor_start(text, e.start, e.end) : e.end], e.attrs["time"]) for e in events
    ]
    resolve(text, dated, [(0, len(text))], page_date(page_text) or source)
    mine = next(d for d, e in zip(dated, events, strict=True) if e.start == first)
    return {"time": time, "summary": "", "date": mine.date, "date_from": mine.date_from}


def _figure_in(figures: list[Span], first: int, last: int) -> tuple[int, Span | None]:
    """The figure the selection [first, last) holds or is (the first inside it), else the
    one it is part of (a bare "7" of "7人"), if any."""
    for n, figure in enumerate(figures):
        if figure.start >= first and figure.end <= last:
            return n, figure
    for n, figure in enumerate(figures):
        if figure.start < last and first < figure.end:
            return n, figure
    return 0, None


def _view_range(view: View, start: int, end: int) -> tuple[int, int]:
    """Where page offsets [start, end) fall in ``view`` (which drops glosses and breaks)."""
    return bisect_left(view.origin, start), bisect_left(view.origin, end)


def page_words(page_text: str, view: View, lo: int, start: int, end: int) -> str:
    """What view[start:end] is in the page (traditional stays traditional), glosses left out."""
    return view.written(page_text[lo:] if lo else page_text, start, end)


def page_unit(page_text: str, view: View, lo: int, first: int, last: int, unit: str) -> str:
    """A figure's unit as the page writes it (個, 歲: traditional stays traditional): the
    unit's characters in the figure's view[first:last], taken from the page (in order,
    so 个月 of 4個多月 is 個月)."""
    if not unit:
        return unit
    at = view.text.rfind(unit, first, last)
    if at >= 0:
        return page_words(page_text, view, lo, at, at + len(unit))
    out, wanted = [], iter(unit)
    want = next(wanted, None)
    for i in range(first, last):
        if want is not None and view.text[i] == want:
            out.append(page_words(page_text, view, lo, i, i + 1))
            want = next(wanted, None)
    return "".join(out) if want is None else unit
