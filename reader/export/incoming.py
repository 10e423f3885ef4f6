"""What a format's reader yields: spans as the file states them, grouped by page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from reader.annotation.fileformat import shared
from reader.annotation.model import Tag
from reader.export.documents import NATIVE
from reader.export.labels import LabelMap
from reader.text.spans import Span


# kw_only: the fields after Span's own are named at every call. Slots: a page's file
# can hold 250,000.
@dataclass(kw_only=True, slots=True)
class Incoming(Span):
    """One span as a file states it, offsets already in code points of ``doc_text``.

    ``attrs`` None: the file says nothing about attributes (Span's empty dict would
    read as "no attributes", which replaces a tag's). ``extras``: the carried tag
    fields (id, context, provenance), when the file has them. ``problem``: why the
    span cannot even be placed (offset inside a character, unknown label).
    """

    attrs: dict[str, Any] | None = None  # type: ignore[assignment]
    extras: dict[str, Any] | None = None
    problem: str | None = None
    where: str = ""  # the file (and line, when ``line`` is 0), for messages
    # brat: the pieces ``text`` shows, joined by " ", when there are more than one
    fragments: list[tuple[int, int]] | None = None
    line: int = 0  # the line of ``where`` it is on: a number, not a string per span

    @property
    def at(self) -> str:
        """Where the file states it, for messages."""
        return f"{self.where}:{self.line}" if self.line else self.where

    def set_extras(
        self, data: dict[str, Any], strings: dict[str, str] | None = None, own: bool = False
    ) -> None:
        """Take the carried tag fields from ``data`` (attributes go to ``attrs``);
        keys that are no tag field are left out. ``strings``: the file's shared copies
        of what repeats (annotator, dates …), see fileformat.shared. ``own``: ``data`` is
        the caller's to change and keep, its keys already those copies."""
        strings = strings if strings is not None else {}
        data = shared(data if own else dict(data), strings)  # own: the caller's to change
        if "attrs" in data:
            self.attrs = data.pop("attrs")
        if own:  # kept as it is, less what is no tag field: one dict a span, not two
            for key in [k for k in data if k not in Tag.FIELDS or k in NATIVE]:
                del data[key]
            kept = data
        else:
            # Keys too: each line of a JSON-lines file is parsed on its own, so json shares none.
            kept = {
                strings.setdefault(k, k): v for k, v in data.items() if k in Tag.FIELDS and k not in NATIVE
            }
        self.extras = kept if self.extras is None else {**self.extras, **kept}


@dataclass
class IncomingDoc:
    """One page's worth of a file: which page (``source``, or its text when the file
    names none), its spans and the carried page lists.

    ``annotator``: whose annotation it is, when the file says (Label Studio's
    ``completed_by``); it then goes to that annotator's own folder. ``dropped``: what
    the file holds that has no place in an annotation file, counted by kind
    ("relation", "event" …), so that the import says so. ``suggestions``: spans a
    model proposed (Label Studio's predictions), kept apart from the tags."""

    source: str | None
    text: str | None
    spans: list[Incoming] = field(default_factory=list)
    page: dict[str, Any] | None = None
    where: str = ""  # file (and line) it came from, for messages
    annotator: str | None = None
    dropped: Counter[str] = field(default_factory=Counter)
    suggestions: list[Incoming] = field(default_factory=list)
    problem: str | None = None  # why none of its spans can be placed (their offset unit)


SKIPPED = "skipped by --label-map"  # the dropped kind of a span left out on purpose


Unit = Literal["utf16", "codepoints"]
UNITS: tuple[Unit, ...] = ("utf16", "codepoints")


@dataclass(frozen=True)
class ImportOptions:
    """What the person said about the file: label names (``--label-map``) and the
    offset unit (``--offsets``) when the file does not state it."""

    labels: LabelMap = field(default_factory=LabelMap)
    offsets: Unit | None = None
