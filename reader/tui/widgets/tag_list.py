"""The article's tags in text order; choosing one moves the text cursor to it."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.annotation.model import Tag as Span
from reader.text.layout import printable

LABEL_MARK = {"event": ("E", "on #1c4f2c"), "figure": ("F", "on #5f1f5a")}


def tag_summary(span: Span) -> str:
    attrs = span.attrs or {}
    if span.label == "figure" and attrs.get("counted"):
        return f" → {attrs['counted']}"
    if span.label == "event":
        time = attrs.get("time") or {}
        parts = [f"{time[k]}{u}" for k, u in (("month", "月"), ("day", "日")) if time.get(k) is not None]
        if time.get("hour") is not None:
            parts.append(f"{time['hour']}:{time.get('minute', 0):02d}")
        return " @" + "".join(parts) if parts else ""
    return ""


class TagList(OptionList):
    class Chosen(Message):
        def __init__(self, span_id: str) -> None:
            super().__init__()
            self.span_id = span_id

    def show_tags(self, spans: list[Span], orphans: list[Span]) -> None:
        self.clear_options()
        options: list[Option] = []
        for span in spans:
            letter, style = LABEL_MARK[span.label]
            label = Text()
            label.append(f" {letter} ", style=style)
            short = span.text if len(span.text) <= 18 else span.text[:17] + "…"
            label.append(" " + printable(short))
            label.append(printable(tag_summary(span)), style="dim")
            options.append(Option(label, id=span.id))
        for span in orphans:
            label = Text(f"⚠ orphan {span.label}: {printable(span.text[:16])}", style="yellow")
            options.append(Option(label, id=f"orphan-{span.id}", disabled=True))
        self.add_options(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and not event.option.id.startswith("orphan-"):
            self.post_message(self.Chosen(event.option.id))
