"""The right-hand panel: the article's keywords with their weights, then its tags."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Label

from reader.session.values import printable
from reader.tui.widgets.tag_list import TagList


class KeywordTable(DataTable[str]):
    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.add_columns("keyword", "weight")

    def show_keywords(self, keywords: list[tuple[str, float]]) -> None:
        self.clear()
        for word, weight in keywords:
            self.add_row(printable(word), f"{weight:.3f}")


class SidePanel(Vertical):
    DEFAULT_CSS = """
    SidePanel {
        width: 30;
        border-left: vkey $surface-lighten-2;
    }

    #keywords {
        height: 1fr;
        max-height: 16;
    }

    #tags {
        height: 2fr;
        border: none;
        padding: 0;
        /* One line a tag, cut with an ellipsis (the option list wraps its prompts). */
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }

    #tags:focus {
        background-tint: $foreground 5%;
    }
    """

    def compose(self) -> ComposeResult:
        yield Label("Keywords", classes="panel-title", id="keywords-title")
        yield KeywordTable(id="keywords")
        yield Label("Tags", classes="panel-title", id="tags-title")
        yield TagList(id="tags")
