"""The Textual app: corpus tree, article text, keyword panel, status line, footer."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, Tree
from textual.worker import get_current_worker

from reader.annotation.editing import Edit, Session
from reader.annotation.model import Tag as Span
from reader.annotation.model import default_annotator
from reader.annotation.store import AnnotationStore, ConcurrentEdit, StoreError
from reader.annotation.suggestions import Review, open_suggestions, review
from reader.corpus.corpus import Corpus
from reader.corpus.keywords import KeywordModel, textrank_keywords
from reader.corpus.teach import USER_DICT_NAME
from reader.extraction.extractor import extract_text
from reader.text.spans import Span as Found
from reader.extraction.quantities import parse_figure, parse_time
from reader.text.document import Document
from reader.text.normalize import GLOSS
from reader.text.segment import Segmenter
from reader.tui.clipboard import copy_text
from reader.tui.messages import (
    ArticleCount,
    ArticleCounts,
    IndexProgress,
    IndexReady,
    KeywordModelReady,
    KeywordProgress,
    SegmenterFailed,
    SegmenterReady,
)
from reader.tui.screens.attributes import AttributeForm
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.widgets.article_view import ArticleView, Mark
from reader.tui.widgets.corpus_tree import ArticleRef, CorpusTree
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.side_panel import KeywordTable, SidePanel
from reader.tui.widgets.tag_list import TagList

if TYPE_CHECKING:  # the corpus views load when first opened, not at start-up
    from reader.corpus.index import CorpusIndex, Entry, Hit

T = TypeVar("T")
MODE_HINTS = {
    "tags": "",
    "suggest": " · SUGGESTIONS (a accept, r reject, A all)",
    "review": " · REVIEW (red: extractor missed; yellow: not in tags; a add, r dismiss)",
}
KEYWORD_COUNT = 12
# Document frequencies from an even sample of at most this many articles: enough to
# tell corpus-wide words from specific ones, and bounded for a 10,000-article folder.
KEYWORD_SAMPLE = 1500


def keyword_sample(articles: list[T]) -> list[T]:
    if len(articles) <= KEYWORD_SAMPLE:
        return articles
    step = len(articles) / KEYWORD_SAMPLE
    return [articles[int(i * step)] for i in range(KEYWORD_SAMPLE)]


class EpiReaderApp(App[None]):
    CSS_PATH = "epireader.tcss"
    TITLE = "epireader"

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
        Binding("right_square_bracket", "next_article(1)", "Next", key_display="]", id="next_article"),
        Binding("left_square_bracket", "next_article(-1)", "Prev", key_display="[", id="prev_article"),
        Binding("slash", "start_search", "Search", key_display="/", id="search"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("ctrl+r", "redo", "Redo", key_display="^r", id="redo"),
        Binding("ctrl+t", "view('timeline')", "Timeline", id="timeline"),
        Binding("ctrl+g", "view('figures')", "Figures", id="figures"),
        Binding("ctrl+f", "view('search')", "Corpus search", id="corpus_search"),
        Binding("ctrl+o", "view('stats')", "Stats", id="stats"),
        Binding("tab", "app.focus_next", "Pane", show=False, id="focus_next"),
    ]

    def __init__(
        self,
        corpus: Corpus,
        *,
        annotations: Path,
        annotator: str,
        segmenter: Segmenter | None = None,
        keywords: str = "tfidf",
    ) -> None:
        super().__init__()
        self.corpus = corpus
        self.session = Session(AnnotationStore(annotations), annotator)
        self.segmenter = segmenter
        self.keyword_method = keywords
        self.keyword_model: KeywordModel | None = None
        self.document: Document | None = None
        self.current: tuple[int, int] | None = None
        self._given_segmenter = segmenter
        self.mode = "tags"  # or "suggest" (p) or "review" (g)
        self.index: CorpusIndex | None = None
        self._index_progress = (0, len(corpus.pages))
        self._pending_view: str | None = None
        self._edited: set[str] = set()  # pages changed since the index last saw them
        self._found: dict[str, list[Found]] = {}

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
        self.set_status("opening…")
        # The list is the first frame. Opening the first article (its annotation file,
        # the JSON Schema), the tree's tag counts and the background work all come
        # right after it: the threads hold the GIL for seconds and would delay it.
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        first = next(((p, 0) for p, page in enumerate(self.corpus.pages) if page.articles), None)
        if first is not None:
            self.open_article(*first)
        else:
            self.set_status("no readable article in this folder")
        if self._given_segmenter is not None:
            self.post_message(SegmenterReady(self._given_segmenter, 0.0))
        else:
            self.set_status("loading jieba dictionary…")
            self.set_timer(0.05, self.load_segmenter)
        self.set_timer(0.1, self.build_index)

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
            extra = (self.session.store.directory / USER_DICT_NAME,)
            segmenter = Segmenter(extra_dicts=extra)
            segmenter.warm_up()
        except Exception as exc:  # jieba missing or its dictionary unreadable
            self.post_message(SegmenterFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(SegmenterReady(segmenter, time.perf_counter() - started))

    @work(thread=True, exclusive=True, group="keywords")
    def build_keyword_model(self, segmenter: Segmenter) -> None:
        worker = get_current_worker()
        model = KeywordModel(segmenter)
        articles = keyword_sample(self.corpus.articles)
        step = max(1, len(articles) // 50)
        for n, (page, article) in enumerate(articles, 1):
            if worker.is_cancelled:
                return
            model.add_article(segmenter.tokenize(page.view(article)))
            if n % step == 0:
                self.post_message(KeywordProgress(n, len(articles)))
        self.post_message(KeywordModelReady(model))

    @work(thread=True, exclusive=True, group="index")
    def build_index(self) -> None:
        """The corpus index, page by page; open suggestions per article go to the tree as
        they are counted. Reads files only and posts messages: it touches no widget."""
        worker = get_current_worker()
        started = time.perf_counter()
        store = AnnotationStore(self.session.store.directory)
        sent = 0

        def progress(done: int, total: int) -> None:
            nonlocal sent
            counts: dict[tuple[int, int], ArticleCount] = {}
            for p in range(sent, done):
                for article in self.corpus.pages[p].articles:
                    counts[(p, article.index)] = ArticleCount(
                        reviewed=(p, article.index) in index_so_far.reviewed
                    )
                for entry in index_so_far.entries.get(p, []):
                    count = counts[(p, entry.article)]
                    if entry.origin == "suggested":
                        count.suggestions += 1
                    else:
                        count.tags += 1
            sent = done
            self.post_message(ArticleCounts(counts, done, total))
            self.post_message(IndexProgress(done, total))

        from reader.corpus.index import CorpusIndex

        index_so_far = CorpusIndex(self.corpus)
        index = CorpusIndex.build(
            self.corpus, store, progress, lambda: worker.is_cancelled, into=index_so_far
        )
        if index is not None:
            index.timeline()  # order the events here, not when the view opens
            self.post_message(IndexReady(index, time.perf_counter() - started))

    def on_article_counts(self, message: ArticleCounts) -> None:
        tree = self.query_one(CorpusTree)
        for (p, a), count in message.counts.items():
            page = self.corpus.pages[p]
            loaded = self.session.loaded.get(page.name)
            if loaded is None:
                tree.set_counts(p, a, tags=count.tags, suggestions=count.suggestions, reviewed=count.reviewed)
                continue
            # A page open in this session may have changed since the worker read its file.
            article = page.articles[a]
            live = (
                open_suggestions(self._found[page.name], loaded.annotations)
                if page.name in self._found
                else None
            )
            tree.set_counts(
                p,
                a,
                tags=len(loaded.annotations.in_article(article)),
                suggestions=count.suggestions
                if live is None
                else sum(article.start <= f.start and f.end <= article.end for f in live),
                reviewed=loaded.annotations.is_reviewed(a),
            )

    def on_index_progress(self, message: IndexProgress) -> None:
        self._index_progress = (message.done, message.total)
        if self._pending_view is not None or message.total > 200:
            self.set_status(f"building the corpus index: {message.done}/{message.total} pages")

    def on_index_ready(self, message: IndexReady) -> None:
        self.index = message.index
        self.set_status(self._position_text())
        if self._pending_view is not None:
            view, self._pending_view = self._pending_view, None
            self.action_view(view)

    def action_view(self, name: str) -> None:
        """Open the timeline, figure table, corpus search or stats (needs the index)."""
        if self.index is None:
            self._pending_view = name
            done, total = self._index_progress
            self.notify(f"Building the corpus index ({done}/{total} pages); {name} opens when ready")
            return
        from reader.tui.screens.corpus_search import CorpusSearchScreen
        from reader.tui.screens.figures import FiguresScreen
        from reader.tui.screens.stats import StatsScreen
        from reader.tui.screens.timeline import TimelineScreen

        self._refresh_index_page()
        if name == "timeline":
            self.push_screen(TimelineScreen(self.index), self._jump_to_entry)
        elif name == "figures":
            self.push_screen(FiguresScreen(self.index), self._jump_to_entry)
        elif name == "search":
            self.push_screen(CorpusSearchScreen(self.index), self._jump_to_hit)
        else:
            self.push_screen(StatsScreen([self.index.stats[p] for p in sorted(self.index.stats)]))

    def _refresh_index_page(self) -> None:
        """Pages edited since the index was built: their entries follow the edits."""
        if self.index is None:
            return
        for name in sorted(self._edited):
            p = next(i for i, page in enumerate(self.corpus.pages) if page.name == name)
            self.index.add_page(p, self.session.annotations(self.corpus.pages[p]), self._found.get(name))
        self._edited.clear()

    def _jump_to_entry(self, entry: Entry | None) -> None:
        if entry is not None:
            self.jump_to(entry.page, entry.article, entry.start)

    def _jump_to_hit(self, result: tuple[Hit, str] | None) -> None:
        if result is None:
            return
        hit, query = result
        page = self.corpus.pages[hit.page]
        view = page.view(page.articles[hit.article])
        start, _ = view.to_page(hit.view_start, hit.view_end)
        self.jump_to(hit.page, hit.article, start)
        self.view.search(query)
        self.view.move_to(start)

    def jump_to(self, p: int, a: int, offset: int) -> None:
        self.open_article(p, a)
        self.view.move_to(offset)
        self.view.focus()

    def on_segmenter_ready(self, message: SegmenterReady) -> None:
        self.segmenter = message.segmenter
        self._segment_current()
        if message.seconds:
            self.set_status(f"jieba ready ({message.seconds:.1f} s); weighting keywords…")
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
        self.document = Document.open(page, page.articles[a], self.segmenter)
        self._compute_keywords()
        loaded = self.session.open(page)
        self.view.show(self.document, marks=self._marks())
        self._show_side_panel()
        self.query_one(CorpusTree).select_article(p, a)
        if loaded.problem:
            self.notify(f"Read-only: {loaded.problem}", severity="error", timeout=8)
        for message in loaded.messages:
            self.notify(f"Page text changed: {message}", severity="warning", timeout=8)
        loaded.messages.clear()

    def _segment_current(self) -> None:
        """Segment the open article now that jieba is here, keeping the cursor's place."""
        doc = self.document
        if doc is None or self.segmenter is None:
            return
        doc.set_tokens(self.segmenter.tokenize(doc.view))
        self._compute_keywords()
        self.query_one(KeywordTable).show_keywords(doc.keywords)
        self.view.refresh_tokens()

    def _compute_keywords(self) -> None:
        doc = self.document
        if doc is None or self.segmenter is None or not doc.segmented:
            return
        if self.keyword_method == "textrank":
            found = textrank_keywords(self.segmenter, doc.view.text, KEYWORD_COUNT)
        else:
            model = self.keyword_model or KeywordModel(self.segmenter)
            found = model.keywords(doc.tokens, KEYWORD_COUNT)
        doc.keywords = [(k.word, k.weight) for k in found]

    def _update_keywords(self) -> None:
        self._compute_keywords()
        if self.document is not None:
            self.query_one(KeywordTable).show_keywords(self.document.keywords)
            self.view.refresh_tokens()

    def _position_text(self) -> str:
        if self.current is None or self.document is None:
            return "no readable article"
        p, a = self.current
        page = self.corpus.pages[p]
        jieba = "" if self.segmenter else " · jieba loading…"
        loaded = self.session.open(page)
        tags = len(self._article_spans())
        state = f" · READ-ONLY ({loaded.path.name})" if loaded.read_only else ""
        orphans = f" · {len(loaded.annotations.orphans)} orphaned" if loaded.annotations.orphans else ""
        article = self.document.article
        mode = MODE_HINTS[self.mode]
        reviewed = " · reviewed ✓" if loaded.annotations.is_reviewed(article.index) else ""
        return (
            f"{page.name} · article {a + 1}/{len(page.articles)} · {article.length}字 · "
            f"{tags} tags{orphans}{reviewed}{state}{mode}{jieba}"
        )

    # --- tags ----------------------------------------------------------------------

    def _article_spans(self) -> list[Span]:
        if self.document is None:
            return []
        article = self.document.article
        return self.session.annotations(self.document.page).in_article(article)

    def _marks(self) -> list[Mark]:
        marks = [Mark(s.start, s.end, s.label) for s in self._article_spans()]
        if self.document is None or self.mode == "tags":
            return marks
        if self.mode == "suggest":
            marks += [Mark(f.start, f.end, "suggestion") for f in self._open_suggestions()]
        else:
            result = self._review()
            marks += [Mark(start, end, "missed") for _, start, end in result.missed]
            marks += [Mark(f.start, f.end, "alarm") for f in result.alarms]
        return marks

    def _page_found(self) -> list[Found]:
        assert self.document is not None
        page = self.document.page
        if page.name not in self._found:
            self._found[page.name] = extract_text(page.text)
        return self._found[page.name]

    def _open_suggestions(self) -> list[Found]:
        if self.document is None:
            return []
        article = self.document.article
        annotations = self.session.annotations(self.document.page)
        found = open_suggestions(self._page_found(), annotations)
        return [f for f in found if article.start <= f.start and f.end <= article.end]

    def _review(self) -> Review:
        assert self.document is not None
        article = self.document.article
        annotations = self.session.annotations(self.document.page)
        return review(self._page_found(), annotations, article)

    def _proposal_at(self, offset: int) -> Found | None:
        """The suggestion (p) or candidate false alarm (g) under the cursor, innermost first."""
        if self.mode == "tags" or self.document is None:
            return None
        pool = self._open_suggestions() if self.mode == "suggest" else self._review().alarms
        hits = sorted((f for f in pool if f.start <= offset < f.end), key=lambda f: f.end - f.start)
        return hits[0] if hits else None

    def _show_side_panel(self, edited: bool = False) -> None:
        """Keywords, tags, tree count and status line for the open article."""
        if self.document is not None:
            self.query_one(KeywordTable).show_keywords(self.document.keywords)
        spans = self._article_spans()
        orphans: list[Span] = []
        if self.document is not None:
            orphans = self.session.annotations(self.document.page).orphans
        self.query_one(TagList).show_tags(spans, orphans)
        if self.current is not None and self.document is not None:
            annotations = self.session.annotations(self.document.page)
            # Until the page's suggestions are worked out (first p/g or an edit), the
            # index worker supplies the count.
            known = edited or self.document.page.name in self._found or self.mode != "tags"
            self.query_one(CorpusTree).set_counts(
                *self.current,
                tags=len(spans),
                suggestions=len(self._open_suggestions()) if known else None,
                reviewed=annotations.is_reviewed(self.document.article.index),
            )
        self.set_status(self._position_text())

    def _show_tags(self) -> None:
        """After an edit: redraw the tags in the text and the side panel."""
        self.view.set_marks(self._marks())
        self._show_side_panel(edited=True)

    def _span_at(self, offset: int) -> Span | None:
        if self.document is None:
            return None
        article = self.document.article
        hits = self.session.annotations(self.document.page).spans_at(offset)
        hits = [s for s in hits if article.start <= s.start and s.end <= article.end]
        return hits[0] if hits else None

    def _prefill(self, label: str, start: int, end: int) -> dict[str, object]:
        assert self.document is not None
        text = self.document.text[start:end]
        if label == "event":
            return {"time": parse_time(text), "summary": ""}
        counted = ""
        following = [t for t in self.document.tokens if t.start >= end]
        if following and following[0].kind == "word" and following[0].start - end <= 1:
            raw = self.document.text[following[0].start : following[0].end]
            counted = "".join(GLOSS.sub("", raw).split())
        return parse_figure(text, counted)

    def _edit(self, what: Callable[[], object]) -> object | None:
        """Run a session edit; report refusals (read-only, concurrent edit, disk) clearly."""
        try:
            result = what()
        except ConcurrentEdit as exc:
            # Another process saved this page: show its tags instead of ours.
            if self.document is not None and self.current is not None:
                offset = self.view.cursor_offset
                self.session.forget(self.document.page)
                self.open_article(*self.current)
                self.view.move_to(offset)
            self.notify(f"Not saved: {exc} Reloaded its tags from disk.", severity="error", timeout=10)
            return None
        except (StoreError, OSError, ValueError, KeyError) as exc:
            self.notify(f"Not saved: {exc}", severity="error", timeout=8)
            return None
        if self.document is not None:
            self._edited.add(self.document.page.name)
        for edit in self.session.undo_stack[-1:] + self.session.redo_stack[-1:]:
            self._edited.add(edit.page)  # undo and redo may touch another page
        self._show_tags()
        return result

    @on(ArticleView.TagRequested)
    def _tag(self, message: ArticleView.TagRequested) -> None:
        if self.document is None:
            return
        page = self.document.page
        attrs = self._prefill(message.label, message.start, message.end)
        span = self._edit(lambda: self.session.tag(page, message.label, message.start, message.end, attrs))
        if isinstance(span, Span):
            self._open_form(span)

    def _open_form(self, span: Span) -> None:
        assert self.document is not None
        page = self.document.page

        def done(result: tuple[dict[str, object], str] | None) -> None:
            if result is None:
                return
            attrs, note = result
            if attrs != span.attrs or note != span.note:
                self._edit(lambda: self.session.update(page, span.id, attrs, note))

        self.push_screen(AttributeForm(span), done)

    @on(ArticleView.EditRequested)
    def _edit_attributes(self, message: ArticleView.EditRequested) -> None:
        span = self._span_at(message.offset)
        if span is None:
            self.notify("No tag under the cursor", severity="warning", timeout=2)
            return
        self._open_form(span)

    @on(ArticleView.DeleteRequested)
    def _delete(self, message: ArticleView.DeleteRequested) -> None:
        span = self._span_at(message.offset)
        if span is None or self.document is None:
            self.notify("No tag under the cursor", severity="warning", timeout=2)
            return
        page = self.document.page
        if self._edit(lambda: self.session.delete(page, span.id)) is not None:
            self.notify(f"Deleted {span.label} {span.text[:20]!r} (u undoes)", timeout=3)

    def action_undo(self) -> None:
        self._step_history(undo=True)

    def action_redo(self) -> None:
        self._step_history(undo=False)

    def _step_history(self, undo: bool) -> None:
        stack = self.session.undo_stack if undo else self.session.redo_stack
        if not stack:
            self.notify(f"Nothing to {'undo' if undo else 'redo'}", timeout=2)
            return
        edit = self._edit(self.session.undo if undo else self.session.redo)
        if isinstance(edit, Edit):
            done = "Undone" if undo else "Redone"
            where = "" if self.document and edit.page == self.document.page.name else f" in {edit.page}"
            self.notify(f"{done}: {edit.description}{where}", timeout=3)

    # --- suggestions and review --------------------------------------------------

    def _set_mode(self, mode: str) -> None:
        self.mode = "tags" if self.mode == mode else mode
        self._show_tags()

    def action_toggle_suggestions(self) -> None:
        self._set_mode("suggest")
        if self.mode == "suggest":
            self.notify(f"{len(self._open_suggestions())} open suggestion(s) in this article", timeout=3)

    def action_toggle_review(self) -> None:
        self._set_mode("review")
        if self.mode == "review" and self.document is not None:
            result = self._review()
            self.notify(
                f"Review: the extractor misses {len(result.missed)} tag(s) here and finds "
                f"{len(result.alarms)} span(s) the tags do not have",
                timeout=4,
            )

    def action_accept(self) -> None:
        self._decide(accept=True)

    def action_reject(self) -> None:
        self._decide(accept=False)

    def _decide(self, accept: bool) -> None:
        """a / r on the suggestion (p) or candidate false alarm (g) under the cursor."""
        verb = "accept" if accept else "reject"
        found = self._proposal_at(self.view.cursor_offset)
        if found is None or self.document is None:
            hint = "press p to show suggestions" if self.mode == "tags" else "none under the cursor"
            self.notify(f"No suggestion to {verb}: {hint}", severity="warning", timeout=2)
            return
        page = self.document.page
        step = self.session.accept if accept else self.session.reject
        if self._edit(lambda: step(page, found)) is not None:
            after = "" if accept else "; it will not come back"
            self.notify(f"{verb.capitalize()}ed {found.label} {found.text[:20]!r}{after}", timeout=2)

    def action_accept_all(self) -> None:
        if self.document is None:
            return
        founds = self._open_suggestions()
        if not founds:
            self.notify("No open suggestions in this article", timeout=2)
            return
        page = self.document.page

        def answer(yes: bool | None) -> None:
            if yes:
                self._edit(lambda: self.session.accept_all(page, founds))
                self.notify(f"Accepted {len(founds)} suggestion(s) (u undoes them all)", timeout=3)

        events = sum(f.label == "event" for f in founds)
        question = (
            f"Accept all {len(founds)} open suggestions of this article "
            f"({events} events, {len(founds) - events} figures) as tags?"
        )
        self.push_screen(ConfirmScreen(question), answer)

    def action_toggle_reviewed(self) -> None:
        if self.document is None:
            return
        page, article = self.document.page, self.document.article
        state = self._edit(lambda: self.session.toggle_reviewed(page, article))
        if state is not None:
            self.notify(f"{article.title[:20]}: {'reviewed ✓' if state else 'not reviewed'}", timeout=2)

    @on(TagList.Chosen)
    def _tag_chosen(self, message: TagList.Chosen) -> None:
        if self.document is None:
            return
        span = self.session.annotations(self.document.page).get(message.span_id)
        self.view.move_to(span.start)
        self.view.focus()

    @on(ArticleView.CopyRequested)
    def _copy(self, message: ArticleView.CopyRequested) -> None:
        if self.document is None:
            return
        span = self._span_at(message.offset)
        target = message.selection or ((span.start, span.end) if span else self.view.cursor_token)
        if target is None:
            return
        text = self.document.text[target[0] : target[1]]
        how = copy_text(text, self.copy_to_clipboard)
        self.notify(f"Copied {text[:20]!r} {how}", timeout=3)

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
        yield SystemCommand(
            "Timeline", "Every event of the corpus in time order", lambda: self.action_view("timeline")
        )
        yield SystemCommand(
            "Figures", "Every figure of the corpus, with totals", lambda: self.action_view("figures")
        )
        yield SystemCommand("Corpus search", "Search every article", lambda: self.action_view("search"))
        yield SystemCommand(
            "Statistics", "Articles, tags, suggestions, reviewed share", lambda: self.action_view("stats")
        )


def make_app(
    corpus: Corpus,
    *,
    annotations: Path = Path("annotations"),
    annotator: str | None = None,
    segmenter: Segmenter | None = None,
    keywords: str = "tfidf",
) -> EpiReaderApp:
    """The one way to build the app, for the CLI and the tests alike."""
    return EpiReaderApp(
        corpus,
        annotations=annotations,
        annotator=annotator or default_annotator(),
        segmenter=segmenter,
        keywords=keywords,
    )
