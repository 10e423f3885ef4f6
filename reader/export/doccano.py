"""doccano JSONL: ``annotations.jsonl``, one page per line,
``{"label": [[start, end, label]], "meta": {…}, "text": …}``.

Offsets count UTF-16 code units by default: doccano's front end is JavaScript, where
𠮷 or 😷 is two units; ``--offsets codepoints`` writes code points (what a doccano file
written by Python counts, and spaCy's ``char_span``). The unit is written into each
line's ``meta.offsets``. Read back, the unit is the line's ``meta.offsets``, else the
import's ``--offsets``; a line with characters outside the BMP and no unit said
either way has its spans refused with one line, since they would land shifted.

Read back, what doccano has and we do not is counted and named, never dropped in
silence: ``relations`` (of the newer ``entities`` form) and ``Comments``. A line
without ``text`` is reported with its number and the rest imported, as doccano does.

What doccano keeps: label and offsets in ``label`` (the covered text is the line's
text at those offsets). Everything else rides in ``meta`` (doccano keeps a line's
extra keys as its metadata): ``meta.source`` names the page, ``meta.epireader.spans``
holds per span its other tag fields (id, context, attributes, note, annotator,
origin, created, updated) under the same start, end and label as in ``label``, and
``meta.epireader`` the page's orphans, rejections and reviewed marks when it has any.
Read back (``source`` and ``epireader`` also at the top of a line, where doccano's
own export puts metadata), a line without a source is matched to a page by its text; spans
doccano added (no entry in ``meta.epireader.spans``) become new tags. doccano's newer
``entities`` list (``start_offset``, ``end_offset``, ``label``) is read too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reader.annotation import jsonstream
from reader.annotation.fileformat import shared
from reader.export.documents import PAGE_LISTS, ExportDoc, page_extras, tag_extras
from reader.export.errors import ImportFileError
from reader.export.incoming import SKIPPED, ImportOptions, Incoming, IncomingDoc, Unit
from reader.export.inputs import default_file, json_documents, json_errors, whole_number
from reader.export.jsonout import json_pieces
from reader.export.labels import SKIP, LabelMap
from reader.export.offsets import UNIT_NAMES, codepoint_offset, from_unit, stated_unit, to_unit, unit_problem
from reader.export.output import OutputFolder

FILE = "annotations.jsonl"


def doccano_line(doc: ExportDoc, unit: Unit = "utf16") -> dict[str, Any]:
    """The line's data; its span lists are generators, made as json_pieces writes them."""
    spans = doc.spans
    units = [(to_unit(doc.text, t.start, unit), to_unit(doc.text, t.end, unit)) for t in spans]
    labels = ([start, end, tag.label] for (start, end), tag in zip(units, spans, strict=True))
    carried = (
        {"start": start, "end": end, "label": tag.label, **tag_extras(tag)}
        for (start, end), tag in zip(units, spans, strict=True)
    )
    epireader: dict[str, Any] = {"spans": carried, **(page_extras(doc.annotations) or {})}
    meta = {
        "epireader": epireader,
        "offsets": UNIT_NAMES[unit],
        "source": doc.name,
        "text_sha256": doc.sha256,
    }
    return {"label": labels, "meta": meta, "text": doc.text}


def write_doccano(docs: Iterable[ExportDoc], out: OutputFolder, unit: Unit = "utf16") -> None:
    with out.open(FILE) as handle:
        for doc in docs:
            handle.writelines(json_pieces(doccano_line(doc, unit)))
            handle.write("\n")


def read_doccano(data: dict[str, Any]) -> list[tuple[str, int, int]]:
    """The (label, start, end) keys of one line, in code points."""
    text = data["text"]
    return [(lab, codepoint_offset(text, s), codepoint_offset(text, e)) for s, e, lab in data["label"]]


# The parts of a line read entry by entry (jsonstream): its span lists, where our
# exports and doccano's own put them. A page's line is ~2x the page in JSON; read whole
# (its text, then every span's dict) it took ~19x the page.
_LAZY: tuple[jsonstream.Path, ...] = (
    (), ("label",), ("labels",), ("entities",), ("meta",), ("meta", "epireader"),
    ("meta", "epireader", "spans"), ("epireader",), ("epireader", "spans"),
)  # fmt: skip
_UNITS = ("label", "labels", "entities")


class _Carried(dict[tuple[Any, Any, Any], "dict[str, Any] | Incoming"]):
    """A line's carried tag fields by the (start, end, label) they were written under
    (once taken, the span that took them)."""


def read_doccano_file(path: Path, options: ImportOptions) -> list[IncomingDoc]:
    file = default_file(path, FILE)
    try:
        return _read(file, options, lines=True)
    except ImportFileError as exc:
        # doccano's own examples show a line's object over many lines (pretty-printed):
        # read as one JSON document (an object, or a list of them) when it is that.
        if "a JSON line goes on past its line: line 1 " not in str(exc):
            raise
    return _read(file, options, lines=False)


def _read(file: Path, options: ImportOptions, *, lines: bool) -> list[IncomingDoc]:
    strings: dict[str, str] = {}  # the file's one copy of what repeats (fileformat.shared)
    docs = []
    with json_errors(file, "not a JSON line"):
        for number, root in json_documents(file, _LAZY, lines=lines):
            items = [(number, root)]
            if not lines and isinstance(root, jsonstream.Lazy) and root.kind == "array":
                items = [(n, item) for n, item in root.entries()]  # type: ignore[misc]
            for at, line in items:
                where = f"{file}:{at}" if lines else f"{file} item {at}"
                if not (isinstance(line, jsonstream.Lazy) and line.kind == "object"):
                    raise ImportFileError(f'{where}: not a doccano line (no "text")')
                docs.append(_doc(_read_line(line, strings), where, strings, options))
    return docs


def _read_line(line: jsonstream.Lazy, strings: dict[str, str]) -> dict[str, Any]:
    """The line as json.loads gives it, its span lists made small as they are read:
    label items as (start, end, label) units, carried fields as a _Carried map."""
    data: dict[str, Any] = {}
    for key, value in line.entries():
        assert isinstance(key, str)
        if key in _UNITS and isinstance(value, jsonstream.Lazy) and value.kind == "array":
            data[key] = [u for _, item in value.entries() if (u := _unit(key, item, strings)) is not None]
        elif key in ("meta", "epireader") and isinstance(value, jsonstream.Lazy) and value.kind == "object":
            data[key] = {
                k: _carried(v, strings) if k in ("epireader", "spans") else jsonstream.whole(v)
                for k, v in value.entries()
            }
        else:
            data[key] = jsonstream.whole(value)
    return data


def _carried(value: Any, strings: dict[str, str]) -> Any:
    """meta.epireader (or its spans), with the spans' fields by what they were written under."""
    if isinstance(value, jsonstream.Lazy) and value.kind == "object":
        return {k: _carried(v, strings) if k == "spans" else jsonstream.whole(v) for k, v in value.entries()}
    if not (isinstance(value, jsonstream.Lazy) and value.kind == "array"):
        return jsonstream.whole(value)
    carried = _Carried()
    for _, item in value.entries():
        if isinstance(item, dict):
            units = (item.pop("start", None), item.pop("end", None), item.pop("label", None))
            if all(isinstance(u, str | int | float | None) for u in units):  # not a list: a key
                # One copy per file of its keys and repeated values: parsed alone, each
                # item has its own (json.loads of the whole line shared the keys).
                carried[units] = shared({strings.setdefault(k, k): v for k, v in item.items()}, strings)
    return carried


def _unit(key: str, item: Any, strings: dict[str, str]) -> tuple[Any, Any, Any] | None:
    """(start, end, label) of a label item (``[start, end, label]``) or of one of
    doccano's newer ``entities`` (``start_offset``, ``end_offset``, ``label``)."""
    if key == "entities":
        if not isinstance(item, dict):
            return None
        start, end, name = item.get("start_offset"), item.get("end_offset"), item.get("label")
    elif isinstance(item, list) and len(item) == 3:
        start, end, name = item
    else:
        return None
    return start, end, strings.setdefault(name, name) if type(name) is str else name


def _doc(data: dict[str, Any], where: str, strings: dict[str, str], options: ImportOptions) -> IncomingDoc:
    text = data.get("text")
    if not isinstance(text, str):
        # doccano skips such a line and imports the rest; so does this, saying so.
        unread = [Incoming(str(u[2]), 0, 0) for u in _labels(data)]
        return IncomingDoc(None, None, unread, where=where, problem='the line has no "text"; skipped')
    # Our keys sit under "meta"; doccano's own export flattens a line's metadata into
    # the line, so they are looked for there too.
    meta = {**data, **data["meta"]} if isinstance(data.get("meta"), dict) else data
    dropped: Counter[str] = Counter()
    for key, kind in (("relations", "doccano relation"), ("Comments", "doccano comment")):
        if isinstance(data.get(key), list):
            dropped[kind] += len(data[key])
    unit = stated_unit(meta.get("offsets")) or options.offsets
    epireader = meta.get("epireader") if isinstance(meta.get("epireader"), dict) else {}
    carried = epireader.get("spans")
    carried = carried if isinstance(carried, _Carried) else _Carried()
    spans = []
    for units in _labels(data):
        span = _span(text, units, where, options.labels, unit)
        if span is None:  # its label mapped to nothing
            dropped[SKIPPED] += 1
            continue
        # A list is no key. The fields become the span's own: in the map the span takes
        # their place, and a span stated again gets the same fields from it.
        given = carried.get(units) if all(isinstance(u, str | int | float | None) for u in units) else None
        if given is not None and not span.problem:
            if isinstance(given, Incoming):
                span.attrs = None if given.attrs is None else dict(given.attrs)
                span.extras = None if given.extras is None else dict(given.extras)
            else:
                span.set_extras(given, strings, own=True)
                carried[units] = span
        spans.append(span)
    page = {k: epireader[k] for k in PAGE_LISTS if k in epireader} or None
    source = meta.get("source") if isinstance(meta.get("source"), str) else None
    problem = unit_problem(text, unit) if spans else None
    return IncomingDoc(source, text, spans, page, where, dropped=dropped, problem=problem)


def _labels(data: dict[str, Any]) -> list[tuple[Any, Any, Any]]:
    """The line's (start, end, label) units: doccano's newer ``entities`` when it has
    them, else ``label`` (or ``labels``)."""
    key = "entities" if isinstance(data.get("entities"), list) else "label" if "label" in data else "labels"
    found = data.get(key)
    return found if isinstance(found, list) else []


def _span(
    text: str, units: tuple[Any, Any, Any], where: str, labels: LabelMap, unit: Unit | None
) -> Incoming | None:
    said_start, said_end, name = units
    label = labels.resolve(name)
    if label == SKIP:
        return None
    if label is None:
        problem = f"{where}: unknown label {name!r} (--label-map names it)"
        return Incoming(str(name), 0, 0, "", problem=problem, where=where)
    if not (whole_number(said_start) and whole_number(said_end)):
        return Incoming(label, 0, 0, "", problem=f"{where}: offsets are not whole numbers", where=where)
    try:
        start, end = from_unit(text, said_start, unit), from_unit(text, said_end, unit)
    except ValueError as exc:
        return Incoming(label, 0, 0, "", problem=f"{where}: {exc}", where=where)
    return Incoming(label, start, end, text[start:end], where=where)
