"""Label Studio: ``label-studio.json``, a list of tasks in its import format
(``data.text``, ``annotations[0].result[]`` with labels ``Event``/``Figure``).

Offsets count UTF-16 code units, as Label Studio's JavaScript front end does; the
reader converts them back to code points of ``data.text``.

What Label Studio keeps: label, offsets and text in each result's ``value``; the tag
id as the result's ``id`` (a region id, unique within the page as Label Studio wants);
the tag's other fields (context, attributes, note, annotator, origin, created,
updated) in the result's ``meta.epireader``; the page's orphans, rejections and
reviewed marks, when it has any, in the task's ``meta.epireader`` (task metadata
Label Studio keeps as imported). ``data.source`` names the page; a task without it
is matched to a page by its text. Of several annotations of a task the first one not
cancelled is read; predictions are not read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.annotation import jsonstream
from reader.annotation.fileformat import shared
from reader.export.documents import PAGE_LISTS, ExportDoc, page_extras, tag_extras
from reader.export.errors import ImportFileError
from reader.export.incoming import Incoming, IncomingDoc
from reader.export.inputs import default_file, json_documents, json_errors, whole_number
from reader.export.jsonout import json_pieces
from reader.export.labels import BRAT_TYPES, label_of
from reader.export.offsets import codepoint_offset, utf16_offset
from reader.export.output import OutputFolder

FILE = "label-studio.json"


def label_studio_task(doc: ExportDoc) -> dict[str, Any]:
    """The task's data; its results are a generator, made as json_pieces writes them."""
    results = (
        {
            "from_name": "label",
            "id": tag.id,
            "meta": {"epireader": tag_extras(tag, native=("id", "label", "start", "end", "text"))},
            "to_name": "text",
            "type": "labels",
            "value": {
                "end": utf16_offset(doc.text, tag.end),
                "labels": [BRAT_TYPES[tag.label]],
                "start": utf16_offset(doc.text, tag.start),
                "text": tag.text,
            },
        }
        for tag in doc.spans
    )
    task: dict[str, Any] = {
        "annotations": [{"result": results}],
        "data": {"source": doc.name, "text": doc.text, "text_sha256": doc.sha256},
    }
    extras = page_extras(doc.annotations)
    if extras:
        task["meta"] = {"epireader": extras}
    return task


def write_label_studio(docs: Iterable[ExportDoc], out: OutputFolder) -> None:
    # One task per line inside the list: still one JSON document, and a diff shows pages.
    with out.open(FILE) as handle:
        before = "[\n"
        for doc in docs:
            handle.write(before)
            handle.writelines(json_pieces(label_studio_task(doc)))
            before = ",\n"
        handle.write("[]\n" if before == "[\n" else "\n]\n")


def read_label_studio(task: dict[str, Any]) -> list[tuple[str, int, int]]:
    """The (label, start, end) keys of one task, in code points, texts checked."""
    text = task["data"]["text"]
    # Read as the importer reads a file: one way of choosing the annotation and its results.
    _, root = next(jsonstream.documents([json.dumps(task).encode()], _LAZY, lines=False))
    keys = []
    for span in _task(root, "task", {}).spans:
        if span.problem:
            raise ValueError(span.problem)
        if text[span.start : span.end] != span.text:
            raise ValueError(f"Label Studio span text does not match at {span.start}-{span.end}")
        keys.append(span.key)
    return keys


# The parts of the file read entry by entry (jsonstream): the tasks, their annotations
# and results, in a list of tasks or a single task. A page's task read whole (the file's
# text, then every result's dicts) took ~18x the page.
_LAZY: tuple[jsonstream.Path, ...] = tuple(
    (*root, *part)
    for root in ((), ("*",))
    # Predictions are not read: named so that a model's are skipped an item at a time.
    for part in ((), ("annotations",), ("annotations", "*"), ("annotations", "*", "result"), ("predictions",))
)


def read_label_studio_file(path: Path) -> list[IncomingDoc]:
    path = default_file(path, FILE)
    docs = []
    strings: dict[str, str] = {}  # the file's one copy of what repeats (fileformat.shared)
    with json_errors(path, "not valid Label Studio JSON"):
        for _, root in json_documents(path, _LAZY, lines=False):
            tasks = (
                root.entries() if isinstance(root, jsonstream.Lazy) and root.kind == "array" else [(0, root)]
            )
            for number, task in enumerate((task for _, task in tasks), 1):
                docs.append(_task(task, f"{path} task {number}", strings))
    return docs


def _task(task: Any, where: str, strings: dict[str, str]) -> IncomingDoc:
    """One task, read as it comes: its results are kept as what they say (_Said) until
    its text is known, and only the first annotation not cancelled is kept."""
    chosen: list[_Said] | None = None
    data: Any = None
    meta: Any = None
    entries = task.entries() if isinstance(task, jsonstream.Lazy) and task.kind == "object" else ()
    for key, value in entries:
        if key == "annotations" and isinstance(value, jsonstream.Lazy) and value.kind == "array":
            for _, annotation in value.entries():
                said, cancelled = _annotation(annotation, strings)
                if chosen is None and said is not None and not cancelled:
                    chosen = said
        elif key == "data":
            data = jsonstream.whole(value)
        elif key == "meta":
            meta = jsonstream.whole(value)
    if not isinstance(data, dict):
        raise ImportFileError(f'{where}: not a Label Studio task (no "data")')
    text = data.get("text")
    if not isinstance(text, str):
        raise ImportFileError(f"{where}: no data.text")
    spans: list[Incoming] = []
    chosen = chosen or []
    chosen.reverse()
    while chosen:  # each let go as its spans are made: its fields become theirs
        spans += _spans(text, chosen.pop(), where, strings)
    meta = meta if isinstance(meta, dict) else {}
    epireader = meta.get("epireader") if isinstance(meta.get("epireader"), dict) else {}
    page = {k: epireader[k] for k in PAGE_LISTS if k in epireader} or None
    source = data.get("source")
    return IncomingDoc(source if isinstance(source, str) else None, text, spans, page, where)


def _annotation(annotation: Any, strings: dict[str, str]) -> tuple[list[_Said] | None, bool]:
    """What an annotation's results say, and whether it was cancelled (None: no annotation)."""
    if not (isinstance(annotation, jsonstream.Lazy) and annotation.kind == "object"):
        return None, True
    said: list[_Said] = []
    cancelled = False
    for key, value in annotation.entries():
        if key == "result" and isinstance(value, jsonstream.Lazy) and value.kind == "array":
            said = [r for _, result in value.entries() if (r := _said(result, strings)) is not None]
        elif key == "was_cancelled":
            cancelled = bool(jsonstream.whole(value))
    return said, cancelled


@dataclass(slots=True)
class _Said:
    """What one result says, kept small until its task's text is known (it comes after)."""

    start16: Any
    end16: Any
    names: list[Any]
    shown: Any
    carried: dict[str, Any] | None  # our tag fields (meta.epireader), id included
    attrs: dict[str, Any] | None  # meta.attrs of exports before the round trip


def _said(result: Any, strings: dict[str, str]) -> _Said | None:
    if not (isinstance(result, dict) and isinstance(result.get("value"), dict)):
        return None
    value = result["value"]
    names = value.get("labels") or []
    names = (
        [strings.setdefault(n, n) if type(n) is str else n for n in names]
        if isinstance(names, list | str)
        else []
    )
    meta = result.get("meta") if isinstance(result.get("meta"), dict) else {}
    carried, attrs = meta.get("epireader"), None
    if isinstance(carried, dict):
        carried = {**carried, "id": result.get("id")} if result.get("id") else carried
        # One copy per file of its keys and repeated values: each result is parsed alone.
        carried = shared({strings.setdefault(k, k): v for k, v in carried.items()}, strings)
    else:
        carried = None
        attrs = (
            meta["attrs"] if isinstance(meta.get("attrs"), dict) else None
        )  # exports before the round trip
    return _Said(value.get("start"), value.get("end"), names, value.get("text"), carried, attrs)


def _spans(text: str, said: _Said, where: str, strings: dict[str, str]) -> list[Incoming]:
    spans = []
    for name in said.names:
        label = label_of(name)
        if label is None:
            spans.append(Incoming(str(name), 0, 0, "", problem=f"{where}: unknown label {name!r}"))
            continue
        try:
            if not (whole_number(said.start16) and whole_number(said.end16)):
                raise ValueError("offsets are not whole numbers")
            start, end = (
                codepoint_offset(text, said.start16),
                codepoint_offset(text, said.end16),
            )
        except ValueError as exc:
            spans.append(Incoming(label, 0, 0, "", problem=f"{where}: {exc}"))
            continue
        shown = said.shown if isinstance(said.shown, str) else text[start:end]
        span = Incoming(label, start, end, shown, where=where)
        if said.carried is not None:
            span.set_extras(said.carried, strings, own=len(said.names) == 1)  # one label: its own dict
        elif said.attrs is not None:
            span.attrs = said.attrs
        spans.append(span)
    return spans
