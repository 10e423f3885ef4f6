"""A table that draws only the rows on screen, fetching them by position.

Textual's DataTable measures every row it is given, so a million-row timeline would
take minutes to open. This one knows only the row count and a ``fetch(start, stop)``
function (the screens back it with SQL, reader/corpus/queries.py); it asks for
the rows it draws, a block at a time, and keeps a few blocks.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.session.values import safe_text
from reader.tui.widgets.cursor_keys import CURSOR_KEYS

Cell = str | Text
Fetch = Callable[[int, int], Sequence[Sequence[Cell]]]
BLOCK = 128  # rows fetched at once
KEPT_BLOCKS = 16


class LazyTable(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {"lazy-table--header", "lazy-table--cursor", "lazy-table--odd"}
    DEFAULT_CSS = """
    LazyTable { height: 1fr; }
    LazyTable > .lazy-table--header { text-style: bold; background: $panel; }
    LazyTable > .lazy-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    LazyTable > .lazy-table--odd { background: $surface-lighten-1; }
    """
    BINDINGS = [
        *CURSOR_KEYS,
        Binding("enter", "select", "Open", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class _Chosen(Message):
        table: LazyTable
        at: int  # a row, or the column of a header

        @property
        def control(self) -> LazyTable:
            return self.table

    class RowSelected(_Chosen):
        @property
        def row(self) -> int:
            return self.at

    class HeaderSelected(_Chosen):
        @property
        def column(self) -> int:
            return self.at

    def __init__(self, columns: Sequence[tuple[str, int]], *, id: str | None = None) -> None:
        """``columns``: (heading, width in cells); the last one takes what is left."""
        super().__init__(id=id)
        self.columns = list(columns)
        self.row_count = 0
        self._fetch: Fetch = lambda start, stop: []
        self._blocks: OrderedDict[int, Sequence[Sequence[Cell]]] = OrderedDict()

    def set_source(self, count: int, fetch: Fetch) -> None:
        self.row_count = count
        self._fetch = fetch
        self._blocks.clear()
        self.virtual_size = Size(0, count + 1)  # + the header line; never wider than the table
        self.cursor_row = min(self.cursor_row, max(0, count - 1))
        self.scroll_to(y=0, animate=False)
        self.refresh()

    def row(self, n: int) -> Sequence[Cell]:
        block = n // BLOCK
        if block not in self._blocks:
            self._blocks[block] = self._fetch(block * BLOCK, min(self.row_count, (block + 1) * BLOCK))
            if len(self._blocks) > KEPT_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(block)
        rows = self._blocks[block]
        return rows[n - block * BLOCK] if n - block * BLOCK < len(rows) else ()

    def widths(self) -> list[int]:
        fixed = [w for _, w in self.columns[:-1]]
        rest = max(8, self.scrollable_content_region.width - sum(fixed) - len(self.columns))
        return [*fixed, rest]

    def _line(self, cells: Sequence[Cell], style: Style) -> Strip:
        line = Text(style=style, no_wrap=True, end="")
        for cell, width in zip(cells, self.widths(), strict=False):
            # Cells hold page text and file names: shown, never obeyed (one place for every view).
            text = cell.copy() if isinstance(cell, Text) else Text(str(cell))
            text.plain = safe_text(text.plain)
            text.truncate(width, overflow="ellipsis", pad=True)
            line.append_text(text)
            line.append(" ")
        rendered = line.render(self.app.console)
        segments = [Segment(s.text, style + s.style if s.style else style) for s in rendered]
        return Strip(segments).crop_extend(0, self.scrollable_content_region.width, style)

    def render_line(self, y: int) -> Strip:
        if y == 0:
            style = self.get_component_rich_style("lazy-table--header")
            return self._line([name for name, _ in self.columns], style)
        n = int(self.scroll_offset.y) + y - 1
        base = self.rich_style
        if n >= self.row_count:
            return Strip.blank(self.scrollable_content_region.width, base)
        if n == self.cursor_row and self.has_focus:
            style = base + self.get_component_rich_style("lazy-table--cursor")
        elif n % 2:
            style = base + self.get_component_rich_style("lazy-table--odd")
        else:
            style = base
        return self._line(self.row(n), style)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(0, self.row_count + 1)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def watch_cursor_row(self, row: int) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = int(self.scroll_offset.y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + visible:
            self.scroll_to(y=row - visible + 1, animate=False, immediate=True)
        self.refresh()

    def action_move(self, delta: int) -> None:
        if self.row_count:
            self.cursor_row = max(0, min(self.row_count - 1, self.cursor_row + delta))

    def action_page(self, delta: int) -> None:
        self.action_move(delta * max(1, self.scrollable_content_region.height - 2))

    def action_jump(self, row: int) -> None:
        if self.row_count:
            self.cursor_row = row if row >= 0 else self.row_count - 1

    def action_select(self) -> None:
        if self.row_count:
            self.post_message(self.RowSelected(self, self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = event.x
            for column, width in enumerate(self.widths()):
                if x < width + 1:
                    self.post_message(self.HeaderSelected(self, column))
                    return
                x -= width + 1
            return
        n = int(self.scroll_offset.y) + event.y - 1
        if 0 <= n < self.row_count:
            self.cursor_row = n
            if event.chain >= 2:
                self.action_select()
