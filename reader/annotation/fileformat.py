"""The annotation file format: reading a file's bytes into checked data, and back.

The format is defined once, by the model (reader/annotation/model.py: each record's
FIELDS); the JSON Schema in reader/data/annotation.schema.json is held to it by
tests/unit/test_format.py. A file that fails any check here is corrupt: its page
opens read-only and the file is never written over.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from reader.annotation import jsonstream
from reader.annotation.model import SCHEMA_VERSION, PageAnnotations, Rejection, ReviewedMark, Tag


class StoreError(Exception):
    """A save or load that must not go ahead; the message is for the user."""


class CorruptFile(StoreError):
    """An annotation file that must not be used or written over; the message names it."""


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files("reader.data").joinpath("annotation.schema.json").read_text())


@cache
def _validator(part: str | None = None) -> Any:
    import jsonschema  # ~65 ms to import: only when a file is first read

    whole = schema()
    if part is None:
        return jsonschema.Draft202012Validator(whole)
    return jsonschema.Draft202012Validator({"$defs": whole["$defs"], "$ref": f"#/$defs/{part}"})


def schema_errors(data: Any, part: str | None = None, where: str = "") -> list[str]:
    """What in ``data`` breaks the schema: the whole file's, or one of its ``$defs``
    (``part``: "span", "rejection", "review") for the item at ``where`` ("spans/3"),
    one message per error, each starting with the path of what it is about."""
    if part is not None and _certainly_fits(part)(data):
        return []
    errors = sorted(_validator(part).iter_errors(data), key=lambda e: list(e.path))
    return [f"{'/'.join([where, *map(str, e.path)] if where else map(str, e.path)) or '(top)'}: {e.message}"
            for e in errors]  # fmt: skip


# The keywords of the schema's records that _certainly_fits reads; a record using any
# other keyword is always left to jsonschema.
_QUICK_KEYWORDS = frozenset(("type", "enum", "const", "minimum", "minLength", "description"))
_QUICK_TYPES: dict[str, type] = {"string": str, "integer": int, "object": dict, "array": list}


@cache
def _certainly_fits(part: str) -> Callable[[Any], bool]:
    """A quick test, read from the schema's ``$defs/part``, that is True only for a record
    jsonschema finds nothing wrong with; False means "ask jsonschema" (and its message).

    jsonschema takes ~100 us a span, 25 s for a file of 250,000; this takes a few. It
    understands only the keywords the records use (_QUICK_KEYWORDS), and is stricter
    than the schema where that is simpler (an integer must be an int, not 1.0), so a
    record it is unsure of is checked in full. tests/unit/test_format.py holds it to
    jsonschema on records mutated every way.
    """
    definition = schema()["$defs"][part]
    if set(definition) - {"type", "required", "additionalProperties", "properties"} or (
        definition.get("type") != "object" or definition.get("additionalProperties") is not False
    ):
        return lambda item: False
    required, rules = frozenset(definition["required"]), definition["properties"]
    if any(set(rule) - _QUICK_KEYWORDS or rule.get("type", "string") not in _QUICK_TYPES
           for rule in rules.values()):  # fmt: skip
        return lambda item: False

    def value_fits(rule: dict[str, Any], value: Any) -> bool:
        kind = rule.get("type")
        if kind is not None and type(value) is not _QUICK_TYPES[kind]:  # bool is no int here
            return False
        if "enum" in rule and (type(value) is not str or value not in rule["enum"]):
            return False
        if "const" in rule and (type(value) is not str or value != rule["const"]):
            return False
        if "minimum" in rule and not (type(value) is int and value >= rule["minimum"]):
            return False
        return "minLength" not in rule or (type(value) is str and len(value) >= rule["minLength"])

    def fits(item: Any) -> bool:
        return (
            type(item) is dict
            and required <= item.keys()
            and all(key in rules and value_fits(rules[key], value) for key, value in item.items())
        )

    return fits


# A real file nests five levels (page, spans, span, attrs, time); deep nesting is not
# data but a file built to crash the reader (json, jsonschema and deepcopy all recurse).
MAX_DEPTH = 64
# The arrays read one item at a time, and what each item is checked against and made into.
_ITEMS: dict[str, tuple[str, Callable[[dict[str, Any]], Any]]] = {
    "spans": ("span", Tag.from_json),
    "orphans": ("span", Tag.from_json),
    "rejected": ("rejection", Rejection.from_json),
    "reviewed": ("review", ReviewedMark.from_json),
}
# Strings that repeat across a file's tags (who, when, units, kinds of time): one copy
# each instead of one per tag. A file of 250,000 tags held ~0.3 KB per tag in copies.
_SHARED = frozenset(("label", "annotator", "origin", "created", "updated", "by", "at"))
_SHORT = 16


def _whole_numbers(where: str, item: dict[str, Any], names: tuple[str, ...]) -> str | None:
    """The first of ``names`` in ``item`` that is not a whole number, as a problem, or None.

    The schema's "integer" lets 1.0 and 1e308 through (JSON has one number type); a
    float would crash slicing later, so it stops here.
    """
    for name in names:
        if name in item and type(item[name]) is not int:  # bool is an int subclass: refused too
            return f"{where}/{name}: {item[name]!r} is not a whole number".lstrip("/")
    return None


def _item_problem(key: str, index: int, item: Any) -> str | None:
    """Why item ``index`` of the array ``key`` is not what the file format says, or None."""
    where = f"{key}/{index}"
    if jsonstream.depth(item) > MAX_DEPTH - 2:
        return f"{where}: nested too deeply (more than {MAX_DEPTH} levels of [ or {{)"
    errors = schema_errors(item, _ITEMS[key][0], where)
    if errors:
        return f"does not match the schema: {errors[0]}"
    if key == "reviewed":
        return _whole_numbers(where, item, ("article",))
    problem = _whole_numbers(where, item, ("start", "end"))
    if problem is None and not 0 <= item["start"] < item["end"]:
        problem = f"{where}: start {item['start']} is not before end {item['end']}"
    return problem


def shared(item: dict[str, Any], strings: dict[str, str]) -> dict[str, Any]:
    """``item`` with its repeated strings made one copy each (see _SHARED), the copies
    kept in ``strings`` (one dict per file read: not sys.intern, whose strings outlive
    the file on some Pythons, and a day's timestamps would pile up over an archive)."""
    for name in _SHARED.intersection(item):
        if type(item[name]) is str:
            item[name] = strings.setdefault(item[name], item[name])
    if isinstance(item.get("attrs"), dict):
        item["attrs"] = _shared_attrs(item["attrs"], strings)
    return item


def _shared_attrs(attrs: dict[str, Any], strings: dict[str, str]) -> dict[str, Any]:
    # Keys always (each item is parsed on its own, so json shares no keys between tags),
    # short values (units, qualifiers, parts of day, counted nouns) too.
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if type(value) is str and len(value) <= _SHORT:
            value = strings.setdefault(value, value)
        elif type(value) is dict:
            value = _shared_attrs(value, strings)
        out[strings.setdefault(key, key)] = value
    return out


def read(
    chunks: Iterable[bytes], name: str, tag: Callable[[dict[str, Any]], Any] = Tag.from_json
) -> PageAnnotations:
    """The annotation file in ``chunks``, checked and made into the model one item at a
    time; or CorruptFile with a one-line reason naming ``name``. ``tag`` makes each
    span and orphan (ReadTag.from_json for a read-only pass).

    What is checked: JSON, nesting, schema_version, the schema, offsets that are whole
    numbers with start < end. Offsets past the end of the page are not checked here:
    they need the page, and load re-anchors them (see AnnotationStore.load).
    """
    top: dict[str, Any] = {}
    made: dict[str, list[Any]] = {key: [] for key in _ITEMS}
    strings: dict[str, str] = {}  # one copy of each repeated string, for this file
    problem: str | None = None
    try:
        for key, index, value in jsonstream.members(chunks, _ITEMS.keys()):
            if index is None:
                if key in made:  # given again: its last value counts, as json.loads takes it
                    made[key] = []
                top[key] = value
            elif problem is None:  # after the first problem, items are only parsed
                problem = _item_problem(key, index, value)
                if problem is None:
                    make = tag if _ITEMS[key][0] == "span" else _ITEMS[key][1]
                    made[key].append(make(shared(value, strings)))
                else:
                    made.clear()
    except jsonstream.TooDeep:
        raise CorruptFile(f"{name}: nested too deeply (more than {MAX_DEPTH} levels of [ or {{)") from None
    except jsonstream.JSONError as exc:
        raise CorruptFile(one_line(f"{name}: not valid JSON ({exc})")) from None
    except (TypeError, ValueError, KeyError) as exc:
        # The schema let through something the model refuses: read-only beats a crash.
        raise CorruptFile(one_line(f"{name}: does not fit the annotation model ({exc})")) from None
    version = top.get("schema_version")
    if version != SCHEMA_VERSION:
        raise CorruptFile(
            one_line(f"{name}: unknown schema_version {version!r} (this epireader reads {SCHEMA_VERSION})")
        )
    if any(jsonstream.depth(value) > MAX_DEPTH - 1 for value in top.values()):
        raise CorruptFile(f"{name}: nested too deeply (more than {MAX_DEPTH} levels of [ or {{)")
    errors = schema_errors(top)
    if errors:
        raise CorruptFile(one_line(f"{name}: does not match the schema: {errors[0]}"))
    problem = _whole_numbers("", top, ("text_length",)) or problem
    if problem:
        raise CorruptFile(one_line(f"{name}: {problem}"))
    return PageAnnotations(
        page=top["page"],
        text_sha256=top["text_sha256"],
        text_length=top["text_length"],
        spans=made["spans"],
        orphans=made["orphans"],
        rejected=made["rejected"],
        reviewed=made["reviewed"],
    )


def one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def dumped(annotations: PageAnnotations) -> Iterator[bytes]:
    """The file's bytes in pieces, a record at a time (a file of 250,000 tags is never
    one string): the bytes of ``json.dumps(annotations.to_json(), ensure_ascii=False,
    indent=2) + "\n"``, which tests/unit/test_format.py holds them to.

    Sorted spans, fixed key order and a final newline: the same tags give the same bytes.
    """
    parts, size = ["{"], 0
    for n, (name, value) in enumerate(annotations.json_fields()):
        parts.append(f"{',' if n else ''}\n  {json.dumps(name)}: ")
        if not isinstance(value, Iterator):
            parts.append(json.dumps(value, ensure_ascii=False))
            continue
        opening = "[\n    "
        for record in value:
            # A record's own lines, indented to where it sits (its strings hold no raw newline).
            record_text = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n    ")
            parts.append(opening + record_text)
            opening, size = ",\n    ", size + len(record_text)
            if size > 1 << 16:
                yield _encoded(parts)
                parts, size = [], 0
        parts.append("[]" if opening.startswith("[") else "\n  ]")
    parts.append("\n}\n")
    yield _encoded(parts)


def dumps(annotations: PageAnnotations) -> bytes:
    return b"".join(dumped(annotations))


def digest(annotations: PageAnnotations) -> str:
    """The SHA-256 of the file ``annotations`` would be written as, without holding it."""
    hashed = hashlib.sha256()
    for piece in dumped(annotations):
        hashed.update(piece)
    return hashed.hexdigest()


def _encoded(parts: list[str]) -> bytes:
    # A page name with bytes that are not UTF-8 holds lone surrogates (surrogateescape):
    # written as JSON escapes, the file stays UTF-8 and reads back to the same name.
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", "".join(parts)).encode("utf-8")


def file_errors(annotations: PageAnnotations) -> list[str]:
    """What in the file ``annotations`` would be breaks the schema, checked a record at a
    time (the whole file's JSON at once held ~1 KB a tag)."""
    top: dict[str, Any] = {}
    for name, value in annotations.json_fields():
        if not isinstance(value, Iterator):
            top[name] = value
            continue
        top[name] = []
        for index, record in enumerate(value):
            errors = schema_errors(record, _ITEMS[name][0], f"{name}/{index}")
            if errors:
                return errors
    return schema_errors(top)


_SURROGATE = re.compile("[\ud800-\udfff]")
