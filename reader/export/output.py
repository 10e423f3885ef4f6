"""Writing an export folder without writing through anything already in it.

Each file is written to a temp file in its own folder and renamed over its name. A
rename replaces a symbolic link itself, so a link planted in the output folder (say
``annotations.jsonl -> ~/.bashrc``) is replaced by the export and its target is left
untouched; a plain ``open(path, "w")`` would have written into the target. A linked
sub-folder is replaced by a real folder for the same reason. Every failure becomes an
ExportError with one line for the user.

Files are not fsynced one by one (unlike annotation files): an export can be written
again, and a brat export of 10,000 pages is 20,000 files.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from reader.export.common import ExportError


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    return (exc.strerror or str(exc)).lower()


def _create_temp(folder: Path, name: str) -> tuple[int, Path]:
    # Not tempfile.mkstemp: it makes files 0600, and an export is read by other tools
    # (a brat server, a teammate); O_CREAT with 0666 leaves the mode to the umask, as a
    # plain write would. O_EXCL: never open something already there.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue


class OutputFolder:
    """The folder an export writes into; ``write`` records each file written, in order."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written: list[Path] = []
        if root.exists() and not root.is_dir():
            raise ExportError(f"cannot export to {root}: it is a file, not a folder")
        try:
            root.mkdir(parents=True, exist_ok=True)
        except FileExistsError as exc:  # a parent is a file
            raise ExportError(f"cannot export to {root}: a part of the path is a file") from exc
        except NotADirectoryError as exc:
            raise ExportError(f"cannot export to {root}: a part of the path is a file") from exc
        except OSError as exc:
            raise ExportError(f"cannot export to {root}: {_reason(exc)}") from exc

    def _folder(self, relative: Path) -> Path:
        """The sub-folder ``relative`` of the root, made real: no part of it a link."""
        folder = self.root
        for part in relative.parts:
            folder = folder / part
            if folder.is_symlink():
                folder.unlink()  # the link goes; whatever it pointed at stays as it was
            if not folder.is_dir():
                folder.mkdir()
        return folder

    def write(self, name: str, content: str) -> Path:
        with self.open(name) as handle:
            handle.write(content)
        return self.written[-1]

    @contextmanager
    def open(self, name: str) -> Iterator[TextIO]:
        """A file to write ``name`` piece by piece: it takes its name when the block ends
        without an error, and is gone if it raises (an export of a 50 MB page is never
        held whole as one string)."""
        relative = Path(name)
        path = self.root / relative
        try:
            folder = self._folder(relative.parent)
            fd, tmp = _create_temp(folder, relative.name)
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                    yield handle
                os.replace(tmp, path)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
        except IsADirectoryError as exc:
            raise ExportError(f"cannot write {path}: a folder of that name is in the way") from exc
        except OSError as exc:
            raise ExportError(f"cannot write {path}: {_reason(exc)}") from exc
        self.written.append(path)
