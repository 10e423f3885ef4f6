"""`?`: every key of the app, read from the bindings themselves so it never drifts."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Label, Static

_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def _rows(bindings: list[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do) as the help shows them: keys as the footer writes them
    (esc, ?, .), a binding a screen and its field share once, and a run of numbered
    keys (1 … 9: candidate 1 … 9) as one row."""
    rows: list[tuple[str, str]] = []
    for b in bindings:
        if isinstance(b, Binding):
            keys = b.key_display or " ".join(format_key(k.strip()) for k in b.key.split(","))
            if (keys, b.description) not in rows:
                rows.append((keys, b.description))
    merged: list[tuple[str, str]] = []
    for keys, desc in rows:
        number = _NUMBERED.match(desc)
        if merged and number and keys == number.group(2) and keys.isdigit():
            last_keys, last_desc = merged[-1]
            first = last_keys.split("–")[0]
            if last_desc.startswith(number.group(1)) and int(keys) == int(last_keys.split("–")[-1]) + 1:
                merged[-1] = (f"{first}–{keys}", f"{number.group(1)}{first}–{keys}")
                continue
        merged.append((keys, desc))
    return merged


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }

    #help-body {
        width: 80;
        max-width: 100%;
        height: 80%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }

    .help-section {
        margin-top: 1;
        text-style: bold underline;
    }
    """

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
