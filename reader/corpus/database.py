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

import itertools
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import quote

from reader.corpus.records import PageRecord, Signature
from reader.text import files

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
    if _busy(exc):
        return IndexBusy(
            f"index {path}: another process is writing it (waited {BUSY_TIMEOUT:.0f} s); "
            "try again when it has finished"
        )
    if name == "SQLITE_FULL" or "disk is full" in str(exc):
        return IndexWriteFailed(f"index {path}: disk full (no space left on the device)")
    if name.startswith("SQLITE_READONLY"):
        return IndexWriteFailed(f"index {path}: read-only, cannot be written")
    return IndexWriteFailed(f"index {path}: {' '.join(str(exc).split())}")


def _check(conn: sqlite3.Connection, whole: bool = True) -> None:
    """Ours, this schema, and (``whole``) not damaged anywhere: the last is a read of
    the whole file (a second for a 1 GB index), which the reader does in the background."""
    try:
        rows = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if whole and conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise IndexFileError("damaged")
    except sqlite3.OperationalError as exc:
        if _busy(exc):
            raise  # another process is writing it: busy, not broken
        raise IndexFileError(str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise IndexFileError(str(exc)) from exc
    if rows.get("application") != APPLICATION:
        raise IndexFileError("not an epireader index")
    if rows.get("schema") != str(SCHEMA_VERSION):
        raise IndexFileError(f"schema {rows.get('schema')}, this version writes {SCHEMA_VERSION}")


def _busy(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _create(conn: sqlite3.Connection) -> None:
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
    tmp = files.temp_path(path)
    try:
        with closing(sqlite3.connect(tmp)) as conn:
            _create(conn)
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


class _Connection(sqlite3.Connection):
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


class IndexDB:
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

    def _connect(self, *, main: bool = True) -> _Connection:
        assert self.path is not None
        where, uri = (self._uri, True) if self._uri else (str(self.path), False)
        conn = sqlite3.connect(
            where, uri=uri, check_same_thread=not main, timeout=BUSY_TIMEOUT, factory=_Connection
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
                self._held = files.try_lock(self._lock_path(), shared=True)
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
            mine = files.try_lock(self._lock_path())
        except files.FileProblem:
            mine = None
        try:
            yield mine is not None
        finally:
            if mine is not None:
                os.close(mine)
            self._hold()

    def _open(self) -> _Connection:
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
            _check(conn, whole=self._verify)
            conn.notice_blobs()  # inside: its read of the pages may meet the damage
        except (IndexFileError, sqlite3.DatabaseError) as exc:
            conn.close()
            if isinstance(exc, sqlite3.OperationalError) and _busy(exc):
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

    def _open_read_only(self) -> _Connection:
        """The file as it is, only read; a missing or unusable one is an empty index in memory."""
        assert self.path is not None
        if not self.path.exists():
            return self._memory()
        for options in ("mode=ro", "immutable=1"):  # WAL without its -shm needs immutable
            self._uri = f"file:{quote(str(self.path.absolute()))}?{options}"
            conn = self._connect()
            try:
                _check(conn, whole=self._verify)
                conn.notice_blobs()
                return conn
            except (IndexFileError, sqlite3.DatabaseError) as exc:
                conn.close()
                why = str(exc)
        self.moved_aside = None
        self.read_only = f"{self.read_only}; the file is not usable ({why}), and is left as it is"
        self._uri = ""
        return self._memory()

    def _memory(self) -> _Connection:
        self.in_memory = True
        conn = sqlite3.connect(":memory:", check_same_thread=False, factory=_Connection)
        conn.isolation_level = None
        _create(conn)
        return conn

    def _writable(self) -> None:
        """Before the first write to a file only read: go on in a copy in memory."""
        if self._uri and self.conn is not None:
            copy = sqlite3.connect(":memory:", check_same_thread=False, factory=_Connection)
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
                _check(probe)
        except (IndexFileError, sqlite3.DatabaseError) as exc:
            if isinstance(exc, sqlite3.OperationalError) and _busy(exc):
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
            mine = files.try_lock(lock)
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

    def _begin(self) -> None:
        """Start a write transaction unless one is open (call holding self.lock): it waits
        for another process's, up to BUSY_TIMEOUT."""
        if not self.conn.in_transaction:
            self._writable()
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise problem(self.path, exc) from None

    @contextmanager
    def writing(self) -> Iterator[_Connection]:
        """The connection, in a write transaction, under the lock; an error of SQLite
        is one line (IndexProblem) and the transaction is rolled back."""
        with self.lock:
            self._begin()
            try:
                yield self.conn
            except sqlite3.Error as exc:
                with suppress(sqlite3.Error):
                    self.conn.rollback()
                raise problem(self.path, exc) from None

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

    # --- writing -----------------------------------------------------------------

    def compare(
        self, found: Iterable[tuple[str, int, int, int, int]]
    ) -> tuple[list[tuple[str, Signature, Signature | None, str]], list[str]]:
        """Compare (name, *signature) of every page on disk with the file, in SQL: an
        archive's signatures never sit in Python dicts (50 MB for 100,000 pages).

        Returns the pages whose signature differs or that are new, in the order given,
        as (name, signature now, signature in the file or None, text hash in the file);
        and the names in the file that were not given."""
        with self.lock:
            self.conn.execute(
                "CREATE TEMP TABLE IF NOT EXISTS found(name TEXT PRIMARY KEY, ps INT, pm INT, az INT, am INT)"
            )
            self.conn.execute("DELETE FROM found")
        rows = iter(found)
        while chunk := list(itertools.islice(rows, 5000)):  # the lock is let go between chunks
            with self.lock:
                self.conn.executemany("INSERT OR REPLACE INTO found VALUES (?,?,?,?,?)", chunk)
        with self.lock:
            differ = self.conn.execute(
                "SELECT f.name, f.ps, f.pm, f.az, f.am, p.id, p.page_size, p.page_mtime, p.ann_size,"
                " p.ann_mtime, p.sha256 FROM found f LEFT JOIN pages p ON p.name = f.name WHERE p.id IS NULL"
                " OR p.page_size IS NOT f.ps OR p.page_mtime IS NOT f.pm OR p.ann_size IS NOT f.az"
                " OR p.ann_mtime IS NOT f.am ORDER BY f.rowid"
            ).fetchall()
            gone = self.conn.execute(
                "SELECT name FROM pages WHERE name NOT IN (SELECT name FROM found)"
            ).fetchall()
            self.conn.execute("DELETE FROM found")
        changed = [
            (r[0], (r[1], r[2], r[3], r[4]), None if r[5] is None else (r[6], r[7], r[8], r[9]), r[10] or "")
            for r in differ
        ]
        return changed, [r[0] for r in gone]

    def touch(self, name: str, signature: Signature) -> None:
        with self.writing():
            self.conn.execute(
                "UPDATE pages SET page_size=?, page_mtime=?, ann_size=?, ann_mtime=? WHERE name=?",
                (*signature, name),
            )

    def delete(self, names: Iterable[str]) -> None:
        names = list(names)
        if not names:
            return  # no transaction (nor, for a file only read, a copy) for nothing
        with self.writing():
            for name in names:
                row = self.conn.execute("SELECT id FROM pages WHERE name=?", (name,)).fetchone()
                if row is None:
                    continue
                page_id = row[0]
                self._count_words(page_id, -1)
                self.conn.execute(
                    "DELETE FROM texts WHERE rowid IN (SELECT id FROM articles WHERE page_id=?)", (page_id,)
                )
                for table in ("articles", "entries"):
                    self.conn.execute(f"DELETE FROM {table} WHERE page_id=?", (page_id,))
                self.conn.execute("DELETE FROM pages WHERE id=?", (page_id,))

    def write(self, record: PageRecord) -> None:
        """Replace what the file holds of one page (call commit() after a batch)."""
        with self.writing():
            words = None if record.words is None else json.dumps(record.words, ensure_ascii=False)
            if words is None:  # not segmented this time: the words of the same text still hold
                sql = "SELECT sha256, words FROM pages WHERE name=?"
                old = self.conn.execute(sql, (record.name,)).fetchone()
                if old is not None and old[0] == record.sha256:
                    words = old[1]
            self.delete([record.name])
            events = sum(e.label == "event" and e.origin == "tagged" for e in record.entries)
            figures = sum(e.label == "figure" and e.origin == "tagged" for e in record.entries)
            cur = self.conn.execute(
                "INSERT INTO pages(name, page_size, page_mtime, ann_size, ann_mtime, sha256, problem, chars,"
                " year, articles, events, figures, suggestions, reviewed, annotators, words)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    record.name,
                    *record.signature,
                    record.sha256,
                    record.problem,
                    record.chars,
                    record.year,
                    len(record.articles),
                    events,
                    figures,
                    record.suggestions,
                    sum(a.reviewed for a in record.articles),
                    json.dumps(record.annotators, ensure_ascii=False),
                    words,
                ),
            )
            page_id = cur.lastrowid
            self._count_words(page_id, +1)
            titles = {}
            for a in record.articles:
                row = self.conn.execute(
                    "INSERT INTO articles(page_id, idx, title, start, end, tags, suggestions, reviewed)"
                    " VALUES (?,?,?,?,?,?,?,?)",
                    (page_id, a.index, a.title, a.start, a.end, a.tags, a.suggestions, int(a.reviewed)),
                )
                self.conn.execute("INSERT INTO texts(rowid, text) VALUES (?, ?)", (row.lastrowid, a.text))
                titles[a.index] = a.title
            # Rows made as SQLite takes them, not a list first: 240,000 rows of a 50 MB
            # page, each with its attrs as JSON, took 1.7x the page beside the record.
            self.conn.executemany(
                "INSERT INTO entries(page_id, page, article, label, start, end, text, attrs, origin, when_,"
                " how, tkey, date, value, unit, counted, qualifier, title)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    (
                        page_id,
                        record.name,
                        e.article,
                        e.label,
                        e.start,
                        e.end,
                        e.text,
                        json.dumps(e.attrs, ensure_ascii=False),
                        e.origin,
                        e.when,
                        e.how,
                        e.tkey,
                        e.date,
                        _number(e.attrs.get("value")),
                        _text(e.attrs.get("unit")),
                        _text(e.attrs.get("counted")) or "—",
                        _text(e.attrs.get("qualifier")),
                        titles.get(e.article, ""),
                    )
                    for e in record.entries
                ),
            )

    def _count_words(self, page_id: int | None, sign: int) -> None:
        """Keep the corpus document frequencies (table df) the sum of the pages' words."""
        row = self.conn.execute("SELECT words FROM pages WHERE id=?", (page_id,)).fetchone()
        if row is None or row[0] is None:
            return
        words = json.loads(row[0])
        self.conn.executemany(
            "INSERT INTO df(word, n) VALUES (?, ?) ON CONFLICT(word) DO UPDATE SET n = n + excluded.n",
            [(w, sign * n) for w, n in words.items()],
        )
        if sign < 0:  # words no article has any more
            self.conn.executemany("DELETE FROM df WHERE word = ? AND n <= 0", [(w,) for w in words])

    def set_words(self, name: str, words: dict[str, int]) -> None:
        """A page's keyword candidates, counted once the reader has segmented it."""
        with self.writing():
            row = self.conn.execute("SELECT id FROM pages WHERE name=?", (name,)).fetchone()
            if row is None:
                return
            self._count_words(row[0], -1)
            text = json.dumps(words, ensure_ascii=False)
            self.conn.execute("UPDATE pages SET words=? WHERE id=?", (text, row[0]))
            self._count_words(row[0], +1)

    def commit(self) -> None:
        """End the write transaction (IndexProblem, rolled back, if it cannot be)."""
        with self.lock:
            if self.conn.in_transaction:
                try:
                    self.conn.commit()
                except sqlite3.Error as exc:
                    with suppress(sqlite3.Error):
                        self.conn.rollback()
                    raise problem(self.path, exc) from None

    def set_meta(self, key: str, value: str) -> None:
        with self.writing():
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
        self.commit()


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(value: Any) -> str:
    return "" if value is None else str(value)
