"""The ``epireader extract`` shape: ``spans.jsonl``, one span per line,
``{"source", "label", "start", "end", "text", "attrs"}`` with code-point offsets.

Reading it imports extractor output (``epireader extract PAGES > found.jsonl``) as
tags: they get new ids, the importing annotator and origin ``suggested``. ``source``
is the page path as it was given to ``extract``; it is matched to a page by name, by
the file it names, or by its tail (``seeds/001.txt`` is page ``001.txt``).

Written, each tag is such a line plus a ``tag`` key with its other fields (id,
before/after context, note, annotator, origin, created, updated), and a page with
orphans, rejections or reviewed marks gets one more line, ``{"source", "page":
{…}}``, before its spans: a reader of the plain shape skips lines without ``label``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reader.export.common import (
    NATIVE,
    ExportDoc,
    ImportFileError,
    Incoming,
    IncomingDoc,
    default_file,
    label_of,
    one_line,
    page_extras,
    tag_extras,
)
from reader.export.output import OutputFolder

FILE = "spans.jsonl"


def extract_lines(doc: ExportDoc) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    extras = page_extras(doc.annotations)
    if extras:
        lines.append({"source": doc.name, "page": extras})
    for tag in doc.spans:
        span = {"label": tag.label, "start": tag.start, "end": tag.end, "text": tag.text, "attrs": tag.attrs}
        lines.append({"source": doc.name, **span, "tag": tag_extras(tag, native=(*NATIVE, "attrs"))})
    return lines


def write_extract(docs: list[ExportDoc], out: OutputFolder) -> None:
    out.write(FILE, "".join(one_line(line) + "\n" for doc in docs for line in extract_lines(doc)))


def read_extract_file(path: Path) -> list[IncomingDoc]:
    path = default_file(path, FILE)
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except FileNotFoundError as exc:
        raise ImportFileError(f"no such file: {path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFileError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    docs: dict[str, IncomingDoc] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFileError(f"{where}: not a JSON line ({exc.msg})") from exc
        if not isinstance(data, dict) or not isinstance(data.get("source"), str):
            raise ImportFileError(f'{where}: not an extract line (no "source")')
        doc = docs.setdefault(data["source"], IncomingDoc(data["source"], None, where=where))
        if "label" not in data and isinstance(data.get("page"), dict):
            doc.page = data["page"]
        else:
            doc.spans.append(_span(data, where))
    return list(docs.values())


def _span(data: dict[str, Any], where: str) -> Incoming:
    label = label_of(data.get("label"))
    start, end, text = data.get("start"), data.get("end"), data.get("text")
    if label is None:
        return Incoming(str(data.get("label")), 0, 0, "", problem=f"{where}: unknown label", where=where)
    if not (isinstance(start, int) and isinstance(end, int) and isinstance(text, str)):
        return Incoming(label, 0, 0, "", problem=f"{where}: start, end or text missing", where=where)
    attrs = data.get("attrs")
    span = Incoming(label, start, end, text, attrs if isinstance(attrs, dict) else None, where=where)
    if isinstance(data.get("tag"), dict):
        span.set_extras(data["tag"])
    return span
