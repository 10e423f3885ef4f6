"""What every format shares: the pages to write, offsets per tool, what a tag carries.

A format states a span natively (label, offsets, covered text, sometimes attributes);
everything else an annotation file holds (tag id, anchor context, note, annotator,
origin, timestamps, and per page the orphans, rejections and reviewed marks) is
carried in the format's own extension point, so that export then import gives the
same annotation file byte for byte. ``tag_extras`` and ``page_extras`` are those
carried parts; the importer (reader/export/importing.py) puts them back.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.annotation import jsonstream
from reader.annotation.fileformat import shared
from reader.annotation.model import PageAnnotations, Tag
from reader.corpus.corpus import Corpus, annotated_pages
from reader.text import files
from reader.text.page import Page
from reader.text.safe import json_escaped

BRAT_TYPES = {"event": "Event", "figure": "Figure"}
NATIVE = ("label", "start", "end", "text")  # what every format states about a span itself
PAGE_LISTS = ("orphans", "rejected", "reviewed")


class ExportError(Exception):
    """An export that cannot be written; the message is one line for the user."""


class ImportFileError(Exception):
    """A file to import that cannot be read as its format; one line for the user."""


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


def dumps(data: Any) -> str:
    # A page name that is not UTF-8 is written as \\u escapes (json_escaped), not refused.
    return json_escaped(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True), controls=False) + "\n"


_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def one_line(data: Any) -> str:
    """``data`` as JSON on one line, whatever a reader takes for a line break.

    json.dumps escapes C0 controls but leaves NEL, U+2028 and U+2029, which
    str.splitlines (and many JSONL readers) split at; they can only occur inside JSON
    strings, where the escape means the same character.
    """
    return "".join(json_pieces(data))


def json_pieces(data: Any) -> Iterator[str]:
    """``one_line(data)`` in pieces. A list may be given as an iterator (a generator):
    its items are then made and written one at a time, so a page's 250,000 spans are
    never all built, nor one string, at once. Dicts and iterators are walked here; every
    other value is one json.dumps, with json's own separators, so the pieces joined are
    the bytes json.dumps gives for the same data built as lists."""
    if not _streams(data):
        yield _one_value(data)
    elif isinstance(data, dict):
        yield "{"
        for n, (key, value) in enumerate(data.items()):
            yield f"{', ' if n else ''}{_one_value(key)}: "
            yield from json_pieces(value)
        yield "}"
    else:
        yield "["
        for n, item in enumerate(data):
            if n:
                yield ", "
            yield from json_pieces(item)
        yield "]"


def _streams(data: Any) -> bool:
    """``data`` is, or holds, an iterator (dict keys all strings, as json_pieces writes them)."""
    if isinstance(data, Iterator):
        return True
    if isinstance(data, dict):
        return all(type(key) is str for key in data) and any(_streams(v) for v in data.values())
    return isinstance(data, list) and any(_streams(item) for item in data)


def _one_value(data: Any) -> str:
    # Key order as built, not sorted: attributes come back in the order the annotation
    # file had them, which byte-identical round trips need. The order is still fixed.
    return json_escaped(json.dumps(data, ensure_ascii=False), controls=False).translate(_LINE_BREAKS)


# --- offsets ---------------------------------------------------------------------


def utf16_offset(text: str, index: int) -> int:
    """UTF-16 code units before code point ``index``."""
    return index + bisect.bisect_left(_astral(text)[0], index)


def codepoint_offset(text: str, units: int) -> int:
    """Code point index at ``units`` UTF-16 code units; ValueError inside a character
    or past the end."""
    _, starts = _astral(text)
    if not 0 <= units <= len(text) + len(starts):
        raise ValueError(f"UTF-16 offset {units} is not on a character boundary of the text")
    inside = bisect.bisect_left(starts, units - 1)
    if inside < len(starts) and starts[inside] == units - 1:  # between the two halves of a pair
        raise ValueError(f"UTF-16 offset {units} is not on a character boundary of the text")
    # Each character outside the BMP wholly before ``units`` took two units for one code point.
    return units - bisect.bisect_right(starts, units - 2)


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


_TABLES: dict[tuple[int, int, int], tuple[list[int], list[int]]] = {}


def _astral(text: str) -> tuple[list[int], list[int]]:
    """Where the characters outside the BMP are: code point indexes, and UTF-16 unit
    indexes. Once per text: counting from the start for every offset made a page
    with n tags cost n passes over it, minutes on a 50 MB page.

    Kept for the last few texts by identity, length and hash, never the text itself:
    a cache keyed by the text held the last four pages converted (50 MB each), and an equal
    text that was another object was compared with it character by character for
    every offset (hours for a page's 250,000 tags)."""
    key = (id(text), len(text), hash(text))
    tables = _TABLES.get(key)
    if tables is None:
        points = [m.start() for m in _ASTRAL.finditer(text)]
        tables = points, [point + k for k, point in enumerate(points)]
        if len(_TABLES) >= 4:
            _TABLES.pop(next(iter(_TABLES), None), None)  # another thread may have taken it
        _TABLES[key] = tables
    return tables


# --- what a format carries beside the span ----------------------------------------


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


# --- what a reader yields ----------------------------------------------------------


@dataclass(slots=True)  # a page's file can hold 250,000
class Incoming:
    """One span as a file states it, offsets already in code points of ``doc_text``.

    ``attrs`` None: the file says nothing about attributes. ``extras``: the carried
    tag fields (id, context, provenance), when the file has them. ``problem``: why the
    span cannot even be placed (offset inside a character, unknown label).
    """

    label: str
    start: int
    end: int
    text: str
    attrs: dict[str, Any] | None = None
    extras: dict[str, Any] | None = None
    problem: str | None = None
    where: str = ""  # the file (and line, when ``line`` is 0), for messages
    # brat: the pieces ``text`` shows, joined by " ", when there are more than one
    fragments: list[tuple[int, int]] | None = None
    line: int = 0  # the line of ``where`` it is on: a number, not a string per span

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.label, self.start, self.end)

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
    names none), its spans and the carried page lists."""

    source: str | None
    text: str | None
    spans: list[Incoming] = field(default_factory=list)
    page: dict[str, Any] | None = None
    where: str = ""  # file (and line) it came from, for messages


LABEL_NAMES = {
    **{label: label for label in BRAT_TYPES},
    **{name.lower(): label for label, name in BRAT_TYPES.items()},
    "evt": "event",
    "fig": "figure",
}


def label_of(name: Any) -> str | None:
    """Our label for a label name as another tool spells it (Event, EVT, figure…)."""
    return LABEL_NAMES.get(name.lower()) if isinstance(name, str) else None


def read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(read_text(path))
    except RecursionError:
        raise ImportFileError(f"{path}: not valid {what} JSON (nested too deeply)") from None
    except ValueError as exc:  # JSONDecodeError, or an integer of more than 4300 digits
        raise ImportFileError(f"{path}: not valid {what} JSON ({' '.join(str(exc).split())})") from exc


def read_text(path: Path) -> str:
    """A file to import, as text (reader/text/files.py: a FIFO is refused, never waited on)."""
    try:
        return files.read_text(path)
    except FileNotFoundError as exc:
        raise ImportFileError(f"no such file: {path}") from exc
    except OSError as exc:
        raise ImportFileError(str(exc)) from exc


def whole_number(value: Any) -> bool:
    """An offset as JSON gives it: an int, and not a bool (True is an int in Python)."""
    return isinstance(value, int) and not isinstance(value, bool)


def json_documents(
    path: Path, patterns: Collection[jsonstream.Path], *, lines: bool
) -> Iterator[tuple[int, Any]]:
    """(line, document) for the JSON document of ``path``, or each of its lines, read
    entry by entry (jsonstream.documents): the entries ``patterns`` name come as Lazy,
    so a line or task holding a page's text and 250,000 spans is never one string nor
    one parsed tree. Read it inside ``json_errors``."""
    try:
        with files.open_regular(path) as handle:  # a FIFO is refused, never waited on
            yield from jsonstream.documents(files.chunks(handle), patterns, lines=lines)
    except FileNotFoundError as exc:
        raise ImportFileError(f"no such file: {path}") from exc
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {files.reason(exc)}") from exc


@contextmanager
def json_errors(path: Path, what: str) -> Iterator[None]:
    """A file ``json_documents`` cannot read as JSON, or at all, as one ImportFileError line."""
    try:
        yield
    except jsonstream.JSONError as exc:
        if str(exc).startswith("not UTF-8"):
            raise ImportFileError(f"cannot read {path}: {exc}") from None
        raise ImportFileError(f"{path}: {what} ({exc})") from None
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {files.reason(exc)}") from exc


def default_file(path: Path, name: str) -> Path:
    """``path`` itself, or the file the exporter writes when ``path`` is its folder."""
    return path / name if path.is_dir() else path
