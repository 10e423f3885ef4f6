"""The tool's own files written, and every OS error said in one line.

What the rest of the tool may rely on:

- **Writing** (``atomic_open``, ``atomic_write``) is atomic: a temp file in the same
  folder (its name from reader/text/file_temps.py), fsync, rename, fsync of the
  folder. A crash leaves the old file or the new one. Nothing is written through a
  symbolic link: a link in the file's place is refused (the tool's own files) or
  replaced by the file (exports, ``replace_link``), its target never touched; a FIFO,
  device or folder in the file's place is never replaced.
- **Every OS error becomes one line** (``reason``, ``FileProblem``): disk full,
  read-only, permission denied, not a regular file, link refused.

Reading only regular files is reader/text/file_reads.py, the temp files a killed
process left behind reader/text/file_temps.py, locks reader/text/file_locks.py.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from reader.text.file_temps import temp_path


class FileProblem(OSError):
    """A file that cannot be read or written, with its one-line reason as message."""

    def __str__(self) -> str:
        return str(self.args[-1]) if self.args else "file problem"


class NotRegular(FileProblem):
    """A FIFO, device, socket or folder where a file belongs: never read, never replaced."""


class LinkRefused(FileProblem):
    """A symbolic link where one of the tool's own files belongs: never written through."""


# --- one line for an OS error ------------------------------------------------------

_REASONS = {
    errno.ENOSPC: "disk full (no space left on the device)",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "a symbolic link (not followed)",
    errno.EISDIR: "a folder, not a file",
    errno.ENOTDIR: "a part of the path is not a folder",
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "disk quota exceeded"

# What a folder that cannot take any more writes says: a command stops there instead
# of failing again file after file.
FULL_OR_READ_ONLY = frozenset(e for e in (errno.ENOSPC, errno.EROFS, getattr(errno, "EDQUOT", None)) if e)


def reason(exc: BaseException) -> str:
    """What went wrong, in a few words on one line ("disk full (…)", "permission denied")."""
    if isinstance(exc, FileProblem):
        return str(exc)
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text ({exc.reason} at byte {exc.start})"
    if isinstance(exc, OSError):
        if exc.errno in _REASONS:
            return _REASONS[exc.errno]
        return " ".join((exc.strerror or str(exc)).lower().split())
    return " ".join(str(exc).split()) or type(exc).__name__


def no_more_writes(exc: BaseException) -> bool:
    """The disk is full or the folder read-only: every later write would fail too."""
    return isinstance(exc, OSError) and exc.errno in FULL_OR_READ_ONLY


def kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder"), (stat.S_ISLNK, "a symbolic link")):  # fmt: skip
        if test(mode):
            return name
    return "something other than a file"


def refusal(path: Path, mode: int) -> str:
    return f"{path.name} is {kind(mode)}, not a regular file: epireader neither reads nor replaces it"


def not_regular_error(path: Path, mode: int) -> NotRegular:
    """The refusal of a FIFO, device or folder at ``path``, as the error to raise."""
    return NotRegular(errno.EINVAL, refusal(path, mode))


def link_refused_error(path: Path) -> LinkRefused:
    """The refusal of the symbolic link at ``path`` (naming its target), as the error to raise."""
    try:
        target = f" (to {os.readlink(path)})"
    except OSError:
        target = ""
    return LinkRefused(
        errno.ELOOP,
        f"{path.name} is a symbolic link{target}; epireader does not write through links: "
        "replace it with a copy of its target, or remove it",
    )


# Opened without following a link: reads that must not, every write, every lock.
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


# --- writing ----------------------------------------------------------------------

_WRITE_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
)


def write_error(path: Path, exc: BaseException) -> FileProblem:
    """``exc``, met while writing ``path``, as one line that names the file."""
    if isinstance(exc, FileProblem):
        return exc
    code = getattr(exc, "errno", None) or errno.EIO
    return FileProblem(code, f"cannot write {path}: {reason(exc)}")


def check_target(path: Path, *, replace_link: bool = False) -> os.stat_result | None:
    """What is at ``path`` now (None: nothing), if a write may put a file there: a link
    is refused (LinkRefused) unless ``replace_link``; a FIFO, device or folder always
    (NotRegular)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise write_error(path, exc) from None
    if stat.S_ISLNK(st.st_mode):
        if replace_link:
            return st
        raise link_refused_error(path)
    if not stat.S_ISREG(st.st_mode):
        raise not_regular_error(path, st.st_mode)
    return st


class _Writer:
    """A file being written: an OSError of a write says which file, in one line."""

    def __init__(self, handle: IO[Any], path: Path) -> None:
        self._handle, self._path = handle, path

    def write(self, data: Any) -> int:
        try:
            return self._handle.write(data)
        except OSError as exc:
            raise write_error(self._path, exc) from None

    def writelines(self, lines: Iterable[Any]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


@contextmanager
def atomic_open(
    path: Path,
    *,
    text: bool = False,
    durable: bool = True,
    replace_link: bool = False,
    make_folder: bool = False,
) -> Iterator[Any]:
    """A handle to write ``path`` through a temp file: it takes the name when the block
    ends without an error, and is gone if it raises (or the process is interrupted).

    ``text``: UTF-8 with ``\\n`` line ends. ``durable``: fsync the file and the folder
    (an export, which can be written again, skips it). A new file gets the umask's
    permission bits, a replaced one keeps its own. Errors are FileProblem lines."""
    if make_folder:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise write_error(path.parent, exc) from None
    old = check_target(path, replace_link=replace_link)
    # A replaced link's own bits mean nothing: then the umask decides, as for a new file.
    kept_mode = stat.S_IMODE(old.st_mode) if old is not None and stat.S_ISREG(old.st_mode) else None
    tmp = temp_path(path)
    try:
        # Not tempfile.mkstemp: it creates files 0600, and a save would take away the
        # group's and others' read access. O_EXCL never opens an existing file or a link.
        fd = os.open(tmp, _WRITE_FLAGS, 0o666)
    except OSError as exc:
        raise write_error(path, exc) from None  # nothing was made
    except BaseException:
        # Interrupted (ctrl+c) as the open returned: the file may be there, and the name
        # (with this process's pid) is no one else's.
        with suppress(OSError):
            os.unlink(tmp)
        raise
    try:
        raw = os.fdopen(fd, "wb")
        handle: IO[Any] = raw
        if text:
            import io

            handle = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        with handle:
            yield _Writer(handle, path)
            try:
                handle.flush()
                if kept_mode is not None:
                    # The rename puts a new inode in place: it gets the old file's bits.
                    if hasattr(os, "fchmod"):
                        os.fchmod(raw.fileno(), kept_mode)
                    else:
                        os.chmod(tmp, kept_mode)
                if durable:
                    os.fsync(raw.fileno())
            except OSError as exc:
                raise write_error(path, exc) from None
        check_target(path, replace_link=replace_link)  # nothing put in its place meanwhile
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise write_error(path, exc) from None
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, FileProblem) and exc.errno in FULL_OR_READ_ONLY:
            raise write_error(path, exc) from None  # the close of the handle meets a full disk too
        raise
    if durable:
        fsync_dir(path.parent)


def atomic_write(path: Path, data: bytes | Iterable[bytes], **options: Any) -> str:
    """Write ``data`` (bytes, or its pieces) to ``path`` as ``atomic_open`` does; the
    SHA-256 of what was written."""
    import hashlib  # here: reading pages, as the first screen does, hashes nothing

    digest = hashlib.sha256()
    with atomic_open(path, **options) as handle:
        for piece in [data] if isinstance(data, bytes) else data:
            digest.update(piece)
            handle.write(piece)
    return digest.hexdigest()


def remove(path: Path) -> None:
    """Remove ``path`` durably (never a folder); FileProblem if it cannot be."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise write_error(path, exc) from None
    fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Make a rename or unlink in ``directory`` durable."""
    if os.name == "nt":  # a folder cannot be opened for fsync there; NTFS journals renames
        return
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # a folder we may write but not open: the rename is done, only its sync is lost
    try:
        os.fsync(dir_fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder (EINVAL): nothing more to do
    finally:
        os.close(dir_fd)


def read_only(folder: Path) -> str | None:
    """Why nothing can be written in ``folder`` (read-only file system, permission
    denied), or None when it can (or does not exist yet)."""
    try:
        if hasattr(os, "statvfs") and os.statvfs(folder).f_flag & getattr(os, "ST_RDONLY", 1):
            return _REASONS[errno.EROFS]
    except OSError:
        return None
    if not os.access(folder, os.W_OK | os.X_OK):
        return _REASONS[errno.EACCES]
    return None
