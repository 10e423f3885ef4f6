"""Layout snapshots (pytest-textual-snapshot). Regenerate after a deliberate change:
python3 -m pytest tests/tui/test_snapshots.py --snapshot-update, then look at the SVGs."""

from __future__ import annotations

from pathlib import Path

from reader.tui.app import make_app


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
