"""Reading a file to import: as text, as JSON whole, or as JSON documents entry by
entry; every failure one ImportFileError line (a FIFO is refused, never waited on)."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reader.annotation import jsonstream
from reader.export.errors import ImportFileError
from reader.text import file_reads, files


def read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(read_text(path))
    except RecursionError:
        raise ImportFileError(f"{path}: not valid {what} JSON (nested too deeply)") from None
    except ValueError as exc:  # JSONDecodeError, or an integer of more than 4300 digits
        raise ImportFileError(f"{path}: not valid {what} JSON ({' '.join(str(exc).split())})") from exc


def read_text(path: Path) -> str:
    """A file to import, as text (reader/text/file_reads.py: a FIFO is refused, never waited on)."""
    try:
        return file_reads.read_text(path)
    except FileNotFoundError as exc:
        raise ImportFileError(f"no such file: {path}") from exc
    except OSError as exc:
        raise ImportFileError(str(exc)) from exc


def whole_number(value: Any) -> bool:
    """An offset as JSON gives it: an int, and not a bool (True is an int in Python)."""
    return isinstance(value, int) and not isinstance(value, bool)


def json_documents(
    path: Path, patterns: Collection[jsonstream.Path], *, lines: bool
) -> Iterator[tuple[int, Any]]:
    """(line, document) for the JSON document of ``path``, or each of its lines, read
    entry by entry (jsonstream.documents): the entries ``patterns`` name come as Lazy,
    so a line or task holding a page's text and 250,000 spans is never one string nor
    one parsed tree. Read it inside ``json_errors``."""
    try:
        with file_reads.open_regular(path) as handle:  # a FIFO is refused, never waited on
            yield from jsonstream.documents(file_reads.chunks(handle), patterns, lines=lines)
    except FileNotFoundError as exc:
        raise ImportFileError(f"no such file: {path}") from exc
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {files.reason(exc)}") from exc


@contextmanager
def json_errors(path: Path, what: str) -> Iterator[None]:
    """A file ``json_documents`` cannot read as JSON, or at all, as one ImportFileError line."""
    try:
        yield
    except jsonstream.JSONError as exc:
        if str(exc).startswith("not UTF-8"):
            raise ImportFileError(f"cannot read {path}: {exc}") from None
        raise ImportFileError(f"{path}: {what} ({exc})") from None
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {files.reason(exc)}") from exc


def default_file(path: Path, name: str) -> Path:
    """``path`` itself, or the file the exporter writes when ``path`` is its folder."""
    return path / name if path.is_dir() else path
