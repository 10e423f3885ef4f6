"""Gold folders: annotation files that seed the tests, protected from stray edits.

A folder holding a `GOLD.md` is gold. The reader opens it protected: the first edit
is refused until a person unlocks it (a key and a confirmation), or the reader was
started with `--edit-gold`. Everyone else's tags go to a folder of their own.
"""

from __future__ import annotations

from pathlib import Path

GOLD_MARKER = "GOLD.md"
# Where tags go when no folder is named (see reader/cli/launch.py for the whole rule).
DEFAULT_FOLDER = Path("annotations")


def is_gold(directory: Path) -> bool:
    return (directory / GOLD_MARKER).is_file()


def personal_folder(root: Path, annotator: str) -> Path:
    """Where a person's own tags go when the default annotations folder is gold:
    one folder per annotator (as INCEpTION keeps one file per annotator and
    document), which `epireader agree` compares with the gold."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in annotator) or "unknown"
    return root / "annotators" / safe
