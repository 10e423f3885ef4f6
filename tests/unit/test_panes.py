"""Side panes at each terminal width: the text keeps its 40 columns."""

from __future__ import annotations

import pytest

from reader.session.panes import TEXT_MIN, Panes


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160, 200])
def test_the_text_keeps_forty_columns_wherever_the_terminal_has_them(width):
    widths = Panes().widths(width)
    assert width - sum(widths.values()) >= TEXT_MIN


def test_side_panel_hides_before_the_list_and_both_hide_at_sixty_columns():
    assert Panes().widths(80) == {"tree": 36, "side": 0}
    assert Panes().widths(60) == {"tree": 0, "side": 0}
    assert Panes().widths(200) == {"tree": 38, "side": 30}
    squeezed = Panes().widths(100)
    assert 0 < squeezed["side"] < 30 and 0 < squeezed["tree"] < 38


def test_a_pane_hidden_by_hand_stays_hidden_and_one_shown_by_hand_comes_back():
    panes = Panes()
    panes.widths(200)
    panes.toggle("side")
    assert panes.widths(200)["side"] == 0
    panes.widths(60)
    panes.toggle("tree")  # hidden at 60 columns: F2 shows it again
    assert panes.widths(60)["tree"] > 0
