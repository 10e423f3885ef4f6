"""The corpus as a tree: pages, and under each page its articles.

Textual's Tree builds and measures a line for every node it holds on each change,
so an archive is never held whole: more than SHELF pages are put on shelves of
SHELF consecutive pages (first … last), a shelf's pages are made when it unfolds,
and a page's articles when the page does (a page is read only then).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from reader.session.values import ArticleRef, printable

if TYPE_CHECKING:
    from reader.session.values import ArticleCount, Corpus

EXPAND_LIMIT = 500  # articles
# Pages read at start to see whether they fit EXPAND_LIMIT; a larger folder is listed
# by name only, and a page is read when it unfolds.
READ_AT_START = 100
SHELF = 500  # pages


@dataclass(frozen=True)
class Shelf:
    """Pages ``start`` to ``end`` (exclusive) of the corpus, in corpus order."""

    start: int
    end: int


# A shelf node holds its Shelf; a page node its page name; an article node its ArticleRef.
NodeData = ArticleRef | str | Shelf


class CorpusTree(Tree[NodeData]):
    COMPONENT_CLASSES = {
        "corpus-tree--page-problem", "corpus-tree--page-note", "corpus-tree--length",
        "corpus-tree--tags", "corpus-tree--suggestions", "corpus-tree--reviewed",
    }  # fmt: skip
    BINDINGS = [
        Binding("enter", "select_cursor", "Open", id="tree_open"),
        Binding("j", "cursor_down", "Down", id="tree_down"),
        Binding("k", "cursor_up", "Up", id="tree_up"),
    ]

    def __init__(self, corpus: Corpus, *, id: str | None = None) -> None:
        super().__init__(Text("corpus"), id=id)  # a str label would be parsed as markup
        self.corpus = corpus
        self.show_root = False
        self.guide_depth = 2
        self._article_nodes: dict[ArticleRef, TreeNode[NodeData]] = {}
        self._page_nodes: dict[str, TreeNode[NodeData]] = {}
        self._shelf_nodes: list[TreeNode[NodeData]] = []
        self.counts: dict[ArticleRef, ArticleCount] = {}
        self.problems: dict[str, str] = {}  # the index's word on pages not read here yet
        # Counts of a page's articles, asked for when its articles are listed: an
        # archive's 100,000 counts are never all held (set by the screen, from the index).
        self.count_source: Callable[[str], dict[ArticleRef, ArticleCount]] | None = None

    def on_mount(self) -> None:
        self.populate()

    def populate(self) -> None:
        self.clear()
        self._article_nodes = {}
        self._page_nodes = {}
        self._shelf_nodes = []
        pages = self.corpus.pages
        if len(pages) > SHELF:
            for start in range(0, len(pages), SHELF):
                shelf = Shelf(start, min(start + SHELF, len(pages)))
                self._shelf_nodes.append(self.root.add(self._shelf_label(shelf), data=shelf, expand=False))
            return
        expand = len(pages) <= READ_AT_START and sum(len(p.articles) for p in pages) <= EXPAND_LIMIT
        self._add_pages(self.root, Shelf(0, len(pages)))
        if expand:
            for page in pages:
                self._add_articles(page.name)
                if page.readable:
                    self._page_nodes[page.name].expand()

    def _add_pages(self, parent: TreeNode[NodeData], shelf: Shelf) -> None:
        if parent.children:
            return
        for page in self.corpus.pages[shelf.start : shelf.end]:
            node = parent.add(self._page_label(page.name), data=page.name, expand=False)
            self._page_nodes[page.name] = node
            if page.is_read and not page.readable:
                node.allow_expand = False

    def _shelf_label(self, shelf: Shelf) -> Text:
        first, last = self.corpus.pages[shelf.start].name, self.corpus.pages[shelf.end - 1].name
        label = Text(f"{printable(first)} … {printable(last)}", style="bold")
        label.append(f"  ({shelf.end - shelf.start} pages)", style=self._style("length"))
        return label

    def _add_articles(self, name: str) -> None:
        node = self._page_nodes[name]
        page = self.corpus.page(name)
        if node.children:
            return
        if not page.readable:  # found out now, on unfolding: say why
            node.allow_expand = False
            node.set_label(self._page_label(name))
            return
        if self.count_source is not None:
            self.counts.update(self.count_source(name))
        for article in page.articles:
            ref = ArticleRef(name, article.index)
            self._article_nodes[ref] = node.add_leaf(self._article_label(ref), data=ref)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeData]) -> None:
        data = event.node.data
        if isinstance(data, Shelf):
            self._add_pages(event.node, data)
        elif isinstance(data, str):
            self._add_articles(data)

    def _style(self, part: str) -> Style:
        return self.get_component_rich_style(f"corpus-tree--{part}", partial=True)

    def _page_label(self, name: str) -> Text:
        page = self.corpus.page(name)
        label = Text(("↪ " if page.outside else "") + printable(page.name), style="bold")
        if not page.is_read:  # not read yet: the name, and what the index found
            if name in self.problems:
                label.append(f"  ✗ {self.problems[name]}", style=self._style("page-problem"))
            return label
        if not page.readable:
            label.append(f"  ✗ {page.problem}", style=self._style("page-problem"))
        elif page.decoded.note:
            label.append(f"  ({page.decoded.note})", style=self._style("page-note"))
        return label

    def _article_label(self, ref: ArticleRef) -> Text:
        """Title, length and counts; the title gives way (with an ellipsis) so that the
        counts and the reviewed mark always show."""
        article = self.corpus.article(ref)[1]
        marks = Text(f" {article.chars}字", style=self._style("length"))
        count = self.counts.get(ref)  # none before the index or the article says
        if count is not None and count.tags:
            marks.append(f" ●{count.tags}", style=self._style("tags"))
        if count is not None and count.suggestions:
            marks.append(f" ◌{count.suggestions}", style=self._style("suggestions"))
        if count is not None and count.reviewed:
            marks.append(" ✓", style=self._style("reviewed"))
        room = max(4, self._label_width() - marks.cell_len)
        title = Text(printable(article.title), no_wrap=True)
        title.truncate(room, overflow="ellipsis")
        return title + marks

    def _label_width(self) -> int:
        # An article is a leaf two levels down: the guides take guide_depth cells a level.
        width = self.scrollable_content_region.width or self.size.width or 38
        return width - 2 * self.guide_depth - 1

    def on_resize(self) -> None:
        for ref, node in self._article_nodes.items():
            node.set_label(self._article_label(ref))

    def set_problems(self, problems: dict[str, str]) -> None:
        self.problems = problems
        for name in problems:
            if name in self._page_nodes:
                self._page_nodes[name].set_label(self._page_label(name))

    def listed_pages(self) -> list[str]:
        """Pages whose articles are in the tree (the ones counts are kept for)."""
        return [name for name, node in self._page_nodes.items() if node.children]

    def set_count(self, ref: ArticleRef, count: ArticleCount) -> None:
        node = self._page_nodes.get(ref.page)
        if node is None or not node.children:
            return  # asked for (count_source) when the page's articles are listed
        if count.suggestions is None:  # not worked out yet: keep what the index said (or 0)
            known = self.counts.get(ref)
            count = replace(count, suggestions=known.suggestions if known is not None else 0)
        self.counts[ref] = count
        node = self._article_nodes.get(ref)
        if node is not None:
            node.set_label(self._article_label(ref))

    def show_cursor_with_its_page(self) -> None:
        """The cursor's article in view with its page's row above it (a list shown again
        with F2 was scrolled, while hidden, to the article alone)."""
        node = self.cursor_node
        if node is None:
            return
        if node.parent is not None and node.parent.line >= 0:
            self.scroll_to_line(node.parent.line, animate=False)
        self.scroll_to_node(node, animate=False)

    def select_article(self, ref: ArticleRef) -> None:
        if self._shelf_nodes:  # the page's shelf first: its page node is made on unfolding
            shelf = self._shelf_nodes[self.corpus.position(ref.page) // SHELF]
            self._add_pages(shelf, shelf.data)  # type: ignore[arg-type]
            shelf.expand()
        self._add_articles(ref.page)
        node = self._article_nodes.get(ref)
        if node is not None:
            if node.parent is not None and not node.parent.is_expanded:
                node.parent.expand()
            # Tree lines are built on refresh; a node added this frame has no line yet.
            self.call_after_refresh(self.move_cursor, node)
