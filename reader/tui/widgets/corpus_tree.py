"""The corpus as a list: pages, and under each page its articles (what is listed, and
folded, is kept by `Listing`, reader/tui/widgets/corpus_listing.py).

It is the first frame, so it draws only the lines on screen, each when it is drawn
(as LazyTable does): Textual's Tree styled, measured and drew every node it held
before the first frame (benchmarks/bench_reader.py measures the start). A line is laid
out at the width it is drawn at, so a scroll bar coming or going never leaves a title
cut at the old width.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.session.values import ArticleRef, printable
from reader.tui.widgets.corpus_listing import Listing, NodeData, Row, Shelf
from reader.tui.widgets.cursor_keys import CURSOR_KEYS

if TYPE_CHECKING:
    from reader.session.values import ArticleCount, Corpus

FOLDED, UNFOLDED, NO_FOLD = "▶ ", "▼ ", "  "


class CorpusTree(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "corpus-tree--cursor", "corpus-tree--guides",
        "corpus-tree--page-problem", "corpus-tree--page-note", "corpus-tree--length",
        "corpus-tree--tags", "corpus-tree--suggestions", "corpus-tree--reviewed",
    }  # fmt: skip
    DEFAULT_CSS = """
    CorpusTree {
        background: $surface;
        &:focus { background-tint: $foreground 5%; }
        & > .corpus-tree--guides { color: $surface-lighten-2; }
        &:focus > .corpus-tree--guides { color: $surface-lighten-3; }
        & > .corpus-tree--cursor {
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .corpus-tree--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        &:light > .corpus-tree--guides { color: $surface-darken-1; }
        &:ansi > .corpus-tree--guides { color: $ansi-background; }
        &:ansi:nocolor > .corpus-tree--cursor { text-style: reverse; }
        & > .corpus-tree--page-problem { color: $error; }
        & > .corpus-tree--page-note { color: $warning; }
        & > .corpus-tree--length { text-style: dim; }
        & > .corpus-tree--tags { color: $success; }
        & > .corpus-tree--suggestions { color: $primary-lighten-2; }
        & > .corpus-tree--reviewed { color: $success; text-style: bold; }
    }
    """
    BINDINGS = [
        Binding("enter", "select_cursor", "Open", id="tree_open"),
        Binding("j", "move(1)", "Down", id="tree_down"),
        Binding("k", "move(-1)", "Up", id="tree_up"),
        *CURSOR_KEYS,
        Binding("space", "fold_page", "Fold or unfold a page", show=False),
        Binding("shift+left", "cursor_parent", "To the page (or shelf)", show=False),
        Binding("shift+down", "sibling(1)", "Next article (or page) of the same page", show=False),
        Binding("shift+up", "sibling(-1)", "Previous article (or page) of the same page", show=False),
    ]

    class ArticleChosen(Message):
        """An article was chosen (enter or a click): the screen opens it."""

        def __init__(self, tree: CorpusTree, ref: ArticleRef) -> None:
            super().__init__()
            self.tree = tree
            self.ref = ref

        @property
        def control(self) -> CorpusTree:
            return self.tree

    def __init__(self, corpus: Corpus, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.corpus = corpus
        self.listing = Listing(corpus)
        self.cursor = 0  # a line of `rows`
        self._strips: dict[NodeData, dict[tuple[object, ...], Strip]] = {}
        self._scroll_due: tuple[int, int | None] | None = None  # asked for while it had no size
        self.problems: dict[str, str] = {}  # the index's word on pages not read here yet

    def on_mount(self) -> None:
        self.listing.start()
        self._lay_out(None)

    @property
    def rows(self) -> list[Row]:
        """What is shown, in order."""
        return self.listing.rows

    @property
    def counts(self) -> dict[ArticleRef, ArticleCount]:
        return self.listing.counts

    def listed_pages(self) -> list[str]:
        """Pages whose articles are listed (the ones counts are kept for)."""
        return list(self.listing.listed)

    def is_unfolded(self, data: NodeData) -> bool:
        return data in self.listing.unfolded

    def unfold(self, data: NodeData) -> None:
        at = self.cursor_data
        if self.listing.unfold(data):
            self._lay_out(at)
        self._forget(data)  # its fold mark, or why it cannot be read

    def fold(self, data: NodeData) -> None:
        at = self.cursor_data
        self.listing.unfolded.discard(data)
        self._lay_out(at, instead=data)

    def _lay_out(self, at: NodeData | None, instead: NodeData | None = None) -> None:
        """The rows for what is unfolded now; the cursor stays on ``at``, or goes to
        ``instead`` when that line is gone (its page was folded)."""
        self.listing.lay_out()
        line = self.listing.line_of.get(at) if at is not None else None
        if line is None and instead is not None:
            line = self.listing.line_of.get(instead)
        self.cursor = min(self.cursor if line is None else line, max(0, len(self.rows) - 1))
        self.virtual_size = Size(0, len(self.rows))
        self.refresh()

    # --- the cursor -----------------------------------------------------------------

    @property
    def cursor_data(self) -> NodeData | None:
        return self.rows[self.cursor].data if 0 <= self.cursor < len(self.rows) else None

    def line_of(self, data: NodeData) -> int | None:
        return self.listing.line_of.get(data)

    def move_to(self, line: int) -> None:
        if not self.rows:
            return
        line = max(0, min(len(self.rows) - 1, line))
        before, self.cursor = self.cursor, line
        self.refresh_line(before)
        self.refresh_line(line)
        self._scroll_into_view(line)

    def _scroll_into_view(self, line: int, above: int | None = None) -> None:
        """``line`` in view (and ``above`` too when both fit)."""
        height = self.scrollable_content_region.height
        if not height:  # not laid out yet, or hidden: when it has a size (on_resize)
            self._scroll_due = (line, above)
            return
        self._scroll_due = None
        top = int(self.scroll_offset.y)
        first = line if above is None or line - above >= height else above
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif line >= top + height:
            self.scroll_to(y=line - height + 1, animate=False, immediate=True)

    def action_move(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_page(self, delta: int) -> None:
        self.move_to(self.cursor + delta * max(1, self.scrollable_content_region.height - 1))

    def action_jump(self, line: int) -> None:
        self.move_to(line if line >= 0 else len(self.rows) - 1)

    def action_select_cursor(self) -> None:
        data = self.cursor_data
        if isinstance(data, ArticleRef):
            self.post_message(self.ArticleChosen(self, data))
        elif data is not None:
            self.action_fold_page()

    def action_fold_page(self) -> None:
        data = self.cursor_data
        if data is not None and not isinstance(data, ArticleRef):
            self.fold(data) if self.is_unfolded(data) else self.unfold(data)

    def action_cursor_parent(self) -> None:
        line = self.listing.parent_line(self.cursor) if self.rows else None
        if line is not None:
            self.move_to(line)

    def action_sibling(self, step: int) -> None:
        line = self.listing.sibling_line(self.cursor, step) if self.rows else None
        if line is not None:
            self.move_to(line)

    def on_click(self, event: events.Click) -> None:
        line = int(self.scroll_offset.y) + event.y
        if 0 <= line < len(self.rows):
            self.move_to(line)
            self.action_select_cursor()

    def select_article(self, ref: ArticleRef) -> None:
        """The cursor on ``ref``, its shelf and page unfolded."""
        if self.listing.shelved and not self.is_unfolded(shelf := self.listing.shelf_of(ref.page)):
            self.unfold(shelf)
        if not self.is_unfolded(ref.page):
            self.unfold(ref.page)
        line = self.listing.line_of.get(ref)
        if line is not None:
            self.move_to(line)

    def show_cursor_with_its_page(self) -> None:
        """The cursor's article in view with its page's line above it (a list shown again
        with F2 was scrolled, while hidden, to the article alone)."""
        data = self.cursor_data
        page = self.listing.line_of.get(data.page) if isinstance(data, ArticleRef) else None
        self._scroll_into_view(self.cursor, page)

    # --- counts and problems ------------------------------------------------------------

    def set_problems(self, problems: dict[str, str]) -> None:
        self.problems = problems
        for name in problems:
            self._forget(name)

    def set_count(self, ref: ArticleRef, count: ArticleCount) -> None:
        if ref.page not in self.listing.listed:
            return  # asked for (count_source) when the page's articles are listed
        if count.suggestions is None:  # not worked out yet: keep what the index said (or 0)
            known = self.counts.get(ref)
            count = replace(count, suggestions=known.suggestions if known is not None else 0)
        self.counts[ref] = count
        self._forget(ref)

    # --- drawing ----------------------------------------------------------------------

    def _forget(self, data: NodeData) -> None:
        """``data``'s line is drawn again (its label or fold changed)."""
        self._strips.pop(data, None)
        line = self.listing.line_of.get(data)
        if line is not None:
            self.refresh_line(line)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a theme, focus or blur: every line drawn with its new styles

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        if self._scroll_due is not None:
            self.call_after_refresh(self._scroll_into_view, *self._scroll_due)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = int(self.scroll_offset.y) + y
        if not 0 <= line < len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[line]
        at_cursor = line == self.cursor
        key = (row.guides, width, at_cursor, at_cursor and self.has_focus, self.is_unfolded(row.data))
        strips = self._strips.setdefault(row.data, {})
        if key not in strips:
            strips[key] = self._draw(row, width, at_cursor)
        return strips[key]

    def _draw(self, row: Row, width: int, at_cursor: bool) -> Strip:
        base = self.rich_style  # under every part, as the colour a dim part is dimmed from
        text = Text(style=base, no_wrap=True, end="")
        text.append(row.guides, style=self._style("guides"))
        data = row.data
        if not isinstance(data, ArticleRef):
            text.append(
                UNFOLDED if self.is_unfolded(data) else FOLDED if self.listing.can_unfold(data) else NO_FOLD
            )
        label = self.label(data, width - text.cell_len)
        label.truncate(max(1, width - text.cell_len), overflow="ellipsis")  # a long page name
        if at_cursor:  # over the marks' colours too, which would lose contrast on it
            label.stylize(self.get_component_rich_style("corpus-tree--cursor"))
        text.append_text(label)
        return Strip(text.render(self.app.console)).crop_extend(0, width, base)

    def _style(self, part: str) -> Style:
        return self.get_component_rich_style(f"corpus-tree--{part}", partial=True)

    def label(self, data: NodeData, room: int | None = None) -> Text:
        """What the line of ``data`` says after its guides, in ``room`` cells (an
        article's title gives way, with an ellipsis, so that its counts always show)."""
        if isinstance(data, Shelf):
            return self._shelf_label(data)
        if isinstance(data, str):
            return self._page_label(data)
        if room is None:
            room = self.scrollable_content_region.width - 4
        return self._article_label(data, room)

    def _shelf_label(self, shelf: Shelf) -> Text:
        first, last = self.corpus.pages[shelf.start].name, self.corpus.pages[shelf.end - 1].name
        label = Text(f"{printable(first)} … {printable(last)}", style="bold")
        label.append(f"  ({shelf.end - shelf.start} pages)", style=self._style("length"))
        return label

    def _page_label(self, name: str) -> Text:
        page = self.corpus.page(name)
        label = Text(("↪ " if page.outside else "") + printable(page.name), style="bold")
        if not page.is_read:  # not read yet: the name, and what the index found
            if name in self.problems:
                label.append(f"  ✗ {self.problems[name]}", style=self._style("page-problem"))
            return label
        if not page.readable:
            label.append(f"  ✗ {page.problem}", style=self._style("page-problem"))
        elif page.decoded.note:
            label.append(f"  ({page.decoded.note})", style=self._style("page-note"))
        return label

    def _article_label(self, ref: ArticleRef, room: int) -> Text:
        article = self.corpus.article(ref)[1]
        marks = Text(f" {article.chars}字", style=self._style("length"))
        count = self.counts.get(ref)  # none before the index or the article says
        if count is not None and count.tags:
            marks.append(f" ●{count.tags}", style=self._style("tags"))
        if count is not None and count.suggestions:
            marks.append(f" ◌{count.suggestions}", style=self._style("suggestions"))
        if count is not None and count.reviewed:
            marks.append(" ✓", style=self._style("reviewed"))
        title = Text(printable(article.title), no_wrap=True)
        title.truncate(max(4, room - marks.cell_len), overflow="ellipsis")
        return title + marks
