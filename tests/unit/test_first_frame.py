"""What `epireader PATH` loads before its first frame (the article list): the list's
own modules, not the reading session, the annotation store, the segmenter, the
extractor or the text panes. Each of those cost the start milliseconds; this keeps
one added back by an import at the top of a module from going unnoticed
(benchmarks/bench_reader.py measures the time itself)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.subprocess

# Runs the command as a person types it, headless, and reports the modules loaded
# when Textual says the first frame is on screen, and whether the garbage collector
# runs then and once the first article is open.
CHILD = """
import gc, json, os, sys, time
from textual.app import App

def first_frame(app):
    from reader.tui.widgets.corpus_tree import CorpusTree
    tree = app.query_one(CorpusTree)
    shown = [tree.label(row.data).plain for row in tree.rows if isinstance(row.data, str)]
    report = {"modules": sorted(sys.modules), "pages": shown, "collecting": gc.isenabled()}
    asked = time.monotonic()

    def collecting_again():
        if gc.isenabled() or time.monotonic() - asked > 30:
            report["collecting_after"] = gc.isenabled()
            print(json.dumps(report), flush=True)
            os._exit(0)

    app.set_interval(0.02, collecting_again)

App.on_ready = first_frame
from reader.cli.main import main
main([sys.argv[1]])
"""

LATER = [
    "reader.session.reading",
    "reader.session.jobs",
    "reader.annotation.model",
    "reader.annotation.store",
    "reader.extraction.lexicon",
    "reader.text.document",
    "reader.text.segment",
    "reader.tui.widgets.article_view",
    "reader.tui.widgets.side_panel",
    "reader.tui.screens.help",
    "jieba",
    "click",  # `epireader PATH` alone does not parse with click (reader/cli/main.py)
]


def test_the_first_frame_is_the_list_and_loads_no_more(tmp_path) -> None:
    # A copy, opened from its own folder: the tags go to a new folder beside it, not
    # to the project's gold (which would print a note through click first).
    pages = tmp_path / "seeds"
    shutil.copytree(SEEDS, pages)
    env = dict(os.environ, TEXTUAL_DRIVER="textual.drivers.headless_driver:HeadlessDriver")
    env.update(COLUMNS="100", LINES="30", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(pages)], capture_output=True, text=True, cwd=tmp_path, env=env,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(report["pages"]) == len(list(SEEDS.glob("*.txt")))  # every page listed
    loaded = set(report["modules"])
    assert "reader.tui.widgets.corpus_tree" in loaded
    assert [name for name in LATER if name in loaded] == []
    # Garbage collection waits for the first frame (see reader/cli/launch.py), then is on.
    assert report["collecting"] is False
    assert report["collecting_after"] is True
