"""The corpus as a tree: pages, and under each page its articles."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from reader.corpus.corpus import Corpus
from reader.text.layout import printable

EXPAND_LIMIT = 500


@dataclass(frozen=True)
class ArticleRef:
    page: int
    article: int | None = None  # None: the page node itself


class CorpusTree(Tree[ArticleRef]):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="tree_down"),
        Binding("k", "cursor_up", "Up", show=False, id="tree_up"),
    ]

    def __init__(self, corpus: Corpus, *, id: str | None = None) -> None:
        super().__init__("corpus", id=id)
        self.corpus = corpus
        self.show_root = False
        self.guide_depth = 2
        self._article_nodes: dict[tuple[int, int], TreeNode[ArticleRef]] = {}
        self.tag_counts: dict[tuple[int, int], int] = {}
        self.suggestion_counts: dict[tuple[int, int], int] = {}
        self.reviewed: set[tuple[int, int]] = set()

    def on_mount(self) -> None:
        self.populate()

    def populate(self) -> None:
        self.clear()
        self._article_nodes = {}
        self._page_nodes: dict[int, TreeNode[ArticleRef]] = {}
        # Textual's Tree builds and measures every node it holds; a large corpus
        # opens with its pages folded and adds a page's articles when it unfolds.
        expand = sum(len(p.articles) for p in self.corpus.pages) <= EXPAND_LIMIT
        for p, page in enumerate(self.corpus.pages):
            node = self.root.add(self._page_label(p), data=ArticleRef(p), expand=False)
            self._page_nodes[p] = node
            if not page.readable:
                node.allow_expand = False
            elif expand:
                self._add_articles(p)
                node.expand()

    def _add_articles(self, p: int) -> None:
        node = self._page_nodes[p]
        if node.children or not self.corpus.pages[p].readable:
            return
        for a in range(len(self.corpus.pages[p].articles)):
            leaf = node.add_leaf(self._article_label(p, a), data=ArticleRef(p, a))
            self._article_nodes[(p, a)] = leaf

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[ArticleRef]) -> None:
        ref = event.node.data
        if ref is not None and ref.article is None:
            self._add_articles(ref.page)

    def _page_label(self, p: int) -> Text:
        page = self.corpus.pages[p]
        label = Text(printable(page.name), style="bold")
        if not page.readable:
            label.append(f"  ✗ {page.problem}", style="red")
        elif page.decoded.note:
            label.append(f"  ({page.decoded.note})", style="yellow")
        return label

    def _article_label(self, p: int, a: int) -> Text:
        article = self.corpus.pages[p].articles[a]
        title = article.title if len(article.title) <= 24 else article.title[:23] + "…"
        label = Text(printable(title))
        label.append(f" {article.length}字", style="dim")
        count = self.tag_counts.get((p, a), 0)
        if count:
            label.append(f" ●{count}", style="green")
        open_count = self.suggestion_counts.get((p, a), 0)
        if open_count:
            label.append(f" ◌{open_count}", style="#87afd7")
        if (p, a) in self.reviewed:
            label.append(" ✓", style="bold green")
        return label

    def set_counts(
        self, p: int, a: int, *, tags: int | None = None, suggestions: int | None = None,
        reviewed: bool | None = None,
    ) -> None:  # fmt: skip
        if tags is not None:
            self.tag_counts[(p, a)] = tags
        if suggestions is not None:
            self.suggestion_counts[(p, a)] = suggestions
        if reviewed is not None:
            (self.reviewed.add if reviewed else self.reviewed.discard)((p, a))
        node = self._article_nodes.get((p, a))
        if node is not None:
            node.set_label(self._article_label(p, a))

    def select_article(self, p: int, a: int) -> None:
        self._add_articles(p)
        node = self._article_nodes.get((p, a))
        if node is not None:
            if node.parent is not None and not node.parent.is_expanded:
                node.parent.expand()
            # Tree lines are built on refresh; a node added this frame has no line yet.
            self.call_after_refresh(self.move_cursor, node)
