"""A page: one text file, decoded, and split into its articles.

A page is read when it is first asked for its text or articles, not when it is
listed: an archive of 100,000 pages opens with its names only (the tree and the
index need no more), and a page read for the index can be let go again.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import replace
from pathlib import Path

from reader.text.articles import Article, split_page
from reader.text.decoding import Decoded, decode_bytes
from reader.text.normalize import View, build_view

PAGE_SUFFIX = ".txt"
OUTSIDE = "symlink to a file outside the folder"
# Two threads (the screen and the index worker) may ask for the same page at once.
_READING = threading.Lock()


class Page:
    """One page file: its decoded text and its articles, or why it cannot be read."""

    # Slots: an archive holds 100,000 of these before any is read.
    __slots__ = ("_articles", "_decoded", "_file", "_sha256", "_where", "name", "outside")

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
        with _READING:
            if self._decoded is None:
                decoded, articles = read_page(self.path)
                if self.outside:
                    note = f"{decoded.note}; {OUTSIDE}" if decoded.note else OUTSIDE
                    decoded = replace(decoded, note=note)
                self._articles, self._decoded = articles, decoded
            return self._decoded

    def release(self) -> None:
        """Forget the text (read again when next asked for): for batch passes over an archive."""
        with _READING:
            if self._decoded is not None and self._decoded.readable:
                self._decoded, self._articles, self._sha256 = None, [], None

    @property
    def decoded(self) -> Decoded:
        return self._decoded if self._decoded is not None else self._read()

    @decoded.setter
    def decoded(self, value: Decoded) -> None:
        self._decoded = value

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
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_page(path: Path) -> tuple[Decoded, list[Article]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Decoded(None, None, f"cannot read: {exc.strerror or exc}"), []
    decoded = decode_bytes(data)
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
