"""The attributes a span is prefilled with: one function for the tagging form and the extractor."""

from __future__ import annotations

from typing import Any

from reader.extraction.quantities import parse_figure, parse_time
from reader.text.normalize import GLOSS, view_of_text
from reader.text.segment import Segmenter


def prefill(
    page_text: str, label: str, start: int, end: int, segmenter: Segmenter | None = None
) -> dict[str, Any]:
    """Attributes for the span [start, end) of ``page_text`` labelled ``label``.

    Events: ``{"time": ..., "summary": ""}``. Figures: value, qualifier, unit and the
    counted noun (the word right after the span).
    """
    text = page_text[start:end]
    view = view_of_text(text)
    clean = view.text
    if label == "event":
        return {"time": parse_time(clean), "summary": ""}
    counted = ""
    if segmenter is not None:
        following = page_text[end : end + 16]
        words = segmenter.cut(GLOSS.sub("", following)) if following else []
        if words and words[0].strip():
            counted = words[0].strip()
    return parse_figure(clean, counted)
