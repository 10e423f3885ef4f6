"""Layout snapshots (pytest-textual-snapshot). Regenerate after a deliberate change:
python3 -m pytest tests/tui/test_snapshots.py --snapshot-update, then look at the SVGs."""

from __future__ import annotations

from pathlib import Path

from reader.tui.app import make_app


def _app(corpus, segmenter, annotations: Path):
    return make_app(corpus, segmenter=segmenter, annotations=annotations, annotator="snap")


async def _ready(pilot) -> None:
    while pilot.app.session.keyword_model is None:
        await pilot.pause(0.05)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_first_screen_layout(snap_compare, corpus, segmenter, tmp_path):
    assert snap_compare(_app(corpus, segmenter, tmp_path), terminal_size=(120, 36), run_before=_ready)


def test_tagged_article_layout(snap_compare, corpus, segmenter, tmp_path):
    async def tag(pilot) -> None:
        await _ready(pilot)
        await pilot.press("shift+tab", "enter")  # from the text to the list, open the first article
        await pilot.press("slash", *"8200", "enter", "shift+right", "f", "enter")
        await pilot.press("slash", *"174", "enter", "shift+right", "f", "enter")
        await pilot.pause()

    assert snap_compare(_app(corpus, segmenter, tmp_path), terminal_size=(120, 36), run_before=tag)
