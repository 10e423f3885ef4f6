"""The Textual app: workers, styles, commands and screens around one reading session.

The state and the rules live in `ReadingSession` (reader/session/reading.py); the
reading screen (reader/tui/screens/reader.py) composes the widgets and routes what
they ask for. The app runs the background work and opens the corpus views.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from reader.annotation.model import default_annotator
from reader.corpus.corpus import Corpus
from reader.session.reading import ReadingSession
from reader.text.safe import safe_text
from reader.text.segment import Segmenter
from reader.tui.index_process import IndexProcess, end_on_signals
from reader.tui.keys import KeyOrder
from reader.tui.messages import (
    ArticleCounts,
    IndexReady,
    KeywordModelReady,
    Progress,
    Relearned,
    SegmenterReady,
)
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.reader import ReaderScreen
from reader.tui.threads import EXIT_GRACE, workers_in_daemon_threads
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.corpus_tree import CorpusTree

if TYPE_CHECKING:
    from reader.corpus.index import Entry, Hit

# Seconds an index built in a thread waits for jieba's load to end, at most.
JIEBA_WAIT = 10.0


class EpiReaderApp(App[None]):
    CSS_PATH = "epireader.tcss"
    TITLE = "epireader"

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
        Binding("ctrl+t", "view('timeline')", "Timeline", id="timeline"),
        Binding("ctrl+g", "view('figures')", "Figures", id="figures"),
        Binding("ctrl+f", "view('search')", "Corpus search", id="corpus_search"),
        Binding("ctrl+o", "view('stats')", "Stats", id="stats"),
        Binding("ctrl+k", "view('chart')", "Charts", id="chart"),
        Binding("tab", "app.focus_next", "Pane", show=False, id="focus_next"),
    ]

    def __init__(self, session: ReadingSession, *, segmenter: Segmenter | None = None) -> None:
        super().__init__()
        self.session = session
        self._given_segmenter = segmenter
        self.index_progress = (0, len(session.corpus.pages))
        self._pending_view: str | None = None
        self._index_complete = False
        self._told_moved = False  # the index file was moved aside: said once
        self._index_failed: str | None = None  # why the index could not be built
        self._signals_off = lambda: None
        self.index_process = IndexProcess(session.corpus.root, session.annotations)
        self._jieba_loaded = threading.Event()  # set when jieba's load ends, however it ends
        self.worker_exit_grace = EXIT_GRACE  # 0 when the process ends with the app
        self.key_order = KeyOrder(self, super().on_event)

    async def on_event(self, event: events.Event) -> None:
        # Keys one at a time, in the order typed (reader/tui/keys.py says why).
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.key_order.arrived(event)
        else:
            await super().on_event(event)

    def get_default_screen(self) -> ReaderScreen:
        return ReaderScreen(self.session)

    @property
    def reader(self) -> ReaderScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, ReaderScreen)
        return screen

    def on_load(self) -> None:
        workers_in_daemon_threads(self.worker_exit_grace)  # q quits at once, whatever a worker is doing

    def on_mount(self) -> None:
        self.sub_title = str(self.session.corpus.root)
        # SIGTERM and SIGHUP end the reader as q does, its worker process first.
        self._signals_off = end_on_signals(lambda: self.index_process.stop(closing=True), self.exit)

    def on_unmount(self) -> None:
        self._signals_off()
        self.index_process.stop(closing=True)  # quitting does not wait for a page being indexed
        gc.unfreeze()  # see _settle: what the app froze is collectable again once it ends

    def on_reader_screen_ready(self) -> None:
        # The list is the first frame. Opening the first article (its annotation file,
        # the JSON Schema) and the background work come right after it: the threads
        # hold the GIL for seconds and would delay it.
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        first = self.session.first_ref()
        if first is not None:
            self.reader.open_article(first)
            self.reader.view.focus()  # the keys of the text work at once
            self.call_after_refresh(self._settle)
        else:
            self.reader.set_status("no readable article in this folder")
        # The index first: opening it takes milliseconds and the views wait for it;
        # jieba takes a second of the GIL.
        self.build_index()
        if self._given_segmenter is not None:
            self._jieba_loaded.set()
            self.post_message(SegmenterReady(self._given_segmenter, 0.0))
        else:
            self.reader.set_status("loading jieba dictionary…")
            self.set_timer(0.05, self.load_segmenter)

    def _settle(self) -> None:
        """Make the first tag as quick as the rest, once the first article is drawn.

        The modules the first tag and its form need are imported now. Then everything made
        so far (Textual's app, stylesheet and widgets, the modules, the open article) is
        frozen out of the garbage collector: it lives as long as the app, and a full
        collection walking it took 60-160 ms of the UI thread at moments like opening
        the attribute form. on_unmount gives it back.
        """
        from reader.tui.screens import attributes  # noqa: F401  (the form's Input and Select)

        self.session.prepare_edits()
        gc.freeze()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification: made safe for the terminal (page text and file names go
        into them), never read as markup, and shown in the reader's status bar."""
        text = safe_text(message)
        super().notify(text, title=title, severity=severity, timeout=timeout, markup=False)
        stack = self.screen_stack
        if stack and isinstance(stack[0], ReaderScreen) and (len(stack) == 1 or stack[-1].is_modal):
            stack[0].show_notice(text, severity, timeout or self.NOTIFICATION_TIMEOUT)

    # --- workers: they read files and post messages; they never touch a widget ----

    @work(thread=True, exclusive=True, group="segmenter", exit_on_error=False)
    def load_segmenter(self) -> None:
        from reader.corpus.teach import USER_DICT_NAME

        started = time.perf_counter()
        try:
            segmenter = Segmenter.shared(extra_dicts=(self.session.annotations / USER_DICT_NAME,))
            segmenter.warm_up()
        finally:
            self._jieba_loaded.set()
        seconds = time.perf_counter() - started
        # The open article's words too: on a long article they are ~0.5 s that the UI
        # thread would otherwise spend when the message arrives, with a key waiting.
        self.post_message(SegmenterReady(segmenter, seconds, self.session.open_words(segmenter, None)))

    @work(thread=True, exclusive=True, group="keywords", exit_on_error=False)
    def build_keyword_model(self, segmenter: Segmenter) -> None:
        worker = get_current_worker()
        model = self.session.build_keyword_model(
            segmenter,
            lambda done, total: self.post_message(Progress("keywords", done, total)),
            lambda: worker.is_cancelled,
        )
        if model is not None:
            self.post_message(KeywordModelReady(model, self.session.open_words(segmenter, model)))

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def build_index(self) -> None:
        """The corpus index file, brought up to date: only pages (or annotation files)
        that changed, appeared or went away are read again. A warm index is handed to
        the views at once and answers with the stale data while the rest is re-read;
        the tree's counts follow as pages are written."""
        from reader.annotation.store import AnnotationStore
        from reader.corpus.index import CorpusIndex

        worker = get_current_worker()
        started = time.perf_counter()
        corpus = self.session.corpus
        # The whole-file check reads all of a large index (a second per GB): the views
        # get the index at once and the check runs beside them, before anything is written.
        index = CorpusIndex.open(corpus, self.session.annotations, verify=False)
        total = len(corpus.pages)
        if not index.empty:
            self.post_message(IndexReady(index, time.perf_counter() - started, complete=False))
        index.db.verify()

        def written(names: list[str]) -> None:
            self.post_message(ArticleCounts(index.counts_of(names), len(names), total))

        def progress(done: int, todo: int) -> None:
            self.post_message(Progress("index", done, todo))

        store = AnnotationStore(self.session.annotations)
        plan = index.stale(store)
        mapper = self.index_process.mapper(plan[0])
        if mapper is None and plan[0]:
            # Pages indexed in this thread wait for jieba's load: the two at once left
            # the UI thread a third of the GIL, and the tag form took 0.5 s in the
            # first seconds instead of 0.2.
            self._jieba_loaded.wait(JIEBA_WAIT)
        try:
            if index.refresh(store, progress, lambda: worker.is_cancelled, mapper, written, plan) is not None:
                self.post_message(IndexReady(index, time.perf_counter() - started))
        finally:
            self.index_process.stop()

    @work(thread=True, exclusive=True, group="learning", exit_on_error=False)
    def relearn(self) -> None:
        """The counted-noun prefill learns again from the folder's tags (after a correction)."""
        segmenter = self.session.segmenter
        if segmenter is not None:
            self.post_message(Relearned(self.session.relearn(segmenter)))

    def on_reader_screen_relearn(self) -> None:
        self.relearn()

    def on_relearned(self, message: Relearned) -> None:
        self.reader.tell(self.session.use_learned(message.learned))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker is reported: nothing fails silently."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            what = {"segmenter": "segmentation unavailable"}.get(event.worker.group, event.worker.group)
            if event.worker.group == "index":
                self._index_failed, self._pending_view = f"{error}", None
            self.reader.set_status(f"{what}: {type(error).__name__}: {error}")
            self.notify(f"{what}: {error}", severity="error", timeout=8)

    def on_segmenter_ready(self, message: SegmenterReady) -> None:
        self.session.set_segmenter(message.segmenter, message.words)
        self.reader.refresh_tokens()
        if message.seconds:
            self.reader.set_status(f"jieba ready ({message.seconds:.1f} s); weighting keywords…")
        if self._index_complete:
            self.build_keyword_model(message.segmenter)

    def on_progress(self, message: Progress) -> None:
        done, total = message.done, message.total
        if message.what == "keywords":
            self.reader.set_status(f"weighting keywords against the corpus: {done}/{total}")
            return
        self.index_progress = (done, total)
        if self._pending_view is not None or total > 200:
            self.reader.set_status(f"building the corpus index: {done}/{total} pages")

    def on_keyword_model_ready(self, message: KeywordModelReady) -> None:
        self.session.set_keyword_model(message.model, message.words)
        self.reader.refresh_tokens()

    def on_article_counts(self, message: ArticleCounts) -> None:
        self.reader.set_counts(message.counts)

    def on_index_ready(self, message: IndexReady) -> None:
        moved = message.index.db.moved_aside
        if moved is not None and not self._told_moved:
            self._told_moved = True
            why, where = moved[1], moved[0].name
            self.notify(f"Index file not usable ({why}): moved to {where}, rebuilding", timeout=8)
        self.session.index = message.index
        self.reader.query_one(CorpusTree).set_problems(message.index.page_problems())
        self.reader.use_index_counts(message.index)
        self.reader.set_status(self.session.status())
        if message.complete:
            # Keywords are weighted against the index's document frequencies.
            self._index_complete = True
            if self.session.segmenter is not None:
                self.build_keyword_model(self.session.segmenter)
        if self._pending_view is not None:
            view, self._pending_view = self._pending_view, None
            self.action_view(view)

    # --- the corpus views ------------------------------------------------------------

    def action_view(self, name: str) -> None:
        """Open the timeline, figure table, corpus search, stats or charts (needs the index)."""
        index = self.session.index
        if index is None and self._index_failed is not None:
            self.notify(
                f"The {name} cannot open: the corpus index failed ({self._index_failed})", severity="error"
            )
            return
        if index is None:
            self._pending_view = name
            done, total = self.index_progress
            self.notify(f"Building the corpus index ({done}/{total} pages); {name} opens when ready")
            return
        from reader.tui.screens.corpus_search import CorpusSearchScreen
        from reader.tui.screens.figures import FiguresScreen
        from reader.tui.screens.stats import StatsScreen
        from reader.tui.screens.timeline import TimelineScreen

        self.session.refresh_index()
        if name == "chart":
            from reader.tui.screens.chart import ChartScreen

            self.push_screen(ChartScreen(index), self._jump_to_entry)
        elif name == "timeline":
            self.push_screen(TimelineScreen(index), self._jump_to_entry)
        elif name == "figures":
            self.push_screen(FiguresScreen(index), self._jump_to_entry)
        elif name == "search":
            self.push_screen(CorpusSearchScreen(index), self._jump_to_hit)
        else:
            self.push_screen(StatsScreen(index))

    def _jump_to_entry(self, entry: Entry | None) -> None:
        if entry is not None:
            self.reader.jump_to(entry.ref, entry.start)

    def _jump_to_hit(self, result: tuple[Hit, str] | None) -> None:
        if result is None:
            return
        hit, query = result
        page, article = self.session.corpus.article(hit.ref)
        start, _ = page.view(article).to_page(hit.view_start, hit.view_end)
        self.reader.jump_to(hit.ref, start, query)

    # --- keys: the bindings are the one list, for the footer, help and palette -----

    def key_sections(self) -> list[tuple[str, list[BindingType]]]:
        from reader.tui.screens.attributes import AttributeForm
        from reader.tui.screens.figures import FiguresScreen
        from reader.tui.screens.timeline import TimelineScreen

        return [
            ("Anywhere", list(self.BINDINGS)),
            ("Reading", list(ReaderScreen.BINDINGS)),
            ("Article text", list(ArticleView.BINDINGS)),
            ("Article list", list(CorpusTree.BINDINGS)),
            ("Attribute form", list(AttributeForm.BINDINGS)),
            ("Timeline", list(TimelineScreen.BINDINGS)),
            ("Figure table", list(FiguresScreen.BINDINGS)),
        ]

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.key_sections()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, ReaderScreen):
            return
        view = screen.view
        for node, bindings in ((self, self.BINDINGS), (screen, screen.BINDINGS), (view, view.BINDINGS)):
            for binding in bindings:
                if isinstance(binding, Binding) and binding.id not in ("focus_next", "quit"):
                    keys = binding.key_display or binding.key.split(",")[0]
                    run = partial(node.run_action, binding.action)
                    yield SystemCommand(binding.description, f"key: {keys}", run)


def make_app(
    corpus: Corpus,
    *,
    annotations: Path = Path("annotations"),
    annotator: str | None = None,
    segmenter: Segmenter | None = None,
    keywords: str = "tfidf",
    edit_gold: bool = False,
) -> EpiReaderApp:
    """The one way to build the app, for the CLI and the tests alike."""
    session = ReadingSession(
        corpus, annotations, annotator or default_annotator(), keywords, edit_gold=edit_gold
    )
    return EpiReaderApp(session, segmenter=segmenter)
