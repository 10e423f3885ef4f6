"""ctrl+f: a query over every article of the corpus, simplified and traditional alike."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.session.values import Hit, printable
from reader.session.views import CorpusViews

LIMIT = 200  # hits listed


class CorpusSearchScreen(Screen[tuple[Hit, str] | None]):
    DEFAULT_CSS = """
    CorpusSearchScreen {
        align: center middle;
    }

    #corpus-results {
        height: 1fr;
    }

    /* Two panes: the one that takes the keys stands out. */
    #corpus-query, #corpus-results {
        border: tall $surface-lighten-2;
    }

    #corpus-query:focus, #corpus-results:focus {
        border: tall $accent;
    }
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="close_search")]

    def __init__(self, index: CorpusViews, query: str = "") -> None:
        super().__init__()
        self.index = index
        self.query_text = query
        self.hits: list[Hit] = []
        self.total: int | None = None  # every occurrence, once counted

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
        self.hits, _ = self.index.search(query, limit=LIMIT, count=False)
        results = self.query_one(OptionList)
        results.clear_options()
        options = []
        for n, hit in enumerate(self.hits):
            label = Text(printable(f"{hit.ref.page[:14]} · {hit.title[:14]}  "), style="dim")
            label.append(printable(hit.context))
            options.append(Option(label, id=str(n)))
        results.add_options(options)
        if len(self.hits) < LIMIT:  # all there are
            self._show_count(query, len(self.hits))
        else:  # counting every occurrence reads every matching text: beside the first frame
            self.query_one("#corpus-count", Label).update(f"{LIMIT}+ hits (counting…); enter opens one")
            self._count(query)

    @work(thread=True, exclusive=True, group="search count")
    def _count(self, query: str) -> None:
        total = self.index.search_count(query)
        self.app.call_from_thread(self._show_count, query, total)

    def _show_count(self, query: str, total: int) -> None:
        if not self.is_attached or query != self.query_text:
            return
        self.total = total
        more = f" (showing the first {len(self.hits)})" if total > len(self.hits) else ""
        self.query_one("#corpus-count", Label).update(f"{total} hit(s){more}; enter opens one")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss((self.hits[int(event.option.id or 0)], self.query_text))
