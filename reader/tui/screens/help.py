"""`?`: every key of the app, read from the bindings themselves so it never drifts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


def _rows(bindings: list[BindingType]) -> list[tuple[str, str]]:
    rows = []
    for b in bindings:
        if isinstance(b, Binding):
            keys = b.key_display or " ".join(k.strip() for k in b.key.split(","))
            rows.append((keys, b.description))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="close_help"),
    ]

    def __init__(self, sections: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Label("epireader keys  (esc closes)", classes="panel-title")
            for title, bindings in self.sections:
                yield Label(title, classes="help-section")
                lines = [f"  {keys:<22} {desc}" for keys, desc in _rows(bindings)]
                yield Static("\n".join(lines), markup=False)
