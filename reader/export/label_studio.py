"""Label Studio: ``label-studio.json``, a list of tasks in its import format
(``id``, ``data.text``, ``annotations[0].result[]`` with labels ``Event``/``Figure``),
and ``label-studio-config.xml`` beside it, the labelling configuration whose
``from_name``/``to_name`` the results use, so the export imports into a Label Studio
project as it is.

Offsets count UTF-16 code units by default, as Label Studio's JavaScript front end
does; ``--offsets codepoints`` writes code points (what label-studio-converter and
spaCy read). The unit is written into each task's ``meta.offsets``.

What Label Studio keeps: label, offsets and text in each result's ``value``; the tag
id as the result's ``id`` (a region id, unique within the page as Label Studio wants);
the tag's other fields (context, attributes, note, annotator, origin, created,
updated) in the result's ``meta.epireader``; the page's orphans, rejections and
reviewed marks, when it has any, in the task's ``meta.epireader`` (task metadata
Label Studio keeps as imported). ``data.source`` names the page; a task without it
is matched to a page by its text. The configuration has a per-region field for the
attributes a person fills in Label Studio (qualifier, value, unit, counted, summary,
date, and the note); the import reads those per-region results into the tag. Read
back by reader/export/label_studio_reading.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from xml.sax.saxutils import quoteattr

from reader.annotation.model import Tag
from reader.export.documents import ExportDoc, page_extras, tag_extras
from reader.export.incoming import Unit
from reader.export.jsonout import json_pieces
from reader.export.labels import BRAT_TYPES
from reader.export.offsets import UNIT_NAMES, to_unit
from reader.export.output import OutputFolder

FILE = "label-studio.json"
CONFIG = "label-studio-config.xml"
FROM_NAME, TO_NAME = "label", "text"  # the Labels control and the Text object of CONFIG
# The attribute fields a person can fill per region in Label Studio (docs/guidelines.md).
QUALIFIERS = ("exact", "more-than", "about", "under", "range", "vague")
TEXT_FIELDS = ("unit", "counted", "summary", "date", "note")


def label_studio_task(doc: ExportDoc, number: int, unit: Unit = "utf16") -> dict[str, Any]:
    """The task's data; its results are a generator, made as json_pieces writes them."""
    results = (result for tag in doc.spans for result in _results(doc.text, tag, unit))
    meta: dict[str, Any] = {"offsets": UNIT_NAMES[unit]}
    extras = page_extras(doc.annotations)
    if extras:
        meta["epireader"] = extras
    return {
        "annotations": [{"result": results}],
        "data": {"source": doc.name, "text": doc.text, "text_sha256": doc.sha256},
        "id": number,  # label-studio-converter, and Label Studio's own exports, key tasks by it
        "meta": meta,
    }


def _results(text: str, tag: Tag, unit: Unit) -> Iterator[dict[str, Any]]:
    """The tag's region. Its attributes are not repeated as per-region results: they
    ride in ``meta.epireader``, and a page's file would grow by half again (the import
    reads per-region results a person filled in Label Studio, see CONFIG)."""
    yield {
        "from_name": FROM_NAME,
        "id": tag.id,
        "meta": {"epireader": tag_extras(tag, native=("id", "label", "start", "end", "text"))},
        "to_name": TO_NAME,
        "type": "labels",
        "value": {
            "end": to_unit(text, tag.end, unit),
            "labels": [BRAT_TYPES[tag.label]],
            "start": to_unit(text, tag.start, unit),
            "text": tag.text,
        },
    }


def write_label_studio(docs: Iterable[ExportDoc], out: OutputFolder, unit: Unit = "utf16") -> None:
    out.write(CONFIG, labelling_config())  # first: the tasks are the export's last file
    # One task per line inside the list: still one JSON document, and a diff shows pages.
    with out.open(FILE) as handle:
        before = "[\n"
        for number, doc in enumerate(docs, 1):
            handle.write(before)
            handle.writelines(json_pieces(label_studio_task(doc, number, unit)))
            before = ",\n"
        handle.write("[]\n" if before == "[\n" else "\n]\n")


def labelling_config() -> str:
    """The project's labelling configuration: our labels on the text, and per region
    the attribute fields (a figure's qualifier as choices, its value as a number, the
    rest as text)."""

    def tag(name: str, attrs: dict[str, str], inner: str = "") -> str:
        said = " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items())
        return f"<{name} {said}>{inner}</{name}>" if inner else f"<{name} {said}/>"

    region = {"toName": TO_NAME, "perRegion": "true"}
    labels = "".join(f"\n    {tag('Label', {'value': name})}" for name in BRAT_TYPES.values())
    choices = "".join(f"\n    {tag('Choice', {'value': q})}" for q in QUALIFIERS)
    parts = [
        tag("Labels", {"name": FROM_NAME, "toName": TO_NAME}, labels + "\n  "),
        tag("Text", {"name": TO_NAME, "value": "$text"}),
        tag("Choices", {"name": "qualifier", **region, "choice": "single"}, choices + "\n  "),
        tag("Number", {"name": "value", **region}),
        *(tag("TextArea", {"name": name, **region, "maxSubmissions": "1"}) for name in TEXT_FIELDS),
    ]
    return "<View>\n" + "".join(f"  {p}\n" for p in parts) + "</View>\n"
