"""Annotation files on disk: one JSON file per page, saved so that nothing is lost.

This module handles bytes and the lock; what a file must hold is checked by
reader/annotation/fileformat.py, and re-anchoring is reader/annotation/anchoring.py.

- Every save is atomic: a temp file in the same folder, fsync, rename, fsync of the
  folder. A crash leaves either the old file or the new one, never half of one.
- A file that cannot be read (bad JSON, nested too deeply, wrong schema, unknown
  version, offsets that are not whole numbers) is never written over: its page is
  opened read-only for tagging and the reason is shown.
- Only a regular file (or a link to one) is read: a FIFO, device or socket in a
  file's place is refused without opening it for reading (a FIFO would block for
  ever), its page opens read-only with the reason, and a save never replaces it.
- A page left with nothing (no tags, orphans, rejections or reviewed marks) has no
  file: the save removes it, under the same lock and check as a write.
- Two processes on the same folder: each save takes a lock and checks that the file
  on disk is still the one this process last read or wrote; if another process
  changed it, the save is refused with a message instead of overwriting its work.
- If the page text changed since the file was written (hash mismatch), every span is
  re-anchored by its text and context; spans that cannot be placed are kept as
  orphans, in the file and on screen, never dropped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.annotation import fileformat
from reader.annotation.anchoring import reanchor
from reader.annotation.fileformat import (
    CorruptFile,
    StoreError,
    digest,
    dumped,
    dumps,
    file_errors,
    schema_errors,
)
from reader.annotation.model import PageAnnotations, ReadTag, Tag
from reader.text import file_locks, file_reads, file_temps, files
from reader.text.page import Page

LOCK_NAME = ".epireader.lock"
USER_DICT_NAME = "userdict.txt"  # the project's jieba words: `epireader teach --apply`
# The lock is held only for a digest check and one write: a wait this long means a
# process is stuck holding it, and the user is better told than left with a frozen screen.
LOCK_TIMEOUT = 30.0


class ConcurrentEdit(StoreError):
    pass


@dataclass
class Loaded:
    """A page's annotations as loaded, with what the user must be told about them."""

    annotations: PageAnnotations
    path: Path
    problem: str | None = None  # set: the file is unreadable and the page is read-only
    changed: bool = False  # the page text changed since the file was written
    moved: int = 0  # spans re-anchored to a new place
    disk_digest: str | None = None  # hash of the file's bytes as last read or written
    messages: list[str] = field(default_factory=list)
    batch: bool = False  # read for a batch pass (spans as ReadTag): never saved

    @property
    def read_only(self) -> bool:
        return self.problem is not None or self.batch


class Unreadable(CorruptFile):
    """A corrupt file, with the digest of its bytes (the save's check of what is on disk)."""

    def __init__(self, message: str, digest: str) -> None:
        super().__init__(message)
        self.digest = digest


def read_file(
    path: Path, tag: Callable[[dict[str, Any]], Any] = Tag.from_json
) -> tuple[PageAnnotations, str]:
    """The annotations in ``path`` and the SHA-256 of its bytes, read in pieces (a file of
    250,000 tags is never whole in memory), each span made by ``tag``. Unreadable (a
    CorruptFile) with the reason and the digest; OSError (files.NotRegular for a FIFO …)
    as the file system says."""
    digest = hashlib.sha256()

    def hashed(pieces: Iterator[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            digest.update(piece)
            yield piece

    with file_reads.open_regular(path) as handle:
        pieces = hashed(file_reads.chunks(handle))
        try:
            annotations = fileformat.read(pieces, path.name, tag)
        except CorruptFile as exc:
            for _ in pieces:  # the digest covers the whole file, read or not
                pass
            raise Unreadable(str(exc), digest.hexdigest()) from None
    return annotations, digest.hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(file_reads.read_regular(path)).hexdigest()
    except FileNotFoundError:
        return None


def atomic_write(path: Path, data: bytes | Iterable[bytes]) -> str:
    """Write ``data`` to ``path`` atomically (reader/text/files.py), never through a link:
    the SHA-256 of what was written. A FIFO or link in its place, a full disk or a
    read-only folder is a StoreError with one line."""
    try:
        return files.atomic_write(path, data, make_folder=True)
    except OSError as exc:
        raise WriteFailed(files.write_error(path, exc)) from None


class WriteFailed(StoreError):
    """The file could not be written (disk full, read-only, permission): one line.
    ``no_more_writes``: the folder will take no other file either (a full disk, a
    read-only folder, a lock file that cannot be used): a batch stops there."""

    def __init__(self, problem: OSError | str, no_more_writes: bool | None = None) -> None:
        super().__init__(str(problem))
        if no_more_writes is None:
            no_more_writes = isinstance(problem, OSError) and files.no_more_writes(problem)
        self.no_more_writes = no_more_writes


class AnnotationStore:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._cleaned: set[Path] = set()  # folders whose stale temp files are gone

    def path_for(self, page_name: str) -> Path:
        stem = page_name[: -len(".txt")] if page_name.endswith(".txt") else page_name
        return self.directory / f"{stem}.json"

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the folder's lock (reader/text/file_locks.py: flock, or filelock on Windows): a
        new descriptor each time, so that two threads of one process exclude each other
        too. The lock file is never a link, a FIFO or a folder. The first time a folder
        is locked, temp files a killed writer left in it are removed."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteFailed(files.write_error(self.directory, exc)) from None
        try:
            with file_locks.locked(self.directory / LOCK_NAME, LOCK_TIMEOUT):
                self._clean(self.directory)
                yield
        except file_locks.LockTimeout as exc:
            raise StoreError(f"{exc}; not saving (nothing was written)") from None
        except (files.NotRegular, files.LinkRefused) as exc:
            raise WriteFailed(f"the lock file {exc}; not saving (nothing was written)", True) from None
        except files.FileProblem as exc:
            raise WriteFailed(f"{exc}; not saving (nothing was written)", True) from None

    def _clean(self, folder: Path) -> None:
        """Temp files of this folder's own files whose writer is gone (once a folder)."""
        if folder not in self._cleaned:
            self._cleaned.add(folder)
            file_temps.remove_stale_temps(folder, wanted=owned)

    # --- load ------------------------------------------------------------------------

    def load(self, page: Page, *, batch: bool = False) -> Loaded:
        """The page's annotations. ``batch``: for a pass that only reads them (eval, the
        index): spans as ReadTag, and the Loaded read-only. A file that does not fit
        its page as it is (the page changed, or offsets were edited by hand) is loaded
        whole and re-anchored first, as for editing, so both passes see the same spans."""
        path = self.path_for(page.name)
        fresh = PageAnnotations(page.name, page.sha256, len(page.text))
        try:
            annotations, digest = read_file(path, ReadTag.from_json if batch else Tag.from_json)
        except FileNotFoundError:
            return Loaded(fresh, path, batch=batch)
        except files.NotRegular as exc:
            return Loaded(fresh, path, problem=str(exc))
        except OSError as exc:
            return Loaded(fresh, path, problem=f"cannot read {path}: {files.reason(exc)}")
        except Unreadable as exc:
            return Loaded(fresh, path, problem=str(exc.args[0]), disk_digest=exc.digest)
        loaded = Loaded(annotations, path, disk_digest=digest)
        # Offsets past the end of the page text (whole numbers, checked by parse) are
        # re-anchored like any moved tag, not refused as corrupt: the tag keeps its text
        # and context, so it is placed again or kept as an orphan and nothing is lost,
        # and the rest of the page stays editable. A shortened page gives such offsets
        # honestly; re-anchoring is the answer to that already.
        moved = annotations.text_sha256 != page.sha256 or annotations.text_length != len(page.text)
        # Same hash but offsets that disagree with the text: the file was edited by hand.
        bad = [] if moved else [s for s in annotations.spans if page.text[s.start : s.end] != s.text]
        if batch:
            if moved or bad:
                del annotations, loaded, bad
                return self._for_batch(self.load(page))
            loaded.batch = True
        elif moved:
            self._reanchor(loaded, page, None)
            annotations.text_sha256 = page.sha256
            annotations.text_length = len(page.text)
        elif bad:
            self._reanchor(loaded, page, bad)
        return loaded

    @staticmethod
    def _for_batch(loaded: Loaded) -> Loaded:
        if loaded.problem is None:
            ann = loaded.annotations
            ann.spans = [ReadTag.of(t) for t in ann.spans]
            ann.orphans = [ReadTag.of(t) for t in ann.orphans]
            loaded.batch = True
        return loaded

    @staticmethod
    def _reanchor(loaded: Loaded, page: Page, only: list[Tag] | None) -> None:
        result = reanchor(loaded.annotations, page.text, only)
        loaded.changed = True
        loaded.moved += result.moved
        loaded.messages.extend(result.messages)

    # --- save ------------------------------------------------------------------------

    def save(self, loaded: Loaded) -> None:
        """Write ``loaded`` to its file, or remove the file when nothing is left in it."""
        if loaded.read_only:
            raise StoreError(f"not saving: {loaded.problem or 'read for a batch pass, not for editing'}")
        path = loaded.path
        # Written as it is made, a record at a time (a page of 250,000 tags is ~100 MB).
        data = None if is_empty(loaded.annotations) else dumped(loaded.annotations)
        with self.lock():
            self._clean(path.parent)
            # A link is refused rather than followed or replaced. Following writes outside
            # the folder that the lock and digest check cover; replacing the link with a
            # file would quietly stop updating whatever it pointed to. A link here was put
            # there on purpose, so the person who did it decides.
            try:
                files.check_target(path)
            except files.FileProblem as exc:
                raise StoreError(str(exc)) from None
            # A FIFO or device put here since the load: file_digest refuses it
            # (files.NotRegular) before reading, so the rename never replaces it.
            try:
                on_disk = file_digest(path)
            except files.NotRegular as exc:
                raise StoreError(str(exc)) from None
            except OSError as exc:
                raise StoreError(f"cannot read {path}: {files.reason(exc)}; not saving") from None
            if on_disk != loaded.disk_digest:
                raise ConcurrentEdit(
                    f"{path.name} was changed by another epireader process or editor; not overwriting it."
                )
            if data is not None:
                loaded.disk_digest = atomic_write(path, data)
            elif on_disk is not None:
                try:
                    files.remove(path)
                except OSError as exc:
                    raise WriteFailed(exc) from None
                loaded.disk_digest = None


def owned(name: str) -> bool:
    """A file of an annotations folder that is written under the store's lock: an
    annotation file, and what `teach --apply` writes (the lexicon: see
    reader/extraction/lexicon.py)."""
    return name.endswith(".json") or name in (USER_DICT_NAME, "lexicon.toml")


def is_empty(annotations: PageAnnotations) -> bool:
    return not (annotations.spans or annotations.orphans or annotations.rejected or annotations.reviewed)


__all__ = [
    "AnnotationStore",
    "ConcurrentEdit",
    "CorruptFile",
    "Loaded",
    "StoreError",
    "Unreadable",
    "WriteFailed",
    "atomic_write",
    "digest",
    "dumped",
    "dumps",
    "file_digest",
    "file_errors",
    "read_file",
    "schema_errors",
]  # fmt: skip
