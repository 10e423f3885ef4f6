"""What the article list holds: pages, shelves of pages, and the articles listed under
the pages unfolded, as the rows the list draws (reader/tui/widgets/corpus_tree.py).

An archive is never held whole: more than SHELF pages are put on shelves of SHELF
consecutive pages (first … last), a shelf's pages are rows only while it is unfolded,
and a page is read (its articles listed) when it first unfolds — at start, only in
a folder of at most READ_AT_START pages and EXPAND_LIMIT articles.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from reader.session.values import ArticleRef

if TYPE_CHECKING:
    from reader.session.values import ArticleCount, Corpus

EXPAND_LIMIT = 500  # articles
# Pages read at start to see whether they fit EXPAND_LIMIT; a larger folder is listed
# by name only, and a page is read when it unfolds.
READ_AT_START = 100
SHELF = 500  # pages


# NamedTuples, not dataclasses: the list is the first frame, and a dataclass costs a
# few tenths of a millisecond to make.
class Shelf(NamedTuple):
    """Pages ``start`` to ``end`` (exclusive) of the corpus, in corpus order."""

    start: int
    end: int


# A shelf row holds its Shelf; a page row its page name; an article row its ArticleRef.
NodeData = ArticleRef | str | Shelf


class Row(NamedTuple):
    data: NodeData
    guides: str  # the lines that join it to its page or shelf: "", "├ ", "│ └ " …

    @property
    def depth(self) -> int:
        return len(self.guides) // 2


class Listing:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.rows: list[Row] = []  # what is shown, in order
        self.line_of: dict[NodeData, int] = {}
        self.unfolded: set[NodeData] = set()
        self.listed: dict[str, list[ArticleRef]] = {}  # pages whose articles are listed
        self.counts: dict[ArticleRef, ArticleCount] = {}
        # Counts of a page's articles, asked for when its articles are listed: an
        # archive's 100,000 counts are never all held (set by the screen, from the index).
        self.count_source: Callable[[str], dict[ArticleRef, ArticleCount]] | None = None

    def start(self) -> None:
        """A folder of a few pages opens with every article listed (then `lay_out`)."""
        pages = self.corpus.pages
        if len(pages) <= READ_AT_START and sum(len(p.articles) for p in pages) <= EXPAND_LIMIT:
            for page in pages:
                self.list_articles(page.name)

    @property
    def shelved(self) -> bool:
        return len(self.corpus.pages) > SHELF

    def shelf_of(self, page: str) -> Shelf:
        return self._shelf(self.corpus.position(page) // SHELF * SHELF)

    def _shelf(self, start: int) -> Shelf:
        return Shelf(start, min(start + SHELF, len(self.corpus.pages)))

    def lay_out(self) -> None:
        """The rows for what is unfolded now."""
        rows: list[Row] = []
        pages = self.corpus.pages
        if self.shelved:
            for start in range(0, len(pages), SHELF):
                shelf = self._shelf(start)
                rows.append(Row(shelf, ""))
                if shelf in self.unfolded:
                    self._page_rows(rows, shelf, nested=True)
        else:
            self._page_rows(rows, self._shelf(0), nested=False)
        self.rows = rows
        self.line_of = {row.data: n for n, row in enumerate(rows)}

    def _page_rows(self, rows: list[Row], shelf: Shelf, *, nested: bool) -> None:
        """A shelf's pages (``nested``: under the shelf's line, else the top level) and
        the articles of those unfolded."""
        names = [page.name for page in self.corpus.pages[shelf.start : shelf.end]]
        for n, name in enumerate(names):
            last = n == len(names) - 1
            rows.append(Row(name, ("└ " if last else "├ ") if nested else ""))
            if name in self.unfolded:
                indent = ("  " if last else "│ ") if nested else ""
                refs = self.listed[name]
                for i, ref in enumerate(refs):
                    rows.append(Row(ref, indent + ("└ " if i == len(refs) - 1 else "├ ")))

    def list_articles(self, name: str) -> bool:
        """Reads the page (once) and lists its articles, unfolded; False when it cannot
        be read (found out now, on unfolding: its label says why)."""
        if name not in self.listed:
            page = self.corpus.page(name)
            if not page.readable:
                return False
            if self.count_source is not None:
                self.counts.update(self.count_source(name))
            self.listed[name] = [ArticleRef(name, article.index) for article in page.articles]
        self.unfolded.add(name)
        return True

    def can_unfold(self, data: NodeData) -> bool:
        if isinstance(data, Shelf):
            return True
        if isinstance(data, str):
            page = self.corpus.page(data)
            return not (page.is_read and not page.readable)
        return False

    def unfold(self, data: NodeData) -> bool:
        """False when there is nothing to unfold (an article, a page that cannot be read)."""
        if isinstance(data, Shelf):
            self.unfolded.add(data)
            return True
        return isinstance(data, str) and self.list_articles(data)

    def parent_line(self, line: int) -> int | None:
        """The line of the page (or shelf) that ``line``'s row is under."""
        depth = self.rows[line].depth
        while depth and line > 0:
            line -= 1
            if self.rows[line].depth < depth:
                return line
        return None

    def sibling_line(self, line: int, step: int) -> int | None:
        """The next (``step`` 1) or previous (-1) row under the same page or shelf."""
        depth = self.rows[line].depth
        line += step
        while 0 <= line < len(self.rows) and self.rows[line].depth > depth:
            line += step
        if 0 <= line < len(self.rows) and self.rows[line].depth == depth:
            return line
        return None
