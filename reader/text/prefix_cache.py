"""jieba's prefix dictionary, loaded in pieces so that the reader stays responsive.

jieba keeps its ~500,000 words and prefixes as one marshal'd dict (/tmp/jieba.cache)
and loads it with one ``marshal.load``: 0.3-0.9 s in a single C call that never lets
go of the GIL. The reader loads jieba in a worker thread while the first screen is
already up, and every key pressed in that time waited for the whole load (the tag
form took up to 1.4 s instead of 0.3). Here the same dict is kept as pieces of
``PIECE`` entries, each loaded by its own ``marshal.loads`` (~20-30 ms): the UI thread
gets the GIL between pieces. The whole load is also faster (~0.25 s). The file is a
JSON header line (the key, the total, the pieces' sizes and their SHA-256), then the
pieces.

The cache lives in the user's cache folder ($XDG_CACHE_HOME/epireader, else
~/.cache/epireader), not in the shared /tmp: marshal data is trusted input. It is
keyed by everything that could change the dict (jieba's version, the dictionary
file's path, size and mtime, Python's version); a cache that does not fit, or cannot
be read, is rebuilt from jieba's own load. Nothing else of jieba is touched: only
the tokenizer's ``FREQ``, ``total`` and ``initialized``, which jieba's own
``initialize`` sets.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
from pathlib import Path
from typing import Any

from reader.text import file_reads, files

PIECE = 20_000
FORMAT = 2
HEADER_LIMIT = 65_536  # bytes: a header line longer than this is not ours


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/epireader, else ~/.cache/epireader (a relative $XDG_CACHE_HOME is
    ignored, as the XDG spec says)."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "epireader"


def _dictionary_path(tokenizer: Any) -> str:
    import jieba

    return os.path.abspath(tokenizer.dictionary or os.path.join(os.path.dirname(jieba.__file__), "dict.txt"))


def _key(tokenizer: Any) -> tuple[object, ...]:
    import jieba

    path = _dictionary_path(tokenizer)
    stat = os.stat(path)
    python = (sys.version_info[:2], marshal.version)
    return (FORMAT, jieba.__version__, path, stat.st_size, stat.st_mtime_ns, python)


def cache_path(tokenizer: Any, folder: Path) -> Path:
    digest = hashlib.sha1(repr(_key(tokenizer)).encode("utf-8")).hexdigest()[:16]
    return folder / f"jieba-prefix-{digest}.cache"


def _read(path: Path, key: tuple[object, ...]) -> tuple[dict[str, int], int] | None:
    """The dict and total from the cache, one piece at a time; None if it does not fit.

    marshal is not made for data it did not write: garbage can make it allocate
    gigabytes. So the pieces are only unmarshalled once their SHA-256 matches the one
    the header (a JSON line) gives."""
    try:
        with file_reads.open_regular(path) as handle:  # a FIFO in its place is refused, never waited on
            header = json.loads(handle.readline(HEADER_LIMIT))
            body = handle.read()
        if not isinstance(header, dict) or header.get("key") != _json(key):
            return None
        sizes, total = header["pieces"], header["total"]
        if sum(sizes) != len(body) or hashlib.sha256(body).hexdigest() != header["sha256"]:
            return None
        freq: dict[str, int] = {}
        at = 0
        for size in sizes:
            freq.update(marshal.loads(body[at : at + size]))
            at += size
    except (OSError, ValueError, TypeError, KeyError, EOFError):
        return None
    if len(freq) != header.get("words") or not isinstance(total, int):
        return None
    return freq, total


def _write(path: Path, key: tuple[object, ...], freq: dict[str, int], total: int) -> None:
    """Written to a temp file and renamed (reader/text/files.py): a reader never sees half
    a cache, and a link, FIFO or folder in its place is left alone. A cache is only a
    speed-up, so a folder that cannot be written is no error."""
    items = list(freq.items())
    pieces = [marshal.dumps(dict(items[at : at + PIECE])) for at in range(0, len(items), PIECE)]
    digest = hashlib.sha256()
    for piece in pieces:
        digest.update(piece)
    header = {
        "key": _json(key),
        "total": total,
        "words": len(items),
        "pieces": [len(piece) for piece in pieces],
        "sha256": digest.hexdigest(),
    }
    try:
        # Not fsynced: the header's SHA-256 refuses a cache a power cut left half-written.
        files.atomic_write(
            path, [json.dumps(header).encode("utf-8") + b"\n", *pieces], durable=False, make_folder=True
        )
    except OSError:
        pass


def _json(value: object) -> object:
    """``value`` as it comes back from JSON (tuples become lists), to compare keys."""
    return json.loads(json.dumps(value))


def load_prefix_dict(tokenizer: Any, folder: Path | None = None) -> bool:
    """Initialise a ``jieba.Tokenizer`` from the cache in pieces; True if the cache was used.

    Without a usable cache the dict is built from the dictionary file itself, as jieba
    builds it (~1.5 s, in Python, so the GIL is shared meanwhile), and the cache is
    written for the next time. jieba's own cache is never read: jieba takes it for its
    default dictionary whatever the file's date, and it lies in the shared /tmp.
    A tokenizer already initialised is left as it is."""
    if tokenizer.initialized:
        return False
    folder = folder or cache_dir()
    key = _key(tokenizer)
    path = cache_path(tokenizer, folder)
    found = _read(path, key)
    used = found is not None
    if found is None:
        found = tokenizer.gen_pfdict(tokenizer.get_dict_file())
        _write(path, key, *found)
    with tokenizer.lock:
        tokenizer.FREQ, tokenizer.total = found
        tokenizer.initialized = True
    return used
