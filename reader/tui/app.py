"""The Textual app: workers, styles, commands and screens around one reading session.

The state and the rules live in `ReadingSession` (reader/session/reading.py); the
reading screen (reader/tui/screens/reader.py) composes the widgets and routes what
they ask for. The app runs the background work and opens the corpus views.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from reader.session.index_process import end_on_signals
from reader.session.values import safe_text
from reader.tui.keymap import key_sections, palette_commands
from reader.tui.keys import KeysInOrder, hold_keys
from reader.tui.messages import JobReport
from reader.tui.screens.reader import ReaderScreen
from reader.tui.threads import EXIT_GRACE, workers_in_daemon_threads
from reader.tui.widgets.corpus_tree import CorpusTree

# The first frame is the article list. The reading session, its jobs and what they
# import are made right after it (see _after_first_frame and the properties below);
# benchmarks/bench_reader.py measures the start.
if TYPE_CHECKING:
    from reader.session.jobs import IndexOpened, Jobs, Progress
    from reader.session.reading import ReadingSession
    from reader.session.state import Words
    from reader.session.values import Corpus, Entry, Hit, Segmenter


# The corpus views: name -> (module of reader.tui.screens, screen class), imported when opened.
VIEWS = {
    "timeline": ("timeline", "TimelineScreen"),
    "figures": ("figures", "FiguresScreen"),
    "search": ("corpus_search", "CorpusSearchScreen"),
    "stats": ("stats", "StatsScreen"),
    "chart": ("chart", "ChartScreen"),
}


class EpiReaderApp(KeysInOrder, App[None]):
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

    def __init__(
        self, corpus: Corpus, session: Callable[[], ReadingSession], *, segmenter: Segmenter | None = None
    ) -> None:
        super().__init__()
        self.corpus = corpus
        self._make_session = session
        self._given_segmenter = segmenter
        self.index_progress = (0, len(corpus.pages))
        self._pending_view: str | None = None
        self._index_complete = False
        self._told_moved = False  # the index file was moved aside: said once
        self._index_failed: str | None = None  # why the index could not be built
        self._signals_off = lambda: None
        self.worker_exit_grace = EXIT_GRACE  # 0 when the process ends with the app
        # Composing and drawing the first frame makes many objects that live on; the
        # collections they set off would find nothing to free and only delay the frame.
        # Collection is back on right after it (_after_first_frame, or on_unmount).
        gc.disable()

    @cached_property
    def session(self) -> ReadingSession:
        """The state and the rules of the reader: made after the first frame."""
        return self._make_session()

    @cached_property
    def jobs(self) -> Jobs:
        """The session's background work, run by the workers below."""
        from reader.session.jobs import Jobs

        return Jobs(self.session)

    def get_default_screen(self) -> ReaderScreen:
        return ReaderScreen(self.corpus, lambda: self.session)

    @property
    def reader(self) -> ReaderScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, ReaderScreen)
        return screen

    def on_load(self) -> None:
        workers_in_daemon_threads(self.worker_exit_grace)  # q quits at once, whatever a worker is doing
        # Keys typed from now until the first article is open wait for it (the reading
        # screen's `opened` lets them go): none is taken by a screen not yet whole.
        hold_keys(self)

    def on_mount(self) -> None:
        self.sub_title = str(self.corpus.root)
        # SIGTERM and SIGHUP end the reader as q does, its worker process first.
        self._signals_off = end_on_signals(self._stop_jobs, self.exit)

    def on_unmount(self) -> None:
        self._signals_off()
        self._stop_jobs()
        gc.unfreeze()  # see _settle: what the app froze is collectable again once it ends
        gc.enable()  # an app that ended before its first frame

    def _stop_jobs(self) -> None:
        """Quitting does not wait for a page being indexed; jobs never made are not made to stop."""
        if "jobs" in self.__dict__:
            self.jobs.stop(closing=True)

    def on_reader_screen_ready(self) -> None:
        # The list is the first frame. Opening the first article (its annotation file,
        # the JSON Schema) and the background work come right after it: the threads
        # hold the GIL for seconds and would delay it.
        self.call_after_refresh(self._after_first_frame)

    async def _after_first_frame(self) -> None:
        from reader.session.state import where_tags_go

        gc.enable()
        reader = self.reader
        await reader.mount_reading_panes()
        # In the status bar only: a toast of it would lie over a view opened at once.
        reader.show_notice(where_tags_go(self.session.annotations), "information", 6)
        first = self.session.first_ref()
        try:
            if first is not None:
                reader.open_article(first)
                reader.view.focus()  # the keys of the text work at once
                self.call_after_refresh(self._settle)
            else:
                reader.set_status("no readable article in this folder")
        finally:
            reader.opened()
        # The index first: opening it takes milliseconds and the views wait for it;
        # jieba takes a second of the GIL.
        self.build_index()
        if self._given_segmenter is not None:
            self.jobs.segmenter_given(self._given_segmenter, self._report)
        else:
            self.reader.set_status("loading jieba dictionary…")
            self.set_timer(0.05, self.load_segmenter)

    def _settle(self) -> None:
        """The first tag as quick as the rest: what it needs is imported now, and what the
        app keeps for its life is frozen out of the garbage collector (a full collection
        walking it held the UI thread while the form opened); on_unmount gives it back."""
        from reader.tui.screens import attributes  # noqa: F401  (the form's Input and Select)

        self.session.prepare_edits()
        gc.freeze()

    def notify(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information",
        timeout: float | None = None, markup: bool = True,
    ) -> None:  # fmt: skip
        """Every notification: made safe for the terminal (page text and file names go
        into them), never read as markup, and shown in the reader's status bar."""
        text = safe_text(message)
        super().notify(text, title=title, severity=severity, timeout=timeout, markup=False)
        stack = self.screen_stack
        if stack and isinstance(stack[0], ReaderScreen) and (len(stack) == 1 or stack[-1].is_modal):
            stack[0].show_notice(text, severity, timeout or self.NOTIFICATION_TIMEOUT)

    # --- workers: the session's jobs, in threads; what they report comes as messages --

    def _report(self, value: object) -> None:
        self.post_message(JobReport(value))

    @work(thread=True, exclusive=True, group="segmenter", exit_on_error=False)
    def load_segmenter(self) -> None:
        self.jobs.load_segmenter(self._report)

    @work(thread=True, exclusive=True, group="keywords", exit_on_error=False)
    def build_keyword_model(self, segmenter: Segmenter) -> None:
        worker = get_current_worker()
        self.jobs.weigh_keywords(segmenter, self._report, lambda: worker.is_cancelled)

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def build_index(self) -> None:
        worker = get_current_worker()
        self.jobs.build_index(self._report, lambda: worker.is_cancelled)

    @work(thread=True, exclusive=True, group="words", exit_on_error=False)
    def make_article_words(self, due: list[Words]) -> None:
        self.jobs.article_words(due, self._report)

    def on_reader_screen_keywords_due(self) -> None:
        self._make_due_words()

    def _make_due_words(self) -> None:
        due = self.session.words_due()
        if due:
            self.make_article_words(due)

    @work(thread=True, exclusive=True, group="learning", exit_on_error=False)
    def relearn(self) -> None:
        self.jobs.relearn(self._report)

    def on_reader_screen_relearn(self) -> None:
        self.relearn()

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

    def on_job_report(self, message: JobReport) -> None:
        """What a job made, applied here, on the UI thread."""
        from reader.session import jobs

        if not self.screen_stack:
            return  # the app is closing: a worker's last report has nothing to show on
        value = message.value
        if isinstance(value, jobs.WordsMade):
            self.session.set_words(value.words)
            self.reader.refresh_tokens()
        elif isinstance(value, jobs.SegmenterLoaded):
            self.session.set_segmenter(value.segmenter, value.words)
            self.reader.refresh_tokens()
            if value.seconds:
                self.reader.set_status(f"jieba ready ({value.seconds:.1f} s); weighting keywords…")
            if self._index_complete:
                self.build_keyword_model(value.segmenter)
        elif isinstance(value, jobs.KeywordsWeighted):
            self.session.set_keyword_model(value.model, value.words)
            self.reader.refresh_tokens()
        elif isinstance(value, jobs.Progress):
            self._progress(value)
        elif isinstance(value, jobs.PagesIndexed):
            self.reader.set_counts(value.counts)
        elif isinstance(value, jobs.IndexOpened):
            self._index_opened(value)
        elif isinstance(value, jobs.Relearned):
            self.reader.tell(self.session.use_learned(value.learned))
        if isinstance(value, jobs.SegmenterLoaded | jobs.KeywordsWeighted | jobs.WordsMade):
            self._make_due_words()  # jieba or the model came for an article since left

    def _progress(self, progress: Progress) -> None:
        done, total = progress.done, progress.total
        if progress.what == "keywords":
            self.reader.set_status(f"weighting keywords against the corpus: {done}/{total}")
            return
        self.index_progress = (done, total)
        if self._pending_view is not None or total > 200:
            self.reader.set_status(f"building the corpus index: {done}/{total} pages")

    def _index_opened(self, opened: IndexOpened) -> None:
        views = self.session.use_index(opened.index)
        moved = views.moved_aside
        if moved is not None and not self._told_moved:
            self._told_moved = True
            where, why = moved
            self.notify(
                f"Index file not usable ({why}): moved to {getattr(where, 'name', where)}, rebuilding",
                timeout=8,
            )
        self.reader.query_one(CorpusTree).set_problems(views.page_problems())
        self.reader.use_index_counts(views)
        self.reader.set_status(self.session.status())
        if opened.complete:
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
        index = self.session.views
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
        from importlib import import_module

        self.session.refresh_index()
        module, screen_class = VIEWS[name]
        screen = getattr(import_module(f"reader.tui.screens.{module}"), screen_class)(index)
        self.push_screen(screen, self._jump_to_hit if name == "search" else self._jump_to_entry)

    def _jump_to_entry(self, entry: Entry | None) -> None:
        if entry is not None:
            self.reader.jump_to(entry.ref, entry.start)

    def _jump_to_hit(self, result: tuple[Hit, str] | None) -> None:
        if result is not None:
            hit, query = result
            self.reader.jump_to(hit.ref, self.session.hit_start(hit), query)

    # --- keys: the bindings are the one list, for the footer, help and palette -----

    def action_help(self) -> None:
        from reader.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(key_sections(self)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from palette_commands(self, screen)


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

    def session() -> ReadingSession:
        from reader.session.reading import ReadingSession
        from reader.session.values import default_annotator

        who = annotator or default_annotator()
        return ReadingSession(corpus, annotations, who, keywords, edit_gold=edit_gold)

    return EpiReaderApp(corpus, session, segmenter=segmenter)
