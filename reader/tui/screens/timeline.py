"""Every event of the corpus in time order (tags and suggestions, marked which)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label

from reader.corpus.index import CorpusIndex, Entry
from reader.text.layout import printable

# Textual's DataTable measures every row it holds; beyond a few thousand rows
# opening the view takes seconds. The view shows the first ROW_LIMIT rows that
# match the filter and says how many more there are.
ROW_LIMIT = 500


class TimelineScreen(Screen[Entry | None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", id="close_timeline"),
    ]

    def __init__(self, index: CorpusIndex) -> None:
        super().__init__()
        self.index = index
        self.rows = index.timeline()
        self.events = sum(r.entry is not None for r in self.rows)

    def compose(self) -> ComposeResult:
        with Vertical(classes="view-box"):
            yield Label("", id="timeline-title", classes="panel-title")
            yield Input(placeholder="filter: any text of the event, its date or page", id="timeline-filter")
            yield DataTable(id="timeline-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("when", "", "page · article", "event")
        self.refill()
        table.focus()

    def _cells(self, n: int) -> tuple[str, Text, str, str]:
        row = self.rows[n]
        entry = row.entry
        assert entry is not None
        title = self.index.title(entry.ref)
        when = ("~" if row.inferred else "") + row.when
        origin = Text("tag", style="green") if entry.origin == "tagged" else Text("sug", style="italic")
        text = printable(entry.text.replace("\n", ""))
        return when, origin, printable(f"{entry.ref.page[:12]} · {title[:14]}"), text[:60]

    def _haystack(self, n: int) -> str:
        row = self.rows[n]
        assert row.entry is not None
        ref = row.entry.ref
        return f"{row.when} {ref.page} {self.index.title(ref)} {row.entry.text}"

    def refill(self) -> None:
        needle = self.query_one("#timeline-filter", Input).value.strip()
        table = self.query_one(DataTable)
        table.clear()
        shown = matched = 0
        for n, row in enumerate(self.rows):
            if row.entry is None:
                if not needle and shown < ROW_LIMIT:
                    table.add_row(Text(row.heading, style="bold underline"), "", "", "", key=f"h{n}")
                continue
            if needle and needle not in self._haystack(n):
                continue
            matched += 1
            if shown < ROW_LIMIT:
                table.add_row(*self._cells(n), key=f"e{n}")
                shown += 1
        more = f" (showing the first {shown} of {matched}: filter to narrow)" if matched > shown else ""
        self.query_one("#timeline-title", Label).update(
            f"Timeline: {matched} of {self.events} events{more}. tag = tagged, sug = suggested; "
            "~ date from the event before it in the article. enter opens, esc closes"
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refill()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # the table's own enter
        key = event.row_key.value or ""
        if key.startswith("e"):
            self.dismiss(self.rows[int(key[1:])].entry)
