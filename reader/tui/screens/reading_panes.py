"""The reading screen's panes in its DOM: the text, the side panel and the search box.

They are mounted after the first frame (the list alone is the first frame), laid out
at the widths `Panes` (reader/session/panes.py) gives for the terminal, and found by
their classes, each imported where it is first asked for: the first frame loads none
of them (benchmarks/bench_reader.py measures the start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.css.scalar import Scalar

from reader.session.panes import Panes

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.tui.widgets.article_view import ArticleView
    from reader.tui.widgets.search_box import SearchBox
    from reader.tui.widgets.side_panel import KeywordTable
    from reader.tui.widgets.tag_list import TagList

SEARCH_HINT = "search this article (simplified or traditional), enter"


class ReadingPanes:
    def __init__(self, screen: Screen[None]) -> None:
        self.screen = screen
        self.widths = Panes()
        self.mounted = False

    async def mount(self) -> None:
        """The text and the side panel beside the list, the search box above the status bar."""
        from reader.tui.widgets.article_view import ArticleView
        from reader.tui.widgets.search_box import SearchBox
        from reader.tui.widgets.side_panel import SidePanel

        screen = self.screen
        await screen.query_one("#main").mount(ArticleView(id="text"), SidePanel(id="side"))
        await screen.mount(SearchBox(placeholder=SEARCH_HINT, id="search"), before="#statusbar")
        self.lay_out()
        self.mounted = True

    def toggle(self, pane: str) -> None:
        """F2 / F3: hide a pane that shows, show one that is hidden."""
        self.widths.toggle(pane)
        self.lay_out()

    def lay_out(self) -> None:
        """Each pane at its width for the terminal (0: hidden); the text keeps the rest."""
        width = self.screen.size.width
        if not width:
            return  # not laid out yet: its first resize lays the panes out
        for pane, pane_width in self.widths.widths(width).items():
            for widget in self.screen.query(f"#{pane}"):  # the side panel: none before its mount
                # Only what changes: each assignment lays the screen out and draws it again.
                if widget.display != (pane_width > 0):
                    widget.display = pane_width > 0
                if pane_width and widget.styles.width != Scalar.from_number(pane_width):
                    widget.styles.width = pane_width

    @property
    def view(self) -> ArticleView:
        from reader.tui.widgets.article_view import ArticleView

        return self.screen.query_one("#text", ArticleView)

    @property
    def keywords(self) -> KeywordTable:
        from reader.tui.widgets.side_panel import KeywordTable

        return self.screen.query_one(KeywordTable)

    @property
    def tag_list(self) -> TagList:
        from reader.tui.widgets.tag_list import TagList

        return self.screen.query_one(TagList)

    @property
    def search_box(self) -> SearchBox:
        from reader.tui.widgets.search_box import SearchBox

        return self.screen.query_one("#search", SearchBox)
