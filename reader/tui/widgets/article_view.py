"""The article text: wrapped by our own rules, drawn line by line, with a word cursor."""

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

from reader.text.document import Document
from reader.text.layout import Line, layout_article
from reader.text.spans import LABELS, Span

# What each kind of mark is drawn with: a component class per kind, styled in
# reader/tui/epireader.tcss with theme variables, so a theme change restyles them.
MARK_KINDS = ("event", "figure", "suggestion", "missed", "alarm")


class ArticleView(ScrollView, can_focus=True):
    """Shows a Document; the cursor and selection are page offsets of its tokens.

    It draws and moves; what a key means for the tags it asks for with a message.
    """

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
        Binding("shift+left", "extend(-1)", "Extend ←", show=False, id="extend_left"),
        Binding("shift+right", "extend(1)", "Extend →", show=False, id="extend_right"),
        Binding("alt+left", "nudge('end', -1)", "End edge −1 char", show=False, id="nudge_end_left"),
        Binding("alt+right", "nudge('end', 1)", "End edge +1 char", show=False, id="nudge_end_right"),
        Binding(
            "alt+shift+left",
            "nudge('start', -1)",
            "Start edge −1 char",
            show=False,
            id="nudge_start_left",
        ),
        Binding(
            "alt+shift+right",
            "nudge('start', 1)",
            "Start edge +1 char",
            show=False,
            id="nudge_start_right",
        ),
        Binding("escape", "clear_selection", "Clear selection", show=False, id="clear_selection"),
        Binding("e", "tag('event')", "Event", id="tag_event"),
        Binding("f", "tag('figure')", "Figure", id="tag_figure"),
        Binding("x", "delete_tag", "Delete", id="delete_tag"),
        Binding("enter", "edit_tag", "Attrs", id="edit_tag", show=False),
        Binding("t", "jump_tag(1)", "Next tag", id="next_tag"),
        Binding("T", "jump_tag(-1)", "Prev tag", show=False, id="prev_tag"),
        Binding("y", "copy", "Copy", id="copy"),
        Binding("s", "toggle_segmentation", "Segments", id="toggle_segmentation", show=False),
        Binding("i", "toggle_glosses", "Glosses", id="toggle_glosses", show=False),
        Binding("n", "search_next(1)", "Next hit", id="search_next", show=False),
        Binding("N", "search_next(-1)", "Prev hit", show=False, id="search_prev"),
    ]

    show_segments: reactive[bool] = reactive(True)
    show_glosses: reactive[bool] = reactive(True)

    class CursorMoved(Message):
        def __init__(self, view: ArticleView, offset: int) -> None:
            super().__init__()
            self.view = view
            self.offset = offset

    class TagRequested(Message):
        """Tag the page range [start, end) with ``label``."""

        def __init__(self, label: str, start: int, end: int) -> None:
            super().__init__()
            self.label = label
            self.start = start
            self.end = end

    class DeleteRequested(Message):
        def __init__(self, offset: int) -> None:
            super().__init__()
            self.offset = offset

    class EditRequested(Message):
        def __init__(self, offset: int) -> None:
            super().__init__()
            self.offset = offset

    class CopyRequested(Message):
        def __init__(self, offset: int, selection: tuple[int, int] | None) -> None:
            super().__init__()
            self.offset = offset
            self.selection = selection

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self.cursor = 0  # token index
        self.selection: tuple[int, int] | None = None  # page range
        self.marks: list[Span] = []
        self.hits: list[tuple[int, int]] = []
        self._lines: list[Line] = []
        self._line_of: dict[int, int] = {}
        self._token_of: dict[int, int] = {}
        self._style_at: dict[int, Style] = {}
        self._width = 0

    # --- content ---------------------------------------------------------------------

    def show(
        self,
        document: Document | None,
        cursor_offset: int | None = None,
        marks: Iterable[Span] = (),
    ) -> None:
        self.document = document
        self.selection = None
        self.hits = []
        self.marks = sorted(marks, key=lambda m: (m.start, -m.end))
        self._index_tokens()
        self.cursor = 0
        if document is not None and cursor_offset is not None:
            self.cursor = max(0, document.token_index_at(cursor_offset))
        self._relayout()
        self.scroll_to(0, 0, animate=False)
        self._scroll_to_cursor()

    def refresh_tokens(self) -> None:
        """Re-read the document's tokens (after jieba arrived), keeping the cursor's place."""
        if self.document is None:
            return
        offset = self.cursor_offset
        self._index_tokens()
        self.cursor = max(0, self.document.token_index_at(offset))
        self._restyle()

    def set_marks(self, marks: Iterable[Span]) -> None:
        self.marks = sorted(marks, key=lambda m: (m.start, -m.end))
        self._restyle()

    @property
    def cursor_token(self) -> tuple[int, int] | None:
        if self.document is None or not self.document.tokens:
            return None
        token = self.document.tokens[self.cursor]
        return token.start, token.end

    @property
    def cursor_offset(self) -> int:
        token = self.cursor_token
        return token[0] if token else 0

    def move_to(self, offset: int) -> None:
        if self.document is None:
            return
        self.cursor = max(0, self.document.token_index_at(offset))
        self._cursor_changed()

    def _index_tokens(self) -> None:
        self._token_of = {}
        if self.document is None:
            return
        for n, token in enumerate(self.document.tokens):
            for i in range(token.start, token.end):
                self._token_of[i] = n

    # --- layout and drawing ----------------------------------------------------------

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width or self.size.width or 80
        self._width = width
        if self.document is None:
            self._lines = []
        else:
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
        if doc is not None:
            kind = self._mark_styles()
            keywords = doc.keyword_words()
            garbled = [doc.view.to_page(s, e) for s, e in doc.view.garbled]

            def add(start: int, end: int, style: Style) -> None:
                for i in range(start, end):
                    styles[i] = styles[i] + style if i in styles else style

            shade = self.show_segments and doc.segmented
            for n, token in enumerate(doc.tokens):
                if shade and n % 2 and token.kind == "word":
                    add(token.start, token.end, kind["shade"])
                if token.word in keywords:
                    add(token.start, token.end, kind["keyword"])
            for start, end in garbled:
                add(start, end, kind["garbled"])
            for start, end in doc.view.glosses:
                add(start, end, kind["gloss"])
            for mark in self.marks:
                add(mark.start, mark.end, kind[mark.label])
            for start, end in self.hits:
                add(start, end, kind["search"])
            if self.selection:
                add(*self.selection, kind["selection"])
            token = self.cursor_token
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
        heading = line.kind not in ("body", "blank")
        if heading:
            base_line = base + self.get_component_rich_style("article-view--heading", partial=True)
        segments = []
        for cell in line.cells:
            style = base_line if heading else base
            extra = self._style_at.get(cell.start)
            if extra is not None:
                style = style + extra
            segments.append(Segment(cell.text, style))
        strip = Strip(segments)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

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

    def _cursor_changed(self) -> None:
        self._restyle()
        self._scroll_to_cursor()
        self.post_message(self.CursorMoved(self, self.cursor_offset))

    def _scroll_to_cursor(self) -> None:
        token = self.cursor_token
        if token is None:
            return
        y = self._line_of.get(token[0])
        if y is not None:
            self.scroll_to_region(Region(0, y, 1, 1), animate=False, spacing=None)

    def _step(self, delta: int) -> None:
        if self.document is None or not self.document.tokens:
            return
        tokens = self.document.tokens
        n = self.cursor + delta
        # Punctuation is skipped: a word cursor that stops on every comma is slow.
        while 0 <= n < len(tokens) and tokens[n].kind == "punct":
            n += delta
        if 0 <= n < len(tokens):
            self.cursor = n

    def action_word(self, delta: int) -> None:
        self._step(delta)
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
        x = self._column_of(y, token[0])
        used = 0
        chosen = self._lines[target].cells[-1]
        for cell in self._lines[target].cells:
            if used + cell.width > x:
                chosen = cell
                break
            used += cell.width
        self.move_to(chosen.start)

    def _column_of(self, y: int, offset: int) -> int:
        x = 0
        for cell in self._lines[y].cells:
            if cell.start >= offset:
                break
            x += cell.width
        return x

    def action_paragraph_edge(self, direction: int) -> None:
        token = self.cursor_token
        if token is None or self.document is None:
            return
        y = self._line_of.get(token[0], 0)
        para = self._lines[y].paragraph
        rows = [line for line in self._lines if line.paragraph == para]
        self.move_to(rows[0].start if direction < 0 else rows[-1].cells[-1].start)

    # --- selection -------------------------------------------------------------------

    def action_extend(self, delta: int) -> None:
        if self.document is None or not self.document.tokens:
            return
        current = self.cursor_token
        assert current is not None
        start, end = self.selection or current
        self._step(delta)
        token = self.document.tokens[self.cursor]
        if delta > 0:
            end = max(end, token.end)
        else:
            start = min(start, token.start)
        self.selection = (start, end)
        self._cursor_changed()

    def action_nudge(self, edge: str, delta: int) -> None:
        """Move one edge of the selection by a single character.

        jieba sometimes cuts a figure or a time wrongly ("8200余名" as 8200/余名 is
        fine, but "1时30分" may not be); whole-word selection cannot fix that.
        """
        if self.document is None:
            return
        start, end = self.selection or self.cursor_token or (0, 0)
        low, high = self.document.article.start, self.document.article.end
        if edge == "end":
            end = min(max(end + delta, start + 1), high)
        else:
            start = max(min(start + delta, end - 1), low)
        self.selection = (start, end)
        self._restyle()

    def action_clear_selection(self) -> None:
        self.selection = None
        self._restyle()

    def target_range(self) -> tuple[int, int] | None:
        """The selection, or the word under the cursor when nothing is selected."""
        return self.selection or self.cursor_token

    # --- tagging: the view asks, the app decides and saves -------------------------

    def action_tag(self, label: str) -> None:
        target = self.target_range()
        if target is None:
            return
        self.post_message(self.TagRequested(label, *target))
        self.selection = None
        self._restyle()

    def action_delete_tag(self) -> None:
        self.post_message(self.DeleteRequested(self.cursor_offset))

    def action_edit_tag(self) -> None:
        self.post_message(self.EditRequested(self.cursor_offset))

    def action_copy(self) -> None:
        self.post_message(self.CopyRequested(self.cursor_offset, self.selection))

    def action_jump_tag(self, direction: int) -> None:
        starts = sorted({m.start for m in self.marks if m.label in LABELS})
        if not starts:
            self.notify("No tags in this article yet", severity="warning", timeout=2)
            return
        here = self.cursor_offset
        if direction > 0:
            later = [s for s in starts if s > here]
            self.move_to(later[0] if later else starts[0])
        else:
            earlier = [s for s in starts if s < here]
            self.move_to(earlier[-1] if earlier else starts[-1])

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
        if not self.hits:
            self.notify("No search hits: press / to search", severity="warning", timeout=2)
            return
        here = self.cursor_offset
        if direction > 0:
            after = [h for h in self.hits if h[0] > here or (include_current and h[0] >= here)]
            hit = after[0] if after else self.hits[0]
        else:
            before = [h for h in self.hits if h[0] < here]
            hit = before[-1] if before else self.hits[-1]
        self.move_to(hit[0])
