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
    def compose(self) -> ComposeResult:
        yield Label("Keywords", classes="panel-title", id="keywords-title")
        yield KeywordTable(id="keywords")
        yield Label("Tags", classes="panel-title", id="tags-title")
        yield TagList(id="tags")
