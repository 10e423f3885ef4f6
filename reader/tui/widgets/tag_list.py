"""The article's tags in text order; choosing one moves the text cursor to it."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.session.values import Tag, printable

LETTERS = {"event": "E", "figure": "F"}


def tag_summary(span: Tag) -> str:
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
    COMPONENT_CLASSES = OptionList.COMPONENT_CLASSES | {
        "tag-list--event", "tag-list--figure", "tag-list--summary", "tag-list--orphan",
    }  # fmt: skip
    DEFAULT_CSS = """
    TagList > .tag-list--event { background: $success-darken-3; }
    TagList > .tag-list--figure { background: $error-darken-3; }
    TagList > .tag-list--summary { text-style: dim; }
    TagList > .tag-list--orphan { color: $warning; }
    """

    class Chosen(Message):
        def __init__(self, span_id: str) -> None:
            super().__init__()
            self.span_id = span_id

    def show_tags(self, spans: list[Tag], orphans: list[Tag]) -> None:
        self.clear_options()
        options: list[Option] = []
        style = {
            part: self.get_component_rich_style(f"tag-list--{part}", partial=True)
            for part in ("event", "figure", "summary", "orphan")
        }
        for span in spans:
            # One line a tag, cut with an ellipsis: a wrapped line lost its left padding.
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append(f" {LETTERS[span.label]} ", style=style[span.label])
            short = span.text if len(span.text) <= 18 else span.text[:17] + "…"
            label.append(" " + printable(short))
            label.append(printable(tag_summary(span)), style=style["summary"])
            options.append(Option(label, id=span.id))
        for span in orphans:
            label = Text(
                f"⚠ orphan {span.label}: {printable(span.text[:16])}", style=style["orphan"], no_wrap=True
            )
            options.append(Option(label, id=f"orphan-{span.id}", disabled=True))
        self.add_options(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and not event.option.id.startswith("orphan-"):
            self.post_message(self.Chosen(event.option.id))
