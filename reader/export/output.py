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

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from reader.export.errors import ExportError
from reader.text import files


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
            raise ExportError(f"cannot export to {root}: {files.reason(exc)}") from exc

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
            # A link in the way is replaced (its target untouched); a FIFO or folder is not.
            target = folder / relative.name
            with files.atomic_open(target, text=True, durable=False, replace_link=True) as handle:
                yield handle
        except files.NotRegular as exc:  # a FIFO or a folder where the file goes
            raise ExportError(f"cannot write {path}: {exc}") from exc
        except files.FileProblem as exc:  # already a line that names the file
            raise ExportError(str(exc)) from exc
        except OSError as exc:
            raise ExportError(f"cannot write {path}: {files.reason(exc)}") from exc
        self.written.append(path)
