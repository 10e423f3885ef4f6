"""What the indexer writes to the index file: its pages' rows, replaced whole one page
at a time, in write transactions that wait their turn behind another process's; and
the corpus document frequencies (table df), kept the sum of the pages' words.

IndexWrites is the writing half of IndexDB (reader/corpus/database.py), which opens
the file and gives it its connection and lock.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from reader.corpus.index_file import IndexConnection, problem
from reader.corpus.records import PageRecord, Signature


class IndexWrites:
    """IndexDB's writes; IndexDB opens the file and sets these three."""

    path: Path | None
    conn: IndexConnection
    lock: threading.RLock

    def _writable(self) -> None:
        """Make the connection writable before a write transaction begins (IndexDB: a
        file only read goes on in a copy in memory)."""

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
    def writing(self) -> Iterator[IndexConnection]:
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

    def set_meta(self, key: str, value: str) -> None:
        with self.writing():
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
        self.commit()


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(value: Any) -> str:
    return "" if value is None else str(value)
