"""Locks (``locked``, ``try_lock``): files opened without following a link, checked to
be regular files; flock, or filelock where there is none (Windows).
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.text.files import NOFOLLOW, FileProblem, link_refused_error, not_regular_error, reason


class LockTimeout(FileProblem):
    """Another process has held a lock longer than we wait."""


try:
    import fcntl
except ImportError:  # Windows: filelock does it there
    fcntl = None  # type: ignore[assignment]


def _lock_checked(path: Path) -> None:
    """A lock file may be missing, never a link, a FIFO or a folder (FileProblem)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise FileProblem(exc.errno or errno.EIO, f"cannot use the lock file {path}: {reason(exc)}") from None
    if stat.S_ISLNK(st.st_mode):
        raise link_refused_error(path)
    if not stat.S_ISREG(st.st_mode):
        raise not_regular_error(path, st.st_mode)


def _lock_fd(path: Path) -> int:
    """The lock file opened for locking: made if missing, never through a link, never a
    FIFO or folder (FileProblem with the reason)."""
    flags = os.O_RDWR | os.O_CREAT | NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    _lock_checked(path)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise link_refused_error(path) from None
        raise FileProblem(exc.errno or errno.EIO, f"cannot use the lock file {path}: {reason(exc)}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise not_regular_error(path, mode)
    return fd


def try_lock(path: Path, *, shared: bool = False) -> int | None:
    """The lock on ``path`` taken without waiting: its descriptor (close it to let go),
    or None when another holder has it. Where there is no flock: always taken."""
    fd = _lock_fd(path)
    if fcntl is None:
        return fd
    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


@contextmanager
def locked(path: Path, timeout: float) -> Iterator[None]:
    """Hold the exclusive lock on ``path`` (another process's or thread's holder waits);
    LockTimeout after ``timeout`` seconds of waiting."""
    if fcntl is None:
        import filelock

        _lock_checked(path)  # no link, no FIFO; filelock opens it itself
        lock = filelock.FileLock(path, timeout=timeout)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise LockTimeout(errno.EAGAIN, f"another process has held {path} for {timeout:.0f} s") from None
        try:
            yield
        finally:
            lock.release()
        return
    deadline = time.monotonic() + timeout
    pause = 0.005
    while (fd := try_lock(path)) is None:
        if time.monotonic() > deadline:
            raise LockTimeout(errno.EAGAIN, f"another process has held {path} for {timeout:.0f} s")
        time.sleep(pause)
        pause = min(pause * 2, 0.1)
    try:
        yield
    finally:
        os.close(fd)  # closing the descriptor lets go of the lock
