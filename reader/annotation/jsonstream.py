"""Reading one JSON object a piece at a time: its members, and the items of the big
arrays among them one by one, each handed over as soon as it is complete.

An annotation file of 250,000 tags is ~100 MB of JSON. ``json.loads`` holds the
file's text and every span's dict at once (the whole file came to ~35x the page it
annotates); here the bytes come in chunks, are decoded as they come, and each value
is parsed by the standard library's own C scanner (``JSONDecoder.raw_decode``), so
what is valid JSON and what each value becomes are exactly ``json.loads``'s, and
error messages name the line, column and character as it does.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Collection, Iterable, Iterator
from typing import Any

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
# A value that ends (or fails) this close to the end of what is read may only be cut by
# the chunk: it is parsed again with more text. Longer than any JSON number or literal.
_NEAR_END = 64


class JSONError(ValueError):
    """The bytes are not valid JSON; the message says what and where."""


class TooDeep(JSONError):
    """Nested deeper than the parser's recursion allows (a file built to crash a reader)."""


class _Buffer:
    """The decoded text not yet parsed, refilled from the chunks as parsing needs."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._utf8 = codecs.getincrementaldecoder("utf-8")("strict")
        self.text = ""
        self.pos = 0
        self._eof = False
        self._bytes = 0  # bytes given to the decoder before the chunk being decoded
        self._dropped = 0  # characters parsed and let go, before self.text
        self._lines = 0  # newlines among them
        self._column = 0  # characters after the last of those newlines
        # line(): newlines counted so far in self.text, up to _counted (JSON lines ask
        # for every document's line: counting from the start of a chunk each time made
        # a file of 250,000 short lines take ten times as long)
        self._counted = 0
        self._counted_lines = 0

    def more(self, at_least: int = 1) -> bool:
        """Read at least ``at_least`` characters more (fewer at the end); False if none came,
        and then nothing moves. When some came, the text parsed so far is let go and the
        unparsed rest starts at ``pos`` 0."""
        if self._eof:
            return False
        pieces: list[str] = []
        got = 0
        try:
            while got < at_least:
                chunk = next(self._chunks, None)
                if chunk is None:
                    self._eof = True
                    chunk = b""
                piece = self._utf8.decode(chunk, final=self._eof)
                self._bytes += len(chunk)
                pieces.append(piece)
                got += len(piece)
                if self._eof:
                    break
        except UnicodeDecodeError as exc:
            # exc.start counts from the bytes the decoder held back of the chunk before.
            at = self._bytes + exc.start - len(exc.object) + len(chunk)
            raise JSONError(f"not UTF-8 at byte {at}: {exc.reason}") from None
        if not got:
            return False
        newlines = self.text.count("\n", 0, self.pos)
        if newlines:
            self._lines += newlines
            self._column = self.pos - self.text.rfind("\n", 0, self.pos) - 1
        else:
            self._column += self.pos
        self._dropped += self.pos
        self.text, self.pos = self.text[self.pos :] + "".join(pieces), 0
        self._counted = self._counted_lines = 0
        return True

    def where(self, pos: int) -> str:
        """``pos`` of the text as json.JSONDecodeError says it: line, column, char of the whole."""
        newline = self.text.rfind("\n", 0, pos)
        line = self._lines + self.text.count("\n", 0, pos) + 1
        column = pos - newline if newline >= 0 else self._column + pos + 1
        return f"line {line} column {column} (char {self._dropped + pos})"

    def line(self, pos: int) -> int:
        """The line ``pos`` of the text is on, counted from 1 in the whole document."""
        if pos < self._counted:
            self._counted = self._counted_lines = 0
        self._counted_lines += self.text.count("\n", self._counted, pos)
        self._counted = pos
        return self._lines + self._counted_lines + 1

    def error(self, message: str) -> JSONError:
        return JSONError(f"{message}: {self.where(self.pos)}")

    def peek(self) -> str:
        """The next character that is not white space ("" at the end), not consumed."""
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def expect(self, allowed: str, message: str) -> str:
        char = self.peek()
        if not char or char not in allowed:
            raise self.error(message)
        self.pos += 1
        return char

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                # Perhaps only cut off by the chunk (the error at the end of what is read, or
                # a string not closed yet): read as much again and retry (doubling keeps a
                # value longer than a chunk linear). An error elsewhere is the file's, and
                # the rest of a broken file is never read in. more() moves the value's
                # start to self.pos: the error keeps its distance from it.
                offset = exc.pos - self.pos
                cut = len(self.text) - exc.pos < _NEAR_END or exc.msg.startswith("Unterminated string")
                if cut and self.more(max(len(self.text), 1 << 16)):
                    continue
                raise JSONError(f"{exc.msg}: {self.where(self.pos + offset)}") from None
            except RecursionError:
                raise TooDeep(f"nested too deeply near {self.where(self.pos)}") from None
            except ValueError as exc:  # an integer of more than 4300 digits (int's own limit)
                raise JSONError(f"{_number_problem(exc)}: {self.where(self.pos)}") from None
            if len(self.text) - end < _NEAR_END and self.more():
                continue  # a number near the end of a chunk ("1." of "1.5") may go on in the next
            self.pos = end
            return value


def _number_problem(exc: ValueError) -> str:
    if "digits" in str(exc):
        return "a number too long to read (more than 4300 digits)"
    return " ".join(str(exc).split())


def members(chunks: Iterable[bytes], arrays: Collection[str]) -> Iterator[tuple[str, int | None, Any]]:
    """The members of the JSON object in ``chunks``, in file order.

    A member yields ``(key, None, value)``. A member named in ``arrays`` whose value is
    an array yields ``(key, None, [])`` and then ``(key, i, item)`` for each item, so
    only one item is held at a time. A document that is not an object yields nothing
    (after checking it is JSON). JSONError (TooDeep for nesting past the parser's
    recursion limit) for anything json.loads would refuse.
    """
    buffer = _Buffer(chunks)
    if buffer.peek() == "\ufeff":  # as json.loads says of a str that starts with one
        raise buffer.error("Unexpected UTF-8 BOM (decode using utf-8-sig)")
    if buffer.peek() != "{":
        buffer.value()
    elif buffer.expect("{", "Expecting value") and buffer.peek() == "}":
        buffer.pos += 1
    else:
        while True:
            if buffer.peek() != '"':
                raise buffer.error("Expecting property name enclosed in double quotes")
            key = buffer.value()
            buffer.expect(":", "Expecting ':' delimiter")
            if key in arrays and buffer.peek() == "[":
                buffer.pos += 1
                yield key, None, []
                if buffer.peek() == "]":
                    buffer.pos += 1
                else:
                    index = 0
                    while True:
                        yield key, index, buffer.value()
                        index += 1
                        if buffer.expect(",]", "Expecting ',' delimiter") == "]":
                            break
            else:
                yield key, None, buffer.value()
            if buffer.expect(",}", "Expecting ',' delimiter") == "}":
                break
    if buffer.peek():
        raise buffer.error("Extra data")


Path = tuple[str | int, ...]  # keys and array indices from the document's root


class Lazy:
    """An array or object of a document, read as its entries are asked for.

    ``entries()`` yields ``(key or index, value)``; a value whose path matches one of the
    patterns (``*`` for any index) and is an array or object comes as a Lazy of its own,
    every other value parsed whole. Each entry must be read before the next: moving on
    reads the rest of a Lazy entry (parsed, let go). A document's big arrays, however deep
    (a doccano line's spans under meta.epireader), are so never held whole, nor is its text.
    """

    __slots__ = ("_buffer", "_entries", "_patterns", "kind", "path")

    def __init__(self, buffer: _Buffer, path: Path, kind: str, patterns: Collection[Path]) -> None:
        self._buffer, self.path, self.kind, self._patterns = buffer, path, kind, patterns
        self._entries = self._read()

    def entries(self) -> Iterator[tuple[str | int, Any]]:
        return self._entries

    def finish(self) -> None:
        """Read (and let go) what is left of it."""
        for _ in self._entries:
            pass

    def _read(self) -> Iterator[tuple[str | int, Any]]:
        buffer = self._buffer
        close = "}" if self.kind == "object" else "]"
        if buffer.peek() == close:
            buffer.pos += 1
            return
        index = 0
        while True:
            key: str | int = index
            if self.kind == "object":
                if buffer.peek() != '"':
                    raise buffer.error("Expecting property name enclosed in double quotes")
                key = buffer.value()
                buffer.expect(":", "Expecting ':' delimiter")
            index += 1
            value = _entry(buffer, (*self.path, key), self._patterns)
            yield key, value
            if isinstance(value, Lazy):
                value.finish()
            if buffer.expect("," + close, "Expecting ',' delimiter") == close:
                return


def whole(value: Any) -> Any:
    """``value`` as json.loads gives it: a Lazy read out (its own Lazy entries too)."""
    if not isinstance(value, Lazy):
        return value
    if value.kind == "object":
        return {key: whole(item) for key, item in value.entries()}
    return [whole(item) for _, item in value.entries()]


def _wanted(path: Path, patterns: Collection[Path]) -> bool:
    return any(
        len(p) == len(path)
        and all(q == k or (q == "*" and type(k) is int) for q, k in zip(p, path, strict=True))
        for p in patterns
    )


def _entry(buffer: _Buffer, path: Path, patterns: Collection[Path]) -> Any:
    char = buffer.peek()
    if char and char in "[{" and _wanted(path, patterns):
        buffer.pos += 1
        return Lazy(buffer, path, "object" if char == "{" else "array", patterns)
    return buffer.value()


def documents(
    chunks: Iterable[bytes], patterns: Collection[Path], *, lines: bool
) -> Iterator[tuple[int, Any]]:
    """The JSON documents in ``chunks`` with the line each starts on: one document
    (``lines`` False: what json.loads reads) or one per line (JSON lines: each document
    on a line of its own, as a line-by-line json.loads reads them; lines that are only
    white space are skipped). The root and the entries the patterns name come as Lazy
    (``()`` is the root's pattern). Each document must be read before the next;
    JSONError as in ``members``."""
    buffer = _Buffer(chunks)
    if buffer.peek() == "\ufeff":
        raise buffer.error("Unexpected UTF-8 BOM (decode using utf-8-sig)")
    if not lines:
        if not buffer.peek():
            raise buffer.error("Expecting value")
        yield from _one(buffer, patterns)
        if buffer.peek():
            raise buffer.error("Extra data")
        return
    first = True
    while True:
        broke = _blank(buffer)
        if buffer.pos >= len(buffer.text):
            return
        if not (first or broke):
            raise buffer.error("Extra data")
        first = False
        start = buffer.line(buffer.pos)
        yield from _one(buffer, patterns)
        if buffer.line(buffer.pos) != start:
            raise JSONError(f"a JSON line goes on past its line: line {start} to {buffer.where(buffer.pos)}")


def _one(buffer: _Buffer, patterns: Collection[Path]) -> Iterator[tuple[int, Any]]:
    """One document, with the line it starts on; read to its end once the caller is done."""
    buffer.peek()
    line = buffer.line(buffer.pos)
    value = _entry(buffer, (), patterns)
    yield line, value
    if isinstance(value, Lazy):
        value.finish()


def _blank(buffer: _Buffer) -> bool:
    """Skip white space (any, as str.strip sees it); whether a line ended in it."""
    broke = False
    while buffer.pos < len(buffer.text) or buffer.more():
        char = buffer.text[buffer.pos]
        if not char.isspace():
            break
        broke = broke or char in "\n\r"
        buffer.pos += 1
    return broke


def depth(value: Any) -> int:
    """How deep lists and dicts nest in ``value`` (a scalar is 0); walked without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children)
    return deepest
