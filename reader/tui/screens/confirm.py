"""A yes/no question before an action that changes many things at once."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class ConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
    }

    #confirm-box {
        width: 60;
        max-width: 100%;
        height: auto;
        border: round $warning;
        background: $surface;
        padding: 1 2;
    }
    """

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm_yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm_no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.question, id="confirm-question", markup=False)
            yield Label("y / enter: yes     n / esc: no", classes="panel-title")

    def on_mount(self) -> None:
        # The box is as wide as the question (and wraps it only when the terminal is
        # narrower): a fixed width cut "Accept all 29 … (7 even".
        room = max(20, self.app.size.width - 4)
        self.query_one("#confirm-box").styles.width = min(cell_len(self.question) + 6, room)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
