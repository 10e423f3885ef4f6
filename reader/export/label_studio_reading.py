"""Reading Label Studio tasks back (reader/export/label_studio.py writes them).

A file is a list of tasks or one task; a task is ``{"data": {"text": …}, …}`` or,
as Label Studio also takes, the bare ``{"text": …}``. Every annotation of a task is
read: one a person made (``completed_by``: a user id, or an object with an email)
goes to that annotator's own folder (``annotators/NAME/``), one that names nobody
(our exports) to the folder imported into. A model's ``predictions`` become
suggestions (reader/annotation/predictions.py), shown under ``p`` with their
``model_version``. What has no place here is counted by kind and named: relations,
results of other kinds (choices, rectangles…), cancelled annotations' results, and
the results of a task with no text.

The offset unit is the task's ``meta.offsets`` (our exports), else the import's
``--offsets``; a task with characters outside the BMP and no unit said is refused
with one line.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.annotation import jsonstream
from reader.annotation.fileformat import shared
from reader.export.documents import PAGE_LISTS
from reader.export.incoming import SKIPPED, ImportOptions, Incoming, IncomingDoc, Unit
from reader.export.inputs import default_file, json_documents, json_errors, whole_number
from reader.export.label_studio import FILE, TEXT_FIELDS
from reader.export.labels import SKIP, LabelMap
from reader.export.offsets import from_unit, stated_unit, unit_problem

FIELDS = {"qualifier", "value", *TEXT_FIELDS}  # per-region fields of CONFIG

# The parts of the file read entry by entry (jsonstream): the tasks, their annotations
# and predictions and their results, in a list of tasks or a single task. A page's
# task read whole (the file's text, then every result's dicts) took ~18x the page.
_LAZY: tuple[jsonstream.Path, ...] = tuple(
    (*root, *part)
    for root in ((), ("*",))
    for key in ("annotations", "completions", "predictions")
    for part in ((), (key,), (key, "*"), (key, "*", "result"))
)


@dataclass(slots=True)
class _Said:
    """What one span result says, kept small until its task's text is known (it comes after)."""

    ident: Any  # the region's id, which its per-region results share
    start: Any
    end: Any
    names: list[Any]
    shown: Any
    carried: dict[str, Any] | None  # our tag fields (meta.epireader), id included
    attrs: dict[str, Any] | None  # meta.attrs of exports before the round trip


@dataclass
class _Annotation:
    """One annotation or prediction: who made it (or which model), its span results."""

    who: str | None = None
    said: list[_Said] = field(default_factory=list)
    others: Counter[str] = field(default_factory=Counter)  # results that are no span, by kind
    cancelled: bool = False
    regions: dict[Any, dict[str, Any]] = field(default_factory=dict)  # region id -> field -> value


def read_label_studio(task: dict[str, Any]) -> list[tuple[str, int, int]]:
    """The (label, start, end) keys of one task's first annotation, in code points, texts checked."""
    text = task["data"]["text"]
    _, root = next(jsonstream.documents([json.dumps(task).encode()], _LAZY, lines=False))
    keys = []
    for span in _task(root, "task", {}, ImportOptions())[0].spans:
        if span.problem:
            raise ValueError(span.problem)
        if text[span.start : span.end] != span.text:
            raise ValueError(f"Label Studio span text does not match at {span.start}-{span.end}")
        keys.append(span.key)
    return keys


def read_label_studio_file(path: Path, options: ImportOptions) -> list[IncomingDoc]:
    path = default_file(path, FILE)
    docs = []
    strings: dict[str, str] = {}  # the file's one copy of what repeats (fileformat.shared)
    with json_errors(path, "not valid Label Studio JSON"):
        for _, root in json_documents(path, _LAZY, lines=False):
            tasks = (
                root.entries() if isinstance(root, jsonstream.Lazy) and root.kind == "array" else [(0, root)]
            )
            for number, task in enumerate((task for _, task in tasks), 1):
                docs += _task(task, f"{path} task {number}", strings, options)
    return docs


def _task(task: Any, where: str, strings: dict[str, str], options: ImportOptions) -> list[IncomingDoc]:
    """One task as documents: one per annotation (the first one naming nobody also
    holding the predictions), or one for the predictions alone."""
    annotations: list[_Annotation] = []
    predictions: list[_Annotation] = []
    data: Any = None
    meta: Any = None
    bare: dict[str, Any] = {}  # a task without "data" is its own data
    entries = task.entries() if isinstance(task, jsonstream.Lazy) and task.kind == "object" else ()
    for key, value in entries:
        if key in ("annotations", "completions", "predictions") and _is(value, "array"):
            made = [_annotation(a, strings, key == "predictions") for _, a in value.entries()]
            (predictions if key == "predictions" else annotations).extend(made)
        elif key == "data":
            data = jsonstream.whole(value)
        elif key == "meta":
            meta = jsonstream.whole(value)
        elif key not in ("id", "drafts"):
            bare[str(key)] = jsonstream.whole(value)
    data = data if isinstance(data, dict) else bare
    text = data.get("text")
    dropped: Counter[str] = Counter()
    for made in (*annotations, *predictions):
        dropped.update(made.others)
    if not isinstance(text, str):
        said = sum(len(a.said) for a in (*annotations, *predictions))
        unread = [Incoming("", 0, 0)] * said
        problem = "the task has no text (data.text): not a text task; its span results not imported"
        return [IncomingDoc(None, None, unread, where=where, dropped=dropped, problem=problem)]
    meta = meta if isinstance(meta, dict) else {}
    unit = stated_unit(meta.get("offsets")) or options.offsets
    epireader = meta.get("epireader") if isinstance(meta.get("epireader"), dict) else {}
    page = {k: epireader[k] for k in PAGE_LISTS if k in epireader} or None
    source = data.get("source") if isinstance(data.get("source"), str) else None
    docs: list[IncomingDoc] = []
    for made in annotations:
        if made.cancelled:
            dropped["Label Studio result of a cancelled annotation"] += len(made.said)
            continue
        doc = IncomingDoc(source, text, [], None, where, annotator=made.who)
        doc.spans = _spans(text, made, where, strings, options.labels, unit, dropped)
        docs.append(doc)
    main = next((d for d in docs if d.annotator is None), None)
    if main is None:
        main = IncomingDoc(source, text, [], None, where)
        docs.insert(0, main)
    main.page, main.dropped = page, dropped
    for made in predictions:
        spans = _spans(text, made, where, strings, options.labels, unit, dropped)
        for span in spans:
            span.extras = {"model_version": made.who or ""}
        main.suggestions += spans
    for doc in docs:
        doc.problem = unit_problem(text, unit) if doc.spans or doc.suggestions else None
    return docs


def _is(value: Any, kind: str) -> bool:
    return isinstance(value, jsonstream.Lazy) and value.kind == kind


def _annotation(annotation: Any, strings: dict[str, str], prediction: bool) -> _Annotation:
    """What an annotation (or prediction) says: its span results, the kinds of the
    others, who made it (for a prediction: its model_version), whether it was cancelled."""
    made = _Annotation()
    if not _is(annotation, "object"):
        made.others["Label Studio annotation that is not an object"] += 1
        return made
    for key, value in annotation.entries():
        if key == "result" and _is(value, "array"):
            for _, result in value.entries():
                field_value = _region_value(result)
                said = _said(result, strings) if field_value is None else None
                if field_value is not None and _new(made, result, field_value):
                    made.regions.setdefault(result["id"], {})[result["from_name"]] = field_value
                elif isinstance(said, str):
                    made.others[said] += 1
                elif said is not None:
                    made.said.append(said)
        elif key == "was_cancelled":
            made.cancelled = bool(jsonstream.whole(value))
        elif key == ("model_version" if prediction else "completed_by"):
            made.who = _name(jsonstream.whole(value))
    return made


def _name(who: Any) -> str | None:
    """An annotator's name from ``completed_by``: a user id, or a user object."""
    if isinstance(who, dict):
        who = who.get("email") or who.get("username") or who.get("id")
    if isinstance(who, bool) or who is None or who == "":
        return None
    return str(who)


def _new(made: _Annotation, result: dict[str, Any], value: Any) -> bool:
    """The per-region value says something the region's carried fields do not: kept
    only then (our exports repeat every attribute so: a page's 250,000 regions)."""
    last = made.said[-1] if made.said else None
    if last is None or last.ident != result["id"]:
        return True
    name = result["from_name"]
    carried = last.carried or {}
    said = carried.get("note") if name == "note" else (carried.get("attrs") or last.attrs or {}).get(name)
    return said != value


def _region_value(result: Any) -> Any:
    """The value of a per-region result for one of our attribute fields (CONFIG), or None."""
    if not (isinstance(result, dict) and result.get("from_name") in FIELDS and result.get("id") is not None):
        return None
    value = result.get("value") if isinstance(result.get("value"), dict) else {}
    said = value.get(
        {"choices": "choices", "number": "number", "textarea": "text"}.get(result.get("type"), "")
    )
    if isinstance(said, list):  # choices and text areas hold a list: one choice, one text
        return said[0] if len(said) == 1 else None
    return said


def _said(result: Any, strings: dict[str, str]) -> _Said | str:
    """A span result, or the kind of a result that is none (a relation, choices …)."""
    if not isinstance(result, dict):
        return "Label Studio result that is not an object"
    kind = result.get("type")
    value = result.get("value")
    if kind == "relation":
        return "Label Studio relation"
    if not (isinstance(value, dict) and "start" in value and "labels" in value):
        return f"Label Studio {kind if isinstance(kind, str) else 'untyped'} result (no text span)"
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
    return _Said(
        result.get("id"), value.get("start"), value.get("end"), names, value.get("text"), carried, attrs
    )


def _fields(span: Incoming, fields: dict[str, Any] | None) -> None:
    """The region's per-region results into the span: a person may have changed them
    in Label Studio, so they win over the carried attributes (in place: key order kept)."""
    if not fields:
        return
    for name, value in fields.items():
        if name == "note":
            span.extras = {**(span.extras or {}), "note": value}
        else:
            span.attrs = span.attrs if span.attrs is not None else {}
            span.attrs[name] = value


def _spans(
    text: str,
    made: _Annotation,
    where: str,
    strings: dict[str, str],
    labels: LabelMap,
    unit: Unit | None,
    dropped: Counter[str],
) -> list[Incoming]:
    spans = []
    said_list, made.said = made.said, []
    said_list.reverse()
    while said_list:  # each let go as its spans are made: its fields become theirs
        said = said_list.pop()
        for name in said.names:
            label = labels.resolve(name)
            if label == SKIP:
                dropped[SKIPPED] += 1
                continue
            if label is None:
                problem = f"{where}: unknown label {name!r} (--label-map names it)"
                spans.append(Incoming(str(name), 0, 0, "", problem=problem))
                continue
            try:
                if not (whole_number(said.start) and whole_number(said.end)):
                    raise ValueError("offsets are not whole numbers")
                start, end = from_unit(text, said.start, unit), from_unit(text, said.end, unit)
            except ValueError as exc:
                spans.append(Incoming(label, 0, 0, "", problem=f"{where}: {exc}"))
                continue
            shown = said.shown if isinstance(said.shown, str) else text[start:end]
            span = Incoming(label, start, end, shown, where=where)
            if said.carried is not None:
                span.set_extras(said.carried, strings, own=len(said.names) == 1)  # one label: its own dict
            elif said.attrs is not None:
                span.attrs = said.attrs
            _fields(span, made.regions.get(said.ident))
            spans.append(span)
    return spans
