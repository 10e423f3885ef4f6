"""Thread workers that never hold the process at exit.

Textual runs `@work(thread=True)` workers in the event loop's default executor, and
`asyncio.run` joins that executor's threads before it returns: after `q` on a huge
page, the reader stayed at 100% CPU until the index worker finished (minutes). The
workers here run in daemon threads instead; they check `is_cancelled` between
pages, and whatever they were doing is dropped at exit. Saves run on the main
thread and are atomic, so nothing a person did is lost.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


# How long exit waits for cancelled workers to reach their next check: long enough
# for one page or article, short enough that q still quits within a second. A process
# that ends right after the app (the command line: reader/cli/launch.py) waits for none:
# under jieba's load the wait took 0.6 s of a 0.7 s quit.
EXIT_GRACE = 0.3


class DaemonExecutor(ThreadPoolExecutor):
    """A new daemon thread per task (asyncio accepts only a ThreadPoolExecutor)."""

    def __init__(self, grace: float = EXIT_GRACE) -> None:
        super().__init__()
        self._started: list[threading.Thread] = []
        self._grace = grace

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # handed to the awaiting worker, which reports it
                future.set_exception(exc)

        thread = threading.Thread(target=run, name="epireader-worker", daemon=True)
        self._started = [t for t in self._started if t.is_alive()] + [thread]
        thread.start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Give cancelled workers a moment to stop at their next check, then leave them:
        a worker inside one long pass (a 50 MB page) is dropped with the process."""
        deadline = time.monotonic() + self._grace
        for thread in self._started:
            thread.join(max(0.0, deadline - time.monotonic()))


def workers_in_daemon_threads(grace: float = EXIT_GRACE) -> None:
    """Call from the app's `on_load`, inside its running loop."""
    asyncio.get_running_loop().set_default_executor(DaemonExecutor(grace))
