"""Annotation files on disk: one JSON file per page, saved so that nothing is lost.

- Every save is atomic: a temp file in the same folder, fsync, rename, fsync of the
  folder. A crash leaves either the old file or the new one, never half of one.
- A file that cannot be read (bad JSON, wrong schema, unknown version) is never
  written over: its page is opened read-only for tagging and the reason is shown.
- Two processes on the same folder: each save takes a lock and checks that the file
  on disk is still the one this process last read or wrote; if another process
  changed it, the save is refused with a message instead of overwriting its work.
- If the page text changed since the file was written (hash mismatch), every span is
  re-anchored by its text and context; spans that cannot be placed are kept as
  orphans, in the file and on screen, never dropped.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from reader.annotation.anchoring import reanchor
from reader.annotation.model import SCHEMA_VERSION, PageAnnotations, Tag
from reader.text.page import Page

LOCK_NAME = ".epireader.lock"
# The lock is held only for a digest check and one write: a wait this long means a
# process is stuck holding it, and the user is better told than left with a frozen screen.
LOCK_TIMEOUT = 30.0


class StoreError(Exception):
    """A save or load that must not go ahead; the message is for the user."""


class ConcurrentEdit(StoreError):
    pass


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files("reader.data").joinpath("annotation.schema.json").read_text())


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema  # ~65 ms to import: only when a file is first read

    return jsonschema.Draft202012Validator(schema())


def schema_errors(data: Any) -> list[str]:
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.path))
    return [f"{'/'.join(map(str, e.path)) or '(top)'}: {e.message}" for e in errors]


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

    @property
    def read_only(self) -> bool:
        return self.problem is not None


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def dumps(annotations: PageAnnotations) -> bytes:
    # Sorted spans, fixed key order and a final newline: the same tags give the same bytes.
    return (json.dumps(annotations.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    """Make a rename or unlink in ``directory`` durable."""
    if os.name == "nt":  # a folder cannot be opened for fsync there; NTFS journals renames
        return
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class AnnotationStore:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path_for(self, page_name: str) -> Path:
        stem = page_name[: -len(".txt")] if page_name.endswith(".txt") else page_name
        return self.directory / f"{stem}.json"

    @contextmanager
    def _lock(self) -> Iterator[None]:
        # filelock rather than fcntl: fcntl does not exist on Windows, and filelock picks
        # flock or the Windows equivalent. A new lock object per save, so that two threads
        # of one process exclude each other too. Imported here: ~25 ms, paid at the first save.
        import filelock

        self.directory.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(self.directory / LOCK_NAME, timeout=LOCK_TIMEOUT)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise StoreError(
                f"another process has held {self.directory / LOCK_NAME} for {LOCK_TIMEOUT:.0f} s; "
                "not saving (nothing was written)"
            ) from None
        try:
            yield
        finally:
            lock.release()

    # --- load ------------------------------------------------------------------------

    def load(self, page: Page) -> Loaded:
        path = self.path_for(page.name)
        fresh = PageAnnotations(page.name, page.sha256, len(page.text))
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return Loaded(fresh, path)
        except OSError as exc:
            return Loaded(fresh, path, problem=f"cannot read {path}: {exc.strerror or exc}")
        digest = hashlib.sha256(raw).hexdigest()
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return Loaded(fresh, path, problem=f"{path.name}: not valid JSON ({exc})", disk_digest=digest)
        version = data.get("schema_version") if isinstance(data, dict) else None
        if version != SCHEMA_VERSION:
            problem = (
                f"{path.name}: unknown schema_version {version!r} (this epireader reads {SCHEMA_VERSION})"
            )
            return Loaded(fresh, path, problem=problem, disk_digest=digest)
        errors = schema_errors(data)
        if errors:
            problem = f"{path.name}: does not match the schema: {errors[0]}"
            return Loaded(fresh, path, problem=problem, disk_digest=digest)
        annotations = PageAnnotations.from_json(data)
        loaded = Loaded(annotations, path, disk_digest=digest)
        if annotations.text_sha256 != page.sha256 or annotations.text_length != len(page.text):
            self._reanchor(loaded, page, None)
            annotations.text_sha256 = page.sha256
            annotations.text_length = len(page.text)
        else:
            bad = [s for s in annotations.spans if page.text[s.start : s.end] != s.text]
            if bad:
                # Same hash but offsets disagree with the text: the file was edited by hand.
                self._reanchor(loaded, page, bad)
        return loaded

    @staticmethod
    def _reanchor(loaded: Loaded, page: Page, only: list[Tag] | None) -> None:
        result = reanchor(loaded.annotations, page.text, only)
        loaded.changed = True
        loaded.moved += result.moved
        loaded.messages.extend(result.messages)

    # --- save ------------------------------------------------------------------------

    def save(self, loaded: Loaded) -> None:
        if loaded.read_only:
            raise StoreError(f"not saving: {loaded.problem}")
        data = dumps(loaded.annotations)
        with self._lock():
            on_disk = file_digest(loaded.path)
            if on_disk != loaded.disk_digest:
                raise ConcurrentEdit(
                    f"{loaded.path.name} was changed by another epireader process or editor; "
                    "not overwriting it."
                )
            atomic_write(loaded.path, data)
            loaded.disk_digest = hashlib.sha256(data).hexdigest()
