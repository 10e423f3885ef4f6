"""Re-anchoring: where a tag belongs when the page text changed under its file.

A tag keeps the text it covers and a little context on each side (see
reader/annotation/model.py). When the page's hash no longer matches, every tag is
placed again by that text and context; a tag that cannot be placed is kept as an
orphan, never dropped. Pure functions: no files, no locks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.annotation.model import PageAnnotations, Tag


@dataclass
class Reanchored:
    """What re-anchoring did, for the user to be told."""

    moved: int = 0  # tags placed at a new offset
    messages: list[str] = field(default_factory=list)


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


def reanchor(annotations: PageAnnotations, text: str, only: list[Tag] | None = None) -> Reanchored:
    """Place the tags of ``annotations`` on ``text`` again (all of them, or ``only`` these).

    A tag whose offsets still cover its text with its whole context stays; one that can
    be placed elsewhere moves; one that cannot becomes an orphan. Orphans of an earlier
    change are tried again, since the text that fits them may have come back.
    """
    result = Reanchored()
    todo = list(annotations.spans) if only is None else only
    todo_ids = {id(s) for s in todo}  # identity: two equal tags are still two tags
    kept = [s for s in annotations.spans if id(s) not in todo_ids]
    new_orphans: list[Tag] = []
    for span in todo:
        if 0 <= span.start < span.end <= len(text) and text[span.start : span.end] == span.text:
            if _context_score(span, text, span.start) == len(span.before) + len(span.after):
                kept.append(span)
                continue
        start = place(span, text)
        if start is None:
            new_orphans.append(span)
            result.messages.append(f"orphaned {span.label} {span.text!r} (was at {span.start})")
        else:
            if start != span.start:
                result.moved += 1
            kept.append(span.moved(text, start))
    still: list[Tag] = []
    for span in annotations.orphans:
        start = place(span, text)
        if start is None:
            still.append(span)
        else:
            kept.append(span.moved(text, start))
            result.messages.append(f"re-placed orphan {span.label} {span.text!r}")
    annotations.orphans = still + new_orphans  # earlier orphans first, so the file order is stable
    annotations.spans = kept
    annotations.spans = annotations.sorted_spans()
    return result
