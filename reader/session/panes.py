"""How wide the article list and the side panel are at a terminal width.

The text keeps at least `TEXT_MIN` columns wherever the terminal has them: the side
panes shrink first, then the side panel hides, then the list. F2 and F3 show or hide
a pane by hand, and a pane shown by hand stays even where it squeezes the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT_MIN = 44  # 40 columns of text, its padding and its scrollbar
IDEAL = {"tree": 38, "side": 30}
SMALLEST = {"tree": 24, "side": 22}


@dataclass
class Panes:
    chosen: dict[str, bool] = field(default_factory=dict)  # set by F2/F3: shown or hidden
    last: dict[str, int] = field(default_factory=dict)  # the widths last laid out

    def toggle(self, pane: str) -> None:
        """Hide a pane that shows, show one that is hidden."""
        self.chosen[pane] = self.last.get(pane, 1) == 0

    def widths(self, total: int) -> dict[str, int]:
        """Width of each pane (0: hidden) for a terminal ``total`` columns wide."""
        spare = total - TEXT_MIN
        auto = self._auto(spare)
        widths = {}
        for pane in ("tree", "side"):
            shown = self.chosen.get(pane)
            if shown is None:
                widths[pane] = auto[pane]
            else:
                widths[pane] = (auto[pane] or SMALLEST[pane]) if shown else 0
        self.last = widths
        return widths

    @staticmethod
    def _auto(spare: int) -> dict[str, int]:
        if spare >= IDEAL["tree"] + IDEAL["side"]:
            return dict(IDEAL)
        if spare >= SMALLEST["tree"] + SMALLEST["side"]:
            # Both shrink from their ideal width by the same share.
            over = IDEAL["tree"] + IDEAL["side"] - spare
            tree = IDEAL["tree"] - over * IDEAL["tree"] // (IDEAL["tree"] + IDEAL["side"])
            return {"tree": max(SMALLEST["tree"], tree), "side": spare - max(SMALLEST["tree"], tree)}
        if spare >= SMALLEST["tree"]:
            return {"tree": min(IDEAL["tree"], spare), "side": 0}
        return {"tree": 0, "side": 0}
