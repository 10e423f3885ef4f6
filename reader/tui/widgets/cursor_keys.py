"""The keys that move a line cursor, for the widgets that draw their own lines
(LazyTable, CorpusTree): each has ``action_move(delta)``, ``action_page(delta)`` and
``action_jump(line)`` (a negative line counts from the end)."""

from __future__ import annotations

from textual.binding import Binding

CURSOR_KEYS = [
    Binding("up", "move(-1)", "Up", show=False),
    Binding("down", "move(1)", "Down", show=False),
    Binding("pageup", "page(-1)", "Page up", show=False),
    Binding("pagedown", "page(1)", "Page down", show=False),
    Binding("home", "jump(0)", "First line", show=False),
    Binding("end", "jump(-1)", "Last line", show=False),
]
