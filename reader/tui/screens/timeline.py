"""Every event of the corpus in time order (tags and suggestions, marked which)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from reader.corpus_index import CorpusIndex, Entry
from reader.layout import printable


class TimelineScreen(ModalScreen[Entry | None]):
    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Close", id="close_timeline"),
        Binding("enter", "open", "Open in text", id="open_event"),
    ]

    def __init__(self, index: CorpusIndex) -> None:
        super().__init__()
        self.index = index
        self.rows = index.timeline()

    def compose(self) -> ComposeResult:
        events = sum(r.entry is not None for r in self.rows)
        with Vertical(classes="view-box"):
            yield Label(
                f"Timeline: {events} events (tag = tagged, sug = suggested; ~ date taken from the "
                "event before it in the article). enter opens, esc closes",
                classes="panel-title",
            )
            yield DataTable(id="timeline-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("when", "", "page · article", "event")
        pages = self.index.corpus.pages
        for n, row in enumerate(self.rows):
            if row.entry is None:
                table.add_row(Text(row.heading, style="bold #d7af5f"), "", "", "", key=f"h{n}")
                continue
            entry = row.entry
            page = pages[entry.page]
            title = page.articles[entry.article].title if page.articles else ""
            when = ("~" if row.inferred else "") + row.when
            origin = Text("tag", style="green") if entry.origin == "tagged" else Text("sug", style="#87afd7")
            text = printable(entry.text.replace("\n", ""))
            table.add_row(when, origin, printable(f"{page.name[:12]} · {title[:14]}"), text[:60], key=f"e{n}")
        table.focus()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            self._open_row(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or "")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # the table's own enter
        self._open_row(event.row_key.value or "")

    def _open_row(self, key: str) -> None:
        if key.startswith("e"):
            self.dismiss(self.rows[int(key[1:])].entry)
