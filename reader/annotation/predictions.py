"""A model's suggestions imported from another tool (Label Studio's ``predictions``),
kept beside the annotation files: ``ANNOTATIONS/predictions.jsonl``.

One line per suggested span, ``{"page", "text_sha256", "label", "start", "end",
"text", "model_version"}``, code-point offsets. The reader shows them under ``p``
with the extractor's (reader/session/reading.py ``page_found``), to accept or reject
the same way: accepting makes a tag, rejecting records a rejection in the page's
annotation file; the line stays, so another import keeps what people decided. A
line whose page changed since (its hash) or whose text is not the page's at its
offsets is not shown. Not tags, so `check`, `eval` and the exports leave them alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.text import file_reads, files
from reader.text.page import Page
from reader.text.spans import Span

FILE = "predictions.jsonl"


@dataclass(kw_only=True, slots=True)
class Prediction(Span):
    """A span a model proposed; ``model_version`` names the model, as the tool did."""

    model_version: str = ""

    def to_json(self, page: Page) -> dict[str, Any]:
        return {
            "page": page.name,
            "text_sha256": page.sha256,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "model_version": self.model_version,
        }


def load(folder: Path) -> list[dict[str, Any]]:
    """The file's lines as records (none when there is no file; a line that is not
    a JSON object is left out: the file is ours, rewritten whole by each import)."""
    path = folder / FILE
    if not path.is_file():
        return []
    records = []
    for line in file_reads.read_text(path).splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            records.append(record)
    return records


def for_page(records: Iterable[dict[str, Any]], page: Page) -> list[Prediction]:
    """The suggestions still true of ``page``: same text, each span's text where it says."""
    found = []
    for r in records:
        if r.get("page") != page.name or r.get("text_sha256") != page.sha256:
            continue
        start, end, text = r.get("start"), r.get("end"), r.get("text")
        if isinstance(start, int) and isinstance(end, int) and page.text[start:end] == text and text:
            label, model = r.get("label"), r.get("model_version")
            found.append(Prediction(str(label), start, end, text, model_version=str(model or "")))
    return found


def merged(found: list[Span], records: list[dict[str, Any]], page: Page) -> list[Span]:
    """The extractor's spans of ``page`` and the model's suggestions for it, in page
    order; a suggestion the extractor also makes comes once (the extractor's)."""
    keys = {f.key for f in found}
    more = [p for p in for_page(records, page) if p.key not in keys]
    return sorted([*found, *more], key=lambda f: (f.start, -f.end, f.label)) if more else found


def save(folder: Path, page: Page, spans: list[Prediction]) -> int:
    """Add ``spans`` to the file for ``page`` (a span already there is not repeated);
    the number added. Read and written whole under the store's lock (two imports at
    once never drop each other's lines), atomically, through the one writer."""
    from reader.annotation.store import AnnotationStore

    folder.mkdir(parents=True, exist_ok=True)
    with AnnotationStore(folder).lock():
        return _save(folder, page, spans)


def _save(folder: Path, page: Page, spans: list[Prediction]) -> int:
    """Add ``spans`` to the file for ``page`` (a span already there is not repeated);
    the number added."""
    records = load(folder)
    have = {
        (r.get("page"), r.get("label"), r.get("start"), r.get("end"), r.get("model_version")) for r in records
    }
    added = 0
    for span in spans:
        key = (page.name, span.label, span.start, span.end, span.model_version)
        if key not in have:
            have.add(key)
            records.append(span.to_json(page))
            added += 1
    if added:
        lines = "".join(json.dumps(r, sort_keys=True) + "\n" for r in records)
        files.atomic_write(folder / FILE, lines.encode("utf-8"))
    return added


def proposal_line(found: Span) -> str:
    """What the reader says of the suggestion it went to: a model's names the model."""
    model = found.model_version if isinstance(found, Prediction) else ""
    by = f" (suggested by {model})" if model else ""
    return f"{found.label} {found.text[:30]!r}{by}: a accepts, r rejects"
