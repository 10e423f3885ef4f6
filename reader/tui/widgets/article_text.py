"""The article text drawn: our own wrapping, line by line, with its marks styled.

`ArticleView` (reader/tui/widgets/article_view.py) adds the keys, the mouse and
what they ask for; this class only lays out, styles and scrolls.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.session.caret import Caret
from reader.session.values import Document, Line, Span, layout_article

# What each kind of mark is drawn with: a component class per kind, styled in
# ArticleText.DEFAULT_CSS with theme variables, so a theme change restyles them.
MARK_KINDS = ("event", "figure", "suggestion", "missed", "alarm", "site")  # site: curation's


class ArticleText(ScrollView, can_focus=True):
    """Shows a Document with a word cursor and a selection (page offsets)."""

    DEFAULT_CSS = """
    /* The marks in the text (COMPONENT_CLASSES). Theme variables, so a theme change
       restyles them; each kind stays distinct from the others. */
    ArticleText > .article-view--heading { text-style: bold; }
    ArticleText > .article-view--shade { background: $surface-lighten-1; }
    ArticleText > .article-view--keyword { color: $warning-lighten-2; text-style: bold; }
    ArticleText > .article-view--gloss { text-style: dim italic; }
    ArticleText > .article-view--garbled { color: $error-lighten-1; text-style: strike; }
    ArticleText > .article-view--search { background: $secondary; color: $foreground; }
    ArticleText > .article-view--selection { background: $primary-darken-1; color: $foreground; }
    ArticleText > .article-view--cursor { text-style: reverse; }
    ArticleText > .article-view--cursor-blurred { text-style: underline; }
    ArticleText > .article-view--event { background: $success-darken-3; text-style: underline; }
    ArticleText > .article-view--figure { background: $error-darken-3; text-style: bold; }
    ArticleText > .article-view--suggestion { color: $primary-lighten-2; text-style: underline; }
    ArticleText > .article-view--missed { color: $error-lighten-2; text-style: bold underline; }
    ArticleText > .article-view--alarm { background: $warning-darken-3; text-style: italic underline; }
    ArticleText > .article-view--site { background: $accent-darken-2; text-style: bold; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--heading", "article-view--shade", "article-view--keyword", "article-view--gloss",
        "article-view--garbled", "article-view--search", "article-view--selection", "article-view--cursor",
        "article-view--cursor-blurred", *(f"article-view--{kind}" for kind in MARK_KINDS),
    }  # fmt: skip

    show_segments: reactive[bool] = reactive(True)
    show_glosses: reactive[bool] = reactive(True)

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
        self._hit: int | None = None  # the search hit n / N last went to
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
        """A jump (search, t/T, ., a/r, a click): j/k then start from the new column."""
        self._goal_x = None
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

    def _cell_at(self, y: int, x: int) -> int | None:
        return self._lines[y].offset_at(x) if 0 <= y < len(self._lines) else None
