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
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class DaemonExecutor(ThreadPoolExecutor):
    """A new daemon thread per task (asyncio accepts only a ThreadPoolExecutor)."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # handed to the awaiting worker, which reports it
                future.set_exception(exc)

        threading.Thread(target=run, name="epireader-worker", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to join: the threads are daemons."""


def workers_in_daemon_threads() -> None:
    """Call from the app's `on_load`, inside its running loop."""
    asyncio.get_running_loop().set_default_executor(DaemonExecutor())
