"""The gold opens protected: `enter t x` on the committed gold must not delete a span."""

from __future__ import annotations

import shutil

from reader.tui.app import make_app
from reader.tui.screens.confirm import ConfirmScreen
from tests.conftest import ROOT, open_in_app, screen_text, settle

SIZE = (140, 45)


def _gold_copy(tmp_path):
    folder = tmp_path / "annotations"
    shutil.copytree(ROOT / "annotations", folder)
    return folder, {p.name: p.read_bytes() for p in folder.glob("*.json")}


async def test_the_gold_is_protected_until_unlocked_with_a_key_and_a_yes(corpus, segmenter, tmp_path):
    folder, before = _gold_copy(tmp_path)
    app = make_app(corpus, segmenter=segmenter, annotations=folder)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "000")
        assert "GOLD, protected" in screen_text(app)
        await pilot.press("t", "x")
        await settle(pilot)
        assert {p.name: p.read_bytes() for p in folder.glob("*.json")} == before
        assert any("is gold: press ctrl+l" in n.message for n in app._notifications)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n", "x")
        await settle(pilot)
        assert {p.name: p.read_bytes() for p in folder.glob("*.json")} == before  # "no" keeps it locked
        await pilot.press("ctrl+l", "y", "x")
        await settle(pilot)
        changed = [name for name, data in before.items() if (folder / name).read_bytes() != data]
        assert changed == ["000_1b80620b9e734545.json"]


async def test_edit_gold_opens_it_unlocked(corpus, segmenter, tmp_path):
    folder, before = _gold_copy(tmp_path)
    app = make_app(corpus, segmenter=segmenter, annotations=folder, edit_gold=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "000")
        assert "GOLD, protected" not in screen_text(app)
        await pilot.press("t", "x")
        await settle(pilot)
        assert (folder / "000_1b80620b9e734545.json").read_bytes() != before["000_1b80620b9e734545.json"]
