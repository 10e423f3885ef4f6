"""The status line and, beside it, the notice of the moment (the status line leads with
the tag count, so a notice never hides it)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Static

from reader.session.values import safe_text


class StatusBar(Horizontal):
    """The reader's (``#statusbar``: ``#status``) and curate's (``#curate-bar``:
    ``#curate-gold``, what GOLD holds at the place)."""

    def __init__(self, id: str = "statusbar", status_id: str = "status") -> None:
        super().__init__(id=id)
        self._status_id = status_id
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id=self._status_id, markup=False)
        yield Static("", id="notice", markup=False, classes="-empty")

    def set_status(self, text: str) -> None:
        # Page names are file names: anything in them is shown, never obeyed.
        self.query_one(f"#{self._status_id}", Static).update(safe_text(text))

    def show_notice(self, text: str, severity: str, timeout: float) -> None:
        """A notice for ``timeout`` seconds, or until the next one or `clear_notice`."""
        notice = self.query_one("#notice", Static)
        notice.update(text)
        notice.set_classes(f"-{severity}")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(timeout, lambda: notice.set_classes("-empty"))

    def clear_notice(self, errors_only: bool = False) -> None:
        """The notice goes (``errors_only``: if it is an error, which what happened since
        has made untrue)."""
        notice = self.query_one("#notice", Static)
        if errors_only and not notice.has_class("-error"):
            return
        if self._timer is not None:
            self._timer.stop()
        notice.set_classes("-empty")
