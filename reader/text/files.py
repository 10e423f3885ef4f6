"""Reading a small file the project keeps (an annotation file, the lexicon, a user
dictionary) only when it is a regular file.

Reading a FIFO blocks until someone writes to it, /dev/zero never ends and a tty
waits for a key: none of these is ever such a file. The stat refuses them before any
open (opening some devices has effects of its own); O_NONBLOCK and the fstat close
the gap where the file is swapped between the stat and the open.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


class NotRegular(OSError):
    """A FIFO, device, socket or folder where a file belongs: never read, never replaced."""


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder")):  # fmt: skip
        if test(mode):
            return name
    return "something other than a file"


def refusal(path: Path, mode: int) -> str:
    return f"{path.name} is {_kind(mode)}, not a regular file: epireader neither reads nor replaces it"


def not_regular(path: Path) -> str | None:
    """Why ``path`` must not be read (a FIFO, a device …), or None. A stat only."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # missing or unreadable: the read says so in its own words
    return None if stat.S_ISREG(mode) else refusal(path, mode)


@contextmanager
def open_regular(path: Path) -> Iterator[BinaryIO]:
    """``path`` opened for reading if it is a regular file (or a link to one); NotRegular if not."""
    mode = os.stat(path).st_mode  # FileNotFoundError goes to the caller
    if not stat.S_ISREG(mode):
        raise NotRegular(refusal(path, mode))
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    )
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(refusal(path, mode))
        yield handle


def read_regular(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file (or a link to one); NotRegular if not."""
    with open_regular(path) as handle:
        return handle.read()


def chunks(handle: BinaryIO, size: int = 1 << 18) -> Iterator[bytes]:
    """The rest of ``handle`` in pieces of ``size`` bytes: a big file never whole in memory."""
    while chunk := handle.read(size):
        yield chunk
