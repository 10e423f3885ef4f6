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

The attributes brat can show are brat attributes too, ``A`` lines declared in
``annotation.conf``: a figure's ``qualifier`` as the multi-valued attribute
``Qualifier``, and the brat attributes a tag brought from brat (``attrs["brat"]``)
under their own names. The rest stay in the note as above.

Read back by reader/export/brat_reading.py: an ``A`` line wins over the note (it is
what a person changes in brat).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reader.annotation.model import Tag
from reader.export.brat_reading import QUALIFIER, parse_ann
from reader.export.documents import ExportDoc, page_extras, tag_extras
from reader.export.errors import ImportFileError
from reader.export.incoming import ImportOptions, IncomingDoc
from reader.export.inputs import read_json
from reader.export.jsonout import dumps, one_line
from reader.export.labels import BRAT_TYPES
from reader.export.output import OutputFolder
from reader.text import file_reads, files

QUALIFIERS = ("exact", "more-than", "about", "under", "range", "vague")  # docs/guidelines.md
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


class Declared(dict[str, set[str]]):
    """The brat attributes written so far, by name, with the values each took (none:
    a binary attribute): what ``annotation.conf`` declares."""

    def conf(self) -> str:
        lines = ["[entities]", "Event", "Figure", "[relations]", "[events]", "[attributes]"]
        lines.append(f"{QUALIFIER}\tArg:Figure, Value:{'|'.join(QUALIFIERS)}")
        for name in sorted(self):
            values = sorted(self[name])
            lines.append(f"{name}\tArg:<ENTITY>" + (f", Value:{'|'.join(values)}" if values else ""))
        return "\n".join(lines) + "\n"


def brat_attributes(tag: Tag) -> Iterator[tuple[str, str | None]]:
    """(name, value) of the tag's attributes brat shows; value None: a binary one."""
    qualifier = tag.attrs.get("qualifier")
    if tag.label == "figure" and qualifier in QUALIFIERS:
        yield QUALIFIER, qualifier
    own = tag.attrs.get("brat")
    if isinstance(own, dict):
        for name, value in own.items():
            if _brat_name(name) and name != QUALIFIER and (value is True or _brat_name(value)):
                yield name, None if value is True else value


def _brat_name(value: Any) -> bool:
    # brat splits an A line at spaces and tabs: a name or value holding one cannot be said
    return isinstance(value, str) and bool(value) and not any(ch.isspace() for ch in value)


def brat_ann(doc: ExportDoc, declared: Declared | None = None) -> Iterator[str]:
    """The ``.ann`` file's lines, each with its line break, one at a time."""
    declared = declared if declared is not None else Declared()
    attribute = 0
    for n, tag in enumerate(doc.spans, 1):
        fragments = fragments_of(tag.start, tag.text)
        where = ";".join(f"{s} {e}" for s, e in fragments)
        shown = " ".join(doc.text[s:e] for s, e in fragments)
        yield f"T{n}\t{BRAT_TYPES[tag.label]} {where}\t{shown}\n"
        yield f"#{n}\tAnnotatorNotes T{n}\t{one_line(tag_extras(tag))}\n"
        for name, value in brat_attributes(tag):
            attribute += 1
            if name != QUALIFIER:
                declared.setdefault(name, set()).update([value] if value is not None else [])
            yield f"A{attribute}\t{name} T{n}" + (f" {value}" if value is not None else "") + "\n"


def write_brat(docs: Iterable[ExportDoc], out: OutputFolder) -> None:
    declared = Declared()
    for doc in docs:
        out.write(f"{doc.stem}.txt", doc.text)
        with out.open(f"{doc.stem}.ann") as handle:
            handle.writelines(brat_ann(doc, declared))
        extras = page_extras(doc.annotations)
        if extras:
            out.write(f"{doc.stem}{SIDECAR}", dumps(extras))
    out.write("annotation.conf", declared.conf())


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


def read_brat_files(path: Path, options: ImportOptions) -> list[IncomingDoc]:
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
        dropped: Counter[str] = Counter()
        try:
            txt = ann.with_suffix(".txt")
            text = file_reads.read_text(txt) if txt.is_file() else None
            # Line by line, as read_text would split it: a page's .ann can be 100 MB. Only
            # a regular file: a FIFO named x.ann is refused, never waited on.
            with file_reads.open_regular(ann) as raw, io.TextIOWrapper(raw, encoding="utf-8") as handle:
                spans = parse_ann(handle, str(ann), options.labels, dropped)
        except files.FileProblem as exc:
            line = str(exc) if str(exc).startswith("cannot read") else f"cannot read {ann}: {exc}"
            raise ImportFileError(line) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise ImportFileError(f"cannot read {ann}: {files.reason(exc)}") from exc
        sidecar = ann.with_name(ann.stem + SIDECAR)
        page: Any = read_json(sidecar, "epireader page") if sidecar.is_file() else None
        docs.append(IncomingDoc(f"{stem}.txt", text, spans, page, str(ann), dropped=dropped))
    return docs
