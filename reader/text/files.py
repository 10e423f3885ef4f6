"""Every file the tool keeps of its own, read and written in one place.

What the rest of the tool may rely on:

- **Reading** (``open_regular``, ``read_regular``, ``read_text``) only ever opens a
  regular file. Reading a FIFO blocks until someone writes to it, /dev/zero never ends
  and a tty waits for a key: none of these is ever such a file. A stat refuses them
  before any open (opening some devices has effects of its own); O_NONBLOCK and an
  fstat of what was opened close the gap where the file is swapped in between. A
  link is followed for reading (pages and annotation files may be links) unless
  ``follow=False``.
- **Writing** (``atomic_open``, ``atomic_write``) is atomic: a temp file in the same
  folder (one name scheme, ``.NAME.PID.XXXXXXXX.tmp``), fsync, rename, fsync of the
  folder. A crash leaves the old file or the new one. Nothing is written through a
  symbolic link: a link in the file's place is refused (the tool's own files) or
  replaced by the file (exports, ``replace_link``), its target never touched; a FIFO,
  device or folder in the file's place is never replaced.
- **Locks** (``locked``, ``try_lock``) are files opened without following a link,
  checked to be regular files.
- **Every OS error becomes one line** (``reason``, ``FileProblem``): disk full,
  read-only, permission denied, not a regular file, link refused.

Temp files a killed process left behind are found by ``stale_temps`` (`check` reports
them, the store removes its own when it takes its lock): those whose writer is no
longer running, or that are older than ``STALE_AGE``.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any, BinaryIO


class FileProblem(OSError):
    """A file that cannot be read or written, with its one-line reason as message."""

    def __str__(self) -> str:
        return str(self.args[-1]) if self.args else "file problem"


class NotRegular(FileProblem):
    """A FIFO, device, socket or folder where a file belongs: never read, never replaced."""


class LinkRefused(FileProblem):
    """A symbolic link where one of the tool's own files belongs: never written through."""


class LockTimeout(FileProblem):
    """Another process has held a lock longer than we wait."""


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


def _not_regular(path: Path, mode: int) -> NotRegular:
    return NotRegular(errno.EINVAL, refusal(path, mode))


def _link_refused(path: Path) -> LinkRefused:
    try:
        target = f" (to {os.readlink(path)})"
    except OSError:
        target = ""
    return LinkRefused(
        errno.ELOOP,
        f"{path.name} is a symbolic link{target}; epireader does not write through links: "
        "replace it with a copy of its target, or remove it",
    )


# --- reading ---------------------------------------------------------------------

_READ_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)  # fmt: skip
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


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
        raise _link_refused(path)
    if not stat.S_ISREG(mode):
        raise _not_regular(path, mode)
    try:
        fd = os.open(path, _READ_FLAGS | (0 if follow else _NOFOLLOW))
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:
            raise _link_refused(path) from None
        raise
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode)
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


# --- temp files -------------------------------------------------------------------

# .NAME.PID.XXXXXXXX.tmp; .NAME.XXXXXXXX.tmp is what earlier versions wrote.
_TEMP = re.compile(r"^\.(?P<name>.+?)\.(?:(?P<pid>\d{1,10})\.)?(?P<token>[0-9a-f]{8})\.tmp$")
STALE_AGE = 600.0  # seconds: a temp file this old is left over, whoever wrote it


def temp_path(path: Path) -> Path:
    """A new temp name next to ``path``: hidden, with the writer's pid (see stale_temps)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


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


# --- writing ----------------------------------------------------------------------

_WRITE_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | _NOFOLLOW
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
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
        raise _link_refused(path)
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(path, st.st_mode)
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


# --- locks -----------------------------------------------------------------------

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
        raise _link_refused(path)
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(path, st.st_mode)


def _lock_fd(path: Path) -> int:
    """The lock file opened for locking: made if missing, never through a link, never a
    FIFO or folder (FileProblem with the reason)."""
    flags = os.O_RDWR | os.O_CREAT | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    _lock_checked(path)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _link_refused(path) from None
        raise FileProblem(exc.errno or errno.EIO, f"cannot use the lock file {path}: {reason(exc)}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise _not_regular(path, mode)
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
