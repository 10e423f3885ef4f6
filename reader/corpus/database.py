"""The index file: SQLite (WAL), a cache rebuilt from the pages and annotation files.

The pages and the annotation files stay the source of truth; this file only saves
re-reading them. A file that is not ours, is damaged, or was written by another
schema version is moved aside (``*.broken-<time>``) and rebuilt, never trusted.
One connection, shared by the worker that writes and the screens that read,
behind a lock: SQLite connections are not to be used by two threads at once.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from reader.corpus.records import PageRecord, Signature

APPLICATION = "epireader-index"
SCHEMA_VERSION = 5  # 5: entries.date is the ISO date the extractor resolved (dates.py)
INDEX_NAME = ".epireader-index.sqlite"

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


def move_aside(path: Path) -> Path:
    aside = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
    path.replace(aside)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return aside


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
        self.lock = threading.RLock()
        self._verify = verify
        self._aside = threading.local()  # query_aside's connection, one per thread
        self.conn = self._open()

    def verify(self) -> bool:
        """Check the whole file on a connection of its own (readers of the open one
        are not held up); a damaged file is moved aside and an empty one opened in its
        place. False if it was damaged."""
        if self.path is None or not self.path.exists():
            return True
        try:
            with closing(sqlite3.connect(self.path, timeout=30)) as probe:
                _check(probe)
        except (IndexFileError, sqlite3.DatabaseError) as exc:
            if isinstance(exc, sqlite3.OperationalError) and _busy(exc):
                raise
            with self.lock:
                self.conn.close()
                self.moved_aside = (move_aside(self.path), str(exc))
                self.conn = self._open()
            return False
        return True

    def _open(self) -> _Connection:
        if self.path is None:
            conn = sqlite3.connect(":memory:", check_same_thread=False, factory=_Connection)
            _create(conn)
            return conn
        fresh = not self.path.exists() or self.path.stat().st_size == 0
        if not fresh:
            conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30, factory=_Connection)
            try:
                _check(conn, whole=self._verify)
                conn.notice_blobs()  # inside: its read of the pages may meet the damage
            except (IndexFileError, sqlite3.DatabaseError) as exc:
                conn.close()
                if isinstance(exc, sqlite3.OperationalError) and _busy(exc):
                    raise
                self.moved_aside = (move_aside(self.path), str(exc))
                fresh = True
        if fresh:
            conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30, factory=_Connection)
            _create(conn)
        conn.execute("PRAGMA journal_mode=WAL")
        # A cache: losing the last commits on a power cut costs a re-index, not data.
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    @contextmanager
    def cursor(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            yield self.conn

    def query_aside(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        """A long read (a count over every row) on a connection of this thread's own:
        WAL lets it run beside the shared connection, which the screen keeps using."""
        if self.path is None:
            return self.query(sql, params)
        conn = getattr(self._aside, "conn", None)
        if conn is None or getattr(self._aside, "of", None) is not self.conn:
            conn = sqlite3.connect(self.path, timeout=30, factory=_Connection)
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
        with self.lock:
            self.conn.execute(
                "UPDATE pages SET page_size=?, page_mtime=?, ann_size=?, ann_mtime=? WHERE name=?",
                (*signature, name),
            )

    def delete(self, names: Iterable[str]) -> None:
        with self.lock:
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
        with self.lock:
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
        with self.lock:
            row = self.conn.execute("SELECT id FROM pages WHERE name=?", (name,)).fetchone()
            if row is None:
                return
            self._count_words(row[0], -1)
            text = json.dumps(words, ensure_ascii=False)
            self.conn.execute("UPDATE pages SET words=? WHERE id=?", (text, row[0]))
            self._count_words(row[0], +1)

    def commit(self) -> None:
        with self.lock:
            self.conn.commit()

    def set_meta(self, key: str, value: str) -> None:
        with self.lock:
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
            self.conn.commit()


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(value: Any) -> str:
    return "" if value is None else str(value)
