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

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reader.export import common
from reader.export.output import OutputFolder

FILE = "label-studio.json"


def label_studio_task(doc: common.ExportDoc) -> dict[str, Any]:
    """The task's data; its results are a generator, made as common.json_pieces writes them."""
    results = (
        {
            "from_name": "label",
            "id": tag.id,
            "meta": {"epireader": common.tag_extras(tag, native=("id", "label", "start", "end", "text"))},
            "to_name": "text",
            "type": "labels",
            "value": {
                "end": common.utf16_offset(doc.text, tag.end),
                "labels": [common.BRAT_TYPES[tag.label]],
                "start": common.utf16_offset(doc.text, tag.start),
                "text": tag.text,
            },
        }
        for tag in doc.spans
    )
    task: dict[str, Any] = {
        "annotations": [{"result": results}],
        "data": {"source": doc.name, "text": doc.text, "text_sha256": doc.sha256},
    }
    extras = common.page_extras(doc.annotations)
    if extras:
        task["meta"] = {"epireader": extras}
    return task


def write_label_studio(docs: Iterable[common.ExportDoc], out: OutputFolder) -> None:
    # One task per line inside the list: still one JSON document, and a diff shows pages.
    with out.open(FILE) as handle:
        before = "[\n"
        for doc in docs:
            handle.write(before)
            handle.writelines(common.json_pieces(label_studio_task(doc)))
            before = ",\n"
        handle.write("[]\n" if before == "[\n" else "\n]\n")


def read_label_studio(task: dict[str, Any]) -> list[tuple[str, int, int]]:
    """The (label, start, end) keys of one task, in code points, texts checked."""
    text = task["data"]["text"]
    keys = []
    for span in _task(task, "task", {}).spans:
        if span.problem:
            raise ValueError(span.problem)
        if text[span.start : span.end] != span.text:
            raise ValueError(f"Label Studio span text does not match at {span.start}-{span.end}")
        keys.append(span.key)
    return keys


def read_label_studio_file(path: Path) -> list[common.IncomingDoc]:
    path = common.default_file(path, FILE)
    data = common.read_json(path, "Label Studio")
    tasks = data if isinstance(data, list) else [data]
    docs = []
    strings: dict[str, str] = {}  # the file's one copy of what repeats (fileformat.shared)
    for number, task in enumerate(tasks, 1):
        where = f"{path} task {number}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise common.ImportFileError(f'{where}: not a Label Studio task (no "data")')
        if not isinstance(task["data"].get("text"), str):
            raise common.ImportFileError(f"{where}: no data.text")
        docs.append(_task(task, where, strings))
    return docs


def _task(task: dict[str, Any], where: str, strings: dict[str, str]) -> common.IncomingDoc:
    text = task["data"]["text"]
    annotations = [a for a in task.get("annotations") or [] if isinstance(a, dict)]
    chosen = next((a for a in annotations if not a.get("was_cancelled")), {})
    spans = []
    for result in chosen.get("result") or []:
        if isinstance(result, dict) and isinstance(result.get("value"), dict):
            spans.extend(_result(text, result, where, strings))
    meta = task.get("meta") if isinstance(task.get("meta"), dict) else {}
    epireader = meta.get("epireader") if isinstance(meta.get("epireader"), dict) else {}
    page = {k: epireader[k] for k in common.PAGE_LISTS if k in epireader} or None
    source = task["data"].get("source")
    return common.IncomingDoc(source if isinstance(source, str) else None, text, spans, page, where)


def _result(text: str, result: dict[str, Any], where: str, strings: dict[str, str]) -> list[common.Incoming]:
    value = result["value"]
    start16, end16 = value.get("start"), value.get("end")
    shown = value.get("text")
    spans = []
    for name in value.get("labels") or []:
        label = common.label_of(name)
        if label is None:
            spans.append(common.Incoming(str(name), 0, 0, "", problem=f"{where}: unknown label {name!r}"))
            continue
        try:
            if not (isinstance(start16, int) and isinstance(end16, int)):
                raise ValueError("offsets are not numbers")
            start, end = common.codepoint_offset(text, start16), common.codepoint_offset(text, end16)
        except ValueError as exc:
            spans.append(common.Incoming(label, 0, 0, "", problem=f"{where}: {exc}"))
            continue
        span = common.Incoming(
            label, start, end, shown if isinstance(shown, str) else text[start:end], where=where
        )
        meta = result.get("meta") if isinstance(result.get("meta"), dict) else {}
        carried = meta.get("epireader")
        if isinstance(carried, dict):
            span.set_extras({**carried, "id": result.get("id")} if result.get("id") else carried, strings)
        elif isinstance(meta.get("attrs"), dict):  # exports before the round trip
            span.attrs = meta["attrs"]
        spans.append(span)
    return spans
