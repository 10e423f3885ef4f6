"""The annotation file format: reading a file's bytes into checked data, and back.

The format is defined once, by the model (reader/annotation/model.py: each record's
FIELDS); the JSON Schema in reader/data/annotation.schema.json is held to it by
tests/unit/test_format.py. A file that fails any check here is corrupt: its page
opens read-only and the file is never written over.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from reader.annotation.model import SCHEMA_VERSION, PageAnnotations


class StoreError(Exception):
    """A save or load that must not go ahead; the message is for the user."""


class CorruptFile(StoreError):
    """An annotation file that must not be used or written over; the message names it."""


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files("reader.data").joinpath("annotation.schema.json").read_text())


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema  # ~65 ms to import: only when a file is first read

    return jsonschema.Draft202012Validator(schema())


def schema_errors(data: Any) -> list[str]:
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.path))
    return [f"{'/'.join(map(str, e.path)) or '(top)'}: {e.message}" for e in errors]


# A real file nests five levels (page, spans, span, attrs, time); deep nesting is not
# data but a file built to crash the reader (json, jsonschema and deepcopy all recurse).
MAX_DEPTH = 64
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")


def nesting_depth(raw: bytes, limit: int = MAX_DEPTH) -> int:
    """How deep ``[`` and ``{`` nest in JSON bytes, outside strings; stops counting past ``limit``.

    Cheap enough for every load: strings and everything but brackets are dropped in C,
    and only the brackets left are walked.
    """
    depth = deepest = 0
    for byte in _STRING.sub(b"", raw).translate(None, _NOT_BRACKET):
        depth += 1 if byte in b"[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


def _offset_error(data: dict[str, Any]) -> str | None:
    """The first offset or count that is not a whole number in range, or None.

    The schema's "integer" lets 1.0 and 1e308 through (JSON has one number type); a
    float or an end before its start would crash slicing later, so they stop here.
    """
    if type(data["text_length"]) is not int:
        return f"text_length: {data['text_length']!r} is not a whole number"
    for key in ("spans", "orphans", "rejected"):
        for i, item in enumerate(data.get(key, [])):
            start, end = item["start"], item["end"]
            for name, value in (("start", start), ("end", end)):
                if type(value) is not int:  # bool is an int subclass: refused too
                    return f"{key}/{i}/{name}: {value!r} is not a whole number"
            if not 0 <= start < end:
                return f"{key}/{i}: start {start} is not before end {end}"
    for i, item in enumerate(data.get("reviewed", [])):
        if type(item["article"]) is not int:
            return f"reviewed/{i}/article: {item['article']!r} is not a whole number"
    return None


def one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse(raw: bytes, name: str) -> dict[str, Any]:
    """An annotation file's data, checked; or CorruptFile with a one-line reason naming ``name``.

    Offsets past the end of the page are not checked here: they need the page, and
    load re-anchors them (see AnnotationStore.load).
    """
    if nesting_depth(raw) > MAX_DEPTH:
        raise CorruptFile(f"{name}: nested too deeply (more than {MAX_DEPTH} levels of [ or {{)")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptFile(one_line(f"{name}: not valid JSON ({exc})")) from None
    except RecursionError:  # the scan above should make this unreachable; never crash on a file
        raise CorruptFile(f"{name}: nested too deeply") from None
    version = data.get("schema_version") if isinstance(data, dict) else None
    if version != SCHEMA_VERSION:
        raise CorruptFile(
            one_line(f"{name}: unknown schema_version {version!r} (this epireader reads {SCHEMA_VERSION})")
        )
    errors = schema_errors(data)
    if errors:
        raise CorruptFile(one_line(f"{name}: does not match the schema: {errors[0]}"))
    problem = _offset_error(data)
    if problem:
        raise CorruptFile(one_line(f"{name}: {problem}"))
    return data


def dumps(annotations: PageAnnotations) -> bytes:
    # Sorted spans, fixed key order and a final newline: the same tags give the same bytes.
    text = json.dumps(annotations.to_json(), ensure_ascii=False, indent=2) + "\n"
    # A page name with bytes that are not UTF-8 holds lone surrogates (surrogateescape):
    # written as JSON escapes, the file stays UTF-8 and reads back to the same name.
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


_SURROGATE = re.compile("[\ud800-\udfff]")
