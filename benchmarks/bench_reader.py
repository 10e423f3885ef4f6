"""Reader speed on this machine: start-up, memory, segmenting, switching articles.

Run: python3 benchmarks/bench_reader.py [--articles 10000] [--repeat 3] [--pairs 25]

Not part of the test run. Every number is measured in this run, side by side with
its baseline (a bare Textual app started the same way), so the ratios hold even on
a slower or busier machine. Start-up is wall time from process start until the
first screen is drawn (headless driver, article list composed), then exit.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from peak import finish, launch  # beside this file

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# Each child reports the wall time from its process start (the parent's clock just
# before it spawns the child) to its first screen, then leaves at once: tear-down
# and background workers are not part of start-up.
FIRST_SCREEN = """
import os, sys, time

def first_screen(app):
    check(app)
    print(time.time() - float(sys.argv[-1]), flush=True)
    os._exit(0)
"""

# Textual sends Ready once the first frame is on screen. (Pilot.pause() would wait
# for an idle CPU instead, which never comes while jieba loads in its worker.)
BARE_APP = (
    FIRST_SCREEN
    + """
from textual.app import App
from textual.widgets import Footer, Static

def check(app):
    pass

class Bare(App):
    def compose(self):
        yield Static("bare")
        yield Footer()

    def on_ready(self):
        first_screen(self)

Bare().run(headless=True, size=(120, 40))
"""
)

# The same bare app with garbage collection off from its start to its first frame,
# as `epireader PATH` runs (reader/cli/launch.py): the ratio to it is what epireader's
# own code adds, the collector's share of Textual's start taken out of both.
BARE_APP_NO_GC = "import gc\ngc.disable()\n" + BARE_APP

# The command a person types, `epireader PATH`, as it runs: the folder's annotations
# found (a new folder beside the pages: the child runs in the pages' parent folder),
# the app made and run. The Textual driver is the headless one (TEXTUAL_DRIVER, in
# CHILD_ENV) at the bare app's size; Ready is hooked on App itself.
READER_APP = (
    FIRST_SCREEN
    + """
from textual.app import App

def check(app):
    from reader.tui.widgets.corpus_tree import CorpusTree
    assert app.query_one(CorpusTree).rows, "article list not shown"

App.on_ready = first_screen
from reader.cli.main import main
main([sys.argv[1]])
"""
)


# Children read and write bytecode in a cache of their own: a person's Python has the
# bytecode of what it ran before, and a machine with PYTHONDONTWRITEBYTECODE set (CI,
# containers) would otherwise compile every module of the project, and none of the
# installed Textual's, at each start. The first child of each kind fills the cache.
BYTECODE = tempfile.mkdtemp(prefix="epireader-bench-pycache-")
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CHILD_ENV["PYTHONPYCACHEPREFIX"] = BYTECODE
CHILD_ENV["PYTHONPATH"] = str(ROOT)  # the reader's children run outside the project
CHILD_ENV.update(TEXTUAL_DRIVER="textual.drivers.headless_driver:HeadlessDriver", COLUMNS="120", LINES="40")


def run_child(code: str, *args: str) -> tuple[float, float]:
    """Seconds from process start to first screen, and peak RSS (MB), of a child; one
    given a folder runs in that folder's parent (see READER_APP)."""
    proc, report = launch(
        [sys.executable, "-c", code, *args, repr(time.time())],
        cwd=Path(args[0]).parent if args else ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=CHILD_ENV,
    )
    out_bytes, err_bytes = proc.communicate()
    status, peak_mb = finish(proc, report)
    out = out_bytes.decode()
    if status != 0 or not out.strip():
        raise SystemExit(f"child failed ({status}): {err_bytes.decode()[-2000:]}")
    return float(out.strip().splitlines()[-1]), peak_mb


def make_big_corpus(folder: Path, articles: int, per_page: int = 5) -> None:
    """``articles`` articles, ``per_page`` to a page, made of the seed articles' body paragraphs."""
    from reader.corpus.corpus import load_corpus

    seeds = load_corpus(SEEDS)
    bodies = []
    for page, article in seeds.articles:
        paragraphs = [
            "".join(page.text[s:e] for s, e in p.parts) for p in article.paragraphs if p.kind == "body"
        ]
        if paragraphs:
            bodies.append("\n\n".join(paragraphs))
    for n in range(0, articles, per_page):
        chunks = []
        for i in range(n, min(n + per_page, articles)):
            chunks.append(f"第{i}号 防疫报道\n\n{bodies[i % len(bodies)]}\n\n记者 测试{i}")
        (folder / f"page_{n // per_page:05d}.txt").write_text("\n\n".join(chunks) + "\n", encoding="utf-8")


def median_of(repeat: int, code: str, *args: str) -> tuple[float, float]:
    run_child(code, *args)  # fills the bytecode cache; not counted
    runs = [run_child(code, *args) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def startup_pair(repeat: int, folder: Path) -> dict[str, float]:
    """The bare app (as it starts, and with collection off) and the reader on
    ``folder``, started in turns so that a load coming and going on the machine falls
    on all alike: medians (s), peaks (MB) and the medians of the ratios of runs made
    side by side."""
    kinds = {"bare": (BARE_APP,), "bare_no_gc": (BARE_APP_NO_GC,), "reader": (READER_APP, str(folder))}
    for child in kinds.values():
        run_child(*child)  # fill the bytecode cache; not counted
    runs: dict[str, list[tuple[float, float]]] = {kind: [] for kind in kinds}
    for _ in range(repeat):
        for kind, child in kinds.items():
            runs[kind].append(run_child(*child))
    found = {}
    for kind, measured in runs.items():
        found[kind] = statistics.median(m[0] for m in measured)
        found[f"{kind}_mb"] = max(m[1] for m in measured)
    for base in ("bare", "bare_no_gc"):
        pairs = zip(runs[base], runs["reader"], strict=True)
        found[f"ratio_{base}"] = statistics.median(r[0] / b[0] for b, r in pairs)
    return found


async def in_process(repeat: int) -> dict[str, float]:
    from reader.corpus.corpus import load_corpus
    from reader.corpus.keywords import KeywordModel
    from reader.text.document import Document
    from reader.text.layout import layout_article
    from reader.text.segment import Segmenter
    from reader.tui.app import make_app

    corpus = load_corpus(SEEDS)
    started = time.perf_counter()
    segmenter = Segmenter()
    load = time.perf_counter() - started
    page, article = max(corpus.articles, key=lambda pa: pa[1].length)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        doc = Document.open(page, article)
        doc.set_tokens(segmenter.tokenize(doc.view))
        KeywordModel(segmenter).keywords(doc.tokens)
        layout_article(page.text, article, 80, doc.view.glosses)
        times.append(time.perf_counter() - t)
    segment = statistics.median(times)

    app = make_app(corpus, segmenter=segmenter, annotations=Path(tempfile.mkdtemp()))
    switches = []
    async with app.run_test(size=(140, 45)) as pilot:
        # Background work starts just after the first frame; switching is measured
        # once it is done, as a person would switch after the list appeared.
        while app.session.index is None or app.session.keyword_model is None:
            await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
        order = list(corpus.refs())
        keywords_in = []
        for n, ref in enumerate(order * repeat):
            t = time.perf_counter()
            app.reader.open_article(ref)
            await pilot.pause(0)  # until the screen has been redrawn
            switches.append(time.perf_counter() - t)
            # The keywords are made in a worker (or found, for an article seen before):
            # the person reads on meanwhile; the next switch waits for them, as a reader
            # who looks at the article before moving on would.
            while app.session.keywords_due or any(
                w.group == "words" and not w.is_finished for w in app.workers
            ):
                await pilot.pause(0.005)
            await pilot.pause(0)
            if n < len(order):  # first visits: later ones find their keywords made
                keywords_in.append(time.perf_counter() - t)
        # A jump (tree, search, a view) to an article not opened before: nothing made ahead.
        from reader.session.words import MadeWords

        jumps = []
        for ref in order:
            app.session.made_words = MadeWords()
            t = time.perf_counter()
            app.reader.open_article(ref)
            await pilot.pause(0)
            jumps.append(time.perf_counter() - t)
            await pilot.app.workers.wait_for_complete()
    return {
        "jieba_load": load,
        "jump_median": statistics.median(jumps),
        "jump_max": max(jumps),
        "segment_longest": segment,
        "longest_chars": article.length,
        "switch_median": statistics.median(switches),
        "switch_max": max(switches),
        "keywords_median": statistics.median(keywords_in),
        "keywords_max": max(keywords_in),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    # Starts are short and this machine's speed drifts from minute to minute: the
    # median of a few pairs wanders by more than the margin to the target (README).
    parser.add_argument("--pairs", type=int, default=25, help="bare/reader starts for the ratio")
    parser.add_argument("--startup-only", action="store_true", help="only the start-up ratio")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "seeds"  # a copy: the project's annotations are gold
        shutil.copytree(SEEDS, pages)
        start = startup_pair(args.pairs, pages)
    bare, bare_mb, seeds, seeds_mb = start["bare"], start["bare_mb"], start["reader"], start["reader_mb"]
    ratio, own = start["ratio_bare"], start["ratio_bare_no_gc"]
    if args.startup_only:
        print(
            f"bare {bare:.3f} s {bare_mb:.0f} MB; bare without collection {start['bare_no_gc']:.3f} s; "
            f"seeds {seeds:.3f} s {seeds_mb:.0f} MB; ratio {ratio:.2f} "
            f"(to the bare app without collection {own:.2f})"
        )
        return
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        make_big_corpus(pages, args.articles)
        big, big_mb = median_of(args.repeat, READER_APP, str(pages))
    inside = asyncio.run(in_process(args.repeat))

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"bare Textual app, start to first screen:      {bare:6.2f} s   peak {bare_mb:6.0f} MB")
    print(
        f"epireader seeds/, start to article list:      {seeds:6.2f} s   peak {seeds_mb:6.0f} MB"
        f"   ratio to bare {ratio:4.2f} (target <= 1.2)"
    )
    print(
        f"bare app, collection off until its first frame: {start['bare_no_gc']:6.2f} s"
        f"   epireader's own share: ratio {own:4.2f}"
    )
    print(
        f"epireader {args.articles} articles, start to list: {big:6.2f} s   peak {big_mb:6.0f} MB"
        f"   (target < 2 s, < 300 MB)"
    )
    print(f"jieba dictionary load (in a worker):          {inside['jieba_load']:6.2f} s")
    print(
        f"segment + keywords + layout, longest article ({inside['longest_chars']} chars): "
        f"{inside['segment_longest'] * 1000:6.1f} ms"
    )
    print(
        f"switch article with ] (open + draw), median / max: {inside['switch_median'] * 1000:6.1f} ms / "
        f"{inside['switch_max'] * 1000:6.1f} ms   (target < 100 ms)"
    )
    print(
        f"jump to an article not opened before, median / max: {inside['jump_median'] * 1000:6.1f} ms / "
        f"{inside['jump_max'] * 1000:6.1f} ms"
    )
    print(
        f"keywords shown after a first switch, median / max: {inside['keywords_median'] * 1000:6.1f} ms / "
        f"{inside['keywords_max'] * 1000:6.1f} ms   (made in a worker; the text is read meanwhile)"
    )


if __name__ == "__main__":
    main()
