"""The corpus index's worker process: started for a big folder, ended on quit.

In a thread, the extractor and jieba shared Python's lock (the GIL) with the UI for
seconds: on a 1,000,000-character page the tag form took up to 1.6 s to open instead
of 0.2. Pages to index beyond ``PROCESS_BYTES`` are read in one worker process
instead, with their words, so the keyword model has nothing left to segment.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from pathlib import Path

    from reader.corpus.index import Mapper
    from reader.corpus.records import PageRecord
    from reader.text.page import Page

# Pages to index beyond this many bytes are read in a worker process.
PROCESS_BYTES = 1_000_000


def _size(page: Page) -> int:
    try:
        return os.stat(page.location).st_size
    except OSError:
        return 0


class IndexProcess:
    """At most one worker process at a time, which `stop` ends at once."""

    def __init__(self, root: Path, annotations: Path) -> None:
        self.root, self.annotations = str(root), str(annotations)
        self.executor: ProcessPoolExecutor | None = None  # while it runs
        self._lock = threading.Lock()
        self._closing = False  # the app is ending: no worker process starts any more

    def mapper(self, todo: list[Page]) -> Mapper | None:
        """How the index reads ``todo``: in the worker process, or here (None) when
        the pages are under PROCESS_BYTES."""
        # Stops at the first PROCESS_BYTES: an archive's pages were all stat'ed by
        # `CorpusIndex.stale` just before.
        if not any(total >= PROCESS_BYTES for total in accumulate(map(_size, todo))):
            return None
        from reader.corpus.engines import process_executor, stderr_with_a_file
        from reader.corpus.records import record_of_item

        def mapper(names: list[str]) -> Iterator[PageRecord]:
            # Started under the lock that `stop` takes: the process is either not
            # started at all or known to `stop`, never started behind its back.
            with self._lock:
                if self._closing:
                    return iter(())
                # One process: the other core is the UI's and jieba's.
                executor = self.executor = process_executor(1, quiet=True)
                with stderr_with_a_file(quiet=True):
                    items = [(self.root, name, self.annotations, True) for name in names]
                    return executor.map(record_of_item, items)

        return mapper

    def stop(self, closing: bool = False) -> None:
        """End the worker process now, even mid-page; ``closing``: none starts after."""
        from reader.corpus.engines import stop_executor

        with self._lock:
            self._closing = self._closing or closing
            executor, self.executor = self.executor, None
        if executor is not None:
            stop_executor(executor)


# Signals that end the reader as `q` does: a `kill`, or the terminal closing. A worker
# process also ends by itself when the reader is killed outright (SIGKILL): see
# reader/corpus/engines.py, _die_with_parent.
ENDING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
EXIT_DEADLINE = 3.0  # seconds the app has to end after such a signal before the process goes anyway


def end_on_signals(stop: Callable[[], None], quit_app: Callable[[], None]) -> Callable[[], None]:
    """Answer SIGTERM and SIGHUP as `q`: ``stop`` (the worker process ends now), then
    ``quit_app``; if the app has not ended within EXIT_DEADLINE (a terminal that is gone
    can block its last writes), the process ends anyway. Call in the app's event loop;
    returns what takes the handlers away again."""
    loop = asyncio.get_running_loop()
    installed = []

    def ending(signum: int) -> None:
        stop()
        quit_app()
        timer = threading.Timer(EXIT_DEADLINE, os._exit, (128 + signum,))
        timer.daemon = True
        timer.start()

    for signum in ENDING_SIGNALS:
        try:
            loop.add_signal_handler(signum, ending, signum)
        except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread
            continue
        installed.append(signum)

    def remove() -> None:
        for signum in installed:
            loop.remove_signal_handler(signum)

    return remove
