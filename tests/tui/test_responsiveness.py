"""What keeps the UI thread free for keys: the footer kept when its keys stay, the
app's long-lived objects frozen out of the garbage collector while it runs, and a big
index built in a worker process that quitting stops. (The times themselves are in
benchmarks/bench_hostile.py, not here.)"""

from __future__ import annotations

import gc
import multiprocessing
import shutil
import time
from pathlib import Path

import reader.tui.index_process as index_process
from reader.corpus.corpus import load_corpus
from reader.tui.app import make_app
from reader.tui.screens.attributes import AttributeForm
from reader.tui.widgets.corpus_tree import CorpusTree
from reader.tui.widgets.key_footer import KeyFooter
from tests.conftest import ROOT, screen_text, settle

SIZE = (140, 45)


def _ready(app):
    return lambda: app.session.keyword_model is not None


def _keys(app) -> list:
    return list(app.reader.query_one(KeyFooter).children)


async def test_footer_keeps_its_keys_when_they_do_not_change(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, _ready(app))
        before = _keys(app)
        assert before
        await pilot.press("f")  # the form opens over the reader (the stack changes) ...
        await settle(pilot)
        assert isinstance(app.screen, AttributeForm)
        await pilot.press("escape")  # ... and closes
        await settle(pilot)
        after = _keys(app)
        assert [id(k) for k in after] == [id(k) for k in before]  # the same widgets, not rebuilt


async def test_footer_shows_the_new_keys_when_the_focus_changes_them(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, _ready(app))
        footer = app.reader.query_one(KeyFooter)
        reading = {k.description for k in footer.children if hasattr(k, "description")}
        app.query_one(CorpusTree).focus()
        await settle(pilot)
        listing = {k.description for k in footer.children if hasattr(k, "description")}
        assert listing != reading
        tree_keys = {b.description for b in CorpusTree.BINDINGS if getattr(b, "show", False)}
        assert tree_keys and tree_keys <= listing
        bottom = screen_text(app).splitlines()[-1]
        assert all(description in bottom for description in tree_keys)


async def test_the_app_freezes_its_long_lived_objects_only_while_it_runs(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, _ready(app))
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0  # collectable again once the app is gone


def _ended(pid: int) -> bool:
    """The process is gone or a zombie. Asked of the OS: a child that something else
    reaped stays "alive" for multiprocessing, whose waitpid then fails."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "\nState:\tZ" in status


def _children() -> set[int]:
    return {child.pid for child in multiprocessing.active_children() if child.pid is not None}


def _children_gone(earlier: set[int], within: float = 3.0) -> bool:
    """No worker process left once the app is gone (a terminated one is given a moment
    to end; one still working would not end in that time). ``earlier``: processes that
    ran before the test's app, not its to judge."""
    pids = _children() - earlier
    deadline = time.monotonic() + within
    while not all(_ended(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return all(_ended(pid) for pid in pids)


def _entries(index) -> list[tuple]:
    return sorted(
        (e.ref, e.label, e.start, e.end, e.origin, e.date)
        for _page, entries in index.page_entries()
        for e in entries
    )


async def test_a_big_index_is_built_in_a_worker_process_as_it_is_in_a_thread(
    corpus, segmenter, tmp_path, monkeypatch
):
    built = {}
    earlier = _children()
    real_mapper = index_process.IndexProcess.mapper
    for how, limit in (("thread", 10**12), ("process", 0)):
        monkeypatch.setattr(index_process, "PROCESS_BYTES", limit)
        mappers = []

        def spy(self, todo, mappers=mappers):
            mappers.append(real_mapper(self, todo))
            return mappers[-1]

        monkeypatch.setattr(index_process.IndexProcess, "mapper", spy)
        app = make_app(corpus, segmenter=segmenter, annotations=tmp_path / how)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, _ready(app), limit=60)
            index = app.session.index
            built[how] = _entries(index)
            assert (mappers[0] is not None) == (how == "process")
            if how == "process":
                # The worker counted the words too: the keyword model had none to segment.
                assert index.words_missing() == []
                assert app.session.keyword_model.documents == sum(len(p.articles) for p in corpus.pages)
    assert built["process"] == built["thread"] and built["thread"]
    assert _children_gone(earlier)


def _indexing_in_a_process(tmp_path, monkeypatch, segmenter):
    """An app on a copy of the seeds that builds its index in a worker process."""
    pages = tmp_path / "pages"
    shutil.copytree(ROOT / "seeds", pages)
    monkeypatch.setattr(index_process, "PROCESS_BYTES", 0)
    return make_app(load_corpus(pages), segmenter=segmenter, annotations=tmp_path / "ann")


async def _worker_started(pilot, earlier: set[int]) -> None:
    for _ in range(200):  # not settle(): it waits for the workers to finish
        if _children() - earlier:
            return
        await pilot.pause(0.05)
    raise AssertionError("no worker process started")


async def test_quitting_stops_the_index_worker_process(tmp_path, monkeypatch, segmenter):
    earlier = _children()
    app = _indexing_in_a_process(tmp_path, monkeypatch, segmenter)
    async with app.run_test(size=SIZE) as pilot:
        await _worker_started(pilot, earlier)
        assert not app._index_complete  # still indexing
        await pilot.press("q")
    # Within the second quitting may take; the worker, only just started, would
    # still be loading jieba then.
    assert _children_gone(earlier, within=1.0)


async def test_an_index_worker_process_that_dies_is_reported_not_waited_for(tmp_path, monkeypatch, segmenter):
    earlier = _children()
    app = _indexing_in_a_process(tmp_path, monkeypatch, segmenter)
    async with app.run_test(size=SIZE) as pilot:
        await _worker_started(pilot, earlier)
        for child in multiprocessing.active_children():
            if child.pid not in earlier:
                child.kill()  # as the kernel kills a process that takes too much memory
        await settle(pilot, lambda: "index:" in screen_text(app), limit=30)
        assert "terminated abruptly" in screen_text(app)
        assert not app._index_complete
    assert _children_gone(earlier)


async def test_an_index_built_in_a_thread_waits_for_jiebas_load(tmp_path, monkeypatch):
    from reader.corpus.index import CorpusIndex

    pages = tmp_path / "pages"
    shutil.copytree(ROOT / "seeds", pages)
    app = make_app(load_corpus(pages), annotations=tmp_path / "ann")  # jieba loads in its worker
    seen = []
    real_refresh = CorpusIndex.refresh

    def refresh(index, *args, **kwargs):
        seen.append(app.session.segmenter is not None or app._jieba_loaded.is_set())
        return real_refresh(index, *args, **kwargs)

    monkeypatch.setattr(CorpusIndex, "refresh", refresh)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, _ready(app), limit=60)
    assert seen == [True]  # the pages were read once jieba was loaded, not beside it


def test_a_process_that_ends_with_the_app_does_not_wait_for_its_workers():
    from types import SimpleNamespace

    from reader.cli.read import finish

    seen = []
    app = SimpleNamespace(worker_exit_grace=0.3, return_code=0, _exception=None)
    app.run = lambda headless: seen.append(app.worker_exit_grace)
    finish(app, exit_process=True)  # not a Textual App: finish returns instead of os._exit
    finish(app, exit_process=False)
    assert seen == [0.0, 0.0]
    app.worker_exit_grace = 0.3
    finish(app, exit_process=False)  # a test's app: its workers get their moment to stop
    assert seen[-1] == 0.3


def test_daemon_workers_are_left_at_once_without_a_grace():
    from reader.tui.threads import DaemonExecutor

    for grace, still_running in ((0.0, True), (5.0, False)):
        executor = DaemonExecutor(grace)
        executor.submit(time.sleep, 0.5)  # a worker inside a long pass
        executor.shutdown()  # what asyncio.run does when the app ends
        worker = executor._started[0]
        assert worker.is_alive() == still_running
        worker.join()
