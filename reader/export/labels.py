"""Label names as other tools spell ours (Event, EVT, figure…)."""

from __future__ import annotations

from typing import Any

BRAT_TYPES = {"event": "Event", "figure": "Figure"}

LABEL_NAMES = {
    **{label: label for label in BRAT_TYPES},
    **{name.lower(): label for label, name in BRAT_TYPES.items()},
    "evt": "event",
    "fig": "figure",
}


def label_of(name: Any) -> str | None:
    """Our label for a label name as another tool spells it (Event, EVT, figure…)."""
    return LABEL_NAMES.get(name.lower()) if isinstance(name, str) else None
