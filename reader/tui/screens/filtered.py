"""A view with a filter box over a table: the filter runs once typing pauses."""

from __future__ import annotations

from textual import events, on
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

    def on_key(self, event: events.Key) -> None:
        """A character typed while the table has the focus goes to the filter (no Tab
        first); keys the view binds (o, y, enter …) never reach here."""
        if event.key in self.active_bindings:
            return  # a key of the view's own (o, y …): its binding acts, after this
        if event.is_printable and event.character and not isinstance(self.focused, Input):
            box = self.query_one(Input)
            box.focus()
            box.insert_text_at_cursor(event.character)
            event.stop()

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
