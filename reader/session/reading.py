"""The reading session: what the reader shows and the rules it follows, without Textual.

One `ReadingSession` per open corpus. It owns the corpus, the editing session (every
change saved at once, undoable), the extractor's suggestions per page, the mode
(tags, suggestions, review), jieba and the keyword model once they are loaded, and
the article being read. The screen asks it for an `ArticleState` and draws that;
tests drive it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.annotation.counts import ArticleCount, count_article
from reader.corpus.corpus import Corpus
from reader.session.edits import Edits, Notice
from reader.text.articles import Article, ArticleRef
from reader.text.spans import Span

# The first frame (the article list) needs none of these; they load with the first
# article, after it (benchmarks/bench_reader.py measures start-up).
if TYPE_CHECKING:
    from reader.annotation.editing import Editor
    from reader.annotation.model import PageAnnotations, Tag
    from reader.annotation.store import Loaded
    from reader.annotation.suggestions import Review
    from reader.corpus.entries import Hit
    from reader.corpus.index import CorpusIndex
    from reader.corpus.keywords import KeywordModel
    from reader.extraction.attributes import Reading
    from reader.extraction.lexicon import Lexicon
    from reader.session.views import CorpusViews
    from reader.text.document import Document
    from reader.text.page import Page
    from reader.text.segment import Segmenter

from reader.session import proposals
from reader.session.state import (
    MODE_HINTS,
    ArticleState,
    Learned,
    Mode,
    Words,
    folder_label,
    plural,
)
from reader.session.words import MadeWords


@dataclass
class ReadingSession:
    corpus: Corpus
    annotations: Path
    annotator: str
    keyword_method: str = "tfidf"
    edit_gold: bool = False  # started with --edit-gold: a gold folder opens unlocked
    segmenter: Segmenter | None = None
    keyword_model: KeywordModel | None = None
    index: CorpusIndex | None = None
    mode: Mode = "tags"
    current: ArticleRef | None = None
    document: Document | None = None
    edited: set[str] = field(default_factory=set)  # pages changed since the index saw them
    _found: dict[str, list[Span]] = field(default_factory=dict)  # extractor output per page
    chosen: Span | None = None  # the suggestion . / , went to: a / r act on it
    _views: CorpusViews | None = None
    relearn_due: bool = False  # a counted noun was corrected: the prefill learns again
    keywords_due: bool = False  # the open article's keywords are to be made: see words_due
    made_words: MadeWords = field(default_factory=MadeWords)

    @cached_property
    def edits(self) -> Edits:
        """Tag, resize, update, delete, accept, undo: ``session.edits.tag(...)``."""
        return Edits(self)

    @cached_property
    def editor(self) -> Editor:
        """Every change saved at once, undoable (made on first use: see the imports)."""
        from reader.annotation.editing import Editor
        from reader.annotation.gold import is_gold
        from reader.annotation.store import AnnotationStore

        protected = is_gold(self.annotations) and not self.edit_gold
        return Editor(AnnotationStore(self.annotations), self.annotator, protected=protected)

    @cached_property
    def lexicon(self) -> Lexicon:
        """The project lexicon (lexicon.toml) the suggestions use; unreadable: none."""
        from reader.extraction.lexicon import lexicon_or_empty

        return lexicon_or_empty(self.annotations)

    def unlock_gold(self) -> Notice:
        self.editor.protected = False
        return Notice(f"{self.annotations} unlocked: edits to the gold are saved", "warning")

    # --- opening articles ----------------------------------------------------------

    def first_ref(self) -> ArticleRef | None:
        return next(self.corpus.refs(), None)

    def open(self, ref: ArticleRef) -> list[Notice]:
        """Make ``ref`` the current article; returns what the person must be told once."""
        from reader.text.document import Document

        page, article = self.corpus.article(ref)
        self.current = ref
        self.chosen = None
        self.document = Document(page, article, page.view(article))
        self.set_words()  # made before, or cut now with the keywords left to a worker
        if not self.document.segmented:  # before jieba: the cursor moves by character
            self.document.tokens = self.document.character_tokens()
        loaded = self.editor.open(page)
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
        return self.editor.open(self.page)

    def page_annotations(self) -> PageAnnotations:
        return self.loaded().annotations

    # --- jieba and keywords ----------------------------------------------------------

    def set_segmenter(self, segmenter: Segmenter, words: Words | None = None) -> None:
        """jieba arrived: segment the open article (the cursor keeps its place)."""
        self.segmenter = segmenter
        self.set_words(words)

    def set_keyword_model(self, model: KeywordModel, words: Words | None = None) -> None:
        self.keyword_model = model
        self.set_words(words)

    def set_words(self, words: Words | None = None) -> None:
        """The open article's words and keywords: ``words`` or those made before, if made
        for it with the present jieba and keyword model; else its keywords are due."""
        self.keywords_due = self.made_words.fit(self.document, self.segmenter, self.keyword_model, words)

    def words_due(self) -> list[Words]:
        """What `Jobs.article_words` is to make (see `MadeWords.due`), handed over once."""
        due = self.made_words.due(
            self.document, self._upcoming(), self.segmenter, self.keyword_model, self.keywords_due
        )
        self.keywords_due = False
        return due

    def _upcoming(self) -> tuple[Page, Article] | None:
        """The article ] goes to, if its page is read: no page is read for it (an archive
        reads only the page it shows)."""
        doc = self.document
        if doc is None:
            return None
        page, index = doc.page, doc.article.index
        if index + 1 < len(page.articles):
            return page, page.articles[index + 1]
        pages = self.corpus.pages
        after = pages[(self.corpus.position(page.name) + 1) % len(pages)]
        if after is not page and after.is_read and after.articles:
            return after, after.articles[0]
        return None

    # --- what the screen draws -----------------------------------------------------

    def tags(self) -> list[Tag]:
        return self.page_annotations().in_article(self.article)

    def page_found(self, page: Page | None = None) -> list[Span]:
        from reader.annotation import predictions
        from reader.corpus.page_dates import source_date
        from reader.extraction.extractor import extract_text

        page = page or self.page
        if page.name not in self._found:
            found = extract_text(page.text, lexicon=self.lexicon, source=source_date(page))
            self._found[page.name] = predictions.merged(found, self.predicted, page)
        return self._found[page.name]

    @cached_property
    def predicted(self) -> list[dict[str, Any]]:  # a model's suggestions, imported (predictions.jsonl)
        from reader.annotation import predictions

        return predictions.load(self.annotations)

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

        loaded = self.editor.loaded.get(ref.page)
        if loaded is None:  # before the page is looked at: an archive is not read for counts
            return indexed or ArticleCount()
        page, article = self.corpus.article(ref)
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
        state = f"READ-ONLY ({loaded.path.name}) · " if loaded.read_only else ""
        if self.editor.protected:
            state = f"GOLD, protected (ctrl+l unlocks) · {state}"
        orphans = f" · {len(annotations.orphans)} orphaned" if annotations.orphans else ""
        reviewed = " · reviewed ✓" if annotations.is_reviewed(article.index) else ""
        # The tag count first after the mode: a notice beside the status line takes
        # room from its end, never from the count.
        return (
            f"{state}{MODE_HINTS[self.mode]}{plural(len(self.tags()), 'tag')}{orphans}{reviewed} · "
            f"article {article.index + 1}/{len(page.articles)} · {article.chars}字 · {page.name} · "
            f"saved in {folder_label(self.annotations)}/{jieba}"
        )

    # --- under the cursor ------------------------------------------------------------

    def tag_at(self, offset: int, word: tuple[int, int] | None = None) -> Tag | None:
        """The innermost tag under the cursor: covering ``offset``, or overlapping the
        cursor's ``word`` (a tag may start inside a jieba word, where the word cursor
        cannot stand: 并于4月… has an event starting at 于). The shortest one wins, so a
        figure inside an event is reached before the event."""
        tags = [
            t for t in self.tags() if t.covers(offset) or (word and t.start < word[1] and word[0] < t.end)
        ]
        return min(tags, key=lambda t: (t.end - t.start, t.start), default=None)

    def proposal_at(self, offset: int, word: tuple[int, int] | None = None) -> Span | None:
        """The suggestion (p) or candidate false alarm (g) under the cursor (`proposals.under`)."""
        if self.mode == "tags":
            return None
        return proposals.under(self._proposals(), self.chosen, offset, word)

    def _proposals(self) -> list[Span]:
        return self.suggestions() if self.mode == "suggest" else self.review().alarms

    def prepare_edits(self) -> None:
        """Import what the first tag uses, so that it is paid while the reader is idle and
        not when `f` is pressed: the attribute prefill (~35 ms) and the store that saves
        it (reader/annotation/store.py, with its lock)."""
        import reader.annotation.store
        import reader.extraction.attributes  # noqa: F401

    def prefill(self, label: str, start: int, end: int) -> dict[str, Any]:
        """The attributes a new tag starts with: the extractor's own reading of the span
        (one grammar for both, so the form and the suggestions never disagree), with the
        counted-noun weights the project learned."""
        return self.reading(label, start, end).attrs

    def reading(self, label: str, start: int, end: int) -> Reading:
        """`prefill` with what the form offers besides: the counted candidates, the trim."""
        from reader.corpus.page_dates import source_date
        from reader.extraction.attributes import read_span

        page = self.page
        return read_span(
            page.text, label, start, end, self.segmenter, self.segmenter is not None, self.lexicon,
            source_date(page),
        )  # fmt: skip

    # --- learning from corrections ------------------------------------------------

    def use_learned(self, learned: Learned) -> Notice:
        """Save the learned weights (counted-weights.json) and prefill with them from now on."""
        from dataclasses import replace

        from reader.annotation.store import StoreError
        from reader.corpus.learning import save_weights
        from reader.text import files

        self.relearn_due = False
        self.lexicon = replace(self.lexicon, learned=tuple(learned.weights.items()))
        self._found.clear()  # suggestions are read again with the new weights
        if self.editor.protected:
            return Notice("The prefill learned from your corrections (gold folder: not saved)")
        try:
            path = save_weights(self.annotations, learned.weights, learned.examples, learned.pages)
        except (StoreError, OSError) as exc:
            reason = files.reason(exc) if isinstance(exc, OSError) else str(exc)
            return Notice(f"The prefill learned from your corrections; not saved: {reason}", "warning")
        return Notice(f"The prefill learned from your corrections ({path.name})")

    def set_mode(self, mode: Mode) -> Notice | None:
        self.mode = "tags" if self.mode == mode else mode
        self.chosen = None
        if self.mode == "suggest":
            return Notice(f"{len(self.suggestions())} open suggestion(s) in this article")
        if self.mode == "review":
            result = self.review()
            return Notice(
                f"Review: the extractor misses {len(result.missed)} tag(s) here and finds "
                f"{len(result.alarms)} span(s) the tags do not have"
            )
        return None

    def next_proposal(self, offset: int, direction: int, word: tuple[int, int] | None = None) -> Span | None:
        """The next suggestion (p) or candidate false alarm (g), which becomes the chosen
        one that `a` / `r` act on (`proposals.following`)."""
        if self.mode == "tags":
            return None
        self.chosen = proposals.following(self._proposals(), self.chosen, offset, direction, word)
        return self.chosen

    # --- the corpus index ------------------------------------------------------------

    def use_index(self, index: CorpusIndex) -> CorpusViews:
        """The index a job opened or brought up to date: the views read it from now on."""
        from reader.session.views import CorpusViews

        self.index = index
        self._views = CorpusViews(index)
        return self._views

    def hit_start(self, hit: Hit) -> int:
        """Where a corpus search hit (offsets in its article's normalised text) starts in its page."""
        page, article = self.corpus.article(hit.ref)
        return page.view(article).to_page(hit.view_start, hit.view_end)[0]

    @property
    def views(self) -> CorpusViews | None:
        """What the corpus views read (None until the index is open)."""
        return self._views if self.index is not None else None

    def refresh_index(self) -> None:
        """Pages edited since the index was built: their entries follow the edits."""
        if self.index is None:
            return
        for name in sorted(self.edited):
            page = self.corpus.page(name)
            self.index.add_page(page, self.editor.annotations(page), self._found.get(name))
        self.edited.clear()
