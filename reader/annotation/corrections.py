"""Corrections: what the form proposed for a tag's attribute and what the person saved.

Kept in ``ANNOTATIONS/corrections.json`` (a list, newest last), written whole and
atomically under the store's lock like every annotation file, never overwritten when
it cannot be read. They are the record of where the prefill was wrong, by field and
in context; the prefill learns from the tags themselves (reader/corpus/learning.py),
and `epireader teach` counts the corrections by field.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from reader.annotation.model import Tag, now_iso
from reader.annotation.store import AnnotationStore, StoreError, atomic_write
from reader.text.file_reads import read_regular

CORRECTIONS_NAME = "corrections.json"
FIELDS = ("counted", "value", "qualifier", "unit", "time", "date")


@dataclass(frozen=True)
class Correction:
    page: str
    tag: str  # the tag's id
    label: str
    text: str
    before: str  # the tag's anchor context: where it was
    after: str
    field: str
    proposed: Any
    saved: Any
    by: str
    at: str


def corrections_of(page: str, tag: Tag, proposed: dict[str, Any], by: str) -> list[Correction]:
    """One correction per attribute whose saved value is not the one the form proposed."""
    stamp = now_iso()
    out = []
    for field in FIELDS:
        if field in proposed and _norm(proposed.get(field)) != _norm(tag.attrs.get(field)):
            where = (page, tag.id, tag.label, tag.text, tag.before, tag.after)
            out.append(Correction(*where, field, proposed.get(field), tag.attrs.get(field), by, stamp))
    return out


def _norm(value: Any) -> Any:
    return None if value in ("", None, {}) else value


def path_of(store: AnnotationStore) -> Path:
    return store.directory / CORRECTIONS_NAME


def load(store: AnnotationStore) -> list[dict[str, Any]]:
    """The corrections kept so far; [] when there are none. StoreError when the file
    cannot be read (it is then never written)."""
    path = path_of(store)
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise StoreError(f"{path}: not a list of corrections ({exc}); left as it is") from exc
    if not isinstance(data, list):
        raise StoreError(f"{path}: not a list of corrections; left as it is")
    return [d for d in data if isinstance(d, dict)]


def record(store: AnnotationStore, new: list[Correction]) -> None:
    """Add ``new`` to the folder's corrections, atomically, under the store's lock."""
    if not new:
        return
    with store.lock():  # the one lock every annotation file of the folder is written under
        kept = load(store)
        kept += [asdict(c) for c in new]
        text = json.dumps(kept, ensure_ascii=False, indent=1) + "\n"
        atomic_write(path_of(store), text.encode("utf-8"))
