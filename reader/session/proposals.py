"""Which suggestion (p) or candidate false alarm (g) the cursor means, and which one
`.` / `,` go to: plain functions of the proposals, the one `.` chose last, and the
cursor (its offset and the jieba word it stands on)."""

from __future__ import annotations

from reader.session.state import proposal_order
from reader.text.spans import Span, innermost

Word = tuple[int, int] | None


def chosen_on(chosen: Span | None, offset: int, word: Word) -> Span | None:
    """The proposal `.` / `,` last chose, if the cursor is still on the word it starts
    in (moved elsewhere, by a search say, the cursor means what is under it)."""
    if chosen is None:
        return None
    low, high = word if word is not None else (offset, offset + 1)
    return chosen if low <= chosen.start < high else None


def under(pool: list[Span], chosen: Span | None, offset: int, word: Word) -> Span | None:
    """The proposal under the cursor: the one `.` chose while the cursor is on it, else
    the innermost covering ``offset``, else one that starts inside the cursor's ``word``
    (a suggestion may start mid-word, where the word cursor cannot stand)."""
    mine = chosen_on(chosen, offset, word)
    if mine is not None and any(p.key == mine.key for p in pool):
        return mine
    found = innermost(pool, offset)
    if found is None and word is not None:
        found = min((p for p in pool if word[0] <= p.start < word[1]), key=proposal_order, default=None)
    return found


def following(pool: list[Span], chosen: Span | None, offset: int, direction: int, word: Word) -> Span | None:
    """The proposal after the one the cursor is on (after ``offset`` when none), before
    it for direction -1, wrapping round the article; None when there are none."""
    ordered = sorted(pool, key=proposal_order)
    if not ordered:
        return None
    mine = chosen_on(chosen, offset, word)
    if mine is not None:
        here = proposal_order(mine)
        after = [p for p in ordered if proposal_order(p) > here]
        before = [p for p in ordered if proposal_order(p) < here]
    else:
        after = [p for p in ordered if p.start > offset]
        before = [p for p in ordered if p.start < offset]
    if direction > 0:
        return after[0] if after else ordered[0]
    return before[-1] if before else ordered[-1]
