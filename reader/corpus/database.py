"""The index file: SQLite (WAL), a cache rebuilt from the pages and annotation files.

The pages and the annotation files stay the source of truth; this file only saves
re-reading them. One connection, shared by the worker that writes and the screens
that read, behind a lock: SQLite connections are not to be used by two threads at once.

What may happen to the file, and what never does:

- It is made whole or not at all: built empty under a temp name beside it, then linked
  into place (a second process that made one at the same moment takes the first's).
- A file that is not ours, is damaged, or was written by another schema version is
  moved aside (``*.broken-<time>``, its ``-wal``/``-shm`` with it: never unlinked) and
  rebuilt, never trusted; but only when no other process holds it. Every process that
  has the file open holds a shared lock on ``INDEX_NAME.lock``; moving aside (or
  ``--rebuild``) needs it exclusively.
- It is never written through a symbolic link; a link, FIFO or folder in its place (or
  in its ``-wal``/``-shm``'s) is refused with one line (IndexUnusable).
- Two processes write it in turn: a write transaction starts with BEGIN IMMEDIATE,
  which waits for the other's (SQLite's busy timeout); one that waits longer than
  ``BUSY_TIMEOUT`` is IndexBusy, one line.
- In a read-only folder (or a read-only file) it is read, never moved or written: the
  first write goes to a copy in memory instead.
- A full disk or any other failure of SQLite to write is one line (IndexWriteFailed);
  what was committed before it stays, a valid cache.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from reader.corpus import index_file  # BUSY_TIMEOUT read when used: a test shortens it
from reader.corpus.index_file import (
    SIDE_FILES,
    IndexConnection,
    IndexFileError,
    IndexUnusable,
    IndexWriteFailed,
    busy,
    check,
    create_file,
    create_schema,
    move_aside,
    problem,
    refuse_odd_files,
)
from reader.corpus.index_writes import IndexWrites
from reader.text import file_locks, files


class IndexDB(IndexWrites):
    """The index file opened (or an index in memory): one connection behind a lock,
    its reads here, its writes in IndexWrites."""

    def __init__(self, path: Path | None, *, verify: bool = True) -> None:
        """``path`` None: in memory (no annotations folder to keep it beside).
        ``verify`` False: only the header is checked now; call verify() before writing."""
        self.path = path
        self.moved_aside: tuple[Path, str] | None = None  # where a bad file went, and why
        self.read_only: str | None = None  # why the file is only read (its writes go to memory)
        self.lock = threading.RLock()
        self._verify = verify
        self._aside = threading.local()  # query_aside's connection, one per thread
        self._held: int | None = None  # the shared lock that says "this process has it open"
        self._uri = ""  # how the file is opened when only read
        self.in_memory = path is None  # the index is (or went on in) memory, not the file
        self.conn = self._open()

    # --- opening ----------------------------------------------------------------------

    def _connect(self, *, main: bool = True) -> IndexConnection:
        assert self.path is not None
        where, uri = (self._uri, True) if self._uri else (str(self.path), False)
        conn = sqlite3.connect(
            where,
            uri=uri,
            check_same_thread=not main,
            timeout=index_file.BUSY_TIMEOUT,
            factory=IndexConnection,
        )
        # Transactions are begun by hand (BEGIN IMMEDIATE): the implicit ones of the
        # sqlite3 module start deferred, and a read turned write then fails at once
        # ("database is locked") when another process wrote in between.
        conn.isolation_level = None
        return conn

    def _lock_path(self) -> Path:
        assert self.path is not None
        return self.path.with_name(self.path.name + ".lock")

    def _hold(self) -> bool:
        """Take the shared lock that tells other processes this one has the file open;
        False if it cannot be made (then nothing is ever moved aside by this process)."""
        if self._held is None:
            try:
                self._held = file_locks.try_lock(self._lock_path(), shared=True)
            except files.FileProblem as exc:
                raise IndexUnusable(f"index {self.path}: {exc}") from None
        return self._held is not None

    def _let_go(self) -> None:
        if self._held is not None:
            os.close(self._held)
            self._held = None

    @contextmanager
    def alone(self) -> Iterator[bool]:
        """The index held by this process alone (True) while the block runs, or held by
        another process too (False: then nothing may be moved or removed)."""
        self._let_go()
        try:
            mine = file_locks.try_lock(self._lock_path())
        except files.FileProblem:
            mine = None
        try:
            yield mine is not None
        finally:
            if mine is not None:
                os.close(mine)
            self._hold()

    def _open(self) -> IndexConnection:
        if self.path is None:
            return self._memory()
        refuse_odd_files(self.path)
        self.read_only = files.read_only(self.path.parent) or (
            None if not self.path.exists() or os.access(self.path, os.W_OK) else "read-only file"
        )
        if self.read_only:
            return self._open_read_only()
        self._hold()
        if not self.path.exists() or self.path.stat().st_size == 0:
            with self.alone() as alone:
                if alone and self.path.exists() and self.path.stat().st_size == 0:
                    os.unlink(self.path)  # an empty file an earlier version left: nothing in it
            create_file(self.path)
        conn = self._connect()
        try:
            check(conn, whole=self._verify)
            conn.notice_blobs()  # inside: its read of the pages may meet the damage
        except (IndexFileError, sqlite3.DatabaseError) as exc:
            conn.close()
            if isinstance(exc, sqlite3.OperationalError) and busy(exc):
                raise problem(self.path, exc) from None
            self._replace_bad(str(exc))
            conn = self._connect()
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            # A cache: losing the last commits on a power cut costs a re-index, not data.
            conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as exc:
            conn.close()
            raise problem(self.path, exc) from None
        return conn

    def _replace_bad(self, why: str) -> None:
        """Move the file that failed its check aside and make a new one, if no other
        process holds it; IndexUnusable if one does (it may be half-way through its work)."""
        assert self.path is not None
        with self.alone() as alone:
            if not alone:
                raise IndexUnusable(
                    f"index {self.path} cannot be used ({why}) and another epireader process has it "
                    "open: left as it is; try again when that process has ended"
                )
            self.moved_aside = (move_aside(self.path), why)
        create_file(self.path)

    def _open_read_only(self) -> IndexConnection:
        """The file as it is, only read; a missing or unusable one is an empty index in memory."""
        assert self.path is not None
        if not self.path.exists():
            return self._memory()
        for options in ("mode=ro", "immutable=1"):  # WAL without its -shm needs immutable
            self._uri = f"file:{quote(str(self.path.absolute()))}?{options}"
            conn = self._connect()
            try:
                check(conn, whole=self._verify)
                conn.notice_blobs()
                return conn
            except (IndexFileError, sqlite3.DatabaseError) as exc:
                conn.close()
                why = str(exc)
        self.moved_aside = None
        self.read_only = f"{self.read_only}; the file is not usable ({why}), and is left as it is"
        self._uri = ""
        return self._memory()

    def _memory(self) -> IndexConnection:
        self.in_memory = True
        conn = sqlite3.connect(":memory:", check_same_thread=False, factory=IndexConnection)
        conn.isolation_level = None
        create_schema(conn)
        return conn

    def _writable(self) -> None:
        """Before the first write to a file only read: go on in a copy in memory."""
        if self._uri and self.conn is not None:
            copy = sqlite3.connect(":memory:", check_same_thread=False, factory=IndexConnection)
            copy.isolation_level = None
            self.conn.backup(copy)
            copy.row_factory = self.conn.row_factory
            self.conn.close()
            self.conn, self._uri, self.in_memory = copy, "", True
            self._aside = threading.local()

    def verify(self) -> bool:
        """Check the whole file on a connection of its own (readers of the open one
        are not held up); a damaged file is moved aside and an empty one opened in its
        place. False if it was damaged."""
        if self.in_memory or self.path is None or not self.path.exists():
            return True
        try:
            with closing(self._connect(main=False)) as probe:
                check(probe)
        except (IndexFileError, sqlite3.DatabaseError) as exc:
            if isinstance(exc, sqlite3.OperationalError) and busy(exc):
                raise problem(self.path, exc) from None
            with self.lock:
                self.conn.close()
                if self.read_only:  # read, never moved: an empty index in memory instead
                    self._uri = ""
                    self.read_only = f"{self.read_only}; the file is damaged ({exc}), and is left as it is"
                    self.conn = self._memory()
                else:
                    self._replace_bad(str(exc))
                    self.conn = self._connect()
                    self.conn.execute("PRAGMA synchronous=NORMAL")
            return False
        return True

    def close(self) -> None:
        with self.lock:
            self.conn.close()
            self._let_go()

    @classmethod
    def remove(cls, path: Path) -> None:
        """``--rebuild``: the file and its -wal/-shm go, if no other process holds it
        (IndexUnusable if one does)."""
        refuse_odd_files(path)
        lock = path.with_name(path.name + ".lock")
        try:
            mine = file_locks.try_lock(lock)
        except files.FileProblem as exc:
            raise IndexUnusable(f"index {path}: {exc}") from None
        if mine is None:
            raise IndexUnusable(
                f"index {path} is open in another epireader process: not rebuilt; try again when it has ended"
            )
        try:
            for suffix in ("", *SIDE_FILES):
                try:
                    os.unlink(f"{path}{suffix}")
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    raise IndexWriteFailed(f"index {path}: cannot be removed: {files.reason(exc)}") from None
        finally:
            os.close(mine)

    @contextmanager
    def cursor(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            yield self.conn

    def query_aside(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        """A long read (a count over every row) on a connection of this thread's own:
        WAL lets it run beside the shared connection, which the screen keeps using."""
        if self.in_memory:
            return self.query(sql, params)
        conn = getattr(self._aside, "conn", None)
        if conn is None or getattr(self._aside, "of", None) is not self.conn:
            conn = self._connect(main=False)
            conn.row_factory = self.conn.row_factory
            self._aside.conn, self._aside.of = conn, self.conn
        return conn.execute(sql, tuple(params)).fetchall()

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        with self.lock:
            return self.conn.execute(sql, tuple(params)).fetchall()
