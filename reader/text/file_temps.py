"""The tool's temp files: one name scheme, ``.NAME.PID.XXXXXXXX.tmp``, beside the file
they are to become (reader/text/files.py writes through them).

Those a killed process left behind are found by ``stale_temps`` (`check` reports
them, the store removes its own when it takes its lock): those whose writer is no
longer running, or that are older than ``STALE_AGE``.
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

# .NAME.PID.XXXXXXXX.tmp; .NAME.XXXXXXXX.tmp is what earlier versions wrote.
_TEMP = re.compile(r"^\.(?P<name>.+?)\.(?:(?P<pid>\d{1,10})\.)?(?P<token>[0-9a-f]{8})\.tmp$")
STALE_AGE = 600.0  # seconds: a temp file this old is left over, whoever wrote it


def temp_path(path: Path) -> Path:
    """A new temp name next to ``path``: hidden, with the writer's pid (see stale_temps)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt" or pid <= 0:
        return True  # no safe probe there (os.kill ends the process): the age decides
    try:
        os.kill(pid, 0)  # signal 0: nothing is sent, only asked whether it runs
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # another user's process
    return True


def stale_temps(
    folder: Path, *, recursive: bool = False, wanted: Callable[[str], bool] | None = None
) -> list[Path]:
    """The temp files of ours in ``folder`` left behind by a writer that is gone (its
    pid runs no more) or that are older than STALE_AGE; ``wanted`` picks by the name
    the temp file was to become."""
    found = []
    now = time.time()
    walk = os.walk(folder) if recursive else [(str(folder), [], _names(folder))]
    for where, dirs, names in walk:
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") or d == ".")
        for name in sorted(names):
            match = _TEMP.match(name)
            if match is None or (wanted is not None and not wanted(match.group("name"))):
                continue
            path = Path(where) / name
            try:
                st = os.lstat(path)
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            pid = match.group("pid")
            gone = pid is not None and not _running(int(pid))
            if gone or now - st.st_mtime > STALE_AGE:
                found.append(path)
    return found


def _names(folder: Path) -> list[str]:
    try:
        return [e.name for e in os.scandir(folder) if e.is_file(follow_symlinks=False)]
    except OSError:
        return []


def remove_stale_temps(folder: Path, wanted: Callable[[str], bool] | None = None) -> list[Path]:
    """Remove what ``stale_temps`` finds in ``folder`` (not below it); what was removed."""
    removed = []
    for path in stale_temps(folder, wanted=wanted):
        with suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed
