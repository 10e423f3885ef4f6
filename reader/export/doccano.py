"""doccano JSONL: ``annotations.jsonl``, one page per line,
``{"label": [[start, end, label]], "meta": {…}, "text": …}``.

Offsets count UTF-16 code units: doccano's front end is JavaScript, where 𠮷 or 😷
is two units. The reader converts them back to code points of the line's text.

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

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reader.export import common
from reader.export.output import OutputFolder

FILE = "annotations.jsonl"


def doccano_line(doc: common.ExportDoc) -> dict[str, Any]:
    """The line's data; its span lists are generators, made as common.json_pieces writes them."""
    spans = doc.spans
    offsets = [(common.utf16_offset(doc.text, t.start), common.utf16_offset(doc.text, t.end)) for t in spans]
    labels = ([start, end, tag.label] for (start, end), tag in zip(offsets, spans, strict=True))
    carried = (
        {"start": start, "end": end, "label": tag.label, **common.tag_extras(tag)}
        for (start, end), tag in zip(offsets, spans, strict=True)
    )
    epireader: dict[str, Any] = {"spans": carried, **(common.page_extras(doc.annotations) or {})}
    meta = {
        "epireader": epireader,
        "offsets": "utf-16 code units",
        "source": doc.name,
        "text_sha256": doc.sha256,
    }
    return {"label": labels, "meta": meta, "text": doc.text}


def write_doccano(docs: Iterable[common.ExportDoc], out: OutputFolder) -> None:
    with out.open(FILE) as handle:
        for doc in docs:
            handle.writelines(common.json_pieces(doccano_line(doc)))
            handle.write("\n")


def read_doccano(data: dict[str, Any]) -> list[tuple[str, int, int]]:
    """The (label, start, end) keys of one line, in code points."""
    text = data["text"]
    return [
        (lab, common.codepoint_offset(text, s), common.codepoint_offset(text, e))
        for s, e, lab in data["label"]
    ]


def read_doccano_file(path: Path) -> list[common.IncomingDoc]:
    strings: dict[str, str] = {}  # the file's one copy of what repeats (fileformat.shared)
    file = common.default_file(path, FILE)
    return [
        _doc(data, f"{file}:{number}", strings)
        for number, data in common.json_lines(file, "text", "a doccano line")
    ]


def _doc(data: dict[str, Any], where: str, strings: dict[str, str]) -> common.IncomingDoc:
    text = data["text"]
    # Our keys sit under "meta"; doccano's own export flattens a line's metadata into
    # the line, so they are looked for there too.
    meta = {**data, **data["meta"]} if isinstance(data.get("meta"), dict) else data
    epireader = meta.get("epireader") if isinstance(meta.get("epireader"), dict) else {}
    carried = {
        (c.get("start"), c.get("end"), c.get("label")): c
        for c in epireader.get("spans", [])
        if isinstance(c, dict)
    }
    spans = []
    for units in _labels(data):
        span = _span(text, units, where)
        extras = carried.get(units)
        if extras is not None and not span.problem:
            span.set_extras({k: v for k, v in extras.items() if k not in ("start", "end", "label")}, strings)
        spans.append(span)
    page = {k: epireader[k] for k in common.PAGE_LISTS if k in epireader} or None
    source = meta.get("source") if isinstance(meta.get("source"), str) else None
    return common.IncomingDoc(source, text, spans, page, where)


def _labels(data: dict[str, Any]) -> list[tuple[Any, Any, Any]]:
    if isinstance(data.get("entities"), list):
        return [
            (e.get("start_offset"), e.get("end_offset"), e.get("label"))
            for e in data["entities"]
            if isinstance(e, dict)
        ]
    found = data.get("label", data.get("labels", []))
    return [(item[0], item[1], item[2]) for item in found if isinstance(item, list) and len(item) == 3]


def _span(text: str, units: tuple[Any, Any, Any], where: str) -> common.Incoming:
    start16, end16, name = units
    label = common.label_of(name)
    if label is None:
        return common.Incoming(str(name), 0, 0, "", problem=f"{where}: unknown label {name!r}", where=where)
    if not (isinstance(start16, int) and isinstance(end16, int)):
        return common.Incoming(label, 0, 0, "", problem=f"{where}: offsets are not numbers", where=where)
    try:
        start, end = common.codepoint_offset(text, start16), common.codepoint_offset(text, end16)
    except ValueError as exc:
        return common.Incoming(label, 0, 0, "", problem=f"{where}: {exc}", where=where)
    return common.Incoming(label, start, end, text[start:end], where=where)
