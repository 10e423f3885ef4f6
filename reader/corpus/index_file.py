"""The index file itself: its schema, its check, how it is made and moved aside, and
its errors as one line each (what IndexDB, reader/corpus/database.py, relies on).

A connection to it binds page names that are not UTF-8 (read with surrogateescape)
as blobs of their bytes and reads them back as the same names (IndexConnection).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from contextlib import closing, suppress
from pathlib import Path
from typing import Any

from reader.text import file_temps, files

APPLICATION = "epireader-index"
SCHEMA_VERSION = 5  # 5: entries.date is the ISO date the extractor resolved (dates.py)
INDEX_NAME = ".epireader-index.sqlite"
BUSY_TIMEOUT = 30.0  # seconds a write waits for another process's transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS pages(
    id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, page_size INT, page_mtime INT,
    ann_size INT, ann_mtime INT, sha256 TEXT, problem TEXT, chars INT, year INT,
    articles INT, events INT, figures INT, suggestions INT, reviewed INT, annotators TEXT,
    words TEXT);
CREATE TABLE IF NOT EXISTS articles(
    id INTEGER PRIMARY KEY, page_id INT NOT NULL, idx INT, title TEXT, start INT, end INT,
    tags INT, suggestions INT, reviewed INT);
CREATE INDEX IF NOT EXISTS articles_page ON articles(page_id, idx);
CREATE TABLE IF NOT EXISTS entries(
    id INTEGER PRIMARY KEY, page_id INT NOT NULL, page TEXT, article INT, label TEXT, start INT,
    end INT, text TEXT, attrs TEXT, origin TEXT, when_ TEXT, how INT, tkey TEXT, date TEXT,
    value REAL, unit TEXT, counted TEXT, qualifier TEXT, title TEXT);
CREATE INDEX IF NOT EXISTS entries_page ON entries(page_id);
CREATE INDEX IF NOT EXISTS entries_timeline ON entries(label, tkey, page, start);
CREATE INDEX IF NOT EXISTS entries_order ON entries(label, page, start);
CREATE TABLE IF NOT EXISTS df(word TEXT PRIMARY KEY, n INT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entries_totals ON entries(label, counted, unit, value);
CREATE INDEX IF NOT EXISTS pages_problem ON pages(name) WHERE problem IS NOT NULL;
CREATE VIRTUAL TABLE IF NOT EXISTS texts USING fts5(text, tokenize='trigram');
"""


class IndexFileError(Exception):
    """The file is not an index this version can trust."""


class IndexProblem(Exception):
    """The index file cannot be used or written; the message is one line that names it."""


class IndexUnusable(IndexProblem):
    """A link, FIFO or folder in the index file's place, or a damaged file another
    process holds: nothing is done to it."""


class IndexBusy(IndexProblem):
    """Another process kept the index locked longer than BUSY_TIMEOUT."""


class IndexWriteFailed(IndexProblem):
    """SQLite could not write (a full disk, a read-only file, an I/O error)."""


def problem(path: Path | None, exc: sqlite3.Error) -> IndexProblem:
    """An error of SQLite on the index file as one line."""
    name = getattr(exc, "sqlite_errorname", "")
    if busy(exc):
        return IndexBusy(
            f"index {path}: another process is writing it (waited {BUSY_TIMEOUT:.0f} s); "
            "try again when it has finished"
        )
    if name == "SQLITE_FULL" or "disk is full" in str(exc):
        return IndexWriteFailed(f"index {path}: disk full (no space left on the device)")
    if name.startswith("SQLITE_READONLY"):
        return IndexWriteFailed(f"index {path}: read-only, cannot be written")
    return IndexWriteFailed(f"index {path}: {' '.join(str(exc).split())}")


def check(conn: sqlite3.Connection, whole: bool = True) -> None:
    """Ours, this schema, and (``whole``) not damaged anywhere: the last is a read of
    the whole file (a second for a 1 GB index), which the reader does in the background."""
    try:
        rows = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if whole and conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise IndexFileError("damaged")
    except sqlite3.OperationalError as exc:
        if busy(exc):
            raise  # another process is writing it: busy, not broken
        raise IndexFileError(str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise IndexFileError(str(exc)) from exc
    if rows.get("application") != APPLICATION:
        raise IndexFileError("not an epireader index")
    if rows.get("schema") != str(SCHEMA_VERSION):
        raise IndexFileError(f"schema {rows.get('schema')}, this version writes {SCHEMA_VERSION}")


def busy(exc: sqlite3.Error) -> bool:
    """Another connection holds the file (its transaction), which is not damage."""
    return "locked" in str(exc) or "busy" in str(exc)


def create_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)
    conn.executemany(
        "INSERT OR IGNORE INTO meta VALUES (?, ?)",
        [("application", APPLICATION), ("schema", str(SCHEMA_VERSION))],
    )
    conn.commit()


SIDE_FILES = ("-wal", "-shm", "-journal")


def create_file(path: Path) -> None:
    """A new, empty index at ``path``, made whole under a temp name and linked into
    place; if another process made one meanwhile, that one stays and this is dropped.
    IndexWriteFailed (disk full …) leaves nothing behind."""
    tmp = file_temps.temp_path(path)
    try:
        with closing(sqlite3.connect(tmp)) as conn:
            create_schema(conn)
            conn.execute("PRAGMA journal_mode=WAL")  # kept in the file's header
        try:
            os.link(tmp, path)  # never over a file another process just made
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not os.path.lexists(path):
                os.replace(tmp, path)
    except sqlite3.Error as exc:
        raise problem(path, exc) from None
    except OSError as exc:
        raise IndexWriteFailed(f"index {path}: cannot be made: {files.reason(exc)}") from None
    finally:
        for suffix in ("", *SIDE_FILES):
            with suppress(OSError):
                os.unlink(f"{tmp}{suffix}")
    files.fsync_dir(path.parent)


def move_aside(path: Path) -> Path:
    """Move a file that failed its check aside, its -wal and -shm with it (committed
    data of the -wal is never thrown away). Call only holding the index exclusively."""
    aside = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
    path.replace(aside)
    for suffix in SIDE_FILES:
        with suppress(FileNotFoundError):
            os.replace(f"{path}{suffix}", f"{aside}{suffix}")
    return aside


def refuse_odd_files(path: Path) -> None:
    """IndexUnusable when the index file or its -wal/-shm is a link, FIFO or folder:
    SQLite would open them, follow the link, block on the FIFO."""
    for where in (path, *(Path(f"{path}{suffix}") for suffix in SIDE_FILES)):
        try:
            files.check_target(where)
        except files.FileProblem as exc:
            raise IndexUnusable(f"index {where}: {exc}") from None


def _bindable(value: Any) -> Any:
    """SQLite text is UTF-8; a page name with bytes that are not (read with
    surrogateescape) is kept as a blob of its bytes, and read back by _text_row."""
    if isinstance(value, str) and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "surrogateescape")
    return value


def _text_row(_cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(v.decode("utf-8", "surrogateescape") if isinstance(v, bytes) else v for v in row)


class IndexConnection(sqlite3.Connection):
    """Every parameter made bindable; once a blob name is in the file, rows are read
    back through _text_row (only then: it costs a Python call a row)."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        return super().execute(sql, self._bind(parameters))

    def executemany(self, sql: str, seq: Iterable[Any], /) -> sqlite3.Cursor:
        return super().executemany(sql, (self._bind(p) for p in seq))

    def _bind(self, parameters: Any) -> Any:
        for value in parameters:  # the common case, made cheap: no text outside ASCII
            if type(value) is str and not value.isascii():
                break
        else:
            return parameters
        bound = tuple(_bindable(v) for v in parameters)
        if self.row_factory is None and any(isinstance(v, bytes) for v in bound):
            self.row_factory = _text_row
        return bound

    def notice_blobs(self) -> None:
        if super().execute("SELECT 1 FROM pages WHERE typeof(name) = 'blob' LIMIT 1").fetchone():
            self.row_factory = _text_row
