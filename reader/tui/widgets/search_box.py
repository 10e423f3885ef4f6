"""The one-line search box that `/` opens under the article."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class SearchBox(Input):
    DEFAULT_CSS = """
    SearchBox {
        dock: bottom;
        display: none;
    }

    SearchBox.visible {
        display: block;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel search", id="cancel_search")]

    class Cancelled(Message):
        pass

    def action_cancel(self) -> None:
        self.value = ""
        self.post_message(self.Cancelled())
