"""Running one function over many pages: here, in a local process pool, or on Dask.

Every engine yields the results in the order of the items, as soon as the next one
in order is ready, so output streams and is the same whichever engine made it.
Dask gets coarse partitions (up to ``PARTITION`` pages each): one task per page
would cost more in scheduling than the page takes to extract. A page that raises is
turned into a result by ``safe`` (its path and the error), so it does not stop the
others; the callers' functions already return problems as values.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.pool import Pool

T = TypeVar("T")
R = TypeVar("R")
PARTITION = 250
ENGINES = ("local", "dask")


class EngineError(Exception):
    """The engine cannot start (Dask not installed, scheduler unreachable): one line."""


def partition_size(items: int, workers: int) -> int:
    """Up to PARTITION pages, but at least four partitions per worker on a small folder."""
    return max(1, min(PARTITION, math.ceil(items / max(1, workers * 4))))


def partitions(items: Sequence[T], size: int) -> list[list[T]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def _ignore_sigint(parent: int | None = None) -> None:
    """Pool initializer: Ctrl-C reaches the whole process group, and the parent alone
    should answer it (by ending the pool), not every worker with a traceback. The worker
    ends with its ``parent`` however that ends (see _die_with_parent)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:
        _die_with_parent(parent)


PARENT_POLL = 0.25  # seconds between a worker's looks at its parent


def _die_with_parent(parent: int) -> None:
    """End this worker process as soon as ``parent`` (the process that started it) is
    gone, even killed by SIGKILL, which no handler of the parent sees: a worker left
    behind would read pages for minutes and hold its memory. On Linux the kernel sends
    SIGKILL (prctl PR_SET_PDEATHSIG); everywhere a thread looks at the parent pid."""
    import threading

    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass  # no prctl: the thread below still does it

    def watch() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(PARENT_POLL)
        os._exit(1)

    if os.getppid() != parent:  # gone already, before the prctl took effect
        os._exit(1)
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _run_partition(fn: Callable[[Any], Any], part: list[Any]) -> list[Any]:
    return [fn(item) for item in part]


def _quiet_worker(parent: int | None = None) -> None:
    """Pool initializer under a full-screen app: Ctrl-C is the parent's, and nothing a
    worker might print (a warning, a library's log line) lands on the app's screen."""
    _ignore_sigint(parent)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)


@contextmanager
def stderr_with_a_file(quiet: bool = False) -> Iterator[None]:
    """A real file as sys.stderr while multiprocessing starts its helper process (the
    resource tracker), which writes to that file: under Textual sys.stderr can be a
    capture whose fileno is -1, which makes the start fail ("bad value(s) in
    fds_to_keep"); and under a full-screen app (``quiet``) the tracker's warnings at
    exit would land on the terminal. In both cases it is /dev/null for that moment."""
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (OSError, ValueError, AttributeError):
        usable = False
    if usable and not quiet:
        yield
        return
    with open(os.devnull, "w") as null:
        saved, sys.stderr = sys.stderr, null
        try:
            yield
        finally:
            sys.stderr = saved


def process_pool(jobs: int) -> Pool:
    """``jobs`` worker processes, started fresh (spawn: a fork of a process with threads,
    as the reader is, can inherit a lock some thread held), leaving Ctrl-C to the parent."""
    import multiprocessing

    with stderr_with_a_file():
        return multiprocessing.get_context("spawn").Pool(
            jobs, initializer=_ignore_sigint, initargs=(os.getpid(),)
        )


def process_executor(jobs: int, *, quiet: bool = False) -> ProcessPoolExecutor:
    """``process_pool`` as an executor, for the reader: a worker process that dies
    (killed for its memory) fails the work with BrokenProcessPool, where a Pool would
    wait for its result for ever. ``quiet``: the workers' output goes nowhere (under
    the TUI). Its processes start at the first submit: submit inside
    ``stderr_with_a_file(quiet)`` too. Stop it with ``stop_executor``."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    initializer = _quiet_worker if quiet else _ignore_sigint
    context = multiprocessing.get_context("spawn")
    with stderr_with_a_file(quiet):  # its queues' locks start multiprocessing's helper process
        return ProcessPoolExecutor(jobs, mp_context=context, initializer=initializer, initargs=(os.getpid(),))


def stop_executor(executor: ProcessPoolExecutor) -> None:
    """Cancel what waits and end the worker processes now, even mid-page: shutdown alone
    lets a worker finish its page (seconds on a big one) after the app has quit."""
    terminate = getattr(executor, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def run_local(fn: Callable[[T], R], items: Sequence[T], jobs: int) -> Iterator[R]:
    if jobs == 1 or len(items) < 4:
        yield from map(fn, items)
        return
    pool = process_pool(jobs)
    try:
        # imap keeps page order while streaming: output starts with the first page.
        yield from pool.imap(fn, items, chunksize=max(1, min(64, len(items) // (jobs * 8))))
    finally:
        # Also on Ctrl-C or a closed pipe: the workers stop now, not after the corpus.
        pool.terminate()
        pool.join()


def dask_client(scheduler: str | None, jobs: int) -> Any:
    """A client of the scheduler at ``scheduler`` (or $DASK_SCHEDULER_ADDRESS), else of a
    local cluster with one single-threaded worker process per core: the extractor is
    pure Python and holds the GIL, so threads would not run side by side."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineError("--engine dask needs Dask: pip install 'epireader[dask]'") from exc
    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
    try:
        if address:
            return Client(address, timeout="10s")
        cluster = LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
        )
        return Client(cluster)
    except OSError as exc:
        raise EngineError(f"cannot reach the Dask scheduler {address}: {exc}") from exc


def run_dask(fn: Callable[[T], R], items: Sequence[T], jobs: int, scheduler: str | None) -> Iterator[R]:
    client = dask_client(scheduler, jobs)
    try:
        workers = len(client.scheduler_info().get("workers", {})) or jobs
        parts = partitions(items, partition_size(len(items), workers))
        futures = [client.submit(_run_partition, fn, part, pure=False) for part in parts]
        for future in futures:
            yield from future.result()
            future.release()  # the partition's results leave the worker's memory
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None:
            cluster.close()


def run(
    fn: Callable[[T], R],
    items: Sequence[T],
    engine: str = "local",
    jobs: int = 0,
    scheduler: str | None = None,
) -> Iterator[R]:
    """``fn`` over ``items`` in item order. ``fn`` must be a module-level function (it is
    pickled by reference for the worker processes)."""
    jobs = jobs or os.cpu_count() or 1
    if engine == "dask":
        return run_dask(fn, items, jobs, scheduler)
    return run_local(fn, items, jobs)
