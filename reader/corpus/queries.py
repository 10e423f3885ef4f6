"""What the corpus views ask the index file: rows by position, filtered and sorted in SQL.

The screens never hold all rows: they ask for the ordered row ids (an ``array`` of
8-byte integers, 14 MB for 1.7 million events) and fetch the rows they draw. In the
order an SQL index keeps (every figure by page), not even the ids are read: an
IdWindow reads the ids of the rows asked for, by LIMIT and OFFSET.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from reader.corpus.database import IndexDB
from reader.corpus.entries import Entry, Hit
from reader.text.articles import ArticleRef
from reader.text.normalize import to_simplified

ENTRY_COLUMNS = "id, page, article, label, start, end, text, attrs, origin, when_, how, date"
FIGURE_COLUMNS = ("value", "qualifier", "unit", "counted", "text", "article", "origin")
_FIGURE_SQL = {
    "value": "value",
    "qualifier": "qualifier",
    "unit": "unit",
    "counted": "counted",
    "text": "text",
    "article": "page",  # shown as page · title, so ordered by page (then offset)
    "origin": "origin",
}
TRIGRAM = 3  # the FTS5 trigram tokenizer finds substrings of at least 3 characters


class IdWindow(Sequence[int]):
    """The row ids of an ordered query, by position, read a window at a time.

    For an order an SQL index serves, OFFSET steps over index entries without
    reading the rows, so any window of a million rows comes in milliseconds."""

    WINDOW = 2000

    def __init__(self, db: IndexDB, sql: str, params: Sequence[Any], count: int) -> None:
        self.db, self.sql, self.params, self.count = db, sql, tuple(params), count
        self._start, self._ids = 0, array("q")

    def __len__(self) -> int:
        return self.count

    def _read(self, start: int, stop: int) -> list[int]:
        if not (self._start <= start and stop <= self._start + len(self._ids)):
            first = start if stop - start > self.WINDOW else start - start % self.WINDOW
            size = max(stop - first, self.WINDOW)
            rows = self.db.query(self.sql + " LIMIT ? OFFSET ?", (*self.params, size, first))
            self._start, self._ids = first, array("q", (r[0] for r in rows))
        return list(self._ids[start - self._start : stop - self._start])

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, slice):
            start, stop, step = key.indices(self.count)
            return self._read(start, max(start, stop))[::step]
        if key < 0:
            key += self.count
        if not 0 <= key < self.count:
            raise IndexError(key)
        return self._read(key, key + 1)[0]

    def __iter__(self) -> Iterator[int]:
        for start in range(0, self.count, 50_000):
            yield from self._read(start, min(self.count, start + 50_000))


# A full date: YYYY-MM-DD, year known (reader/corpus/chronology.py). In parentheses so
# that NOT negates all of it, not its first term only.
_FULL_DATE = "(length(e.date) = 10 AND e.date GLOB '[0-9][0-9][0-9][0-9]-*')"
# A suggestion overlapping a tag of the same label on its page is that tag's span.
_UNTAGGED = (
    "NOT EXISTS (SELECT 1 FROM entries t WHERE t.page_id = e.page_id AND t.label = e.label"
    " AND t.origin = 'tagged' AND t.start < e.end AND e.start < t.end)"
)
ORIGINS = ("both", "tagged", "suggested")


def _origin(origin: str) -> str:
    if origin == "tagged":
        return "e.origin = 'tagged'"
    if origin == "suggested":
        return "e.origin = 'suggested'"
    return f"(e.origin = 'tagged' OR {_UNTAGGED})"


@dataclass(frozen=True)
class Total:
    """The figures of one counted noun and unit, and how they may be added up."""

    counted: str
    unit: str
    figures: int
    total: float
    least: float | None
    most: float | None
    dates: int  # how many distinct dates they fall on

    @property
    def additive(self) -> bool:
        """A sum means something: a count or an amount, not a duration, an age, a share,
        a temperature or a distance (reader/extraction/counted.py says which is which)."""
        from reader.extraction.counted import unit_class

        return unit_class(self.unit) not in ("time", "age", "percent", "scale")

    @property
    def how(self) -> str:
        """sum, series (a stock counted on several dates) or range (not additive)."""
        if not self.additive:
            return "range"
        return "series" if self.dates > 1 else "sum"


def _entry(row: tuple[Any, ...]) -> Entry:
    id_, page, article, label, start, end, text, attrs, origin, _when, _how, date = row
    return Entry(
        label=label,
        start=start,
        end=end,
        text=text,
        attrs=json.loads(attrs),
        ref=ArticleRef(page, article),
        origin=origin,
        id=id_,
        date=date,
    )


class Queries:
    def __init__(self, db: IndexDB) -> None:
        self.db = db

    # --- entries -------------------------------------------------------------------

    def all_entries(self, label: str | None = None) -> list[Entry]:
        where = "" if label is None else " WHERE label = ?"
        rows = self.db.query(
            f"SELECT {ENTRY_COLUMNS} FROM entries{where} ORDER BY page, start, -end, label",
            () if label is None else (label,),
        )
        return [_entry(r) for r in rows]

    def entries_by_id(self, ids: Iterable[int]) -> dict[int, tuple[Entry, str, int, str]]:
        """Entries with their timeline date text, how it was found, and article title."""
        ids = list(ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.query(f"SELECT {ENTRY_COLUMNS}, title FROM entries WHERE id IN ({marks})", ids)
        return {r[0]: (_entry(r[:12]), r[9], r[10], r[12]) for r in rows}

    # --- timeline ------------------------------------------------------------------

    def timeline_ids(self, needle: str = "", include_suggested: bool = True) -> array[int]:
        """Events in time order: those whose page states a year first, together; then
        the others, page by page (they are not mixed with the dated ones)."""
        sql = "SELECT id FROM entries WHERE label = 'event'"
        params: list[Any] = []
        if not include_suggested:
            sql += " AND origin = 'tagged'"
        if needle:
            sql += " AND instr(when_ || ' ' || page || ' ' || title || ' ' || text, ?) > 0"
            params.append(needle)
        return self._ids(sql + " ORDER BY tkey, page, start", params)

    def timeline_entries(self, include_suggested: bool = True) -> Iterator[tuple[Entry, str, int]]:
        where = "" if include_suggested else " AND origin = 'tagged'"
        rows = self.db.query(
            f"SELECT {ENTRY_COLUMNS} FROM entries WHERE label = 'event'{where} ORDER BY tkey, page, start"
        )
        for row in rows:
            yield _entry(row), row[9], row[10]

    def _ids(self, sql: str, params: Iterable[Any]) -> array[int]:
        out: array[int] = array("q")
        with self.db.cursor() as conn:
            cur = conn.execute(sql, tuple(params))
            while batch := cur.fetchmany(50_000):
                out.extend(r[0] for r in batch)
        return out

    # --- figures -------------------------------------------------------------------

    def figures(self, include_suggested: bool = True) -> list[Entry]:
        return [e for e in self.all_entries("figure") if include_suggested or e.origin == "tagged"]

    @staticmethod
    def _figure_where(needle: str) -> tuple[str, list[Any]]:
        if not needle:
            return "label = 'figure'", []
        # The value column shows the number as written in the annotation file (3, not
        # the 3.0 SQLite writes for a REAL), so it is matched from the attrs.
        columns = {**_FIGURE_SQL, "value": "json_extract(attrs, '$.value')"}
        hay = " || '\t' || ".join(f"coalesce({columns[c]}, '')" for c in FIGURE_COLUMNS)
        return f"label = 'figure' AND instr({hay}, ?) > 0", [needle]

    def figure_count(self) -> int:
        return int(self.db.query("SELECT count(*) FROM entries WHERE label = 'figure'")[0][0])

    def figure_ids(
        self, needle: str = "", column: str | None = None, reverse: bool = False, count: int | None = None
    ) -> array[int] | IdWindow:
        """Ids of the figures the filter lets through, in the order asked; unfiltered in
        page order (an index's order): read by windows (``count``: how many figures
        there are, when the caller knows)."""
        if not needle and column is None:
            sql = "SELECT id FROM entries WHERE label = 'figure' ORDER BY page, start"
            return IdWindow(self.db, sql, (), self.figure_count() if count is None else count)
        where, params = self._figure_where(needle)
        order = "page, start"
        if column is not None:
            way = "DESC" if reverse else "ASC"
            sql_column = _FIGURE_SQL[column]
            nulls = f"{sql_column} IS NULL {'ASC' if not reverse else 'DESC'}, "
            order = f"{nulls}{sql_column} {way}, page, start"
        return self._ids(f"SELECT id FROM entries WHERE {where} ORDER BY {order}", params)

    def figure_totals(self, needle: str = "") -> list[Total]:
        """Per counted noun and unit: how many figures, and their sum only where a sum
        means something (`Total`): never over durations, ages, percentages, temperatures
        or distances (their least and greatest instead), and a noun counted on several
        dates is a stock shown as a series, not summed."""
        where, params = self._figure_where(needle)
        rows = self.db.query_aside(
            f"SELECT counted, unit, count(*), coalesce(sum(value), 0), min(value), max(value),"
            f" count(DISTINCT CASE WHEN date != '' THEN date END) FROM entries WHERE {where}"
            " GROUP BY counted, unit ORDER BY count(*) DESC, counted, unit",
            params,
        )
        return [Total(c, u, n, float(s), lo, hi, dates) for c, u, n, s, lo, hi, dates in rows]

    def figure_series(self, counted: str, unit: str, origin: str = "both") -> list[tuple[str, float, int]]:
        """(date, sum of values, figures) of one counted noun and unit, by full date."""
        return self.db.query(
            "SELECT date, coalesce(sum(value), 0), count(*) FROM entries e WHERE label = 'figure'"
            f" AND counted = ? AND unit = ? AND {_FULL_DATE} AND {_origin(origin)}"
            " GROUP BY date ORDER BY date",
            (counted, unit),
        )

    def events_per_day(self, origin: str = "both") -> list[tuple[str, int]]:
        """(YYYY-MM-DD, events) for events whose full date is known. ``origin``: tags,
        suggestions or both; with both, a suggestion over a tag of the page (they overlap)
        is the tag's event and is not counted again."""
        return self.db.query(
            f"SELECT date, count(*) FROM entries e WHERE label = 'event' AND {_FULL_DATE}"
            f" AND {_origin(origin)} GROUP BY date ORDER BY date"
        )

    def left_out(self, origin: str = "both", figure: tuple[str, str] | None = None) -> int:
        """What a chart by day cannot place, having no full date (the year or the day
        unknown): events, or the figures of one counted noun and unit (``figure``)."""
        sql = f"SELECT count(*) FROM entries e WHERE NOT {_FULL_DATE} AND {_origin(origin)}"
        if figure is None:
            return int(self.db.query(sql + " AND label = 'event'")[0][0])
        return int(self.db.query(sql + " AND label = 'figure' AND counted = ? AND unit = ?", figure)[0][0])

    def entries_on(
        self, date: str, label: str, counted: str | None = None, unit: str | None = None
    ) -> list[Entry]:
        sql = f"SELECT {ENTRY_COLUMNS} FROM entries WHERE label = ? AND date = ?"
        params: list[Any] = [label, date]
        if counted is not None:
            sql += " AND counted = ? AND unit = ?"
            params += [counted, unit or ""]
        return [_entry(r) for r in self.db.query(sql + " ORDER BY page, start", params)]

    # --- search --------------------------------------------------------------------

    @staticmethod
    def _matching(query: str) -> tuple[str, str, str] | None:
        """(needle, SQL condition on texts t, its parameter) for a query; None if empty.

        Three characters or more go through the trigram index; shorter queries (党员)
        scan the texts with instr, which the trigram index cannot answer."""
        needle = to_simplified("".join(query.split()))
        if not needle:
            return None
        if len(needle) >= TRIGRAM:
            return needle, "texts MATCH ?", '"' + needle.replace('"', '""') + '"'
        return needle, "instr(t.text, ?) > 0", needle

    def search(self, query: str, limit: int = 500, count: bool = True) -> tuple[list[Hit], int | None]:
        """The first ``limit`` hits in text order (page, article), and the total count
        (None with ``count`` False: search_count gives it, it reads every matching text).

        Only the first articles' texts come into Python: a word found in every article
        of an archive is 100 MB of text otherwise."""

        matching = self._matching(query)
        if matching is None:
            return [], 0
        needle, where, param = matching
        # The trigram index names the matching articles, which are then put in order. A
        # scan (instr) walks the pages in name order instead (CROSS JOIN keeps SQLite to
        # that order), so a common word stops at the first ``limit`` articles.
        join = "JOIN" if where.startswith("texts MATCH") else "CROSS JOIN"
        first = self.db.query(
            f"SELECT p.name, a.idx, a.title, a.id FROM pages p {join} articles a ON a.page_id = p.id"
            f" {join} texts t ON t.rowid = a.id WHERE {where} ORDER BY p.name, a.idx LIMIT ?",
            (param, limit),
        )
        hits: list[Hit] = []
        for name, idx, title, rowid in first:
            (text,) = self.db.query("SELECT text FROM texts WHERE rowid = ?", (rowid,))[0]
            i = text.find(needle)
            while i >= 0 and len(hits) < limit:
                before = text[max(0, i - 12) : i].replace("\n", " ")
                after = text[i + len(needle) : i + len(needle) + 12].replace("\n", " ")
                context = f"{before}[{text[i : i + len(needle)]}]{after}"
                hits.append(Hit(ArticleRef(name, idx), i, i + len(needle), context, title))
                i = text.find(needle, i + len(needle))  # as search_count counts: not overlapping
            if len(hits) >= limit:
                break
        return hits, self.search_count(query) if count else None

    def search_count(self, query: str) -> int:
        """How often the query occurs in the corpus, counted by SQLite."""
        matching = self._matching(query)
        if matching is None:
            return 0
        needle, where, param = matching
        occurrences = "(length(t.text) - length(replace(t.text, ?, ''))) / ?"
        sql = f"SELECT sum({occurrences}) FROM texts t WHERE {where}"
        counted = self.db.query_aside(sql, (needle, len(needle), param))
        return int(counted[0][0] or 0) if counted else 0

    def page_problems(self) -> dict[str, str]:
        """Why each unreadable page cannot be read, as found when it was indexed."""
        return dict(self.db.query("SELECT name, problem FROM pages WHERE problem IS NOT NULL"))

    def title(self, ref: ArticleRef) -> str:
        """An article's title, from the index (the page file is not read)."""
        rows = self.db.query(
            "SELECT a.title FROM articles a JOIN pages p ON p.id = a.page_id WHERE p.name = ? AND a.idx = ?",
            (ref.page, ref.index),
        )
        return str(rows[0][0]) if rows else ""

    # --- keywords ------------------------------------------------------------------

    def document_frequencies(self) -> tuple[int, dict[str, int]] | None:
        """(articles, in how many articles each word occurs) over every segmented
        article, or None when no page has been segmented yet (words_missing)."""
        sql = "SELECT SUM(articles) FROM pages WHERE words IS NOT NULL AND problem IS NULL"
        documents = self.db.query(sql)
        if not documents or not documents[0][0]:
            return None
        return documents[0][0], dict(self.db.query("SELECT word, n FROM df WHERE n > 0"))

    def words_missing(self) -> list[str]:
        """Readable pages whose keyword candidates have not been counted yet."""
        return [r[0] for r in self.db.query("SELECT name FROM pages WHERE words IS NULL AND problem IS NULL")]
