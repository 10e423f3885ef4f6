"""Every figure of the corpus in a sortable, filterable table, with totals.

Sorting, filtering and the totals are SQL on the index file; both tables draw only
the rows on screen, so every figure is there however many there are.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from reader.session.values import FIGURE_COLUMNS, Entry, Total, printable
from reader.session.views import CorpusViews
from reader.tui.clipboard import copy_text
from reader.tui.numbers import exact_number
from reader.tui.screens.filtered import FilteredView
from reader.tui.widgets.lazy_table import Cell, LazyTable

COLUMNS = FIGURE_COLUMNS
WIDTHS = (12, 10, 8, 14, 30, 24, 0)
TOTAL_COLUMNS = (("counted", 20), ("unit", 10), ("figures", 9), ("total", 0))


def _cell(entry: Entry, column: str, title: str) -> str:
    if column == "article":  # the page too: many pages' first articles share a title
        return f"{entry.ref.page.removesuffix('.txt')[:16]} · {title}"
    if column == "text":
        return entry.text.replace("\n", "")
    if column == "origin":
        return entry.origin
    value = entry.attrs.get(column)
    return "" if value is None else str(value)


def _number(value: float | None) -> str:
    return "?" if value is None else exact_number(value)


def _total(total: Total) -> str:
    """A sum where one means something; a stock's dates, or the range of a duration,
    an age, a share, a temperature or a distance, otherwise."""
    if total.how == "sum":
        return _number(total.total)
    if total.how == "series":
        return f"stock on {total.dates} dates: enter charts it (not summed)"
    return f"{_number(total.least)}–{_number(total.most)} (not added up)"


class FiguresScreen(FilteredView):
    DEFAULT_CSS = """
    FiguresScreen {
        align: center middle;
    }

    #figures-table {
        height: 2fr;
    }

    #totals-table {
        height: 1fr;
    }
    """

    TABLE = "#figures-table"
    BINDINGS = [
        Binding("enter", "open", "Open in text / chart a total", id="open_figure"),
        Binding("y", "copy_tsv", "Copy TSV", id="copy_tsv"),
        Binding("o", "next_sort", "Sort (again: reversed, then the next column)", id="next_sort"),
    ]

    def __init__(self, index: CorpusViews) -> None:
        super().__init__(index)
        self.ids: Sequence[int] = array("q")
        self.count = index.figure_count()
        self.totals: list[Total] = []
        self.sort_column = -1
        self.reverse = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="view-box"):
            yield Label("", id="figures-title", classes="panel-title")
            yield Input(
                placeholder="filter: any text in a row (counted noun, unit, article…)",
                id="filter",
                select_on_focus=False,  # a character typed on the table is kept, not selected
            )
            yield LazyTable(list(zip(COLUMNS, WIDTHS, strict=True)), id="figures-table")
            yield Label(
                "Totals per counted noun and unit: summed only where a sum means something; "
                "enter charts one by date"
            )
            yield LazyTable(TOTAL_COLUMNS, id="totals-table")

    def on_mount(self) -> None:
        self.refill()
        self.query_one("#figures-table", LazyTable).focus()

    def entries(self, ids: Sequence[int]) -> Iterator[tuple[Entry, str]]:
        found = self.index.entries_by_id(ids)
        for id_ in ids:
            if id_ in found:  # a refresh may have rewritten the row since the ids were read
                entry, _when, _how, title = found[id_]
                yield entry, title

    def row(self, entry: Entry, title: str | None = None) -> list[str]:
        title = self.index.title(entry.ref) if title is None else title
        return [printable(_cell(entry, c, title)) for c in COLUMNS]

    def fetch(self, start: int, stop: int) -> list[Sequence[Cell]]:
        ids = self.ids[start:stop]
        found = self.index.entries_by_id(ids)
        # A row a refresh rewrote since the ids were read keeps its place, marked.
        changed = ["", "", "", "", "(changed since: reopen the view)", "", ""]
        return [self.row(found[i][0], found[i][3]) if i in found else changed for i in ids]

    def fetch_totals(self, start: int, stop: int) -> list[Sequence[Cell]]:
        return [
            (printable(t.counted), printable(t.unit), str(t.figures), _total(t))
            for t in self.totals[start:stop]
        ]

    @property
    def shown(self) -> list[Entry]:
        """Every figure the filter lets through, in the table's order (read from the file)."""
        return [e for e, _ in self.entries(self.ids)]

    def refill(self) -> None:
        needle = self.query_one("#filter", Input).value.strip()
        column = COLUMNS[self.sort_column] if self.sort_column >= 0 else None
        self.ids = self.index.figure_ids(needle, column, self.reverse, count=self.count)
        self.query_one("#figures-table", LazyTable).set_source(len(self.ids), self.fetch)
        # The totals group every figure (a second for a million): counted beside the
        # first frame, and shown when they are in.
        self.totals = []
        self.query_one("#totals-table", LazyTable).set_source(0, self.fetch_totals)
        self._count_totals(needle)
        order = f", sorted by {column}{' (descending)' if self.reverse else ''}" if column else ""
        self.query_one("#figures-title", Label).update(
            f"Figures: {len(self.ids)} of {self.count}{order}. "
            "enter opens · o or a column header sorts · y copies TSV (all rows) · esc closes"
        )

    @work(thread=True, exclusive=True, group="figure totals")
    def _count_totals(self, needle: str) -> None:
        totals = self.index.figure_totals(needle)
        self.app.call_from_thread(self._show_totals, needle, totals)

    def _show_totals(self, needle: str, totals: list[Total]) -> None:
        if not self.is_attached or needle != self.query_one("#filter", Input).value.strip():
            return  # the filter changed meanwhile: its own count follows
        self.totals = totals
        self.query_one("#totals-table", LazyTable).set_source(len(totals), self.fetch_totals)

    def on_lazy_table_header_selected(self, event: LazyTable.HeaderSelected) -> None:
        if event.table.id != "figures-table":
            return
        self.reverse = (not self.reverse) if event.column == self.sort_column else False
        self.sort_column = event.column
        self.refill()

    def action_next_sort(self) -> None:
        """o sorts by a column, o again the other way, then by the next column."""
        if self.sort_column >= 0 and not self.reverse:
            self.reverse = True
        else:
            self.sort_column = (self.sort_column + 1) % len(COLUMNS)
            self.reverse = False
        self.refill()

    def tsv_lines(self) -> Iterator[str]:
        yield "\t".join(COLUMNS)
        for start in range(0, len(self.ids), 5000):
            for entry, title in self.entries(self.ids[start : start + 5000]):
                yield "\t".join(_cell(entry, c, title) for c in COLUMNS)

    def tsv(self) -> str:
        return "\n".join(self.tsv_lines()) + "\n"

    def action_copy_tsv(self) -> None:
        how = copy_text(self.tsv(), self.app.copy_to_clipboard)
        self.notify(f"Copied {len(self.ids)} rows as TSV {how}", timeout=3)

    def action_open(self) -> None:
        table = self.focused
        if isinstance(table, LazyTable):
            table.action_select()

    def on_lazy_table_row_selected(self, event: LazyTable.RowSelected) -> None:
        event.stop()
        if event.table.id == "figures-table":
            entry = self.index.entries_by_id([self.ids[event.row]])[self.ids[event.row]][0]
            self.dismiss(entry)
        elif self.totals:
            from reader.tui.screens.chart import ChartScreen

            total = self.totals[event.row]
            self.app.push_screen(ChartScreen(self.index, (total.counted, total.unit)), self._chart_closed)

    def _chart_closed(self, entry: Entry | None) -> None:
        if entry is not None:
            self.dismiss(entry)
