"""`?` lists every key of every screen: read from the bindings, never hand-kept."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import reader.tui
from reader.tui.app import make_app
from reader.tui.keymap import key_sections
from reader.tui.screens.help import HelpScreen
from tests.conftest import screen_text, settle


def _classes_with_keys() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(reader.tui.__path__, "reader.tui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and "BINDINGS" in cls.__dict__ and cls.__dict__["BINDINGS"]:
                found.append(cls)
    return found


def test_every_binding_of_every_screen_and_widget_is_in_the_help(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    listed = {id(b) for _title, bindings in key_sections(app) for b in bindings}
    classes = _classes_with_keys()
    assert len(classes) >= 10  # the app, its screens and widgets with keys
    missing = [(cls.__name__, b.key) for cls in classes for b in cls.BINDINGS if id(b) not in listed]
    assert missing == []


async def test_the_help_shows_the_keys_of_the_views_and_the_form(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=(120, 200)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        shown = screen_text(app)
    for title in ("Charts", "Corpus search", "Statistics", "A question (yes / no)", "Attribute form"):
        assert title in shown
    for description in ("Tags / suggestions / both", "Counted: nothing", "Trim to the figure"):
        assert description in shown


def test_the_help_writes_keys_as_the_footer_does_and_lists_a_key_once():
    from reader.tui.keymap import screen_sections
    from reader.tui.screens.help import _rows

    sections = dict(screen_sections())
    form = _rows(sections["Attribute form"])
    assert ("1–9", "Counted: candidate 1–9") in form  # not nine rows, and not twice
    assert [keys for keys, _ in form].count("0") == 1
    assert ("esc q ?", "Close help") in _rows(sections["Help"])  # not escape q question_mark
