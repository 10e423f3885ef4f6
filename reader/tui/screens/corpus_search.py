"""ctrl+f: a query over every article of the corpus, simplified and traditional alike."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.corpus.index import CorpusIndex, Hit
from reader.text.layout import printable


class CorpusSearchScreen(Screen[tuple[Hit, str] | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="close_search")]

    def __init__(self, index: CorpusIndex, query: str = "") -> None:
        super().__init__()
        self.index = index
        self.query_text = query
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="view-box"):
            yield Label(
                "Search the corpus (simplified or traditional; glosses ignored)", classes="panel-title"
            )
            yield Input(value=self.query_text, placeholder="query, then enter", id="corpus-query")
            yield Label("", id="corpus-count")
            yield OptionList(id="corpus-results")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.run_query(event.value)
        results = self.query_one(OptionList)
        if self.hits:
            results.highlighted = 0
            results.focus()

    def run_query(self, query: str) -> None:
        self.query_text = query
        self.hits, total = self.index.search(query, limit=200)
        results = self.query_one(OptionList)
        results.clear_options()
        options = []
        for n, hit in enumerate(self.hits):
            title = self.index.title(hit.ref)
            label = Text(printable(f"{hit.ref.page[:14]} · {title[:14]}  "), style="dim")
            label.append(printable(hit.context))
            options.append(Option(label, id=str(n)))
        results.add_options(options)
        more = f" (showing the first {len(self.hits)})" if total > len(self.hits) else ""
        self.query_one("#corpus-count", Label).update(f"{total} hit(s){more}; enter opens one")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss((self.hits[int(event.option.id or 0)], self.query_text))
