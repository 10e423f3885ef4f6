"""The Textual app: corpus tree, article text, keyword panel, status line, footer."""

from __future__ import annotations

import time
from collections.abc import Iterable

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, Tree

from reader.corpus import Corpus
from reader.document import Document
from reader.keywords import KeywordModel, textrank_keywords
from reader.segment import Segmenter
from reader.tui.messages import KeywordModelReady, KeywordProgress, SegmenterFailed, SegmenterReady
from reader.tui.screens.help import HelpScreen
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.corpus_tree import ArticleRef, CorpusTree
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.side_panel import KeywordTable, SidePanel

KEYWORD_COUNT = 12


class EpiReaderApp(App[None]):
    CSS_PATH = "epireader.tcss"
    TITLE = "epireader"

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
        Binding("right_square_bracket", "next_article(1)", "Next", key_display="]", id="next_article"),
        Binding("left_square_bracket", "next_article(-1)", "Prev", key_display="[", id="prev_article"),
        Binding("slash", "start_search", "Search", key_display="/", id="search"),
        Binding("tab", "app.focus_next", "Pane", show=False, id="focus_next"),
    ]

    def __init__(
        self,
        corpus: Corpus,
        *,
        segmenter: Segmenter | None = None,
        keywords: str = "tfidf",
    ) -> None:
        super().__init__()
        self.corpus = corpus
        self.segmenter = segmenter
        self.keyword_method = keywords
        self.keyword_model: KeywordModel | None = None
        self.document: Document | None = None
        self.current: tuple[int, int] | None = None
        self._given_segmenter = segmenter

    # --- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield CorpusTree(self.corpus, id="tree")
            yield ArticleView(id="text")
            yield SidePanel(id="side")
        yield SearchBox(placeholder="search this article (simplified or traditional), enter", id="search")
        yield Static("", id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = str(self.corpus.root)
        self.query_one(CorpusTree).focus()
        first = next(((p, 0) for p, page in enumerate(self.corpus.pages) if page.articles), None)
        if first is not None:
            self.open_article(*first)
        if self._given_segmenter is not None:
            self.post_message(SegmenterReady(self._given_segmenter, 0.0))
        else:
            self.set_status("loading jieba dictionary…")
            self.load_segmenter()

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(text)

    # --- workers ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="segmenter")
    def load_segmenter(self) -> None:
        started = time.perf_counter()
        try:
            segmenter = Segmenter()
        except Exception as exc:  # jieba missing or its dictionary unreadable
            self.post_message(SegmenterFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(SegmenterReady(segmenter, time.perf_counter() - started))

    @work(thread=True, exclusive=True, group="keywords")
    def build_keyword_model(self, segmenter: Segmenter) -> None:
        model = KeywordModel(segmenter)
        articles = self.corpus.articles
        step = max(1, len(articles) // 50)
        for n, (page, article) in enumerate(articles, 1):
            model.add_article(segmenter.tokenize(page.view(article)))
            if n % step == 0:
                self.post_message(KeywordProgress(n, len(articles)))
        self.post_message(KeywordModelReady(model))

    def on_segmenter_ready(self, message: SegmenterReady) -> None:
        self.segmenter = message.segmenter
        if message.seconds:
            self.set_status(f"jieba ready ({message.seconds:.1f} s); weighting keywords…")
        self._segment_current()
        self.build_keyword_model(message.segmenter)

    def on_segmenter_failed(self, message: SegmenterFailed) -> None:
        self.set_status(f"segmentation unavailable: {message.error}")

    def on_keyword_progress(self, message: KeywordProgress) -> None:
        self.set_status(f"weighting keywords against the corpus: {message.done}/{message.total}")

    def on_keyword_model_ready(self, message: KeywordModelReady) -> None:
        self.keyword_model = message.model
        self._update_keywords()
        self.set_status(self._position_text())

    # --- articles --------------------------------------------------------------------

    def open_article(self, p: int, a: int) -> None:
        page = self.corpus.pages[p]
        self.current = (p, a)
        self.document = Document.open(page, page.articles[a])
        self._segment_current(show=False)
        self.view.show(self.document)
        self.query_one(CorpusTree).select_article(p, a)
        self.set_status(self._position_text())

    def _segment_current(self, show: bool = True) -> None:
        doc = self.document
        if doc is None or self.segmenter is None:
            return
        doc.set_tokens(self.segmenter.tokenize(doc.view))
        self._update_keywords()
        if show:
            self.view.refresh_tokens()

    def _update_keywords(self) -> None:
        doc = self.document
        if doc is None or self.segmenter is None or not doc.segmented:
            self.query_one(KeywordTable).show_keywords([])
            return
        if self.keyword_method == "textrank":
            found = textrank_keywords(self.segmenter, doc.view.text, KEYWORD_COUNT)
        else:
            model = self.keyword_model or KeywordModel(self.segmenter)
            found = model.keywords(doc.tokens, KEYWORD_COUNT)
        doc.keywords = [(k.word, k.weight) for k in found]
        self.query_one(KeywordTable).show_keywords(doc.keywords)
        self.view.refresh_tokens()

    def _position_text(self) -> str:
        if self.current is None or self.document is None:
            return "no readable article"
        p, a = self.current
        page = self.corpus.pages[p]
        jieba = "" if self.segmenter else " · jieba loading…"
        return f"{page.name} · article {a + 1}/{len(page.articles)} · {self.document.article.length}字{jieba}"

    @on(Tree.NodeSelected, "#tree")
    def _tree_selected(self, event: Tree.NodeSelected[ArticleRef]) -> None:
        ref = event.node.data
        if ref is None or ref.article is None:
            return
        self.open_article(ref.page, ref.article)
        self.view.focus()

    def action_next_article(self, delta: int) -> None:
        order = [(p, a) for p, page in enumerate(self.corpus.pages) for a in range(len(page.articles))]
        if not order:
            return
        i = order.index(self.current) if self.current in order else -1
        self.open_article(*order[(i + delta) % len(order)])

    # --- search ----------------------------------------------------------------------

    def action_start_search(self) -> None:
        box = self.query_one(SearchBox)
        box.add_class("visible")
        box.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        box = event.input
        box.remove_class("visible")
        count = self.view.search(event.value)
        self.view.focus()
        if event.value.strip():
            kind = "information" if count else "warning"
            self.notify(f"{count} hit(s) for {event.value.strip()!r}; n for next", severity=kind)

    @on(SearchBox.Cancelled)
    def _search_cancelled(self) -> None:
        self.query_one(SearchBox).remove_class("visible")
        self.view.focus()

    # --- help and palette ------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(
            HelpScreen(
                [
                    ("Anywhere", list(self.BINDINGS)),
                    ("Article text", list(ArticleView.BINDINGS)),
                    ("Article list", list(CorpusTree.BINDINGS)),
                ]
            )
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Next article", "Open the next article", lambda: self.action_next_article(1))
        yield SystemCommand(
            "Previous article", "Open the previous article", lambda: self.action_next_article(-1)
        )
        yield SystemCommand(
            "Toggle segmentation", "Shade word boundaries on/off", self.view.action_toggle_segmentation
        )
        yield SystemCommand("Toggle glosses", "Dim or hide pinyin glosses", self.view.action_toggle_glosses)
        yield SystemCommand("Search article", "Search the open article", self.action_start_search)
        yield SystemCommand("Keys", "Show every key", self.action_help)


def make_app(
    corpus: Corpus,
    *,
    segmenter: Segmenter | None = None,
    keywords: str = "tfidf",
) -> EpiReaderApp:
    """The one way to build the app, for the CLI and the tests alike."""
    return EpiReaderApp(corpus, segmenter=segmenter, keywords=keywords)
