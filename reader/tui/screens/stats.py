"""Corpus numbers: per page and in total (also printed by `epireader stats`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Label

from reader.corpus.index import PageStats
from reader.corpus.stats import STATS_COLUMNS, stats_rows


class StatsScreen(Screen[None]):
    BINDINGS = [Binding("escape,q", "dismiss(None)", "Close", id="close_stats")]

    def __init__(self, stats: list[PageStats]) -> None:
        super().__init__()
        self.stats = stats

    def compose(self) -> ComposeResult:
        with Vertical(classes="view-box"):
            yield Label("Corpus statistics (esc closes)", classes="panel-title")
            yield DataTable(id="stats-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*STATS_COLUMNS)
        for row in stats_rows(self.stats):
            table.add_row(*row)
        table.focus()
