"""The small form that follows tagging: the span's attributes, prefilled from its text.

Enter in any field saves. Esc cancels: a tag just made is taken back, an existing
tag stays as it was, and typed text is only dropped after asking.
"""

from __future__ import annotations

from typing import Any

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from reader.annotation.model import Tag
from reader.text.layout import printable
from reader.tui.keys import release_keys
from reader.tui.screens.confirm import ConfirmScreen

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
    """Returns (attrs, note); None when cancelled (esc), after asking if anything was typed.

    ``new``: the tag was just made, so cancelling takes it back (as in brat).
    """

    BINDINGS = [
        Binding("enter", "save", "Save", priority=True, id="save_attributes"),
        Binding("escape", "cancel", "Cancel", id="cancel_attributes"),
    ]

    def __init__(self, span: Tag, *, new: bool = False) -> None:
        super().__init__()
        self.span = span
        self.new = new
        self._initial: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        span = self.span
        attrs = span.attrs or {}
        cancel = "removes the new tag" if self.new else "leaves the tag as it was"
        with Vertical(id="attr-form"):
            yield Label(
                f"{span.label}: {printable(span.text[:40])}   (enter saves, esc {cancel})",
                classes="panel-title",
            )
            with Grid(id="attr-grid"):
                if span.label == "figure":
                    # counted first: it is the field most often corrected.
                    yield Label("counted")
                    yield Input(_text(attrs.get("counted")), id="counted")
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
        self._initial = self._raw()
        release_keys(self.app)  # the keys typed since f / e / enter come now, to the first field

    def _raw(self) -> dict[str, Any]:
        """What the fields hold, as typed (no parsing): to tell whether anything changed."""
        fields: dict[str, Any] = {w.id or "": w.value for w in self.query(Input)}
        for select in self.query(Select):
            fields[select.id or ""] = select.value
        return fields

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

    def action_save(self) -> None:
        if any(select.expanded for select in self.query(Select)):
            raise SkipAction()  # enter chooses in an open dropdown
        try:
            result = self.values()
        except ValueError as exc:
            self.query_one("#attr-error", Label).update(f"✗ {exc}")
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        if any(select.expanded for select in self.query(Select)):
            raise SkipAction()  # esc closes an open dropdown first
        if self._raw() == self._initial:
            self.dismiss(None)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard what you typed in this form?"), answer)
