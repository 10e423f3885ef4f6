"""Every key of every screen, read from the bindings themselves: the help (`?`) and the
command palette list these, so neither drifts from what the keys do."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

if TYPE_CHECKING:
    from textual.app import App


def key_sections(app: App[object]) -> list[tuple[str, list[BindingType]]]:
    """(title, bindings) of the app and of every screen and widget that has keys."""
    return [("Anywhere", list(app.BINDINGS)), *screen_sections()]


def screen_sections() -> list[tuple[str, list[BindingType]]]:
    """(title, bindings) of every screen and widget that has keys."""
    from reader.tui.screens.attributes import AttributeForm, CountedInput
    from reader.tui.screens.chart import ChartScreen
    from reader.tui.screens.confirm import ConfirmScreen
    from reader.tui.screens.corpus_search import CorpusSearchScreen
    from reader.tui.screens.curation import CurationScreen
    from reader.tui.screens.figures import FiguresScreen
    from reader.tui.screens.filtered import FilteredView
    from reader.tui.screens.help import HelpScreen
    from reader.tui.screens.reader import ReaderScreen
    from reader.tui.screens.stats import StatsScreen
    from reader.tui.widgets.article_view import ArticleView
    from reader.tui.widgets.corpus_tree import CorpusTree
    from reader.tui.widgets.lazy_table import LazyTable
    from reader.tui.widgets.search_box import SearchBox

    return [
        ("Reading", list(ReaderScreen.BINDINGS)),
        ("Article text", list(ArticleView.BINDINGS)),
        ("Article list", list(CorpusTree.BINDINGS)),
        ("Search box (/)", list(SearchBox.BINDINGS)),
        ("Attribute form", [*AttributeForm.BINDINGS, *CountedInput.BINDINGS]),
        ("Timeline and figure table", list(FilteredView.BINDINGS)),
        ("Figure table", list(FiguresScreen.BINDINGS)),
        ("Tables", list(LazyTable.BINDINGS)),
        ("Charts", list(ChartScreen.BINDINGS)),
        ("Corpus search", list(CorpusSearchScreen.BINDINGS)),
        ("Statistics", list(StatsScreen.BINDINGS)),
        ("A question (yes / no)", list(ConfirmScreen.BINDINGS)),
        ("Curation (epireader curate)", list(CurationScreen.BINDINGS)),
        ("Help", list(HelpScreen.BINDINGS)),
    ]


CURATION_SECTIONS = ("Curation (epireader curate)", "Attribute form", "A question (yes / no)", "Help")


def curation_sections() -> list[tuple[str, list[BindingType]]]:
    """The help of `epireader curate`: the sections of the screens it shows."""
    sections = dict(screen_sections())
    return [(title, sections[title]) for title in CURATION_SECTIONS]


def palette_commands(app: App[object], screen: Screen[object]) -> Iterable[SystemCommand]:
    """The reading screen's keys as commands of the palette (ctrl+p), each with its key."""
    from reader.tui.screens.reader import ReaderScreen

    if not isinstance(screen, ReaderScreen):
        return
    view = screen.view
    for node, bindings in ((app, app.BINDINGS), (screen, screen.BINDINGS), (view, view.BINDINGS)):
        for binding in bindings:
            if isinstance(binding, Binding) and binding.id not in ("focus_next", "quit"):
                keys = binding.key_display or binding.key.split(",")[0]
                run = partial(node.run_action, binding.action)
                yield SystemCommand(binding.description, f"key: {keys}", run)
