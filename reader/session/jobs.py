"""The reading session's background work, without Textual.

Each job is a plain function the app runs in a worker thread: it reads files, builds
what the reader needs, and reports what it made through ``report`` as plain values
(the dataclasses below), which the app turns into messages to its UI thread. Nothing
here touches a widget, so the jobs are tested as functions (tests/unit/test_jobs.py).

- `load_segmenter`: jieba's dictionary (with the project's own words), and the open
  article's words made in the worker;
- `weigh_keywords`: keyword weights against every article of the corpus;
- `article_words`: an opened article's keywords (jieba's part-of-speech tagging), so
  switching articles does not wait for them;
- `build_index`: the corpus index brought up to date, in a worker process beyond
  PROCESS_BYTES of pages to read (reader/session/index_process.py), else here, after
  jieba's load (both at once left the UI thread a third of the GIL);
- `relearn`: the counted-noun prefill learned again from the folder's tags.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reader.session.index_process import IndexProcess
from reader.session.state import Learned, Words
from reader.session.words import make_words

if TYPE_CHECKING:
    from reader.annotation.counts import ArticleCount
    from reader.corpus.index import CorpusIndex
    from reader.corpus.keywords import KeywordModel
    from reader.session.reading import ReadingSession
    from reader.text.articles import ArticleRef
    from reader.text.segment import Segmenter

Report = Callable[[object], None]
Cancelled = Callable[[], bool]
# Seconds an index built in a thread waits for jieba's load to end, at most.
JIEBA_WAIT = 10.0


@dataclass(frozen=True)
class SegmenterLoaded:
    segmenter: Segmenter
    seconds: float
    words: Words | None = None  # the open article's, made in the worker


@dataclass(frozen=True)
class WordsMade:
    words: Words


@dataclass(frozen=True)
class KeywordsWeighted:
    model: KeywordModel
    words: Words | None = None


@dataclass(frozen=True)
class Progress:
    """How far a job is: ``what`` is "keywords" or "index"."""

    what: str
    done: int
    total: int


@dataclass(frozen=True)
class PagesIndexed:
    """Pages the index has just written: their articles' counts."""

    counts: dict[ArticleRef, ArticleCount]
    written: int
    total: int


@dataclass(frozen=True)
class IndexOpened:
    """The index, usable by the views: warm and maybe stale (``complete`` False), or up to date."""

    index: CorpusIndex
    seconds: float
    complete: bool = True


@dataclass(frozen=True)
class Relearned:
    learned: Learned


class Jobs:
    """The background work of one reading session."""

    def __init__(self, session: ReadingSession) -> None:
        self.session = session
        self.index_process = IndexProcess(session.corpus.root, session.annotations)
        self.jieba_loaded = threading.Event()  # set when jieba's load ends, however it ends

    def load_segmenter(self, report: Report) -> None:
        """jieba's dictionary with the project's words (ANNOTATIONS/userdict.txt)."""
        from reader.corpus.teach import USER_DICT_NAME
        from reader.text.segment import Segmenter

        started = time.perf_counter()
        try:
            segmenter = Segmenter.shared(extra_dicts=(self.session.annotations / USER_DICT_NAME,))
            segmenter.warm_up()
        finally:
            self.jieba_loaded.set()
        seconds = time.perf_counter() - started
        # The open article's words too: on a long article they are ~0.5 s that the UI
        # thread would otherwise spend when the report arrives, with a key waiting.
        report(SegmenterLoaded(segmenter, seconds, self.open_words(segmenter, None)))

    def segmenter_given(self, segmenter: Segmenter, report: Report) -> None:
        """A segmenter the caller had already (tests, benchmarks): no load."""
        self.jieba_loaded.set()
        report(SegmenterLoaded(segmenter, 0.0))

    def open_words(self, segmenter: Segmenter, model: KeywordModel | None) -> Words | None:
        """The open article's words, if one is open (the article is read once here: the
        person may open another meanwhile, which `ReadingSession.set_words` sees)."""
        document = self.session.document
        if document is None:
            return None
        return make_words(document, segmenter, model, self.session.keyword_method)

    def article_words(self, due: list[Words], report: Report) -> None:
        """The words and keywords of the articles ``due`` names, each reported when made
        (their documents, jieba and model as `ReadingSession.words_due` gave them)."""
        method = self.session.keyword_method
        for words in due:
            report(WordsMade(make_words(words.document, words.segmenter, words.model, method)))

    def weigh_keywords(self, segmenter: Segmenter, report: Report, cancelled: Cancelled) -> None:
        """Keyword weights against every article of the corpus, once the index is up to
        date. The index keeps each page's words: only pages not segmented before are
        segmented now."""
        from reader.corpus.keywords import KeywordModel
        from reader.corpus.records import article_words

        session = self.session
        index = session.index
        if index is None:
            return
        missing = [name for name in index.words_missing() if session.corpus.has(name)]
        step = max(1, min(200, len(missing) // 50))
        for n, name in enumerate(missing, 1):
            if cancelled():
                index.db.commit()
                return
            page = session.corpus.page(name).fresh()  # a copy, let go after: an archive is not kept
            if page.readable:
                index.db.set_words(name, article_words((page.view(a).text for a in page.articles), segmenter))
            if n % step == 0 or n == len(missing):
                index.db.commit()
                report(Progress("keywords", n, len(missing)))
        found = index.document_frequencies()
        model = KeywordModel.from_frequencies(segmenter, *found) if found else KeywordModel(segmenter)
        report(KeywordsWeighted(model, self.open_words(segmenter, model)))

    def build_index(self, report: Report, cancelled: Cancelled) -> None:
        """The corpus index file, brought up to date: only pages (or annotation files)
        that changed, appeared or went away are read again. A warm index is reported at
        once and answers with the stale data while the rest is re-read; the tree's
        counts follow as pages are written. The index is written here only."""
        from reader.annotation.store import AnnotationStore
        from reader.corpus.index import CorpusIndex

        started = time.perf_counter()
        session = self.session
        corpus = session.corpus
        # The whole-file check reads all of a large index (a second per GB): the views
        # get the index at once and the check runs beside them, before anything is written.
        index = CorpusIndex.open(corpus, session.annotations, verify=False)
        total = len(corpus.pages)
        if not index.empty:
            report(IndexOpened(index, time.perf_counter() - started, complete=False))
        index.db.verify()

        def written(names: list[str]) -> None:
            report(PagesIndexed(index.counts_of(names), len(names), total))

        def progress(done: int, todo: int) -> None:
            report(Progress("index", done, todo))

        store = AnnotationStore(session.annotations)
        plan = index.stale(store)
        mapper = self.index_process.mapper(plan[0])
        if mapper is None and plan[0]:
            # Pages indexed in this thread wait for jieba's load: the two at once left
            # the UI thread a third of the GIL, and the tag form took 0.5 s in the
            # first seconds instead of 0.2.
            self.jieba_loaded.wait(JIEBA_WAIT)
        try:
            if index.refresh(store, progress, cancelled, mapper, written, plan) is not None:
                report(IndexOpened(index, time.perf_counter() - started))
        finally:
            self.index_process.stop()

    def relearn(self, report: Report) -> None:
        """The counted-noun prefill learns again from every figure tag of the folder
        (after a correction); `ReadingSession.use_learned` applies and saves it."""
        from reader.corpus.learning import learn, lessons

        session = self.session
        if session.segmenter is None:
            return
        taught = lessons(session.corpus, session.annotations, session.segmenter, session.lexicon)
        report(Relearned(Learned(learn(taught), len(taught.examples()), len(taught.pages))))

    def stop(self, closing: bool = False) -> None:
        """End the index's worker process now; ``closing``: none starts after."""
        self.index_process.stop(closing=closing)


def collect() -> tuple[list[Any], Report]:
    """A list and a ``report`` that appends to it: for callers that run a job inline."""
    seen: list[Any] = []
    return seen, seen.append
