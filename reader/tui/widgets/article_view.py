"""The article text as the reader uses it: keys, the mouse and what they ask for.

The cursor and the selection are a `Caret` (reader/session/caret.py). This widget
moves them and asks for everything else (tag, delete, edit, copy, move a tag's
edge) with a message; the reading screen decides.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message

from reader.session.caret import next_position
from reader.session.values import LABELS
from reader.tui.keys import hold_keys
from reader.tui.widgets.article_text import MARK_KINDS, ArticleText

__all__ = ["MARK_KINDS", "ArticleView"]


def both(
    keys: tuple[str, str], action: str, what: tuple[str, str], first: str = "", shown: bool = False
) -> list[Binding]:
    """The bindings of a key pair: ``action(first-1)`` back, ``action(first1)`` on; only
    the forward key shows in the footer when ``shown``. Ids: ACTION[_FIRST]_back/_on."""
    name = "_".join(part for part in (action, first.strip("', ")) if part)
    return [
        Binding(keys[0], f"{action}({first}-1)", what[0], show=False, id=f"{name}_back"),
        Binding(keys[1], f"{action}({first}1)", what[1], show=shown, id=f"{name}_on"),
    ]


class ArticleView(ArticleText):
    """The article text with its keys."""

    DEFAULT_CSS = """
    ArticleView {
        width: 1fr;
        padding: 0 1;
        /* The wrap width must not change when the scrollbar appears. */
        scrollbar-gutter: stable;
    }

    ArticleView:focus {
        background: $surface;
    }
    """

    BINDINGS = [
        # Keys that do one thing in two directions: (keys back, keys on), action, what.
        *both(("left,h,b", "right,l,w"), "word", ("Word ←", "Word →")),
        *both(("up,k", "down,j"), "line", ("Line ↑", "Line ↓")),
        *both(("home", "end"), "paragraph_edge", ("Paragraph start", "Paragraph end")),
        *both(("shift+left", "shift+right"), "extend", ("Select word ←", "Select word →")),
        *both(
            ("shift+home", "shift+end"), "sentence", ("Select to sentence start", "Select to sentence end")
        ),
        *both(("alt+left", "alt+right"), "nudge", ("End edge −1", "End edge +1"), "'end', "),
        *both(
            ("alt+shift+left", "alt+shift+right"), "nudge", ("Start edge −1", "Start edge +1"), "'start', "
        ),
        *both(("N", "n"), "search_next", ("Prev hit", "Next hit")),
        Binding("escape", "clear", "Clear selection / search", show=False, id="clear_selection"),
        Binding("e", "tag('event')", "Event", id="tag_event"),
        Binding("f", "tag('figure')", "Figure", id="tag_figure"),
        Binding("E", "tag('event', False)", "Event, no form", show=False, id="tag_event_now"),
        Binding("F", "tag('figure', False)", "Figure, no form", show=False, id="tag_figure_now"),
        Binding("x", "request('delete')", "Delete", id="delete_tag"),
        Binding("enter", "request('edit')", "Attrs", id="edit_tag", show=False),
        Binding("y", "request('copy')", "Copy", id="copy"),
        *both(("T", "t"), "jump_tag", ("Prev tag", "Next tag"), shown=True),
        Binding("s", "toggle_segmentation", "Segments", id="toggle_segmentation", show=False),
        Binding("i", "toggle_glosses", "Glosses", id="toggle_glosses", show=False),
    ]

    class TagRequested(Message):
        """Tag the page range [start, end) with ``label``; ``form``: then open its attributes."""

        def __init__(self, label: str, start: int, end: int, form: bool = True) -> None:
            super().__init__()
            self.label = label
            self.start = start
            self.end = end
            self.form = form

    class Requested(Message):
        """delete / edit / copy / edge (move the edge of the tag under the cursor)."""

        def __init__(
            self, action: str, offset: int, selection: tuple[int, int] | None, edge: tuple[str, int] | None
        ) -> None:
            super().__init__()
            self.action = action
            self.offset = offset
            self.selection = selection
            self.edge = edge

    def action_word(self, delta: int) -> None:
        if self.caret is not None:
            self._goal_x = None
            self.caret.step(delta)
            self._cursor_changed()

    def action_line(self, delta: int) -> None:
        token = self.cursor_token
        if token is None:
            return
        y = self._line_of.get(token[0], 0)
        target = y + delta
        while 0 <= target < len(self._lines) and not self._lines[target].cells:
            target += delta
        if not 0 <= target < len(self._lines):
            return
        if self._goal_x is None:  # the column stays the one the vertical moves began in
            self._goal_x = self._lines[y].column_of(token[0])
        offset = self._cell_at(target, self._goal_x)
        if offset is not None and self.caret is not None:
            self.caret.move_to(offset)
            self._cursor_changed()

    def action_paragraph_edge(self, direction: int) -> None:
        if self.caret is None or not self._lines:
            return
        para = self._lines[self._line_of.get(self.caret.offset, 0)].paragraph
        rows = [line for line in self._lines if line.paragraph == para]
        self._goal_x = None
        self.move_to(rows[0].start if direction < 0 else rows[-1].cells[-1].start)

    # --- the mouse: click puts the cursor, drag selects, double-click selects a word ---

    def _offset_at(self, event: events.MouseEvent) -> int | None:
        where = event.get_content_offset(self)
        if where is None:
            return None
        scroll_x, scroll_y = self.scroll_offset
        return self._cell_at(where.y + scroll_y, where.x + scroll_x)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self._offset_at(event)
        if offset is None or self.caret is None:
            return
        self.focus()
        self.caret.clear()
        self._goal_x = None
        self.caret.move_to(offset)
        self._dragging = True
        self.capture_mouse()
        self._cursor_changed()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging or self.caret is None:
            return
        offset = self._offset_at(event)
        if offset is not None:
            if self.caret.anchor is None:
                self.caret.select_word()
            self.caret.move_to(offset)
            self._cursor_changed()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self._dragging = False
        self.release_mouse()

    def on_click(self, event: events.Click) -> None:
        if event.chain == 2 and self.caret is not None:
            self.caret.select_word()
            self._restyle()

    # --- selection -------------------------------------------------------------------

    def action_extend(self, delta: int) -> None:
        if self.caret is not None:
            self.caret.extend(delta)
            self._cursor_changed()

    def action_sentence(self, direction: int) -> None:
        if self.caret is not None:
            self.caret.extend_to_sentence(direction)
            self._cursor_changed()

    def action_nudge(self, edge: str, delta: int) -> None:
        """With a selection, move its edge by one character; on a tag, move the tag's."""
        if self.caret is None:
            return
        token = self.caret.token or (self.caret.offset, self.caret.offset + 1)
        tagged = [m for m in self.marks if m.label in LABELS and m.start < token[1] and token[0] < m.end]
        if self.caret.selection is None and tagged:
            self.post_message(self.Requested("edge", self.caret.offset, None, (edge, delta)))
            return
        self.caret.nudge(edge, delta)
        self._restyle()

    def action_clear(self) -> None:
        """esc: the selection goes first, then the search hits."""
        if self.caret is not None and self.caret.selection is not None:
            self.caret.clear()
        else:
            self.hits = []
        self._restyle()

    # --- what keys ask for: the screen decides and saves --------------------------------

    def action_tag(self, label: str, form: bool = True) -> None:
        target = self.caret.target() if self.caret is not None else None
        if self.caret is None or target is None:
            return
        if form:
            hold_keys(self.app)  # the keys typed next are the form's (the screen releases them)
        self.post_message(self.TagRequested(label, *target, form=form))
        self.caret.clear()
        self._restyle()

    def action_request(self, action: str) -> None:
        if self.caret is not None:
            if action == "edit":
                hold_keys(self.app)  # for the attribute form (the screen releases them)
            self.post_message(self.Requested(action, self.caret.offset, self.caret.selection, None))

    def action_jump_tag(self, direction: int) -> None:
        starts = sorted({m.start for m in self.marks if m.label in LABELS})
        target = next_position(starts, self.cursor_offset, direction)
        if target is None:
            self.notify("No tags in this article yet", severity="warning", timeout=2)
        else:
            self.move_to(target)

    # --- display toggles and search ---

    def action_toggle_segmentation(self) -> None:
        self.show_segments = not self.show_segments
        self.notify(f"Segmentation shading {'on' if self.show_segments else 'off'}", timeout=2)

    def action_toggle_glosses(self) -> None:
        self.show_glosses = not self.show_glosses
        self.notify(f"Pinyin glosses {'dimmed' if self.show_glosses else 'hidden'}", timeout=2)

    def search(self, query: str) -> int:
        if self.document is None:
            return 0
        self.hits = self.document.search(query)
        self._hit = None
        self._restyle()
        if self.hits:
            self.action_search_next(1, include_current=True)
        return len(self.hits)

    def action_search_next(self, direction: int, include_current: bool = False) -> None:
        """n / N (and a new search): the cursor goes to the hit and the selection is
        dropped, so a search never stretches a selection across paragraphs. The step is
        from the hit the cursor is on (a hit may start inside a word, where the word
        cursor cannot stand: stepping from the cursor would find the same hit again)."""
        here = self.cursor_offset
        token = self.cursor_token
        if self._hit is not None and token is not None and token[0] <= self._hit < token[1]:
            here = self._hit
        target = next_position([h[0] for h in self.hits], here, direction, include_current)
        if target is None:
            self.notify("No search hits: press / to search", severity="warning", timeout=2)
        else:
            if self.caret is not None:
                self.caret.clear()
            self.move_to(target)
            self._hit = target
