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

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reader.annotation.fileformat import shared
from reader.export.documents import NATIVE, ExportDoc, page_extras, tag_extras
from reader.export.errors import ImportFileError
from reader.export.incoming import SKIPPED, ImportOptions, Incoming, IncomingDoc
from reader.export.inputs import default_file, json_documents, json_errors, whole_number
from reader.export.jsonout import one_line
from reader.export.labels import SKIP, LabelMap
from reader.export.output import OutputFolder

FILE = "spans.jsonl"


def extract_lines(doc: ExportDoc) -> Iterator[dict[str, Any]]:
    extras = page_extras(doc.annotations)
    if extras:
        yield {"source": doc.name, "page": extras}
    for tag in doc.spans:
        span = {"label": tag.label, "start": tag.start, "end": tag.end, "text": tag.text, "attrs": tag.attrs}
        yield {
            "source": doc.name,
            **span,
            "tag": tag_extras(tag, native=(*NATIVE, "attrs")),
        }


def write_extract(docs: Iterable[ExportDoc], out: OutputFolder) -> None:
    with out.open(FILE) as handle:
        for doc in docs:
            handle.writelines(one_line(line) + "\n" for line in extract_lines(doc))


def read_extract_file(path: Path, options: ImportOptions) -> list[IncomingDoc]:
    docs: dict[str, IncomingDoc] = {}
    # One copy per file of what repeats from line to line (attrs keys, units, who, when):
    # a line per span, each parsed on its own, held ~1 KB a span in copies.
    strings: dict[str, str] = {}
    file = default_file(path, FILE)
    name = str(file)  # one string for the file's spans, each with its line number
    # Each line parsed whole (it is one span), by the reader doccano lines go through.
    with json_errors(file, "not a JSON line"):
        for number, data in json_documents(file, (), lines=True):
            where = f"{name}:{number}"
            if not (isinstance(data, dict) and isinstance(data.get("source"), str)):
                raise ImportFileError(f'{where}: not an extract line (no "source")')
            doc = docs.setdefault(data["source"], IncomingDoc(data["source"], None, where=where))
            if "label" not in data and isinstance(data.get("page"), dict):
                doc.page = data["page"]
            else:
                span = _span(shared(data, strings), name, number, strings, options.labels)
                if span is None:  # its label mapped to nothing
                    doc.dropped[SKIPPED] += 1
                else:
                    doc.spans.append(span)
    return list(docs.values())


def _span(
    data: dict[str, Any], file: str, number: int, strings: dict[str, str], labels: LabelMap
) -> Incoming | None:
    label = labels.resolve(data.get("label"))
    if label == SKIP:
        return None
    start, end, text = data.get("start"), data.get("end"), data.get("text")
    where = f"{file}:{number}"
    if label is None:
        return Incoming(
            str(data.get("label")), 0, 0, "", problem=f"{where}: unknown label", where=file, line=number
        )
    if not (whole_number(start) and whole_number(end) and isinstance(text, str)):
        problem = f"{where}: start, end or text missing"
        return Incoming(label, 0, 0, "", problem=problem, where=file, line=number)
    attrs = data.get("attrs")
    attrs = attrs if isinstance(attrs, dict) else None
    span = Incoming(label, start, end, text, attrs=attrs, where=file, line=number)
    if isinstance(data.get("tag"), dict):
        span.set_extras(data["tag"], strings)
    return span
