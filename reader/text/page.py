"""A page: one text file, decoded, and split into its articles.

A page is read when it is first asked for its text or articles, not when it is
listed: an archive of 100,000 pages opens with its names only (the tree and the
index need no more), and batch work reads private copies of pages (Page.fresh)
that it lets go, so the pages the screen holds never change under it.
"""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from pathlib import Path

from reader.text import file_reads, files
from reader.text.articles import Article, split_page
from reader.text.decoding import Decoded, decode_bytes
from reader.text.normalize import View, build_view

PAGE_SUFFIX = ".txt"
OUTSIDE = "symlink to a file outside the folder"
# Two threads may ask for the same page at once (the screen's, a worker's).
_PUBLISHING = threading.Lock()


class Page:
    """One page file: its decoded text and its articles, or why it cannot be read."""

    # Slots: an archive holds 100,000 of these before any is read.
    __slots__ = ("_articles", "_decoded", "_file", "_listed", "_sha256", "_where", "name", "outside")

    def __init__(
        self,
        path: Path,
        name: str | None = None,
        decoded: Decoded | None = None,
        *,
        outside: bool = False,
        file: str = "",
    ) -> None:
        """``file`` given: ``path`` is its folder, and the page's Path is made when needed."""
        self._where, self._file = path, file
        self.name = name or file or path.name  # relative to the corpus root, with forward slashes
        self.outside = outside  # a link (or under a linked folder) to a file outside the corpus
        self._decoded = decoded
        self._listed = decoded is not None  # its reason came from the listing
        self._articles: list[Article] = []
        self._sha256: str | None = None

    @property
    def path(self) -> Path:
        return self._where / self._file if self._file else self._where

    @property
    def location(self) -> str:
        """The path as a string, without making a Path (for a stat of every page)."""
        return os.fspath(self._where) + os.sep + self._file if self._file else os.fspath(self._where)

    def __repr__(self) -> str:
        return f"Page({self.name!r}, {'read' if self.is_read else 'not read'})"

    @property
    def is_read(self) -> bool:
        return self._decoded is not None

    def _read(self) -> Decoded:
        # Read outside the lock (a 50 MB page takes seconds: other pages are not held
        # up), published under it: two threads asking at once agree on one reading.
        decoded, articles = read_page(self.path)
        if self.outside:
            note = f"{decoded.note}; {OUTSIDE}" if decoded.note else OUTSIDE
            decoded = replace(decoded, note=note)
        with _PUBLISHING:
            if self._decoded is None:
                self._articles, self._decoded = articles, decoded
            return self._decoded

    def fresh(self) -> Page:
        """A private copy that reads the file as it is now: batch work (the index, the
        keyword counts) reads pages through copies, so the pages the screen holds are
        never changed or let go under it, and an archive is not kept in memory."""
        if self._listed:
            return self
        return Page(self.path, self.name, outside=self.outside)

    @property
    def decoded(self) -> Decoded:
        return self._decoded if self._decoded is not None else self._read()

    @property
    def articles(self) -> list[Article]:
        self.decoded  # noqa: B018 - reads the page if it has not been read
        return self._articles

    @property
    def text(self) -> str:
        return self.decoded.text or ""

    @property
    def readable(self) -> bool:
        return self.decoded.readable

    @property
    def problem(self) -> str | None:
        return self.decoded.problem

    @property
    def sha256(self) -> str:
        if self._sha256 is None:
            self._sha256 = text_sha256(self.text)
        return self._sha256

    def view(self, article: Article) -> View:
        return build_view(self.text, [p.parts for p in article.paragraphs])


def text_sha256(text: str) -> str:
    import hashlib  # here: listing the pages hashes none of them

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_page(path: Path) -> tuple[Decoded, list[Article]]:
    try:
        data = file_reads.read_regular(path)  # a FIFO put in its place since it was listed: refused
    except OSError as exc:
        return Decoded(None, None, f"cannot read: {files.reason(exc)}"), []
    decoded = decode_bytes(data)
    del data  # not held while the page is split: 50 MB of a 50 MB page
    if decoded.text is None:
        return decoded, []
    articles = split_page(decoded.text)
    if not articles:
        return Decoded(None, decoded.encoding, "no text (only white space)"), []
    return decoded, articles


def load_page(path: Path, name: str | None = None) -> Page:
    """The page, read now."""
    page = Page(path, name)
    page.decoded  # noqa: B018
    return page
