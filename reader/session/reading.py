"""The reading session: what the reader shows and the rules it follows, without Textual.

One `ReadingSession` per open corpus. It owns the corpus, the editing session (every
change saved at once, undoable), the extractor's suggestions per page, the mode
(tags, suggestions, review), jieba and the keyword model once they are loaded, and
the article being read. The screen asks it for an `ArticleState` and draws that;
tests drive it directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from reader.annotation.counts import ArticleCount, count_article
from reader.corpus.corpus import Corpus
from reader.text.articles import Article, ArticleRef
from reader.text.spans import Span, innermost

# The first frame (the article list) needs none of these; they load with the first
# article, after it (benchmarks/bench_reader.py measures start-up).
if TYPE_CHECKING:
    from reader.annotation.editing import Session
    from reader.annotation.model import PageAnnotations, Tag
    from reader.annotation.store import Loaded
    from reader.annotation.suggestions import Review
    from reader.corpus.index import CorpusIndex
    from reader.corpus.keywords import KeywordModel
    from reader.text.document import Document
    from reader.text.page import Page
    from reader.text.segment import Segmenter

T = TypeVar("T")
Mode = Literal["tags", "suggest", "review"]
Severity = Literal["information", "warning", "error"]
MODE_HINTS: dict[Mode, str] = {
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


@dataclass
class Notice:
    """Something the person must be told: the screen shows it, the tests read it."""

    text: str
    severity: Severity = "information"


@dataclass
class ArticleState:
    """Everything the screen draws for the open article."""

    ref: ArticleRef
    document: Document
    marks: list[Span]  # tags, plus suggestions (p) or review marks (g); label = how to draw
    tags: list[Tag]
    orphans: list[Tag]
    count: ArticleCount
    status: str


@dataclass
class EditResult:
    value: Any = None
    notice: Notice | None = None
    reloaded: bool = False  # another process changed the page: its tags were read again
    ok: bool = True


@dataclass
class ReadingSession:
    corpus: Corpus
    annotations: Path
    annotator: str
    keyword_method: str = "tfidf"
    segmenter: Segmenter | None = None
    keyword_model: KeywordModel | None = None
    index: CorpusIndex | None = None
    mode: Mode = "tags"
    current: ArticleRef | None = None
    document: Document | None = None
    edited: set[str] = field(default_factory=set)  # pages changed since the index saw them
    _found: dict[str, list[Span]] = field(default_factory=dict)  # extractor output per page

    @cached_property
    def editing(self) -> Session:
        """Every change saved at once, undoable (made on first use: see the imports)."""
        from reader.annotation.editing import Session
        from reader.annotation.store import AnnotationStore

        return Session(AnnotationStore(self.annotations), self.annotator)

    # --- opening articles ----------------------------------------------------------

    def first_ref(self) -> ArticleRef | None:
        return next(self.corpus.refs(), None)

    def open(self, ref: ArticleRef) -> list[Notice]:
        """Make ``ref`` the current article; returns what the person must be told once."""
        from reader.text.document import Document

        page, article = self.corpus.article(ref)
        self.current = ref
        self.document = Document.open(page, article, self.segmenter)
        self._compute_keywords()
        loaded = self.editing.open(page)
        notices = []
        if loaded.problem:
            notices.append(Notice(f"Read-only: {loaded.problem}", "error"))
        notices += [Notice(f"Page text changed: {m}", "warning") for m in loaded.messages]
        loaded.messages.clear()
        return notices

    def step(self, delta: int) -> ArticleRef | None:
        return self.corpus.step(self.current, delta)

    @property
    def page(self) -> Page:
        assert self.document is not None
        return self.document.page

    @property
    def article(self) -> Article:
        assert self.document is not None
        return self.document.article

    def loaded(self) -> Loaded:
        return self.editing.open(self.page)

    def page_annotations(self) -> PageAnnotations:
        return self.loaded().annotations

    # --- jieba and keywords ----------------------------------------------------------

    def set_segmenter(self, segmenter: Segmenter) -> None:
        """jieba arrived: segment the open article (the cursor keeps its place)."""
        self.segmenter = segmenter
        if self.document is not None:
            self.document.set_tokens(segmenter.tokenize(self.document.view))
            self._compute_keywords()

    def set_keyword_model(self, model: KeywordModel) -> None:
        self.keyword_model = model
        self._compute_keywords()

    def build_keyword_model(
        self, segmenter: Segmenter, progress: Callable[[int, int], None], cancelled: Callable[[], bool]
    ) -> KeywordModel | None:
        """Corpus document frequencies (runs in a worker thread)."""
        from reader.corpus.keywords import KeywordModel

        model = KeywordModel(segmenter)
        articles = keyword_sample(self.corpus.articles)
        step = max(1, len(articles) // 50)
        for n, (page, article) in enumerate(articles, 1):
            if cancelled():
                return None
            model.add_article(segmenter.tokenize(page.view(article)))
            if n % step == 0:
                progress(n, len(articles))
        return model

    def _compute_keywords(self) -> None:
        from reader.corpus.keywords import KeywordModel, textrank_keywords

        doc = self.document
        if doc is None or self.segmenter is None or not doc.segmented:
            return
        if self.keyword_method == "textrank":
            found = textrank_keywords(self.segmenter, doc.view.text, KEYWORD_COUNT)
        else:
            model = self.keyword_model or KeywordModel(self.segmenter)
            found = model.keywords(doc.tokens, KEYWORD_COUNT)
        doc.keywords = [(k.word, k.weight) for k in found]

    # --- what the screen draws -----------------------------------------------------

    def tags(self) -> list[Tag]:
        return self.page_annotations().in_article(self.article)

    def page_found(self, page: Page | None = None) -> list[Span]:
        from reader.extraction.extractor import extract_text

        page = page or self.page
        if page.name not in self._found:
            self._found[page.name] = extract_text(page.text)
        return self._found[page.name]

    def suggestions(self) -> list[Span]:
        """Open suggestions of the current article (extractor spans not yet decided)."""
        from reader.annotation.suggestions import open_suggestions

        found = open_suggestions(self.page_found(), self.page_annotations())
        return [f for f in found if self.article.contains(f)]

    def review(self) -> Review:
        from reader.annotation.suggestions import review

        return review(self.page_found(), self.page_annotations(), self.article)

    def marks(self) -> list[Span]:
        marks: list[Span] = list(self.tags())
        if self.mode == "suggest":
            marks += [Span("suggestion", f.start, f.end, f.text) for f in self.suggestions()]
        elif self.mode == "review":
            result = self.review()
            marks += [Span("missed", start, end) for _, start, end in result.missed]
            marks += [Span("alarm", f.start, f.end, f.text) for f in result.alarms]
        return marks

    def count(self, ref: ArticleRef, indexed: ArticleCount | None = None) -> ArticleCount:
        """The tree's count for ``ref``: from the loaded page when this session has it,
        else what the index worker counted (``indexed``)."""
        from reader.annotation.suggestions import open_suggestions

        page, article = self.corpus.article(ref)
        loaded = self.editing.loaded.get(page.name)
        if loaded is None:
            return indexed or ArticleCount()
        # Suggestions are only counted here once the page's extractor output is known
        # (after p, g or an edit); until then the index worker's count stands.
        found = self._found.get(page.name)
        live = open_suggestions(found, loaded.annotations) if found is not None else None
        count = count_article(loaded.annotations, article, live)
        if live is None and indexed is not None:
            count.suggestions = indexed.suggestions
        return count

    def state(self) -> ArticleState:
        assert self.current is not None and self.document is not None
        annotations = self.page_annotations()
        return ArticleState(
            ref=self.current,
            document=self.document,
            marks=self.marks(),
            tags=self.tags(),
            orphans=list(annotations.orphans),
            count=self.count(self.current),
            status=self.status(),
        )

    def status(self) -> str:
        if self.current is None or self.document is None:
            return "no readable article"
        page, article = self.page, self.article
        loaded = self.loaded()
        annotations = loaded.annotations
        jieba = "" if self.segmenter else " · jieba loading…"
        state = f" · READ-ONLY ({loaded.path.name})" if loaded.read_only else ""
        orphans = f" · {len(annotations.orphans)} orphaned" if annotations.orphans else ""
        reviewed = " · reviewed ✓" if annotations.is_reviewed(article.index) else ""
        return (
            f"{page.name} · article {article.index + 1}/{len(page.articles)} · {article.length}字 · "
            f"{len(self.tags())} tags{orphans}{reviewed}{state}{MODE_HINTS[self.mode]}{jieba}"
        )

    # --- under the cursor ------------------------------------------------------------

    def tag_at(self, offset: int) -> Tag | None:
        hits = [s for s in self.page_annotations().spans_at(offset) if self.article.contains(s)]
        return hits[0] if hits else None

    def proposal_at(self, offset: int) -> Span | None:
        """The suggestion (p) or candidate false alarm (g) under the cursor, innermost first."""
        if self.mode == "tags":
            return None
        pool = self.suggestions() if self.mode == "suggest" else self.review().alarms
        return innermost(pool, offset)

    def prefill(self, label: str, start: int, end: int) -> dict[str, Any]:
        """The attributes a new tag starts with, read from its text (and the word after it)."""
        from reader.extraction.quantities import parse_figure, parse_time
        from reader.text.normalize import GLOSS

        assert self.document is not None
        text = self.page.text[start:end]
        if label == "event":
            return {"time": parse_time(text), "summary": ""}
        counted = ""
        following = [t for t in self.document.tokens if t.start >= end]
        if following and following[0].kind == "word" and following[0].start - end <= 1:
            raw = self.page.text[following[0].start : following[0].end]
            counted = "".join(GLOSS.sub("", raw).split())
        return parse_figure(text, counted)

    # --- edits: every one saved at once and undoable -------------------------------

    def _edit(self, what: Callable[[], Any]) -> EditResult:
        """Run an edit; a refusal (read-only, another process, disk) becomes a notice."""
        from reader.annotation.store import ConcurrentEdit, StoreError

        try:
            value = what()
        except ConcurrentEdit as exc:
            # Another process saved this page: show its tags instead of ours.
            self.editing.forget(self.page)
            self.editing.open(self.page)
            text = f"Not saved: {exc} Reloaded its tags from disk."
            return EditResult(notice=Notice(text, "error"), reloaded=True, ok=False)
        except (StoreError, OSError, ValueError, KeyError) as exc:
            return EditResult(notice=Notice(f"Not saved: {exc}", "error"), ok=False)
        self.edited.add(self.page.name)
        for edit in self.editing.undo_stack[-1:] + self.editing.redo_stack[-1:]:
            self.edited.add(edit.page)  # undo and redo may touch another page
        return EditResult(value)

    def tag(self, label: str, start: int, end: int) -> EditResult:
        attrs = self.prefill(label, start, end)
        return self._edit(lambda: self.editing.tag(self.page, label, start, end, attrs))

    def update(self, tag: Tag, attrs: dict[str, Any], note: str) -> EditResult:
        if attrs == tag.attrs and note == tag.note:
            return EditResult(tag)
        page = self.page
        return self._edit(lambda: self.editing.update(page, tag.id, attrs, note))

    def delete_at(self, offset: int) -> EditResult:
        tag = self.tag_at(offset)
        if tag is None:
            return EditResult(notice=Notice("No tag under the cursor", "warning"), ok=False)
        result = self._edit(lambda: self.editing.delete(self.page, tag.id))
        if result.ok:
            result.notice = Notice(f"Deleted {tag.label} {tag.text[:20]!r} (u undoes)")
        return result

    def step_history(self, undo: bool) -> EditResult:
        from reader.annotation.editing import Edit

        verb = "undo" if undo else "redo"
        stack = self.editing.undo_stack if undo else self.editing.redo_stack
        if not stack:
            return EditResult(notice=Notice(f"Nothing to {verb}"), ok=False)
        result = self._edit(self.editing.undo if undo else self.editing.redo)
        edit = result.value
        if isinstance(edit, Edit):
            where = "" if edit.page == self.page.name else f" in {edit.page}"
            result.notice = Notice(f"{'Undone' if undo else 'Redone'}: {edit.description}{where}")
        return result

    def set_mode(self, mode: Mode) -> Notice | None:
        self.mode = "tags" if self.mode == mode else mode
        if self.mode == "suggest":
            return Notice(f"{len(self.suggestions())} open suggestion(s) in this article")
        if self.mode == "review":
            result = self.review()
            return Notice(
                f"Review: the extractor misses {len(result.missed)} tag(s) here and finds "
                f"{len(result.alarms)} span(s) the tags do not have"
            )
        return None

    def decide(self, offset: int, accept: bool) -> EditResult:
        """a / r on the suggestion (p) or candidate false alarm (g) under the cursor."""
        verb = "accept" if accept else "reject"
        found = self.proposal_at(offset)
        if found is None:
            hint = "press p to show suggestions" if self.mode == "tags" else "none under the cursor"
            return EditResult(notice=Notice(f"No suggestion to {verb}: {hint}", "warning"), ok=False)
        step = self.editing.accept if accept else self.editing.reject
        result = self._edit(lambda: step(self.page, found))
        if result.ok:
            after = "" if accept else "; it will not come back"
            result.notice = Notice(f"{verb.capitalize()}ed {found.label} {found.text[:20]!r}{after}")
        return result

    def accept_all_question(self) -> tuple[str, list[Span]] | None:
        founds = self.suggestions()
        if not founds:
            return None
        events = sum(f.label == "event" for f in founds)
        question = (
            f"Accept all {len(founds)} open suggestions of this article "
            f"({events} events, {len(founds) - events} figures) as tags?"
        )
        return question, founds

    def accept_all(self, founds: list[Span]) -> EditResult:
        result = self._edit(lambda: self.editing.accept_all(self.page, founds))
        if result.ok:
            result.notice = Notice(f"Accepted {len(founds)} suggestion(s) (u undoes them all)")
        return result

    def toggle_reviewed(self) -> EditResult:
        article = self.article
        result = self._edit(lambda: self.editing.toggle_reviewed(self.page, article))
        if result.ok:
            state = "reviewed ✓" if result.value else "not reviewed"
            result.notice = Notice(f"{article.title[:20]}: {state}")
        return result

    # --- the corpus index ------------------------------------------------------------

    def refresh_index(self) -> None:
        """Pages edited since the index was built: their entries follow the edits."""
        if self.index is None:
            return
        for name in sorted(self.edited):
            page = self.corpus.page(name)
            self.index.add_page(page, self.editing.annotations(page), self._found.get(name))
        self.edited.clear()
