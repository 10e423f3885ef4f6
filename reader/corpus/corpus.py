"""The corpus: a folder (or one file) of pages, each split into articles."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.text import files
from reader.text.articles import Article, ArticleRef
from reader.text.decoding import Decoded
from reader.text.page import OUTSIDE, PAGE_SUFFIX, Page

if TYPE_CHECKING:  # the store is not needed to list a corpus
    from reader.annotation.store import Loaded


class CorpusError(Exception):
    """A corpus path that cannot be opened at all; the message is one line for the user."""


@dataclass
class Corpus:
    root: Path
    pages: list[Page]
    _by_name: dict[str, Page] = field(default_factory=dict, init=False, repr=False)

    _position: dict[str, int] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name = {p.name: p for p in self.pages}
        self._position = {p.name: i for i, p in enumerate(self.pages)}

    @property
    def articles(self) -> list[tuple[Page, Article]]:
        """Every article: this reads every page (for small folders and benchmarks)."""
        return [(p, a) for p in self.pages for a in p.articles]

    def position(self, name: str) -> int:
        """Where the page ``name`` is in corpus order."""
        return self._position[name]

    def has(self, name: str) -> bool:
        return name in self._by_name

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
        """The article ``delta`` (±1) places after ``ref``, wrapping round, or the first
        one. Reads only the pages it passes: unreadable ones are skipped."""
        if ref is None or ref.page not in self._by_name:
            return next(self.refs(), None)
        here = self._position.get(ref.page, 0)
        within = ref.index + delta
        if 0 <= within < len(self.pages[here].articles):
            return ArticleRef(ref.page, within)
        n = len(self.pages)
        for k in range(1, n + 1):
            page = self.pages[(here + k * delta) % n]
            if page.articles:
                return ArticleRef(page.name, 0 if delta > 0 else len(page.articles) - 1)
        return None


class Listed(NamedTuple):
    """One entry of a corpus listing: a page file, or what could not be listed, with why.

    A named tuple: made 100,000 times for an archive, a frozen dataclass costs 0.25 s."""

    where: Path  # the entry itself, or its folder when ``file`` is given
    name: str  # relative to the corpus root, forward slashes
    problem: str | None = None  # cannot be read at all: a folder that cannot be listed, a FIFO
    outside: bool = False  # a link (or under a linked folder) to a file outside the corpus folder
    # The file name in ``where``: 100,000 Path objects cost a second, so it is made when asked.
    file: str = ""

    @property
    def path(self) -> Path:
        return self.where / self.file if self.file else self.where


def list_pages(path: Path, *, follow_links: bool = True) -> tuple[Path, list[Listed]]:
    """The corpus root and every page entry below it, sorted by name, or CorpusError
    with a one-line reason. Unlike a glob, nothing is skipped in silence: a sub-folder
    that cannot be listed is an entry with its reason. ``follow_links=False`` leaves
    out links to files (and folders) outside ``path``."""
    if not path.exists():
        broken = path.is_symlink()
        raise CorpusError(f"{'broken symbolic link' if broken else 'no such file or folder'}: {path}")
    if path.is_file():
        entry = _entry(path, path.name, Path(os.path.realpath(path.parent)), path.is_symlink())
        if entry.outside and not follow_links:
            raise CorpusError(f"{path} is a {OUTSIDE} (not followed)")
        return path.parent, [entry]
    if not path.is_dir():
        raise CorpusError(f"not a file or folder: {path}")
    real_root = Path(os.path.realpath(path))
    entries: list[Listed] = []
    _walk(path, "", _Walk(real_root, follow_links, {str(real_root)}, entries), linked=False)
    if not entries:
        raise CorpusError(f"no {PAGE_SUFFIX} page files in folder: {path}")
    return path, sorted(entries, key=lambda e: e.name)


@dataclass
class _Walk:
    real_root: Path
    follow_links: bool
    seen: set[str]  # real paths of folders listed: a link loop is listed once
    entries: list[Listed]


def _walk(folder: Path, rel: str, walk: _Walk, linked: bool) -> None:
    try:
        with os.scandir(folder) as listing:
            items = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        if not rel:  # the folder the user named: nothing to list at all
            raise CorpusError(f"cannot open folder {folder}: {files.reason(exc)}") from exc
        walk.entries.append(Listed(folder, rel, problem=f"cannot list folder: {files.reason(exc)}"))
        return
    for item in items:
        if item.name.startswith("."):  # .git, editor backups, our own lock and temp files
            continue
        name = f"{rel}/{item.name}" if rel else item.name
        is_link = item.is_symlink()
        try:
            is_dir = item.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            child = folder / item.name
            real = os.path.realpath(child)
            if real in walk.seen:
                continue
            if (is_link or linked) and not walk.follow_links and not _inside(Path(real), walk.real_root):
                continue
            walk.seen.add(real)
            _walk(child, name, walk, linked or is_link)
        elif item.name.endswith(PAGE_SUFFIX):
            if not (is_link or linked) and item.is_file(follow_symlinks=False):
                # A regular file, from the listing itself (no stat): 100,000 pages list fast.
                walk.entries.append(Listed(folder, name, file=item.name))
                continue
            entry = _entry(folder / item.name, name, walk.real_root, linked or is_link)
            if not (entry.outside and not walk.follow_links):
                walk.entries.append(entry)


def _inside(real: Path, real_root: Path) -> bool:
    return real == real_root or real.is_relative_to(real_root)


def _entry(path: Path, name: str, real_root: Path, linked: bool) -> Listed:
    outside = linked and not _inside(Path(os.path.realpath(path)), real_root)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return Listed(path, name, "broken symbolic link" if linked else "vanished while listed", outside)
    except OSError as exc:
        return Listed(path, name, f"cannot read: {files.reason(exc)}", outside)
    if not stat.S_ISREG(mode):
        # Reading a FIFO or a device named *.txt would block or never end.
        return Listed(path, name, "not a regular file", outside)
    return Listed(path, name, None, outside)


def page_paths(path: Path) -> tuple[Path, list[Path]]:
    """The corpus root and its readable page files, or CorpusError with a one-line
    reason (list_pages says also what could not be listed, and why)."""
    root, entries = list_pages(path)
    return root, [e.path for e in entries if e.problem is None]


def load_corpus(path: Path, follow_links: bool = True) -> Corpus:
    """Every page below ``path``, each read when first asked for (or with the reason it
    cannot be read at all); a page that is a link out of the folder is noted, or left
    out when ``follow_links`` is False."""
    root, entries = list_pages(path, follow_links=follow_links)
    pages = [Page(e.where, e.name, _unreadable(e.problem), outside=e.outside, file=e.file) for e in entries]
    return Corpus(root, pages)


def _unreadable(problem: str | None) -> Decoded | None:
    return None if problem is None else Decoded(None, None, problem)


def annotated_pages(corpus: Corpus, directory: Path, *, batch: bool = False) -> Iterator[tuple[Page, Loaded]]:
    """Every readable page of ``corpus`` that has an annotation file, loaded (``batch``:
    read-only, spans as ReadTag; see AnnotationStore.load).

    For batch commands (eval, export): an unreadable annotation file stops them with
    its reason rather than being skipped in silence.
    """
    from reader.annotation.store import AnnotationStore, StoreError

    store = AnnotationStore(directory)
    for listed in corpus.pages:
        if not store.path_for(listed.name).exists():
            continue
        # A copy read for this pass: let go with its annotations before the next page,
        # so a batch over an archive (or a 50 MB page) never holds more than one.
        page = listed.fresh()
        if not page.readable:
            continue
        loaded = store.load(page, batch=batch)
        if loaded.problem:
            raise StoreError(f"{page.name}: {loaded.problem}")
        # Handed over, not kept in this frame while the caller works: the caller can let
        # a page's tags go before the next page is loaded (a dense page's are ~4x it).
        handed = [(page, loaded)]
        del page, loaded
        yield handed.pop()
