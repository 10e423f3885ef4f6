"""Reading only ever opens a regular file (``open_regular``, ``read_regular``,
``read_text``).

Reading a FIFO blocks until someone writes to it, /dev/zero never ends and a tty waits
for a key: none of these is ever such a file. A stat refuses them before any open
(opening some devices has effects of its own); O_NONBLOCK and an fstat of what was
opened close the gap where the file is swapped in between. A link is followed for
reading (pages and annotation files may be links) unless ``follow=False``.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from reader.text.files import NOFOLLOW, FileProblem, link_refused_error, not_regular_error, reason, refusal

_READ_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)  # fmt: skip


def not_regular(path: Path) -> str | None:
    """Why ``path`` must not be read (a FIFO, a device …), or None. A stat only."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # missing or unreadable: the read says so in its own words
    return None if stat.S_ISREG(mode) else refusal(path, mode)


@contextmanager
def open_regular(path: Path, *, follow: bool = True) -> Iterator[BinaryIO]:
    """``path`` opened for reading if it is a regular file (or, with ``follow``, a link
    to one); NotRegular (LinkRefused for a link without ``follow``) if not.
    FileNotFoundError goes to the caller as it is."""
    mode = (os.stat if follow else os.lstat)(path).st_mode
    if stat.S_ISLNK(mode):
        raise link_refused_error(path)
    if not stat.S_ISREG(mode):
        raise not_regular_error(path, mode)
    try:
        fd = os.open(path, _READ_FLAGS | (0 if follow else NOFOLLOW))
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:
            raise link_refused_error(path) from None
        raise
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise not_regular_error(path, mode)
        yield handle


def read_regular(path: Path, *, follow: bool = True) -> bytes:
    """The bytes of ``path`` if it is a regular file; NotRegular if not."""
    with open_regular(path, follow=follow) as handle:
        return handle.read()


def read_text(path: Path) -> str:
    """A small UTF-8 text file of the project (a BOM is dropped): FileNotFoundError when
    it is missing, else a FileProblem naming the file and the reason in one line."""
    try:
        return read_regular(path).decode("utf-8-sig")
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        raise FileProblem(
            getattr(exc, "errno", None) or errno.EIO, f"cannot read {path}: {reason(exc)}"
        ) from None


def chunks(handle: BinaryIO, size: int = 1 << 18) -> Iterator[bytes]:
    """The rest of ``handle`` in pieces of ``size`` bytes: a big file never whole in memory."""
    while chunk := handle.read(size):
        yield chunk
