"""The small form that follows tagging: the span's attributes, prefilled from its text.

Enter in any field saves. Esc cancels: a tag just made is taken back, an existing
tag stays as it was, and typed text is only dropped after asking. The counted noun
costs a key only where the person decides: while the counted field is as prefilled,
1–9 take one of the candidates the rules found in the figure's clause and 0 clears
it (nothing counted); ctrl+t trims a tag whose selection holds more than the figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from reader.session.values import Reading, Tag, printable, typed_date
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


@dataclass(frozen=True)
class FormAnswer:
    """What the form saves: the attributes, the note, and new edges when ctrl+t trimmed."""

    attrs: dict[str, Any]
    note: str
    trim: tuple[int, int] | None = None


MAX_CHOICES = 9
SHOWN = 40  # characters of the span the form's title shows


def _shown(text: str) -> str:
    """The span as the form's title shows it: its start, with … when it goes on."""
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


class TypedSelect(Select[str]):
    """A select that takes typed letters while closed: a → about, m → more-than, u →
    under (the letters typed so far pick the first value they begin). Closed, a plain
    Select let typed text fall on the floor."""

    typed = ""

    def on_key(self, event: events.Key) -> None:
        if self.expanded or event.key == "space" or not (event.is_printable and event.character):
            return  # space opens the list, as in any Select
        event.stop()
        event.prevent_default()
        values = [str(v) for _, v in self._options if isinstance(v, str)]
        for typed in (self.typed + event.character, event.character):
            found = next((v for v in values if v.lower().startswith(typed.lower())), None)
            if found is not None:
                self.typed, self.value = typed, found
                return


class CountedInput(Input):
    """The counted field: while it holds what was prefilled or chosen, 1–9 take a
    candidate and 0 clears it; otherwise a digit is typed. The bindings are the field's
    own (an Input hides its screen's bindings of the keys it types)."""

    BINDINGS = [
        *[
            Binding(
                str(n), f"choose({n})", f"Counted: candidate {n}", priority=True, show=False, id=f"pick_{n}"
            )
            for n in range(1, MAX_CHOICES + 1)
        ],
        Binding("0", "choose(0)", "Counted: nothing", priority=True, show=False, id="counted_none"),
    ]

    def action_choose(self, n: int) -> None:
        form = self.screen
        if not isinstance(form, AttributeForm):
            raise SkipAction()
        form.choose(n)


class AttributeForm(ModalScreen[FormAnswer | None]):
    """Returns a FormAnswer; None when cancelled (esc), after asking if anything was typed.

    ``new``: the tag was just made, so cancelling takes it back (as in brat).
    ``reading``: the prefill's reading of a figure (its counted candidates, the trim).
    """

    DEFAULT_CSS = """
    AttributeForm {
        align: center middle;
    }

    #attr-form {
        width: 70;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        overflow-y: auto;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }

    #attr-grid {
        grid-size: 2;
        grid-columns: 10 1fr;
        grid-rows: 1;
        grid-gutter: 0 1;
        height: auto;
    }

    #attr-grid Input, #attr-grid Select {
        background: $boost;
    }

    #attr-error {
        color: $error;
    }

    /* The counted candidates and the trim hint wrap inside the form, never past its edge. */
    #counted-choices, #attr-trim, #attr-error {
        width: 100%;
    }
    """

    BINDINGS = [
        Binding("enter", "save", "Save", priority=True, id="save_attributes"),
        Binding("escape", "cancel", "Cancel", id="cancel_attributes"),
        Binding("tab", "app.focus_next", "Next field", priority=True, show=False, id="form_next_field"),
        Binding(
            "shift+tab", "app.focus_previous", "Prev field", priority=True, show=False, id="form_prev_field"
        ),
        *[
            Binding(
                str(n),
                f"choose({n})",
                f"Counted: candidate {n}",
                priority=True,
                show=False,
                id=f"counted_{n}",
            )
            for n in range(1, MAX_CHOICES + 1)
        ],
        Binding("0", "choose(0)", "Counted: nothing", priority=True, show=False, id="counted_none"),
        Binding("ctrl+t", "trim", "Trim to the figure", priority=True, show=False, id="trim_to_figure"),
    ]

    def __init__(self, span: Tag, *, new: bool = False, reading: Reading | None = None) -> None:
        super().__init__()
        self.span = span
        self.new = new
        self.reading = reading
        self._initial: dict[str, Any] | None = None
        self._keys_held = False  # the keys typed after f / e / enter wait for the first field
        self._trim: tuple[int, int] | None = None
        texts = reading.texts if reading is not None else []
        self.choices = [t for t in dict.fromkeys(texts) if t][:MAX_CHOICES]

    def compose(self) -> ComposeResult:
        span = self.span
        attrs = span.attrs or {}
        cancel = "removes the new tag" if self.new else "leaves the tag as it was"
        with Vertical(id="attr-form"):
            yield Label(
                f"{span.label}: {printable(_shown(span.text))}   (enter saves, esc {cancel})",
                classes="panel-title",
            )
            with Grid(id="attr-grid"):
                if span.label == "figure":
                    # counted first: it is the field most often corrected.
                    yield Label("counted")
                    yield CountedInput(_text(attrs.get("counted")), id="counted", compact=True)
                    if self.choices:
                        yield Label("")
                        yield Label(self._choices_line(), id="counted-choices", markup=False)
                    yield Label("value")
                    yield Input(_text(attrs.get("value")), id="value", compact=True)
                    yield Label("qualifier")
                    yield TypedSelect(
                        [(q, q) for q in QUALIFIERS],
                        value=attrs.get("qualifier") or "exact",
                        allow_blank=False,
                        id="qualifier",
                        compact=True,
                    )
                    yield Label("unit")
                    yield Input(_text(attrs.get("unit")), id="unit", compact=True)
                else:
                    time = attrs.get("time") or {}
                    for name in TIME_FIELDS:
                        yield Label(name)
                        yield Input(_text(time.get(name)), id=name, compact=True)
                    yield Label("date")
                    yield Input(_text(attrs.get("date")), id="date", compact=True)
                    yield Label("summary")
                    yield Input(_text(attrs.get("summary")), id="summary", compact=True)
                yield Label("note")
                yield Input(span.note, id="note", compact=True)
            if self.reading is not None and self.reading.trim is not None:
                figure = printable(self.reading.figure)
                start, end = self.reading.trim
                # The figure inside a longer selection, or around a piece of one (人 of 309人).
                inside = self.span.start <= start and end <= self.span.end
                how = "trim the tag to" if inside else "fit the tag to"
                yield Label(f"ctrl+t: {how} the figure {figure}", id="attr-trim", markup=False)
            yield Label("", id="attr-error")

    def _choices_line(self) -> str:
        picks = "  ".join(f"{n} {printable(t)}" for n, t in enumerate(self.choices, 1))
        return f"{picks}  0 none"

    def _counted_untouched(self) -> bool:
        field = self.query_one("#counted", Input) if self.span.label == "figure" else None
        initial = (self._initial or {}).get("counted")
        return field is not None and self.focused is field and field.value in (initial, *self.choices, "")

    def choose(self, n: int) -> None:
        """1–9: the counted noun is candidate n; 0: nothing counted. Only while the
        counted field is focused and holds a prefilled or chosen value: elsewhere the
        digit is typed as usual (SkipAction lets the key through)."""
        if not self._counted_untouched() or n > len(self.choices):
            raise SkipAction()
        field = self.query_one("#counted", Input)
        field.value = self.choices[n - 1] if n else ""
        field.cursor_position = len(field.value)

    def action_trim(self) -> None:
        if self.reading is None or self.reading.trim is None:
            raise SkipAction()
        self._trim = self.reading.trim
        figure = printable(self.reading.figure)
        self.query_one("#attr-trim", Label).update(f"✓ the tag will be trimmed to {figure}")

    def on_mount(self) -> None:
        self.query(Input).first().focus()
        self._initial = self._raw()
        self._keys_held = True

    def on_descendant_focus(self) -> None:
        # The keys typed since f / e / enter come now, to the first field: not before it
        # has the focus (focus() only asks for it; a key sent before it is set went to
        # the form itself, and its tab to the first field instead of the second).
        if self._keys_held:
            self._keys_held = False
            release_keys(self.app)

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
            if field("date") != _text(self.span.attrs.get("date")):
                before = self.span.attrs.get("date")
                attrs["date"], attrs["date_from"] = typed_date(
                    field("date"), before, attrs.get("date_from", "")
                )
            attrs["summary"] = field("summary")
        return attrs, field("note")

    def action_save(self) -> None:
        if any(select.expanded for select in self.query(Select)):
            raise SkipAction()  # enter chooses in an open dropdown
        try:
            attrs, note = self.values()
        except ValueError as exc:
            self.query_one("#attr-error", Label).update(f"✗ {exc}")
            return
        self.dismiss(FormAnswer(attrs, note, self._trim))

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
