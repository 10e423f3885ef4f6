"""The small form that follows tagging: the span's attributes, prefilled from its text.

Enter in any field saves; esc keeps the prefilled values and closes.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from reader.annotation.model import Tag
from reader.text.layout import printable

QUALIFIERS = ("exact", "more-than", "about", "under", "range", "vague")
TIME_FIELDS = ("year", "month", "day", "hour", "minute", "part")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _number(text: str) -> int | float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a number") from exc
    return int(value) if value.is_integer() else value


class AttributeForm(ModalScreen[tuple[dict[str, Any], str] | None]):
    """Returns (attrs, note), or None when dismissed with esc."""

    BINDINGS = [Binding("escape", "skip", "Keep prefilled", id="skip_attributes")]

    def __init__(self, span: Tag) -> None:
        super().__init__()
        self.span = span

    def compose(self) -> ComposeResult:
        span = self.span
        attrs = span.attrs or {}
        with Vertical(id="attr-form"):
            yield Label(
                f"{span.label}: {printable(span.text[:40])}   (enter saves, esc keeps as is)",
                classes="panel-title",
            )
            with Grid(id="attr-grid"):
                if span.label == "figure":
                    yield Label("value")
                    yield Input(_text(attrs.get("value")), id="value")
                    yield Label("qualifier")
                    yield Select(
                        [(q, q) for q in QUALIFIERS],
                        value=attrs.get("qualifier") or "exact",
                        allow_blank=False,
                        id="qualifier",
                    )
                    yield Label("unit")
                    yield Input(_text(attrs.get("unit")), id="unit")
                    yield Label("counted")
                    yield Input(_text(attrs.get("counted")), id="counted")
                else:
                    time = attrs.get("time") or {}
                    for name in TIME_FIELDS:
                        yield Label(name)
                        yield Input(_text(time.get(name)), id=name)
                    yield Label("summary")
                    yield Input(_text(attrs.get("summary")), id="summary")
                yield Label("note")
                yield Input(span.note, id="note")
            yield Label("", id="attr-error")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def values(self) -> tuple[dict[str, Any], str]:
        def field(name: str) -> str:
            return self.query_one(f"#{name}", Input).value.strip()

        attrs = dict(self.span.attrs or {})
        if self.span.label == "figure":
            attrs["value"] = _number(field("value"))
            attrs["qualifier"] = str(self.query_one("#qualifier", Select).value)
            attrs["unit"] = field("unit")
            attrs["counted"] = field("counted")
        else:
            time: dict[str, Any] = {}
            for name in TIME_FIELDS:
                raw = field(name)
                if raw:
                    time[name] = raw if name == "part" else _number(raw)
            attrs["time"] = time
            attrs["summary"] = field("summary")
        return attrs, field("note")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            result = self.values()
        except ValueError as exc:
            self.query_one("#attr-error", Label).update(f"✗ {exc}")
            return
        self.dismiss(result)

    def action_skip(self) -> None:
        self.dismiss(None)
