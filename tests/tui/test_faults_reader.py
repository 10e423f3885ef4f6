"""Faults, round two (issue 20), in the reader: it ends with its worker however it is
ended, its views say why they cannot open, a read-only folder still has views, a bad
lexicon crashes nothing, and the status line never contradicts the file on disk."""

from __future__ import annotations

import json
import os
import pty
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from reader.corpus.corpus import load_corpus
from reader.tui.app import make_app
from tests.conftest import ROOT, SEEDS, open_in_app, screen_text, search_to, settle

INDEX = ".epireader-index.sqlite"


# --- 11. no worker outlives the reader ------------------------------------------------


def _marked(mark: str) -> dict[int, str]:
    """pid -> command line of every process whose environment holds ``mark``."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes()
            command = (
                Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            )
        except OSError:
            continue
        if mark.encode() in environ and not Path(f"/proc/{entry}/stat").read_text().split(") ")[1].startswith(
            "Z"
        ):
            found[int(entry)] = command
    return found


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory) -> Path:
    """300 pages, 4.5 MB: the reader indexes them in a worker process (over 1 MB). The
    first is 2 MB of seed text, which keeps the worker busy for seconds: a worker that
    only ended at its next page would still be there."""
    folder = tmp_path_factory.mktemp("big") / "pages"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(60):
        for page in seeds:
            shutil.copy(page, folder / f"{page.stem}-{i}.txt")
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in seeds)
    (folder / "000-long.txt").write_text(text * (2_000_000 // len(text.encode())), encoding="utf-8")
    return folder


@pytest.mark.skipif(
    not Path("/proc/self/environ").exists(), reason="finds the processes through /proc (Linux)"
)
@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL], ids=["TERM", "HUP", "KILL"]
)
def test_no_worker_process_outlives_the_reader_however_it_is_ended(big_folder, tmp_path, signum):
    """SIGTERM and SIGHUP are answered as q (the terminal is given back); after SIGKILL,
    which nothing can answer, the index worker notices its parent is gone. Before: the
    worker and multiprocessing's resource tracker ran on for seconds (SIGHUP: ~30 s)."""
    mark = f"EPIREADER_TEST_{uuid.uuid4().hex}"
    env = {**os.environ, mark: "1", "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "COLUMNS": "120"}
    env["XDG_CACHE_HOME"] = os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache"))
    master, slave = pty.openpty()
    reader = subprocess.Popen(
        [sys.executable, "-m", "reader.cli", str(big_folder), "--annotations", str(tmp_path / "ann")],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
        # A group of its own, not a session: a session leader's death sends SIGHUP to
        # its terminal's processes, which would end the worker for it. From a shell the
        # reader is no session leader either.
        process_group=0,
    )
    os.close(slave)
    shown = bytearray()

    def drain() -> None:  # the app must never block on a full terminal
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            shown.extend(data)

    threading.Thread(target=drain, daemon=True).start()
    try:
        deadline = time.monotonic() + 60
        while not any("multiprocessing" in c and p != reader.pid for p, c in _marked(mark).items()):
            assert reader.poll() is None, bytes(shown[-2000:])
            assert time.monotonic() < deadline, "the reader never started its index worker"
            time.sleep(0.1)
        os.kill(reader.pid, signum)
        code = reader.wait(timeout=10)
        deadline = time.monotonic() + 2  # as the issue asks: none left 2 s after
        while _marked(mark) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _marked(mark) == {}
        if signum != signal.SIGKILL:
            assert code in (0, 128 + signum), code  # ended by itself, not by the signal
            assert b"\x1b[?1049l" in shown  # the terminal is given back, as q does
    finally:
        for pid in _marked(mark):
            os.kill(pid, signal.SIGKILL)
        if reader.poll() is None:
            reader.kill()
        os.close(master)


# --- 15. the views say why they cannot open ----------------------------------------------


async def test_after_the_index_failed_the_views_say_why_instead_of_waiting(segmenter, tmp_path):
    """Here the index path is a FIFO; the same for a full disk or a link in its place."""
    ann = tmp_path / "ann"
    ann.mkdir()
    os.mkfifo(ann / INDEX)
    app = make_app(load_corpus(SEEDS), segmenter=segmenter, annotations=ann)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, lambda: app._index_failed is not None)
        await pilot.press("ctrl+t")
        await pilot.pause()
        notice = app.reader.query_one("#notice").render().plain
        assert "timeline cannot open" in notice and "not a regular file" in notice, notice
        assert "Building the corpus index" not in screen_text(app)


# --- 7. a read-only folder still has its views ------------------------------------------


async def test_the_views_open_on_a_read_only_folder_and_its_index_is_left_as_it_is(
    segmenter, tmp_path, monkeypatch
):
    from reader.text import files
    from reader.tui.screens.timeline import TimelineScreen

    ann = tmp_path / "ann"
    shutil.copytree(ROOT / "annotations", ann, ignore=shutil.ignore_patterns("GOLD.md", ".*"))
    monkeypatch.setattr(files, "read_only", lambda folder: "read-only file system")
    before = sorted(p.name for p in ann.iterdir())
    app = make_app(load_corpus(SEEDS), segmenter=segmenter, annotations=ann)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, lambda: app.session.index is not None and app._index_complete)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
    assert sorted(p.name for p in ann.iterdir()) == before


# --- 4. a lexicon nested too deeply -------------------------------------------------------


async def test_suggestions_work_when_the_lexicon_is_nested_too_deeply(segmenter, tmp_path):
    ann = tmp_path / "ann"
    ann.mkdir()
    (ann / "lexicon.toml").write_text("units = " + "[" * 10000 + "]" * 10000 + "\n", encoding="utf-8")
    app = make_app(load_corpus(SEEDS), segmenter=segmenter, annotations=ann)
    async with app.run_test(size=(140, 45)) as pilot:
        await open_in_app(pilot, app, "000")
        await pilot.press("p")  # was: RecursionError, and the reader crashed
        await settle(pilot)
        assert app.session.mode == "suggest"
        assert app.session.suggestions()


# --- 17. the status line never says "Not saved" of what was saved ------------------------


async def test_a_save_after_a_refused_one_clears_the_not_saved_notice(segmenter, tmp_path):
    ann = tmp_path / "ann"
    ann.mkdir()
    lock = ann / ".epireader.lock"
    lock.mkdir()  # every save refused: the lock file is a folder
    app = make_app(load_corpus(SEEDS), segmenter=segmenter, annotations=ann)
    async with app.run_test(size=(140, 45)) as pilot:
        await open_in_app(pilot, app, "000")
        await search_to(pilot, "8200")
        await pilot.press("shift+right", "F")
        await settle(pilot)
        notice = app.reader.query_one("#notice")
        assert "Not saved" in notice.render().plain
        lock.rmdir()  # the folder can be written again
        await pilot.press("h", "shift+right", "F")  # 8200余名 again: a figure with its numeral, no warning
        await settle(pilot)
        saved = json.loads(next(ann.glob("000*.json")).read_text(encoding="utf-8"))
        assert [t["text"] for t in saved["spans"]] == ["8200余名"]  # saved on disk
        assert "Not saved" not in notice.render().plain or notice.has_class("-empty")
