"""The corpus: a folder (or one file) of pages, each split into articles."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.text.articles import Article, ArticleRef
from reader.text.page import PAGE_SUFFIX, Page, load_page

if TYPE_CHECKING:  # the store is not needed to list a corpus
    from reader.annotation.store import Loaded


class CorpusError(Exception):
    """A corpus path that cannot be opened at all; the message is one line for the user."""


@dataclass
class Corpus:
    root: Path
    pages: list[Page]
    _by_name: dict[str, Page] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name = {p.name: p for p in self.pages}

    @property
    def articles(self) -> list[tuple[Page, Article]]:
        return [(p, a) for p in self.pages for a in p.articles]

    def page(self, name: str) -> Page:
        return self._by_name[name]

    def article(self, ref: ArticleRef) -> tuple[Page, Article]:
        page = self._by_name[ref.page]
        return page, page.articles[ref.index]

    def refs(self) -> Iterator[ArticleRef]:
        """Every article of the corpus, in page order."""
        for page in self.pages:
            yield from self.refs_of(page)

    @staticmethod
    def refs_of(page: Page) -> list[ArticleRef]:
        return [ArticleRef(page.name, article.index) for article in page.articles]

    def step(self, ref: ArticleRef | None, delta: int) -> ArticleRef | None:
        """The article ``delta`` places after ``ref`` (wrapping round), or the first one."""
        order = list(self.refs())
        if not order:
            return None
        i = order.index(ref) if ref in order else -1
        return order[(i + delta) % len(order)]


def page_paths(path: Path) -> tuple[Path, list[Path]]:
    """The corpus root and its page files, or CorpusError with a one-line reason."""
    if not path.exists():
        raise CorpusError(f"no such file or folder: {path}")
    if path.is_file():
        return path.parent, [path]
    if not path.is_dir():
        raise CorpusError(f"not a file or folder: {path}")
    files = sorted(
        (p for p in path.rglob(f"*{PAGE_SUFFIX}") if p.is_file() and not _hidden(p, path)),
        key=lambda p: p.relative_to(path).as_posix(),
    )
    if not files:
        raise CorpusError(f"no {PAGE_SUFFIX} page files in folder: {path}")
    return path, files


def _hidden(p: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in p.relative_to(root).parts)


def load_corpus(path: Path) -> Corpus:
    root, files = page_paths(path)
    pages = [load_page(f, f.relative_to(root).as_posix()) for f in files]
    return Corpus(root, pages)


def annotated_pages(corpus: Corpus, directory: Path) -> Iterator[tuple[Page, Loaded]]:
    """Every readable page of ``corpus`` that has an annotation file, loaded.

    For batch commands (eval, export): an unreadable annotation file stops them with
    its reason rather than being skipped in silence.
    """
    from reader.annotation.store import AnnotationStore, StoreError

    store = AnnotationStore(directory)
    for page in corpus.pages:
        if not page.readable or not store.path_for(page.name).exists():
            continue
        loaded = store.load(page)
        if loaded.problem:
            raise StoreError(f"{page.name}: {loaded.problem}")
        yield page, loaded
