"""Corpus views on a generated 10,000-page folder: index build, timeline, search.

Run: python3 benchmarks/bench_corpus.py [--pages 10000]

The index is built once (streamed page by page, with progress, in the app's
worker); after that the timeline and a corpus search must answer in under 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_reader import make_big_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    args = parser.parse_args()

    from reader.annotation.store import AnnotationStore
    from reader.corpus.corpus import load_corpus
    from reader.corpus.index import CorpusIndex, figure_totals

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        make_big_corpus(folder, args.pages, per_page=1)
        started = time.perf_counter()
        corpus = load_corpus(folder)
        loaded = time.perf_counter() - started
        chars = sum(len(p.text) for p in corpus.pages)
        updates = []
        started = time.perf_counter()
        index = CorpusIndex.build(corpus, AnnotationStore(Path(tmp) / "ann"), lambda d, t: updates.append(d))
        built = time.perf_counter() - started
        assert index is not None
        started = time.perf_counter()
        rows = index.timeline()
        timeline = time.perf_counter() - started
        started = time.perf_counter()
        _, total = index.search("党员")
        search = time.perf_counter() - started
        started = time.perf_counter()
        totals = figure_totals(index.figures())
        figures = time.perf_counter() - started
        ui = asyncio.run(in_the_app(corpus, Path(tmp) / "ann"))
    events = sum(r.entry is not None for r in rows)
    print(f"corpus: {len(corpus.pages)} pages, {chars / 1e6:.1f} M characters; loaded in {loaded:.2f} s")
    print(f"index build: {built:6.2f} s, {len(updates)} progress updates (streamed)")
    print(f"timeline:    {timeline * 1000:6.0f} ms for {events} events   (target < 1 s)")
    print(f"search 党员: {search * 1000:6.0f} ms, {total} hits          (target < 1 s)")
    print(f"figure table + totals: {figures * 1000:6.0f} ms, {len(totals)} groups")
    print(f"in the app: index built in the worker {ui['build']:.1f} s")
    for name in ("timeline", "figures", "timeline again", "search"):
        print(f"  open {name:<14} (action to first frame): {ui[name] * 1000:6.0f} ms   (target < 1 s)")


async def _open_view(app, view: str) -> float:
    """Seconds from the key's action to the new screen's first frame."""
    started = time.perf_counter()
    app.action_view(view)
    drawn = asyncio.Event()
    app.screen.call_after_refresh(drawn.set)
    await drawn.wait()
    return time.perf_counter() - started


async def in_the_app(corpus, annotations: Path) -> dict[str, float]:
    from reader.tui.app import make_app

    app = make_app(corpus, annotations=annotations)
    times: dict[str, float] = {}
    async with app.run_test(size=(140, 45)) as pilot:
        started = time.perf_counter()
        while app.session.index is None:
            await pilot.pause(0.1)
        times["build"] = time.perf_counter() - started
        await app.workers.wait_for_complete()
        for name, view in (("timeline", "timeline"), ("figures", "figures"), ("timeline again", "timeline")):
            times[name] = await _open_view(app, view)
            app.pop_screen()
            await pilot.pause()
        times["search"] = await _open_view(app, "search")
        screen = app.screen
        started = time.perf_counter()
        screen.run_query("党员")  # what enter in the query box runs
        drawn = asyncio.Event()
        screen.call_after_refresh(drawn.set)
        await drawn.wait()
        times["search"] += time.perf_counter() - started
        app.exit()
    return times


if __name__ == "__main__":
    main()
