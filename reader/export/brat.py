"""brat standoff: ``NAME.txt`` and ``NAME.ann`` per page, ``annotation.conf`` once.

Offsets count code points. Each span is a text-bound annotation (``T1<TAB>Event 0
13<TAB>text``); a span over a line break becomes a discontinuous one, fragments split
at the break (``Event 0 13;15 60``), since brat shows each line apart.

What brat keeps: label, offsets and text in the ``T`` line; every other field of the
tag (id, before/after context, attributes, note, annotator, origin, created,
updated) as one JSON object in its ``AnnotatorNotes`` line (``#1<TAB>AnnotatorNotes
T1<TAB>{…}``), brat's own place for a note on an annotation. Orphans, rejections and
reviewed marks belong to no span, and a ``#`` line must name one; they go into
``NAME.epireader.json`` beside the page, written only when the page has any (brat
lists ``.txt`` documents and leaves that file alone).

Read back: an ``AnnotatorNotes`` line that is not such a JSON object is the tag's
note (a note typed in brat); a JSON object without an ``id`` is its attributes
(exports before the round trip carried only those). Relations, events and brat
attributes are not read.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reader.export.documents import ExportDoc, page_extras, tag_extras
from reader.export.errors import ImportFileError
from reader.export.incoming import Incoming, IncomingDoc
from reader.export.inputs import read_json
from reader.export.jsonout import dumps, one_line
from reader.export.labels import BRAT_TYPES, label_of
from reader.export.output import OutputFolder
from reader.text import files

CONF = "[entities]\nEvent\nFigure\n[relations]\n[events]\n[attributes]\n"
SIDECAR = ".epireader.json"


def fragments_of(start: int, text: str) -> list[tuple[int, int]]:
    """The pieces of a span between its line breaks, as page offsets."""
    fragments = []
    pos = start
    for piece in text.split("\n"):
        if piece:
            fragments.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    return fragments


def brat_ann(doc: ExportDoc) -> Iterator[str]:
    """The ``.ann`` file's lines, each with its line break, one at a time."""
    for n, tag in enumerate(doc.spans, 1):
        fragments = fragments_of(tag.start, tag.text)
        where = ";".join(f"{s} {e}" for s, e in fragments)
        shown = " ".join(doc.text[s:e] for s, e in fragments)
        yield f"T{n}\t{BRAT_TYPES[tag.label]} {where}\t{shown}\n"
        yield f"#{n}\tAnnotatorNotes T{n}\t{one_line(tag_extras(tag))}\n"


def write_brat(docs: Iterable[ExportDoc], out: OutputFolder) -> None:
    for doc in docs:
        out.write(f"{doc.stem}.txt", doc.text)
        with out.open(f"{doc.stem}.ann") as handle:
            handle.writelines(brat_ann(doc))
        extras = page_extras(doc.annotations)
        if extras:
            out.write(f"{doc.stem}{SIDECAR}", dumps(extras))
    out.write("annotation.conf", CONF)


def read_brat(text: str, ann: str) -> list[tuple[str, int, int]]:
    """The (label, start, end) keys of an ``.ann`` file, its fragments checked against
    ``text``."""
    keys = []
    for span in parse_ann(ann, "ann"):
        if span.problem:
            raise ValueError(span.problem)
        fragments = span.fragments or [(span.start, span.end)]
        if " ".join(text[s:e] for s, e in fragments) != span.text:
            raise ValueError(f"brat fragment text does not match at {span.start}-{span.end}")
        keys.append(span.key)
    return keys


def parse_ann(ann: str | Iterable[str], where: str) -> list[Incoming]:
    """The spans of an ``.ann`` file: its text, or its lines one at a time."""
    spans: dict[str, Incoming] = {}
    pending: dict[str, list[str]] = {}  # notes of a span whose T line comes later
    strings: dict[str, str] = {}  # the file's copies of repeated strings (fileformat.shared)
    plain: dict[str, list[str]] = {}  # notes that are plain text, joined at the end
    # split("\n"), not splitlines(): page text in a T line may hold U+2028, U+0085 …
    lines = ann.split("\n") if isinstance(ann, str) else (line.removesuffix("\n") for line in ann)
    for number, line in enumerate(lines, 1):
        if line.startswith("T"):
            ident, span = _text_bound(line, where, number)
            if ident in spans:  # defined again: the notes read so far stay with the ident
                span.attrs, span.extras = spans[ident].attrs, spans[ident].extras
            spans[ident] = span
            for text in pending.pop(ident, []):  # notes given before their T line, in order
                if not _taken(span, text, strings):
                    plain.setdefault(ident, []).append(text)
        elif line.startswith("#"):
            parts = line.split("\t", 2)
            kind, _, target = parts[1].partition(" ") if len(parts) > 1 else ("", "", "")
            if kind == "AnnotatorNotes" and len(parts) == 3:
                # Taken in at once, not kept as text: a page's 250,000 notes as strings
                # beside the spans they became took ~3 KB a span.
                if target not in spans:
                    pending.setdefault(target, []).append(parts[2])
                elif not _taken(spans[target], parts[2], strings):
                    plain.setdefault(target, []).append(parts[2])
    for ident, texts in plain.items():
        spans[ident].extras = {**(spans[ident].extras or {}), "note": "\n".join(texts)}
    return list(spans.values())


def _text_bound(line: str, where: str, number: int) -> tuple[str, Incoming]:
    parts = line.split("\t", 2)
    try:
        ident, middle, shown = parts
        kind, offsets = middle.split(" ", 1)
        fragments = [(int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))]
    except ValueError:
        return parts[0], Incoming("", 0, 0, "", problem=f"{where}:{number}: not a brat text-bound line")
    start, end = fragments[0][0], fragments[-1][1]
    label = label_of(kind)
    problem = None if label else f"{where}:{number}: unknown label {kind!r}"
    span = Incoming(label or kind, start, end, shown, problem=problem, where=where, line=number)
    # One piece is the span itself: kept only when there are more (a list each took ~0.2 KB).
    span.fragments = fragments if len(fragments) > 1 else None
    return ident, span


def _taken(span: Incoming, text: str, strings: dict[str, str]) -> bool:
    """Take one AnnotatorNotes text into ``span``: our carried fields, else attributes.
    False for a plain note, which the caller joins with the span's others."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = None
    if isinstance(data, dict) and "id" in data:
        span.set_extras(data, strings)
    elif isinstance(data, dict):
        span.attrs = data
    return isinstance(data, dict)


def read_brat_files(path: Path) -> list[IncomingDoc]:
    """Every ``.ann`` file at ``path`` (a folder, searched below, or one file)."""
    if path.is_dir():
        anns = sorted(
            p for p in path.rglob("*.ann") if not any(x.startswith(".") for x in p.relative_to(path).parts)
        )
        root = path
    elif path.suffix == ".ann":
        anns, root = [path], path.parent
    else:
        raise ImportFileError(f"not a brat folder or .ann file: {path}")
    if not anns:
        raise ImportFileError(f"no .ann files in {path}")
    docs = []
    for ann in anns:
        stem = ann.relative_to(root).with_suffix("").as_posix()
        try:
            txt = ann.with_suffix(".txt")
            text = files.read_text(txt) if txt.is_file() else None
            # Line by line, as read_text would split it: a page's .ann can be 100 MB. Only
            # a regular file: a FIFO named x.ann is refused, never waited on.
            with files.open_regular(ann) as raw, io.TextIOWrapper(raw, encoding="utf-8") as handle:
                spans = parse_ann(handle, str(ann))
        except files.FileProblem as exc:
            line = str(exc) if str(exc).startswith("cannot read") else f"cannot read {ann}: {exc}"
            raise ImportFileError(line) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise ImportFileError(f"cannot read {ann}: {files.reason(exc)}") from exc
        sidecar = ann.with_name(ann.stem + SIDECAR)
        page: Any = read_json(sidecar, "epireader page") if sidecar.is_file() else None
        docs.append(IncomingDoc(f"{stem}.txt", text, spans, page, str(ann)))
    return docs
