"""Which suggestion the cursor means and where `.` / `,` go (reader/session/proposals.py)."""

from __future__ import annotations

from reader.session import proposals
from reader.text.spans import Span

EVENT = Span("event", 10, 40, "x" * 30)
FIGURE = Span("figure", 12, 16, "1234")  # inside the event
LATER = Span("figure", 50, 53, "123")
POOL = [LATER, FIGURE, EVENT]


def test_dot_steps_by_start_outer_first_and_wraps_round():
    went, chosen, offset = [], None, 0
    for _ in range(4):
        chosen = proposals.following(POOL, chosen, offset, 1, None)
        went.append(chosen)
        offset = chosen.start
    assert went == [EVENT, FIGURE, LATER, EVENT]
    assert proposals.following(POOL, EVENT, 10, -1, None) == LATER  # , wraps backwards
    assert proposals.following([], EVENT, 10, 1, None) is None


def test_the_chosen_one_counts_while_the_cursor_stays_on_its_word():
    # The event starts mid-word (the word 9-11 holds its start): . chose it, a acts on it.
    assert proposals.under(POOL, EVENT, 9, (9, 11)) == EVENT
    # Without a choice, the innermost span under the offset is meant.
    assert proposals.under(POOL, None, 13, (13, 14)) == FIGURE
    # The cursor moved away (a search): what is under it now, not the old choice.
    assert proposals.under(POOL, EVENT, 51, (51, 52)) == LATER
    # A choice no longer among the proposals (accepted meanwhile) is not returned.
    assert proposals.under([LATER], EVENT, 9, (9, 11)) is None
