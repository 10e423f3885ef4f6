"""Label names as other tools spell ours (Event, EVT, figure…), and the label map
(``import --label-map FROM=TO``) that names the rest: a label mapped to nothing is
skipped on purpose, one not named at all is reported."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

BRAT_TYPES = {"event": "Event", "figure": "Figure"}

LABEL_NAMES = {
    **{label: label for label in BRAT_TYPES},
    **{name.lower(): label for label, name in BRAT_TYPES.items()},
    "evt": "event",
    "fig": "figure",
}

SKIP = ""  # what a label is mapped to when it is skipped on purpose


def label_of(name: Any) -> str | None:
    """Our label for a label name as another tool spells it (Event, EVT, figure…)."""
    return LABEL_NAMES.get(name.lower()) if isinstance(name, str) else None


class LabelMapError(ValueError):
    """A --label-map entry or map file line that is not FROM=TO; one line for the user."""


@dataclass(frozen=True)
class LabelMap:
    """Another tool's label names mapped to ours. ``names``: FROM → event, figure or
    SKIP; FROM is matched as written, then ignoring case."""

    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, entries: Iterable[str], where: str = "--label-map") -> LabelMap:
        """``FROM=TO`` entries (TO: event, figure, or a spelling label_of knows; empty:
        skip). Blank entries and ``#`` comments (a map file's lines) are left out."""
        names: dict[str, str] = {}
        for number, entry in enumerate(entries, 1):
            text = entry.strip()
            if not text or text.startswith("#"):
                continue
            source, equals, target = text.partition("=")
            at = f"{where} line {number}" if where != "--label-map" else where
            if not equals or not source.strip():
                raise LabelMapError(f"{at}: {entry.strip()!r} is not FROM=TO (TO empty skips FROM)")
            target = target.strip()
            label = label_of(target) if target else SKIP
            if label is None:
                raise LabelMapError(f"{at}: {target!r} is no label; map to event, figure or nothing")
            names[source.strip()] = label
        return cls(names)

    def __or__(self, other: LabelMap) -> LabelMap:
        return LabelMap({**self.names, **other.names})

    @cached_property
    def _folded(self) -> dict[str, str]:
        return {k.lower(): v for k, v in self.names.items()}

    def resolve(self, name: Any) -> str | None:
        """Our label for ``name``, SKIP when the map skips it, None when nothing names it."""
        if isinstance(name, str):
            if name in self.names:
                return self.names[name]
            if name.lower() in self._folded:
                return self._folded[name.lower()]
        return label_of(name)
