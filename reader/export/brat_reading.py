"""Reading brat standoff back: ``.ann`` files into spans (reader/export/brat.py writes them).

Text-bound annotations (``T``) are our spans, their label named by label_of or the
``--label-map``. Brat attributes (``A``, and ``M``, their old form) on a span become
its attributes: ``Qualifier`` is our figure qualifier, every other one is kept under
``attrs["brat"]`` ({name: value, or true for a binary one}), which the export writes
back as brat attributes. ``AnnotatorNotes`` on a span are its note, or our carried
fields (a JSON object with an ``id``), or its attributes (a JSON object without).

What has no place in our model is counted per kind and named by the import, never
dropped in silence: relations (``R``), events (``E``), equivalences (``*``),
normalisations (``N``), and attributes or notes on anything but an imported span.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from reader.export.incoming import SKIPPED, Incoming
from reader.export.labels import SKIP, LabelMap

QUALIFIER = "Qualifier"  # the brat attribute that is our figure attribute `qualifier`
KINDS = {
    "R": "brat relation (R)",
    "E": "brat event (E)",
    "*": "brat equivalence (*)",
    "N": "brat normalisation (N)",
}
ON_OTHER = {"A": "brat attribute on no imported span (A/M)", "#": "brat note on no imported span (#)"}


class _Reading:
    """One ``.ann`` file read line by line: its spans by ident, what they carry, and
    what is not imported."""

    def __init__(self, where: str, labels: LabelMap, dropped: Counter[str]) -> None:
        self.where, self.labels, self.dropped = where, labels, dropped
        self.spans: dict[str, Incoming] = {}
        self.pending: dict[str, list[str]] = {}  # notes of a span whose T line comes later
        self.strings: dict[str, str] = {}  # the file's copies of repeated strings (fileformat.shared)
        self.plain: dict[str, list[str]] = {}  # notes that are plain text, joined at the end
        self.attributes: dict[str, list[tuple[str, str | None]]] = {}  # applied at the end
        self.not_ours: set[str] = set()  # T idents skipped by the label map

    def line(self, number: int, line: str) -> None:
        head = line[:1]
        if head == "T":
            self.text_bound(line, number)
        elif head == "#":
            self.note(line)
        elif head in ("A", "M"):
            parts = line.split("\t")
            fields = parts[1].split(" ") if len(parts) > 1 else []
            if len(fields) >= 2:
                self.attributes.setdefault(fields[1], []).append((fields[0], " ".join(fields[2:]) or None))
            else:
                self.dropped["brat line not understood"] += 1
        elif head in KINDS:
            self.dropped[KINDS[head]] += 1
        elif line.strip():
            self.dropped["brat line not understood"] += 1

    def text_bound(self, line: str, number: int) -> None:
        ident, span = _text_bound(line, self.where, number, self.labels)
        if span is None:  # mapped to nothing on purpose
            self.dropped[SKIPPED] += 1
            self.not_ours.add(ident)
            return
        if ident in self.spans:  # defined again: the notes read so far stay with the ident
            span.attrs, span.extras = self.spans[ident].attrs, self.spans[ident].extras
        self.spans[ident] = span
        if span.problem:
            self.dropped[ON_OTHER["#"]] += len(self.pending.pop(ident, []))
        for text in self.pending.pop(ident, []):  # notes given before their T line, in order
            if not _taken(span, text, self.strings):
                self.plain.setdefault(ident, []).append(text)

    def note(self, line: str) -> None:
        parts = line.split("\t", 2)
        kind, _, target = parts[1].partition(" ") if len(parts) > 1 else ("", "", "")
        if kind != "AnnotatorNotes" or len(parts) != 3:
            self.dropped["brat line not understood"] += 1
        elif target in self.spans and self.spans[target].problem:  # reported with its span
            self.dropped[ON_OTHER["#"]] += 1
        elif target not in self.spans:
            # Taken in at once, not kept as text: a page's 250,000 notes as strings
            # beside the spans they became took ~3 KB a span.
            self.pending.setdefault(target, []).append(parts[2])
        elif not _taken(self.spans[target], parts[2], self.strings):
            self.plain.setdefault(target, []).append(parts[2])

    def finish(self) -> list[Incoming]:
        for ident, texts in self.plain.items():
            self.spans[ident].extras = {**(self.spans[ident].extras or {}), "note": "\n".join(texts)}
        for target, notes in self.pending.items():  # on an event, a relation, a span not taken
            self.dropped[SKIPPED if target in self.not_ours else ON_OTHER["#"]] += len(notes)
        for target, pairs in self.attributes.items():
            span = self.spans.get(target)
            if span is None or span.problem:
                self.dropped[SKIPPED if target in self.not_ours else ON_OTHER["A"]] += len(pairs)
                continue
            attrs = span.attrs if span.attrs is not None else {}
            for name, value in pairs:
                if name == QUALIFIER and value is not None:
                    attrs["qualifier"] = value  # in place: the key keeps its place in the file
                else:
                    attrs.setdefault("brat", {})[name] = True if value is None else value
            span.attrs = attrs
        return list(self.spans.values())


def parse_ann(
    ann: str | Iterable[str], where: str, labels: LabelMap | None = None, dropped: Counter[str] | None = None
) -> list[Incoming]:
    """The spans of an ``.ann`` file: its text, or its lines one at a time. What is
    not imported is counted into ``dropped`` by kind."""
    reading = _Reading(where, labels or LabelMap(), dropped if dropped is not None else Counter())
    # split("\n"), not splitlines(): page text in a T line may hold U+2028, U+0085 …
    lines = ann.split("\n") if isinstance(ann, str) else (line.removesuffix("\n") for line in ann)
    for number, line in enumerate(lines, 1):
        reading.line(number, line)
    return reading.finish()


def _text_bound(line: str, where: str, number: int, labels: LabelMap) -> tuple[str, Incoming | None]:
    parts = line.split("\t", 2)
    try:
        ident, middle, shown = parts
        kind, offsets = middle.split(" ", 1)
        fragments = [(int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))]
    except ValueError:
        return parts[0], Incoming("", 0, 0, "", problem=f"{where}:{number}: not a brat text-bound line")
    start, end = fragments[0][0], fragments[-1][1]
    label = labels.resolve(kind)
    if label == SKIP:
        return ident, None
    problem = None if label else f"{where}:{number}: unknown label {kind!r} (--label-map names it)"
    span = Incoming(label or kind, start, end, shown, problem=problem, where=where, line=number)
    # One piece is the span itself: kept only when there are more (a list each took ~0.2 KB).
    span.fragments = fragments if len(fragments) > 1 else None
    return ident, span


def _taken(span: Incoming, text: str, strings: dict[str, str]) -> bool:
    """Take one AnnotatorNotes text into ``span``: our carried fields, else attributes.
    False for a plain note, which the caller joins with the span's others."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError:
        data = None
    if isinstance(data, dict) and "id" in data:
        span.set_extras(data, strings)
    elif isinstance(data, dict):
        span.attrs = data
    return isinstance(data, dict)
