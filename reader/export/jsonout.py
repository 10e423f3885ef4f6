"""JSON as the exports write it: indented for a file of its own, one line for JSON
lines, or in pieces so that a page's spans are never all built at once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from reader.text.safe import json_escaped


def dumps(data: Any) -> str:
    # A page name that is not UTF-8 is written as \\u escapes (json_escaped), not refused.
    return json_escaped(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True), controls=False) + "\n"


_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def one_line(data: Any) -> str:
    """``data`` as JSON on one line, whatever a reader takes for a line break.

    json.dumps escapes C0 controls but leaves NEL, U+2028 and U+2029, which
    str.splitlines (and many JSONL readers) split at; they can only occur inside JSON
    strings, where the escape means the same character.
    """
    return "".join(json_pieces(data))


def json_pieces(data: Any) -> Iterator[str]:
    """``one_line(data)`` in pieces. A list may be given as an iterator (a generator):
    its items are then made and written one at a time, so a page's 250,000 spans are
    never all built, nor one string, at once. Dicts and iterators are walked here; every
    other value is one json.dumps, with json's own separators, so the pieces joined are
    the bytes json.dumps gives for the same data built as lists."""
    if not _streams(data):
        yield _one_value(data)
    elif isinstance(data, dict):
        yield "{"
        for n, (key, value) in enumerate(data.items()):
            yield f"{', ' if n else ''}{_one_value(key)}: "
            yield from json_pieces(value)
        yield "}"
    else:
        yield "["
        for n, item in enumerate(data):
            if n:
                yield ", "
            yield from json_pieces(item)
        yield "]"


def _streams(data: Any) -> bool:
    """``data`` is, or holds, an iterator (dict keys all strings, as json_pieces writes them)."""
    if isinstance(data, Iterator):
        return True
    if isinstance(data, dict):
        return all(type(key) is str for key in data) and any(_streams(v) for v in data.values())
    return isinstance(data, list) and any(_streams(item) for item in data)


def _one_value(data: Any) -> str:
    # Key order as built, not sorted: attributes come back in the order the annotation
    # file had them, which byte-identical round trips need. The order is still fixed.
    return json_escaped(json.dumps(data, ensure_ascii=False), controls=False).translate(_LINE_BREAKS)
