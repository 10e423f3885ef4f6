"""A view with a filter box over a table: the filter runs once typing pauses."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from reader.session.views import CorpusViews
from reader.tui.widgets.lazy_table import LazyTable

# Seconds of no typing before the filter runs: each run is a query over every row
# (hundreds of thousands in an archive), so not one per key.
FILTER_DELAY = 0.25


class FilteredView(Screen[object]):
    TABLE = "LazyTable"  # the selector of the table the filter narrows
    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="close_view")]

    def __init__(self, index: CorpusViews) -> None:
        super().__init__()
        self.index = index
        self._timer: Timer | None = None

    def refill(self) -> None:
        """Query the rows again with the filter as it is now."""
        raise NotImplementedError

    @on(Input.Changed)
    def _filter_changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(FILTER_DELAY, self.refill)

    @on(Input.Submitted)
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self.refill()
        self.query_one(self.TABLE, LazyTable).focus()
