"""A page: one text file, decoded, and split into its articles."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from reader.text.articles import Article, split_page
from reader.text.decoding import Decoded, decode_bytes
from reader.text.normalize import View, build_view

PAGE_SUFFIX = ".txt"


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
