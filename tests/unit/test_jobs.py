"""The session's background jobs, run as plain functions: no app, no Textual.

The index's worker process: it builds the same index a thread builds, ends when
stopped, is reported (not waited for) when it dies, and a thread waits for jieba.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import threading
import time
from concurrent.futures.process import BrokenProcessPool

import pytest

import reader.session.index_process as index_process
from reader.corpus.corpus import load_corpus
from reader.session.jobs import IndexOpened, Jobs, PagesIndexed, Progress, collect
from reader.session.reading import ReadingSession
from tests.conftest import ROOT

pytestmark = pytest.mark.subprocess


def _children() -> set[int]:
    return {p.pid for p in multiprocessing.active_children()}


def _gone(earlier: set[int], within: float = 4.0) -> bool:
    deadline = time.monotonic() + within
    while _children() - earlier and time.monotonic() < deadline:
        time.sleep(0.05)
    return not (_children() - earlier)


def _jobs(tmp_path, name: str, segmenter=None) -> Jobs:
    pages = tmp_path / "pages"
    if not pages.exists():
        shutil.copytree(ROOT / "seeds", pages)
    session = ReadingSession(load_corpus(pages), tmp_path / name, "tester")
    jobs = Jobs(session)
    if segmenter is not None:
        jobs.segmenter_given(segmenter, lambda _: None)
    return jobs


def _entries(index) -> list[tuple]:
    entries = (e for _page, entries in index.page_entries() for e in entries)
    return sorted((e.ref, e.label, e.start, e.end, e.origin, e.date) for e in entries)


def test_a_big_index_is_built_in_a_worker_process_as_it_is_in_a_thread(tmp_path, segmenter, monkeypatch):
    built = {}
    earlier = _children()
    for how, limit in (("thread", 10**12), ("process", 0)):
        monkeypatch.setattr(index_process, "PROCESS_BYTES", limit)
        jobs = _jobs(tmp_path, how, segmenter)
        reports, report = collect()
        jobs.build_index(report, lambda: False)
        [index] = [r.index for r in reports if isinstance(r, IndexOpened) and r.complete]
        assert any(isinstance(r, Progress) and r.what == "index" for r in reports)
        written = sum(r.written for r in reports if isinstance(r, PagesIndexed))
        assert written == len(jobs.session.corpus.pages)
        built[how] = _entries(index)
        if how == "process":  # the worker counted the words too: none left to segment
            assert index.words_missing() == []
    assert built["process"] == built["thread"] and built["thread"]
    assert _gone(earlier)


def _worker(earlier: set[int], within: float = 20.0) -> int:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        started = _children() - earlier
        if started:
            return started.pop()
        time.sleep(0.02)
    raise AssertionError("no worker process started")


def test_stopping_ends_the_index_worker_process(tmp_path, segmenter, monkeypatch):
    monkeypatch.setattr(index_process, "PROCESS_BYTES", 0)
    earlier = _children()
    jobs = _jobs(tmp_path, "ann", segmenter)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            jobs.build_index(lambda _: None, lambda: False)
        except BaseException as exc:  # the pool ended under it: that is the point
            failure.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    _worker(earlier)
    jobs.stop(closing=True)
    assert _gone(earlier, within=1.0)
    thread.join(10)
    assert not thread.is_alive()


def test_an_index_worker_process_that_dies_is_an_error_not_a_wait(tmp_path, segmenter, monkeypatch):
    monkeypatch.setattr(index_process, "PROCESS_BYTES", 0)
    earlier = _children()
    jobs = _jobs(tmp_path, "ann", segmenter)

    def kill_it() -> None:
        os.kill(_worker(earlier), 9)  # as the kernel kills a process that takes too much memory

    killer = threading.Thread(target=kill_it, daemon=True)
    killer.start()
    with pytest.raises(BrokenProcessPool):
        jobs.build_index(lambda _: None, lambda: False)
    assert _gone(earlier)


def test_an_index_built_in_a_thread_waits_for_jiebas_load(tmp_path, monkeypatch):
    from reader.corpus.index import CorpusIndex

    jobs = _jobs(tmp_path, "ann")  # no segmenter given: jieba "loads" below
    seen = []
    real_refresh = CorpusIndex.refresh

    def refresh(index, *args, **kwargs):
        seen.append(jobs.jieba_loaded.is_set())
        return real_refresh(index, *args, **kwargs)

    monkeypatch.setattr(CorpusIndex, "refresh", refresh)
    monkeypatch.setattr("reader.session.jobs.JIEBA_WAIT", 5.0)
    threading.Timer(0.3, jobs.jieba_loaded.set).start()
    started = time.monotonic()
    jobs.build_index(lambda _: None, lambda: False)
    assert seen == [True] and time.monotonic() - started >= 0.3  # read once jieba was loaded
