"""Re-anchoring: where a tag belongs when the page text changed under its file.

A tag keeps the text it covers and a little context on each side (see
reader/annotation/model.py). When the page's hash no longer matches, every tag is
placed again by that text and context; a tag that cannot be placed is kept as an
orphan, never dropped. Pure functions: no files, no locks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.annotation.model import PageAnnotations, Tag

if TYPE_CHECKING:
    from reader.annotation.store import Loaded


def _context_score(span: Tag, text: str, start: int) -> int:
    """How much of the stored context agrees with the text around ``start``."""
    before = text[max(0, start - len(span.before)) : start]
    after = text[start + len(span.text) : start + len(span.text) + len(span.after)]
    score = 0
    for a, b in zip(reversed(before), reversed(span.before), strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(after, span.after, strict=False):
        if a != b:
            break
        score += 1
    return score


def place(span: Tag, text: str) -> int | None:
    """The start where ``span`` belongs in ``text``, or None if it cannot be placed.

    A candidate is any occurrence of the span's text. The one whose surroundings best
    match the stored context wins; a tie goes to the one nearest the old offset. An
    occurrence with no context in common at all is not trusted when the span's text
    is short (a lone "5名" matches in too many places).
    """
    candidates = []
    i = text.find(span.text)
    while i >= 0:
        candidates.append(i)
        i = text.find(span.text, i + 1)
    if not candidates:
        return None
    scored = [(_context_score(span, text, c), -abs(c - span.start), c) for c in candidates]
    best = max(scored)
    has_context = bool(span.before or span.after)
    if best[0] == 0 and has_context and (len(candidates) > 1 or len(span.text) < 4):
        return None
    return best[2]


def reanchor(annotations: PageAnnotations, text: str, loaded: Loaded, only: list[Tag] | None = None) -> None:
    loaded.changed = True
    todo = only if only is not None else list(annotations.spans)
    kept = [s for s in annotations.spans if s not in todo]
    for span in todo:
        if 0 <= span.start < span.end <= len(text) and text[span.start : span.end] == span.text:
            if _context_score(span, text, span.start) == len(span.before) + len(span.after):
                kept.append(span)
                continue
        start = place(span, text)
        if start is None:
            annotations.orphans.append(span)
            loaded.messages.append(f"orphaned {span.label} {span.text!r} (was at {span.start})")
        else:
            if start != span.start:
                loaded.moved += 1
            kept.append(span.moved(text, start))
    # Orphans from an earlier change may fit the text again.
    still: list[Tag] = []
    for span in annotations.orphans:
        start = place(span, text) if span not in todo else None
        if start is None:
            still.append(span)
        else:
            kept.append(span.moved(text, start))
            loaded.messages.append(f"re-placed orphan {span.label} {span.text!r}")
    annotations.orphans = still
    annotations.spans = kept
    annotations.spans = annotations.sorted_spans()
