"""Every event of the corpus in time order (tags and suggestions, marked which).

All rows, however many: the order and the filter are SQL on the index file, and
the table draws only the rows on screen (reader/tui/widgets/lazy_table.py).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from reader.session.values import LUNAR, Entry, printable, year_known
from reader.session.views import CorpusViews
from reader.tui.screens.filtered import FilteredView
from reader.tui.widgets.lazy_table import Cell, LazyTable

COLUMNS = (("when", 26), ("", 3), ("page · article", 30), ("event", 0))
# Below 100 columns the date and the page give way, so the event's own text keeps room.
NARROW = 100
NARROW_COLUMNS = (("when", 22), ("", 3), ("page · article", 14), ("event", 0))


class TimelineScreen(FilteredView):
    DEFAULT_CSS = """
    TimelineScreen {
        align: center middle;
    }

    #timeline-table {
        height: 1fr;
    }
    """

    def __init__(self, index: CorpusViews) -> None:
        super().__init__(index)
        self.ids: array[int] = index.timeline_ids()
        self.events = len(self.ids)

    def compose(self) -> ComposeResult:
        with Vertical(classes="view-box"):
            yield Label("", id="timeline-title", classes="panel-title")
            yield Input(
                placeholder="filter: any text of the event, its date or page",
                id="timeline-filter",
                select_on_focus=False,  # a character typed on the table is kept, not selected
            )
            narrow = self.app.size.width < NARROW
            yield LazyTable(NARROW_COLUMNS if narrow else COLUMNS, id="timeline-table")

    def on_mount(self) -> None:
        self.show(self.ids)
        self.query_one(LazyTable).focus()

    def fetch(self, start: int, stop: int) -> list[Sequence[Cell]]:
        ids = self.ids[start:stop]
        found = self.index.entries_by_id(ids)
        rows: list[Sequence[Cell]] = []
        for id_ in ids:
            if id_ not in found:  # a refresh rewrote the row since the ids were read
                rows.append(("", "", "", "(changed since: reopen the view)"))
                continue
            entry, when, how, title = found[id_]
            undated = not year_known(entry.date)
            shown = ("year? " if undated else "") + when + (" 农" if how == LUNAR else "")
            origin = Text("tag", style="green") if entry.origin == "tagged" else Text("sug", style="italic")
            place = printable(f"{entry.ref.page[:14]} · {title[:14]}")
            rows.append((printable(shown), origin, place, printable(entry.text.replace("\n", ""))))
        return rows

    def entry_at(self, row: int) -> Entry:
        return self.index.entries_by_id([self.ids[row]])[self.ids[row]][0]

    def show(self, ids: array[int]) -> None:
        self.ids = ids
        self.query_one(LazyTable).set_source(len(ids), self.fetch)
        self.query_one("#timeline-title", Label).update(
            f"Timeline: {len(ids)} of {self.events} events. tag = tagged, sug = suggested; "
            "~ date carried over from the article or the page (次日, a clock time, 今(29)日), "
            "农 from a lunar date; year? = no year found (grouped by page, after the dated events). "
            "enter opens, esc closes"
        )

    def refill(self) -> None:
        needle = self.query_one("#timeline-filter", Input).value.strip()
        self.show(self.index.timeline_ids(needle))

    def on_lazy_table_row_selected(self, event: LazyTable.RowSelected) -> None:
        event.stop()
        self.dismiss(self.entry_at(event.row))
