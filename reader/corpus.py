"""The corpus: a folder (or one file) of pages, each split into articles."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from reader.articles import Article, split_page
from reader.decoding import Decoded, decode_bytes
from reader.normalize import View, build_view

PAGE_SUFFIX = ".txt"


class CorpusError(Exception):
    """A corpus path that cannot be opened at all; the message is one line for the user."""


@dataclass
class Page:
    """One page file: its decoded text and its articles, or why it cannot be read."""

    path: Path
    name: str  # path relative to the corpus root, with forward slashes
    decoded: Decoded
    articles: list[Article] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.decoded.text or ""

    @property
    def readable(self) -> bool:
        return self.decoded.readable

    @property
    def problem(self) -> str | None:
        return self.decoded.problem

    @cached_property
    def sha256(self) -> str:
        return text_sha256(self.text)

    def view(self, article: Article) -> View:
        return build_view(self.text, [p.parts for p in article.paragraphs])


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_page(path: Path, name: str | None = None) -> Page:
    try:
        data = path.read_bytes()
    except OSError as exc:
        decoded = Decoded(None, None, f"cannot read: {exc.strerror or exc}")
    else:
        decoded = decode_bytes(data)
    page = Page(path, name or path.name, decoded)
    if decoded.text is not None:
        page.articles = split_page(decoded.text)
        if not page.articles:
            page.decoded = Decoded(None, decoded.encoding, "no text (only white space)")
    return page


@dataclass
class Corpus:
    root: Path
    pages: list[Page]

    @property
    def articles(self) -> list[tuple[Page, Article]]:
        return [(p, a) for p in self.pages for a in p.articles]

    def page(self, name: str) -> Page:
        for p in self.pages:
            if p.name == name:
                return p
        raise KeyError(name)


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
