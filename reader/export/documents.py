"""The pages an export writes, and what a format carries beside each span.

A format states a span natively (label, offsets, covered text, sometimes attributes);
everything else an annotation file holds (tag id, anchor context, note, annotator,
origin, timestamps, and per page the orphans, rejections and reviewed marks) is
carried in the format's own extension point, so that export then import gives the
same annotation file byte for byte. ``tag_extras`` and ``page_extras`` are those
carried parts; the importer (reader/export/importing.py) puts them back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.annotation.model import PageAnnotations, Tag
from reader.corpus.corpus import Corpus, annotated_pages
from reader.text.page import Page

NATIVE = ("label", "start", "end", "text")  # what every format states about a span itself
PAGE_LISTS = ("orphans", "rejected", "reviewed")


@dataclass(frozen=True)
class ExportDoc:
    """One annotated page, ready to write: its text and its annotation file as loaded."""

    page: Page
    annotations: PageAnnotations

    @property
    def name(self) -> str:  # page name, relative to the corpus
        return self.page.name

    @property
    def text(self) -> str:
        return self.page.text

    @property
    def sha256(self) -> str:
        return self.page.sha256

    @property
    def spans(self) -> list[Tag]:
        return self.annotations.sorted_spans()

    @property
    def stem(self) -> str:
        return self.name[: -len(".txt")] if self.name.endswith(".txt") else self.name


def documents(corpus: Corpus, annotations: Path) -> Iterator[ExportDoc]:
    """Every annotated, readable page of the corpus, in page order."""
    for page, loaded in annotated_pages(corpus, annotations):
        handed = [ExportDoc(page, loaded.annotations)]  # not kept here: see annotated_pages
        del page, loaded
        yield handed.pop()


def tag_extras(tag: Tag, *, native: tuple[str, ...] = NATIVE) -> dict[str, Any]:
    """The tag's fields the format does not state itself, in the file's key order."""
    data = tag.to_json()
    return {name: data[name] for name in Tag.FIELDS if name not in native}


def page_extras(annotations: PageAnnotations) -> dict[str, Any] | None:
    """Orphans, rejections and reviewed marks, or None when the page has none (then
    nothing is written, and an import states nothing about them)."""
    lists = {name: list(value) for name, value in annotations.json_fields() if name in PAGE_LISTS}
    kept = {name: records for name, records in lists.items() if records}
    return kept or None
