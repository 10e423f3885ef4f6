"""Every figure of the corpus in a sortable, filterable table, with totals."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label

from reader.corpus.index import CorpusIndex, Entry, figure_totals
from reader.text.articles import ArticleRef
from reader.text.layout import printable
from reader.tui.clipboard import copy_text
from reader.tui.screens.timeline import ROW_LIMIT

COLUMNS = ("value", "qualifier", "unit", "counted", "text", "article", "origin")


def _cell(entry: Entry, column: str, titles: dict[ArticleRef, str]) -> str:
    if column == "article":
        return titles.get(entry.ref, "")
    if column == "text":
        return entry.text.replace("\n", "")
    if column == "origin":
        return entry.origin
    value = entry.attrs.get(column)
    return "" if value is None else str(value)


class FiguresScreen(Screen[Entry | None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", id="close_figures"),
        Binding("enter", "open", "Open in text", id="open_figure"),
        Binding("y", "copy_tsv", "Copy TSV", id="copy_tsv"),
        Binding("o", "next_sort", "Sort by next column", id="next_sort"),
    ]

    def __init__(self, index: CorpusIndex) -> None:
        super().__init__()
        self.index = index
        self.figures = index.figures()
        self.titles = {ref: index.title(ref) for ref in index.corpus.refs()}
        self.shown: list[Entry] = list(self.figures)
        self.sort_column = -1
        self.reverse = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="view-box"):
            yield Label("", id="figures-title", classes="panel-title")
            yield Input(placeholder="filter: any text in a row (counted noun, unit, article…)", id="filter")
            yield DataTable(id="figures-table", cursor_type="row", zebra_stripes=True)
            yield Label("Totals per counted noun and unit (vague figures counted, not summed)")
            yield DataTable(id="totals-table", cursor_type="row")

    def on_mount(self) -> None:
        self.query_one("#figures-table", DataTable).add_columns(*COLUMNS)
        self.query_one("#totals-table", DataTable).add_columns("counted", "unit", "figures", "sum")
        self.refill()
        self.query_one("#figures-table", DataTable).focus()

    def _haystack(self, entry: Entry) -> str:
        return "\t".join(_cell(entry, c, self.titles) for c in COLUMNS)

    def row(self, entry: Entry) -> list[str]:
        return [printable(_cell(entry, c, self.titles)) for c in COLUMNS]

    def refill(self) -> None:
        needle = self.query_one("#filter", Input).value.strip()
        shown = [e for e in self.figures if not needle or needle in self._haystack(e)]
        if self.sort_column >= 0:
            column = COLUMNS[self.sort_column]

            def key(entry: Entry) -> tuple[int, float, str]:
                raw = entry.attrs.get("value") if column == "value" else None
                if isinstance(raw, int | float):
                    return (0, float(raw), "")
                return (1, 0.0, _cell(entry, column, self.titles))

            shown.sort(key=key, reverse=self.reverse)
        self.shown = shown
        table = self.query_one("#figures-table", DataTable)
        table.clear()
        for n, entry in enumerate(shown[:ROW_LIMIT]):
            table.add_row(*self.row(entry), key=str(n))
        totals = self.query_one("#totals-table", DataTable)
        totals.clear()
        for counted, unit, count, total in figure_totals(shown):
            shown_total = f"{total:,.0f}" if float(total).is_integer() else f"{total:,.2f}"
            totals.add_row(printable(counted), printable(unit), str(count), shown_total)
        order = f", sorted by {COLUMNS[self.sort_column]}" if self.sort_column >= 0 else ""
        cut = (
            f" (table shows the first {ROW_LIMIT}; totals and y cover all)" if len(shown) > ROW_LIMIT else ""
        )
        self.query_one("#figures-title", Label).update(
            f"Figures: {len(shown)} of {len(self.figures)}{order}{cut}. "
            "enter opens · o or a column header sorts · y copies TSV · esc closes"
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refill()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        if event.data_table.id != "figures-table":
            return
        index = event.column_index
        self.reverse = (not self.reverse) if index == self.sort_column else False
        self.sort_column = index
        self.refill()

    def action_next_sort(self) -> None:
        self.sort_column = (self.sort_column + 1) % len(COLUMNS)
        self.reverse = False
        self.refill()

    def tsv(self) -> str:
        lines = ["\t".join(COLUMNS)]
        lines += ["\t".join(_cell(e, c, self.titles) for c in COLUMNS) for e in self.shown]
        return "\n".join(lines) + "\n"

    def action_copy_tsv(self) -> None:
        how = copy_text(self.tsv(), self.app.copy_to_clipboard)
        self.notify(f"Copied {len(self.shown)} rows as TSV {how}", timeout=3)

    def action_open(self) -> None:
        table = self.query_one("#figures-table", DataTable)
        if table.has_focus and table.row_count:
            self.dismiss(self.shown[table.cursor_row])

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # the table's own enter
        if event.data_table.id == "figures-table":
            self.dismiss(self.shown[event.cursor_row])
