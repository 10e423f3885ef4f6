"""The article text: wrapped by our own rules, drawn line by line, with a word cursor.

The cursor and the selection are a `Caret` (reader/session/caret.py); this widget
draws them, moves them on keys and the mouse, and asks for everything else (tag,
delete, edit, copy, move a tag's edge) with a `Requested` message.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.session.caret import Caret, next_position
from reader.text.document import Document
from reader.text.layout import Line, layout_article
from reader.text.spans import LABELS, Span

# What each kind of mark is drawn with: a component class per kind, styled in
# reader/tui/epireader.tcss with theme variables, so a theme change restyles them.
MARK_KINDS = ("event", "figure", "suggestion", "missed", "alarm")


class ArticleView(ScrollView, can_focus=True):
    """Shows a Document with a word cursor and a selection (page offsets)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--heading", "article-view--shade", "article-view--keyword", "article-view--gloss",
        "article-view--garbled", "article-view--search", "article-view--selection", "article-view--cursor",
        "article-view--cursor-blurred", *(f"article-view--{kind}" for kind in MARK_KINDS),
    }  # fmt: skip

    BINDINGS = [
        Binding("left,h,b", "word(-1)", "Word ←", id="word_left", key_display="h/←", show=False),
        Binding("right,l,w", "word(1)", "Word →", id="word_right", key_display="l/→", show=False),
        Binding("up,k", "line(-1)", "Line ↑", show=False, id="line_up"),
        Binding("down,j", "line(1)", "Line ↓", show=False, id="line_down"),
        Binding("home", "paragraph_edge(-1)", "Paragraph start", show=False, id="para_start"),
        Binding("end", "paragraph_edge(1)", "Paragraph end", show=False, id="para_end"),
        Binding("shift+left", "extend(-1)", "Select word ←", show=False, id="extend_left"),
        Binding("shift+right", "extend(1)", "Select word →", show=False, id="extend_right"),
        Binding("shift+home", "sentence(-1)", "Select to sentence start", show=False, id="select_start"),
        Binding("shift+end", "sentence(1)", "Select to sentence end", show=False, id="select_end"),
        Binding("alt+left", "nudge('end', -1)", "End edge −1", show=False, id="nudge_end_left"),
        Binding("alt+right", "nudge('end', 1)", "End edge +1", show=False, id="nudge_end_right"),
        Binding("alt+shift+left", "nudge('start', -1)", "Start edge −1", show=False, id="nudge_start_left"),
        Binding("alt+shift+right", "nudge('start', 1)", "Start edge +1", show=False, id="nudge_start_right"),
        Binding("escape", "clear", "Clear selection / search", show=False, id="clear_selection"),
        Binding("e", "tag('event')", "Event", id="tag_event"),
        Binding("f", "tag('figure')", "Figure", id="tag_figure"),
        Binding("E", "tag('event', False)", "Event, no form", show=False, id="tag_event_now"),
        Binding("F", "tag('figure', False)", "Figure, no form", show=False, id="tag_figure_now"),
        Binding("x", "request('delete')", "Delete", id="delete_tag"),
        Binding("enter", "request('edit')", "Attrs", id="edit_tag", show=False),
        Binding("t", "jump_tag(1)", "Next tag", id="next_tag"),
        Binding("T", "jump_tag(-1)", "Prev tag", show=False, id="prev_tag"),
        Binding("y", "request('copy')", "Copy", id="copy"),
        Binding("s", "toggle_segmentation", "Segments", id="toggle_segmentation", show=False),
        Binding("i", "toggle_glosses", "Glosses", id="toggle_glosses", show=False),
        Binding("n", "search_next(1)", "Next hit", id="search_next", show=False),
        Binding("N", "search_next(-1)", "Prev hit", show=False, id="search_prev"),
    ]  # fmt: skip

    show_segments: reactive[bool] = reactive(True)
    show_glosses: reactive[bool] = reactive(True)

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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self.caret: Caret | None = None
        self.marks: list[Span] = []
        self.hits: list[tuple[int, int]] = []
        self._lines: list[Line] = []
        self._line_of: dict[int, int] = {}
        self._style_at: dict[int, Style] = {}
        self._width = 0
        self._goal_x: int | None = None  # the column j/k keep across lines
        self._dragging = False

    # --- content ---------------------------------------------------------------------

    def show(
        self, document: Document | None, cursor_offset: int | None = None, marks: Iterable[Span] = ()
    ) -> None:
        self.document = document
        self.caret = Caret(document) if document is not None else None
        self.hits = []
        self.marks = sorted(marks, key=lambda m: (m.start, -m.end))
        self._relayout()
        if self.caret is not None and cursor_offset is not None:
            self.caret.move_to(cursor_offset)
        elif self.caret is not None and document is not None:
            # Start on the first word drawn: a heading's # marks are tokens but not drawn.
            drawn = (
                n for n, t in enumerate(document.tokens) if t.kind == "word" and t.start in self._line_of
            )
            self.caret.cursor = next(drawn, 0)
            self._restyle()
        self.scroll_to(0, 0, animate=False)
        self._scroll_to_cursor()

    def refresh_tokens(self) -> None:
        """Re-read the document's tokens (after jieba arrived), keeping the cursor's place."""
        if self.caret is not None:
            self.caret.move_to(self.caret.offset)
            self._restyle()

    def set_marks(self, marks: Iterable[Span]) -> None:
        self.marks = sorted(marks, key=lambda m: (m.start, -m.end))
        self._restyle()

    @property
    def cursor_token(self) -> tuple[int, int] | None:
        return self.caret.token if self.caret else None

    @property
    def cursor_offset(self) -> int:
        return self.caret.offset if self.caret else 0

    @property
    def selection(self) -> tuple[int, int] | None:
        return self.caret.selection if self.caret else None

    def move_to(self, offset: int, center: bool = False) -> None:
        if self.caret is not None:
            self.caret.move_to(offset)
            self._cursor_changed(center)

    # --- layout and drawing ----------------------------------------------------------

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width or self.size.width or 80
        self._width = width
        self._lines = []
        if self.document is not None:
            doc = self.document
            self._lines = layout_article(
                doc.text, doc.article, width - 1, doc.view.glosses, self.show_glosses
            )
        self._line_of = {}
        for y, line in enumerate(self._lines):
            for cell in line.cells:
                for i in range(cell.start, cell.end):
                    self._line_of[i] = y
        self.virtual_size = Size(width, len(self._lines))
        self._restyle()

    def _restyle(self) -> None:
        """Work out the style of every marked offset once, not on every line drawn."""
        styles: dict[int, Style] = {}
        doc = self.document
        if doc is not None and self.caret is not None:
            kind = self._mark_styles()
            keywords = doc.keyword_words()

            def add(start: int, end: int, style: Style) -> None:
                for i in range(start, end):
                    styles[i] = styles[i] + style if i in styles else style

            shade = self.show_segments and doc.segmented
            for n, token in enumerate(doc.tokens):
                if shade and n % 2 and token.kind == "word":
                    add(token.start, token.end, kind["shade"])
                if token.word in keywords:
                    add(token.start, token.end, kind["keyword"])
            for start, end in doc.view.garbled:
                add(*doc.view.to_page(start, end), kind["garbled"])
            for start, end in doc.view.glosses:
                add(start, end, kind["gloss"])
            for mark in self.marks:
                add(mark.start, mark.end, kind[mark.label])
            for start, end in self.hits:
                add(start, end, kind["search"])
            if self.caret.selection:
                add(*self.caret.selection, kind["selection"])
            token = self.caret.token
            if token:
                add(*token, kind["cursor" if self.has_focus else "cursor-blurred"])
        self._style_at = styles
        self.refresh()

    def _mark_styles(self) -> dict[str, Style]:
        prefix = "article-view--"
        return {
            name[len(prefix) :]: self.get_component_rich_style(name, partial=True)
            for name in self.COMPONENT_CLASSES
        }

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index]
        if line.kind not in ("body", "blank"):
            base = base + self.get_component_rich_style("article-view--heading", partial=True)
        segments = []
        for cell in line.cells:
            extra = self._style_at.get(cell.start)
            segments.append(Segment(cell.text, base if extra is None else base + extra))
        return Strip(segments).crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._relayout()
            self._scroll_to_cursor()

    def on_focus(self) -> None:
        self._restyle()

    def on_blur(self) -> None:
        self._restyle()

    def watch_show_segments(self) -> None:
        self._restyle()

    def watch_show_glosses(self) -> None:
        self._relayout()

    # --- cursor ----------------------------------------------------------------------

    def _cursor_changed(self, center: bool = False) -> None:
        self._restyle()
        self._scroll_to_cursor(center)

    def _scroll_to_cursor(self, center: bool = False) -> None:
        token = self.cursor_token
        y = self._line_of.get(token[0]) if token else None
        if y is not None:
            self.scroll_to_region(
                Region(0, y, 1, 1), animate=False, spacing=None, center=center, immediate=center
            )

    def action_word(self, delta: int) -> None:
        if self.caret is not None:
            self._goal_x = None
            self.caret.step(delta)
            self._cursor_changed()

    def _column_of(self, y: int, offset: int) -> int:
        x = 0
        for cell in self._lines[y].cells:
            if cell.start >= offset:
                break
            x += cell.width
        return x

    def _cell_at(self, y: int, x: int) -> int | None:
        """The page offset drawn at column ``x`` of line ``y`` (the last cell if past it)."""
        if not 0 <= y < len(self._lines) or not self._lines[y].cells:
            return None
        used = 0
        for cell in self._lines[y].cells:
            if used + cell.width > x:
                return cell.start
            used += cell.width
        return self._lines[y].cells[-1].start

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
            self._goal_x = self._column_of(y, token[0])
        offset = self._cell_at(target, self._goal_x)
        if offset is not None and self.caret is not None:
            self.caret.move_to(offset)
            self._cursor_changed()

    def action_paragraph_edge(self, direction: int) -> None:
        token = self.cursor_token
        if token is None:
            return
        para = self._lines[self._line_of.get(token[0], 0)].paragraph
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
        tagged = [m for m in self.marks if m.label in LABELS and m.covers(self.caret.offset)]
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
        self.post_message(self.TagRequested(label, *target, form=form))
        self.caret.clear()
        self._restyle()

    def action_request(self, action: str) -> None:
        if self.caret is not None:
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
        self._restyle()
        if self.hits:
            self.action_search_next(1, include_current=True)
        return len(self.hits)

    def action_search_next(self, direction: int, include_current: bool = False) -> None:
        target = next_position([h[0] for h in self.hits], self.cursor_offset, direction, include_current)
        if target is None:
            self.notify("No search hits: press / to search", severity="warning", timeout=2)
        else:
            self.move_to(target)
