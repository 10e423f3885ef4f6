"""What keeps the UI thread free for keys: the footer kept when its keys stay, the
app's long-lived objects frozen out of the garbage collector while it runs, and a big
index built in a worker process that quitting stops. (The times themselves are in
benchmarks/bench_hostile.py, not here.)"""

from __future__ import annotations

import gc
import time

from reader.tui.app import make_app
from reader.tui.screens.attributes import AttributeForm
from reader.tui.widgets.corpus_tree import CorpusTree
from reader.tui.widgets.key_footer import KeyFooter
from tests.conftest import screen_text, settle

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


def test_a_process_that_ends_with_the_app_does_not_wait_for_its_workers():
    from types import SimpleNamespace

    from reader.cli.launch import finish

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
