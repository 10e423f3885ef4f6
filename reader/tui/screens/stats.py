"""Corpus numbers: per page and in total (also printed by `epireader stats`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label

from reader.session.values import STATS_COLUMNS
from reader.session.views import CorpusViews
from reader.tui.widgets.lazy_table import LazyTable

WIDTHS = (30, 9, 10, 8, 8, 11, 16, 0)
# Below WIDE columns every column still shows: short headings, tight numbers, and the
# page name takes what is left (names end in … anyway).
WIDE = 110
SHORT = ("page", "art.", "chars", "ev.", "fig.", "open", "rev.", "annot.")
TIGHT = (4, 8, 4, 4, 4, 8, 0)
LEAST_PAGE = 8


def stats_columns(width: int) -> list[tuple[str, int]]:
    """The table's columns for ``width`` cells of table."""
    if width >= WIDE:
        return list(zip(STATS_COLUMNS, WIDTHS, strict=True))
    annotators = 6
    page = max(LEAST_PAGE, width - sum(TIGHT) - annotators - len(SHORT))
    return list(zip(SHORT, (page, *TIGHT), strict=True))


class StatsScreen(Screen[None]):
    DEFAULT_CSS = """
    StatsScreen {
        align: center middle;
    }

    #stats-table {
        height: 1fr;
    }
    """

    BINDINGS = [Binding("escape,q", "dismiss(None)", "Close", id="close_stats")]

    def __init__(self, index: CorpusViews) -> None:
        super().__init__()
        # The corpus total first: with a hundred thousand pages it is what one opens this for.
        *pages, total = index.stats_rows()
        self.rows = [total, *pages]
        self.where = index.where

    def compose(self) -> ComposeResult:
        with Vertical(classes="view-box"):
            yield Label(
                f"Corpus statistics: the total, then each page; tags from {self.where} (esc closes)",
                classes="panel-title",
            )
            yield LazyTable(stats_columns(self.app.size.width), id="stats-table")

    def on_resize(self) -> None:
        table = self.query_one(LazyTable)
        table.columns = stats_columns(table.scrollable_content_region.width or self.size.width)
        table.refresh()

    def on_mount(self) -> None:
        table = self.query_one(LazyTable)
        table.set_source(len(self.rows), lambda start, stop: self.rows[start:stop])
        table.focus()
