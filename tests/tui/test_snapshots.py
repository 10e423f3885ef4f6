"""Layout snapshots (pytest-textual-snapshot). Regenerate after a deliberate change:
python3 -m pytest tests/tui/test_snapshots.py --snapshot-update, then look at the SVGs."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.tui.app import make_app


@pytest.fixture(autouse=True)
def _started_in_the_annotations_folder(tmp_path, monkeypatch):
    """The status line names the annotations folder relative to where the reader was
    started: from inside it, the same words in every run (not a temp path)."""
    monkeypatch.chdir(tmp_path)


def _app(corpus, segmenter, annotations: Path):
    return make_app(corpus, segmenter=segmenter, annotations=annotations, annotator="snap")


async def _ready(pilot) -> None:
    """The keywords weighted and the workers done, within a minute: a failure, never a hang."""
    from tests.conftest import settle

    await settle(pilot, lambda: pilot.app.session.keyword_model is not None, limit=60)


async def _without_notices(pilot) -> None:
    """Notices expire on a timer, so whether one still shows depends on how fast the
    machine is: the snapshot is taken with none."""
    pilot.app.reader.query_one("#notice").set_classes("-empty")
    await pilot.pause()


def test_first_screen_layout(snap_compare, corpus, segmenter, tmp_path):
    assert snap_compare(_app(corpus, segmenter, tmp_path), terminal_size=(120, 36), run_before=_ready)


def test_tagged_article_layout(snap_compare, corpus, segmenter, tmp_path):
    async def tag(pilot) -> None:
        await _ready(pilot)
        await pilot.press("shift+tab", "enter")  # from the text to the list, open the first article
        await pilot.press("slash", *"8200", "enter", "shift+right", "f", "enter")
        await pilot.press("slash", *"174", "enter", "shift+right", "f", "enter")
        await _without_notices(pilot)

    assert snap_compare(_app(corpus, segmenter, tmp_path), terminal_size=(120, 36), run_before=tag)


def _opened(prefix: str = "000", article: int = 0):
    async def run(pilot) -> None:
        await _ready(pilot)
        from tests.conftest import ref

        pilot.app.reader.open_article(ref(pilot.app.session.corpus, prefix, article))
        pilot.app.reader.view.focus()
        await _without_notices(pilot)

    return run


def test_layout_at_60x20_keeps_the_text(snap_compare, corpus, segmenter, tmp_path):
    assert snap_compare(_app(corpus, segmenter, tmp_path), terminal_size=(60, 20), run_before=_opened())


def test_layout_at_80x24_hides_the_side_panel(snap_compare, corpus, segmenter, tmp_path):
    app = _app(corpus, segmenter, tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_opened("002", 4))


def test_layout_at_200x60_shows_every_pane(snap_compare, corpus, segmenter, tmp_path):
    assert snap_compare(_app(corpus, segmenter, tmp_path), terminal_size=(200, 60), run_before=_opened("003"))


# --- every screen and dialog at 60×20 and 80×24 (issue 21, defect 8) -----------------------

SMALL = [(60, 20), (80, 24)]


def _then(*keys: str, prefix: str = "000", wait=None):
    """Open an article of ``prefix``, press ``keys``, settle: the state to take."""
    opened = _opened(prefix)

    async def run(pilot) -> None:
        from tests.conftest import settle

        await opened(pilot)
        await pilot.press(*keys)
        await settle(pilot, wait or (lambda: True), limit=30)
        await pilot.pause(0.2)
        await _without_notices_anywhere(pilot)

    return run


async def _without_notices_anywhere(pilot) -> None:
    for notice in pilot.app.query("#notice"):
        notice.set_classes("-empty")
    await pilot.pause()


def _screen_named(name: str):
    return lambda app: type(app.screen).__name__ == name


SCREENS = {
    "figure-form": (("slash", *"8200", "enter", "shift+right", "f"), "AttributeForm"),
    "event-form": (("slash", *"4月13日", "enter", "shift+end", "e"), "AttributeForm"),
    "help": (("question_mark",), "HelpScreen"),
    "timeline": (("ctrl+t",), "TimelineScreen"),
    "figures": (("ctrl+g",), "FiguresScreen"),
    "corpus-search": (("ctrl+f", *"党员", "enter"), "CorpusSearchScreen"),
    "stats": (("ctrl+o",), "StatsScreen"),
    "charts": (("ctrl+k",), "ChartScreen"),
    "confirm": (("p", "A"), "ConfirmScreen"),
}


@pytest.mark.parametrize("size", SMALL, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
def test_every_screen_fits_a_small_terminal(snap_compare, corpus, segmenter, tmp_path, name, size):
    keys, screen = SCREENS[name]
    app = _app(corpus, segmenter, tmp_path)

    async def run(pilot) -> None:
        await _then(*keys, wait=lambda: _screen_named(screen)(pilot.app))(pilot)
        assert type(pilot.app.screen).__name__ == screen
        # Nothing of the screen's own widgets ends right of the terminal's edge.
        width = pilot.app.size.width
        cut = [w for w in pilot.app.screen.query("*") if w.display and w.region.right > width]
        assert not cut, f"{name} at {size}: {cut[:3]} end past column {width}"

    assert snap_compare(app, terminal_size=size, run_before=run)
