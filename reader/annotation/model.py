"""The annotation model: spans tagged `event` or `figure` on a page.

Offsets are code points of the page text as decoded (see reader/text/decoding.py), end-
exclusive. A span keeps the text it covers and a little context on each side; that
is its anchor when the page text changes under it (see reader/annotation/anchoring.py).
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

from reader.text.articles import Article
from reader.text.spans import LABELS, Span

ORIGINS = ("manual", "suggested", "accepted")
CONTEXT = 16  # characters of anchor context kept on each side of a span
SCHEMA_VERSION = 1


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_id() -> str:
    return uuid.uuid4().hex[:12]


@dataclass(kw_only=True, slots=True)
class Tag(Span):
    """A span a person decided on: stored in the page's annotation file."""

    id: str
    before: str = ""  # anchor context: the characters right before the span
    after: str = ""  # and right after it
    note: str = ""
    annotator: str = ""
    origin: str = "manual"
    created: str = ""
    updated: str = ""

    # The order of keys in the file: with sorted tags it makes saves byte-stable.
    # tests/unit/test_format.py checks these lists against the JSON Schema.
    FIELDS: ClassVar[tuple[str, ...]] = (
        "id", "label", "start", "end", "text", "before", "after", "attrs", "note",
        "annotator", "origin", "created", "updated",
    )  # fmt: skip

    @classmethod
    def make(
        cls,
        page_text: str,
        label: str,
        start: int,
        end: int,
        *,
        annotator: str,
        attrs: dict[str, Any] | None = None,
        origin: str = "manual",
    ) -> Tag:
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r}; expected one of {', '.join(LABELS)}")
        if not 0 <= start < end <= len(page_text):
            raise ValueError(f"span {start}-{end} is outside the page (0-{len(page_text)})")
        stamp = now_iso()
        return cls(
            id=new_id(),
            label=label,
            start=start,
            end=end,
            text=page_text[start:end],
            before=page_text[max(0, start - CONTEXT) : start],
            after=page_text[end : end + CONTEXT],
            attrs=dict(attrs or {}),
            annotator=annotator,
            origin=origin,
            created=stamp,
            updated=stamp,
        )

    def to_json(self) -> dict[str, Any]:
        return {name: copy.deepcopy(getattr(self, name)) for name in self.FIELDS}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Tag:
        return cls(**data)

    def moved(self, page_text: str, start: int) -> Tag:
        """The same tag placed at ``start`` of a (changed) page text."""
        return self.placed(page_text, start, start + len(self.text))

    def placed(self, page_text: str, start: int, end: int) -> Tag:
        """The same tag (id, attributes, note) over [start, end), its text and anchor
        context taken from the page."""
        placed = copy.deepcopy(self)
        placed.start, placed.end, placed.text = start, end, page_text[start:end]
        placed.before = page_text[max(0, start - CONTEXT) : start]
        placed.after = page_text[end : end + CONTEXT]
        return placed


@dataclass(kw_only=True, slots=True)
class ReadTag(Span):
    """A tag as a batch pass reads it (eval, the index, the unreadable-file pre-pass): its span and who made
    it, without id, context, note and times. A densely tagged page's tags take ~40%
    less this way. Never saved: a Loaded holding these is read-only (AnnotationStore.load)."""

    annotator: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReadTag:
        return cls(
            label=data["label"],
            start=data["start"],
            end=data["end"],
            text=data["text"],
            attrs=data.get("attrs", {}),
            annotator=data.get("annotator", ""),
        )

    @classmethod
    def of(cls, tag: Tag) -> ReadTag:
        return cls(
            label=tag.label,
            start=tag.start,
            end=tag.end,
            text=tag.text,
            attrs=tag.attrs,
            annotator=tag.annotator,
        )


@dataclass(kw_only=True, slots=True)
class Rejection(Span):
    """A suggestion a person turned down; it does not come back at the same place."""

    by: str = ""
    at: str = ""

    FIELDS: ClassVar[tuple[str, ...]] = ("label", "start", "end", "text", "by", "at")

    def matches(self, span: Span) -> bool:
        return (self.label, self.start, self.end, self.text) == (span.label, span.start, span.end, span.text)

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.FIELDS}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Rejection:
        return cls(**data)


@dataclass(frozen=True)
class ReviewedMark:
    """An article a person marked as reviewed (all its tags checked)."""

    article: int
    title: str
    by: str
    at: str

    FIELDS: ClassVar[tuple[str, ...]] = ("article", "title", "by", "at")

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.FIELDS}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReviewedMark:
        return cls(**data)


Snapshot = tuple[list[Tag], list[Tag], list[Rejection], list[ReviewedMark]]


class DuplicateSpan(ValueError):
    pass


@dataclass
class PageAnnotations:
    """All spans of one page, as stored in its annotation file."""

    page: str  # page path relative to the corpus root
    text_sha256: str
    text_length: int
    spans: list[Tag] = field(default_factory=list)
    orphans: list[Tag] = field(default_factory=list)  # could not be placed on the current text
    rejected: list[Rejection] = field(default_factory=list)  # suggestions turned down
    reviewed: list[ReviewedMark] = field(default_factory=list)  # articles marked reviewed

    FIELDS: ClassVar[tuple[str, ...]] = (
        "schema_version", "page", "text_sha256", "text_length", "spans", "orphans", "rejected", "reviewed",
    )  # fmt: skip

    def sorted_spans(self) -> list[Tag]:
        return sorted(self.spans, key=lambda s: (s.start, -s.end, s.label, s.id))

    def add(self, span: Tag) -> None:
        if any(s.key == span.key for s in self.spans):
            raise DuplicateSpan(f"an identical {span.label} span already covers {span.text!r}")
        self.spans.append(span)
        self.spans = self.sorted_spans()

    def remove(self, span_id: str) -> Tag:
        for i, span in enumerate(self.spans):
            if span.id == span_id:
                return self.spans.pop(i)
        raise KeyError(span_id)

    def get(self, span_id: str) -> Tag:
        for span in self.spans:
            if span.id == span_id:
                return span
        raise KeyError(span_id)

    def spans_at(self, offset: int) -> list[Tag]:
        """Tags covering ``offset``, innermost (shortest) first."""
        hits = [s for s in self.spans if s.covers(offset)]
        return sorted(hits, key=lambda s: (s.end - s.start, s.label))

    def in_article(self, article: Article) -> list[Tag]:
        return [s for s in self.sorted_spans() if article.contains(s)]

    def snapshot(self) -> Snapshot:
        return copy.deepcopy((self.spans, self.orphans, self.rejected, self.reviewed))

    def restore(self, snap: Snapshot) -> None:
        self.spans, self.orphans, self.rejected, self.reviewed = copy.deepcopy(snap)

    def is_rejected(self, span: Span) -> bool:
        return any(r.matches(span) for r in self.rejected)

    def is_reviewed(self, article: int) -> bool:
        return any(r.article == article for r in self.reviewed)

    def json_fields(self) -> Iterator[tuple[str, Any]]:
        """The file's fields in FIELDS order; a list comes as an iterator of its records in
        saved order, so a file of 250,000 tags can be written a record at a time."""
        yield "schema_version", SCHEMA_VERSION
        yield "page", self.page
        yield "text_sha256", self.text_sha256
        yield "text_length", self.text_length
        yield "spans", (s.to_json() for s in self.sorted_spans())
        yield "orphans", (s.to_json() for s in self.orphans)
        rejected = sorted(self.rejected, key=lambda r: (r.start, r.end, r.label))
        yield "rejected", (r.to_json() for r in rejected)
        yield "reviewed", (r.to_json() for r in sorted(self.reviewed, key=lambda r: r.article))

    def to_json(self) -> dict[str, Any]:
        return {name: list(v) if isinstance(v, Iterator) else v for name, v in self.json_fields()}

    @classmethod
    def from_json(cls, data: dict[str, Any], consume: bool = False) -> PageAnnotations:
        """``consume``: take the span lists out of ``data``, each span's dict let go once
        its Tag is made (a file of 250,000 tags otherwise holds both at once)."""

        def tags(key: str) -> list[Tag]:
            if not consume:
                return [Tag.from_json(s) for s in data.get(key, [])]
            items: list[dict[str, Any]] = data.pop(key, [])
            made = []
            while items:
                made.append(Tag.from_json(items.pop()))
            made.reverse()
            return made

        return cls(
            page=data["page"],
            text_sha256=data["text_sha256"],
            text_length=data["text_length"],
            spans=tags("spans"),
            orphans=tags("orphans"),
            rejected=[Rejection.from_json(r) for r in data.get("rejected", [])],
            reviewed=[ReviewedMark.from_json(r) for r in data.get("reviewed", [])],
        )
