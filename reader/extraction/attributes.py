"""The attributes a span is prefilled with: one function for the tagging form and the extractor.

``prefill`` gives what the attribute form shows when a person tags a span; the
extractor gives its figures the same ``counted`` noun through ``counted_noun``, so a
suggestion accepted and a span tagged by hand carry the same attributes.

The rules for the counted noun are in counted.py.
"""

from __future__ import annotations

from typing import Any

from reader.extraction.counted import WINDOW, counted_span
from reader.extraction.quantities import parse_figure, parse_time
from reader.text.normalize import GLOSS, view_of_text
from reader.text.segment import Segmenter


def default_segmenter() -> Segmenter:
    """One Segmenter per process for the extractor (its dictionary loads in ~1 s, once),
    the reader's own when the project has no dictionary of its own."""
    return Segmenter.shared()


def counted_noun(
    text: str, start: int, end: int, attrs: dict[str, Any], segmenter: Segmenter | None = None
) -> str:
    """The noun a figure text[start:end] counts, or ""."""
    where = counted_span(text, start, end, attrs, segmenter or default_segmenter())
    return text[where[0] : where[1]] if where else ""


def prefill(
    page_text: str,
    label: str,
    start: int,
    end: int,
    segmenter: Segmenter | None = None,
    with_counted: bool = True,
) -> dict[str, Any]:
    """Attributes for the span [start, end) of ``page_text`` labelled ``label``.

    Events: ``{"time": ..., "summary": ""}``. Figures: value, qualifier, unit and the
    counted noun, read on the normalised view (simplified, glosses left out) of the
    span and a short window around it. Without a segmenter the process-wide one is
    used (built on first use).
    """
    lo, hi = max(0, start - WINDOW), min(len(page_text), end + WINDOW)
    view = view_of_text(page_text[lo:hi])
    # The span's place in the window's view: the view drops glosses and blank lines.
    first = next((i for i, o in enumerate(view.origin) if o >= start - lo), len(view.text))
    last = next((i for i, o in enumerate(view.origin) if o >= end - lo), len(view.text))
    span = view.text[first:last]
    if label == "event":
        return {"time": parse_time(span), "summary": ""}
    attrs = parse_figure(span)
    # No counted noun while jieba is still loading: the form must not wait for it.
    where = (
        counted_span(view.text, first, last, attrs, segmenter or default_segmenter())
        if span and with_counted
        else None
    )
    if where:
        # The noun as the page writes it (traditional stays traditional), glosses left out.
        page_start, page_end = view.to_page(*where)
        attrs["counted"] = "".join(GLOSS.sub("", page_text[lo + page_start : lo + page_end]).split())
    return attrs
