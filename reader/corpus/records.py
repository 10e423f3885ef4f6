"""What the index stores of one page, computed from the page and its annotation file.

Pure and picklable: a worker process (``--jobs``) or a Dask worker makes the
``PageRecord`` and the parent writes it, so only the parent touches the SQLite file.
"""

from __future__ import annotations

import bisect
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.annotation.counts import count_articles
from reader.annotation.model import PageAnnotations
from reader.annotation.suggestions import open_suggestions
from reader.corpus.chronology import describe, how_of, timeline_key, year_known
from reader.corpus.page_dates import source_date
from reader.extraction.extractor import extract_text, spans_of
from reader.extraction.lexicon import Lexicon, lexicon_or_empty
from reader.text.articles import Article, count_chars
from reader.text.file_reads import not_regular
from reader.text.page import Page
from reader.text.spans import Span

if TYPE_CHECKING:
    from reader.annotation.store import AnnotationStore
    from reader.text.segment import Segmenter

Signature = tuple[int, int, int, int]  # page size, page mtime_ns, annotation size, annotation mtime_ns


def file_signature(page_path: Path, annotation_path: Path) -> Signature:
    """What tells a changed page or annotation file from an unchanged one, without reading it."""
    try:
        st = os.stat(page_path)
        page = (st.st_size, st.st_mtime_ns)
    except OSError:
        page = (-1, -1)
    try:
        st = os.stat(annotation_path)
        ann = (st.st_size, st.st_mtime_ns)
    except OSError:
        ann = (-1, -1)
    return (*page, *ann)


@dataclass(kw_only=True, slots=True)  # one per tag and suggestion: 500,000 for a dense 50 MB page
class EntryRecord(Span):
    """A span as the index stores it: its article's number, where it came from, its date."""

    article: int
    origin: str  # tagged | suggested
    when: str = ""
    how: int = 0  # chronology.PLAIN, INFERRED or LUNAR
    tkey: str = ""  # timeline order within the year-stated group, or within the page
    date: str = ""  # ISO 8601 as resolved (reader/extraction/dates.py): an event's own, a figure's event's


@dataclass
class ArticleRecord:
    index: int
    title: str
    start: int
    end: int
    tags: int
    suggestions: int
    reviewed: bool
    # Where the text comes from: it is made each time it is asked for (to count words,
    # to write), not kept: all articles' views of a 50 MB page took 0.8x the page
    # beside the index rows. A record sent to another process takes its text along.
    page: Page | None = field(default=None, repr=False, compare=False)
    article: Article | None = field(default=None, repr=False, compare=False)
    kept: str | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The normalised view: simplified, glosses left out."""
        if self.kept is not None:
            return self.kept
        if self.page is None or self.article is None:
            raise ValueError(f"article record {self.index} has neither its text nor its page")
        return self.page.view(self.article).text

    def settle(self) -> None:
        """Make the text now and let the page go (a record sent to another process)."""
        self.kept, self.page, self.article = self.text, None, None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.update(kept=self.text, page=None, article=None)
        return state


@dataclass
class PageRecord:
    name: str
    signature: Signature
    sha256: str = ""
    problem: str | None = None
    chars: int = 0
    year: int | None = None
    articles: list[ArticleRecord] = field(default_factory=list)
    entries: list[EntryRecord] = field(default_factory=list)
    suggestions: int = 0
    annotators: list[str] = field(default_factory=list)
    words: dict[str, int] | None = None  # in how many of its articles each keyword candidate occurs


def page_record(
    page: Page,
    annotations: PageAnnotations,
    signature: Signature,
    found: list[Span] | None = None,
    segmenter: Segmenter | None = None,
    lexicon: Lexicon | None = None,
) -> PageRecord:
    if not page.readable:
        return PageRecord(page.name, signature, problem=page.problem)
    found = extract_text(page.text, lexicon=lexicon, source=source_date(page)) if found is None else found
    suggestions = open_suggestions(found, annotations)
    spans = [(s, "tagged") for s in annotations.spans] + [(f, "suggested") for f in suggestions]
    spans.sort(key=lambda so: (so[0].start, -so[0].end, so[0].label))

    starts = [a.start for a in page.articles]

    def article_of(span: Span) -> int:  # the article the span starts in (articles do not overlap)
        i = bisect.bisect_right(starts, span.start) - 1
        return page.articles[i].index if i >= 0 and span.start < page.articles[i].end else 0

    # The span's own attrs, not a copy: a record only reads them.
    entries = [
        EntryRecord(
            label=s.label,
            start=s.start,
            end=s.end,
            text=s.text,
            attrs=s.attrs,
            article=article_of(s),
            origin=o,
        )
        for s, o in spans
    ]
    events = [e for e in entries if e.label == "event"]
    source = source_date(page)
    for event in events:
        attrs = event.attrs
        if "date" not in attrs:  # a tag made before events carried their date
            attrs = {**attrs, **_dated(page.text, event.start, event.end, source)}
        time = dict(attrs.get("time") or {})
        event.date = str(attrs.get("date") or "")
        event.how = how_of(attrs)
        event.when = describe(attrs.get("date"), time, event.how)
        event.tkey = timeline_key(attrs.get("date"), time, page.name)
    year = next((int(e.date[:4]) for e in events if year_known(e.date)), None)
    _date_figures(events, [e for e in entries if e.label == "figure"])
    record = PageRecord(page.name, signature, page.sha256, chars=count_chars(page.text))
    record.year, record.entries, record.suggestions = year, entries, len(suggestions)
    record.annotators = sorted({s.annotator for s in annotations.spans})
    counts = count_articles(annotations, page.articles, suggestions)
    # Done with the tags (the entries share what they need of them: text, attrs): let
    # go here, before the article views and keywords, when no caller keeps them.
    del annotations, spans, found, events
    for article, count in zip(page.articles, counts, strict=True):
        record.articles.append(
            ArticleRecord(
                article.index,
                article.title,
                article.start,
                article.end,
                count.tags,
                count.suggestions or 0,
                count.reviewed,
                page,
                article,
            )
        )
    if segmenter is not None:
        # Counted in a worker process (record_from_files), whose record takes its texts
        # along: each article's view is made once, for both.
        for article_record in record.articles:
            article_record.settle()
        record.words = article_words((a.text for a in record.articles), segmenter)
    return record


def _dated(page_text: str, start: int, end: int, source: Any) -> dict[str, Any]:
    """An event tag's date read now, for the index only (the tag is not changed)."""
    from reader.extraction.attributes import event_attrs

    attrs = event_attrs(page_text, start, end, source)
    return {"date": attrs["date"], "date_from": attrs["date_from"]}


def _date_figures(events: list[EntryRecord], figures: list[EntryRecord]) -> None:
    """A figure's date is its event's: the last event (in text order) of its article
    that holds it, else the last one that starts before it.

    One sweep per article, not a scan of every event per figure (a page with 100,000
    tags took hours): the events started so far are kept on a stack whose ends
    decrease, since a later event that ends no earlier is always the better holder."""
    by_article: dict[int, list[EntryRecord]] = defaultdict(list)
    for event in events:  # in text order already
        by_article[event.article].append(event)
    article, pending, stack, ends = None, iter(()), [], []  # ends: the stack's ends, negated
    last: EntryRecord | None = None
    upcoming: EntryRecord | None = None
    for figure in sorted(figures, key=lambda f: (f.article, f.start)):
        if figure.article != article:
            article, stack, ends, last = figure.article, [], [], None
            pending = iter(by_article.get(article, []))
            upcoming = next(pending, None)
        while upcoming is not None and upcoming.start <= figure.start:
            while stack and stack[-1].end <= upcoming.end:
                stack.pop()
                ends.pop()
            stack.append(upcoming)
            ends.append(-upcoming.end)
            last, upcoming = upcoming, next(pending, None)
        holders = bisect.bisect_right(ends, -figure.end)  # the stack's events ending at or after it
        chosen = stack[holders - 1] if holders else last
        figure.date = chosen.date if chosen else ""


def article_words(texts: Iterable[str], segmenter: Segmenter) -> dict[str, int]:
    """In how many of these article texts each keyword candidate occurs (the index
    sums them over the corpus: the keyword weights' document frequencies)."""
    from reader.corpus.keywords import candidate
    from reader.text.segment import Token

    words: Counter[str] = Counter()
    for text in texts:
        kinds = ((w, "word" if any(c.isalnum() for c in w) else "punct") for w in segmenter.cut(text))
        tokens = (Token(0, 0, w, kind) for w, kind in kinds)
        words.update({t.word for t in tokens if candidate(t, segmenter)})
    return dict(words)


def record_from_files(root: str, name: str, annotations: str, keywords: bool = False) -> PageRecord:
    """One page indexed from its files: what a worker process or a Dask task runs."""
    from reader.annotation.store import AnnotationStore

    path = Path(root) / name
    store = AnnotationStore(Path(annotations))
    signature = file_signature(path, store.path_for(name))
    if not_regular(path) is not None:  # a FIFO: reading it would block the worker for ever
        return PageRecord(name, signature, problem="not a regular file")
    segmenter = _worker_segmenter(annotations) if keywords else None
    lexicon = lexicon_or_empty(Path(annotations))
    return stored_record(Page(path, name), store, signature, lexicon, segmenter)


def stored_record(
    page: Page,
    store: AnnotationStore,
    signature: Signature,
    lexicon: Lexicon,
    segmenter: Segmenter | None = None,
) -> PageRecord:
    """The record of ``page`` with the tags saved in ``store``."""
    if not page.readable:
        return page_record(page, PageAnnotations(page.name, "", 0), signature)
    annotations = store.load(page, batch=True).annotations
    # Only the suggestions are kept of what the extractor finds, a part of the page at a
    # time: on a page tagged as densely as the gold most spans found are tags already,
    # and all 240,000 of a 50 MB page's beside its 250,000 tags took ~6x the page.
    found = open_suggestions(spans_of(page.text, lexicon=lexicon, source=source_date(page)), annotations)
    handed = [annotations]  # page_record lets the tags go when it is done with them
    del annotations
    return page_record(page, handed.pop(), signature, found, segmenter, lexicon)


def record_of_item(item: tuple[str, str, str, bool]) -> PageRecord:
    """``record_from_files`` for an engine: a page that fails is a record with the
    reason, and the other pages go on."""
    root, name, annotations, keywords = item
    try:
        record = record_from_files(root, name, annotations, keywords)
        # Texts made here, where a failure is this page's: a record waiting to be sent
        # (a pool sends them in batches) does not keep its page.
        for article in record.articles:
            article.settle()
        return record
    except Exception as exc:
        return PageRecord(name, (-1, -1, -1, -1), problem=f"indexing failed: {type(exc).__name__}: {exc}")


def _worker_segmenter(annotations: str) -> Segmenter:
    """jieba loaded once per worker process (Segmenter.shared), not once per page."""
    from reader.corpus.teach import USER_DICT_NAME
    from reader.text.segment import Segmenter

    return Segmenter.shared(extra_dicts=(Path(annotations) / USER_DICT_NAME,))
