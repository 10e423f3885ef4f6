"""A whole archive: index build (local pool vs Dask), warm re-open, refresh, views, memory.

Run: python3 benchmarks/bench_archive.py [--pages 100000] [--jobs 2]

The generated archive (one article per page, made of the seed articles' bodies)
is cached under the system temp folder (epireader-bench-archive-N), so a second
run skips the generation. Each number is measured once, side by side in one run:

- full index build: `epireader index --jobs N` vs `--engine dask` (a local cluster)
- the app re-opened on the warm index: process start to first frame, and to the
  views being ready; its peak memory (RSS of the process)
- refresh after one page changed (the stat pass over every page + that page)
- timeline, figure table and corpus search: action to first frame, then `end`
  to the last row (every row is scrollable)
- extraction throughput per core: local pool vs Dask, on the first 2,000 pages
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from peak import finish, launch  # beside this file

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parent.parent


def archive(pages: int) -> Path:
    from bench_reader import make_big_corpus

    folder = Path(tempfile.gettempdir()) / f"epireader-bench-archive-{pages}"
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "pages").mkdir(parents=True)
        make_big_corpus(folder / "pages", pages, per_page=1)
        sample = folder / "sample"
        sample.mkdir()
        for page in sorted((folder / "pages").iterdir())[:2000]:
            shutil.copy(page, sample / page.name)
        done.touch()
    return folder


def timed(*args: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of an epireader command; its output goes nowhere."""
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        proc, report = launch([sys.executable, "-m", "reader.cli", *args], cwd=ROOT, stdout=sink)
        status, peak_mb = finish(proc, report)
    if status:
        raise SystemExit(f"epireader {' '.join(args)} failed ({status})")
    return time.perf_counter() - started, peak_mb


async def _frame(screen) -> None:
    drawn = asyncio.Event()
    screen.call_after_refresh(drawn.set)
    await drawn.wait()


async def _open_view(app, pilot, view: str, query: str = "") -> tuple[float, float, int]:
    """Action to first frame; then `end` to the last row drawn; and the row count."""
    started = time.perf_counter()
    app.action_view(view)
    await _frame(app.screen)
    opened = time.perf_counter() - started
    screen = app.screen
    if query:
        started = time.perf_counter()
        screen.run_query(query)
        await _frame(screen)
        opened += time.perf_counter() - started
        rows = len(screen.hits)
        last = 0.0
    else:
        from reader.tui.widgets.lazy_table import LazyTable

        table = screen.query_one(LazyTable)
        started = time.perf_counter()
        table.focus()
        table.action_jump(-1)
        await _frame(screen)
        last = time.perf_counter() - started
        rows = table.row_count
    app.pop_screen()
    await pilot.pause()
    return opened, last, rows


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def app_child(folder: Path, annotations: Path, started: float) -> dict[str, float]:
    from reader.corpus.corpus import load_corpus
    from reader.tui.app import make_app

    out: dict[str, float] = {}
    corpus = load_corpus(folder)
    out["corpus_loaded"] = time.time() - started
    app = make_app(corpus, annotations=annotations)
    async with app.run_test(size=(160, 50)) as pilot:
        while not app.screen_stack or app.reader.query("CorpusTree") is None:
            await pilot.pause(0.01)
        await _frame(app.screen)
        out["first_frame"] = time.time() - started
        while app.session.index is None:
            await pilot.pause(0.01)
        out["views_ready"] = time.time() - started
        out["rss_ready"] = _peak_mb()
        await app.workers.wait_for_complete()
        out["rss_workers_done"] = _peak_mb()
        for name, view, query in (("timeline", "timeline", ""), ("figures", "figures", ""),
                                  ("search", "search", "党员")):  # fmt: skip
            opened, last, rows = await _open_view(app, pilot, view, query)
            out[f"{name}_open"], out[f"{name}_end"], out[f"{name}_rows"] = opened, last, rows
            out[f"rss_{name}"] = _peak_mb()
        # One page changed on disk: the refresh stats every page and re-reads that one.
        # Twice: the first extraction in the process loads jieba's tagger (~1 s), which
        # the reader has usually done already for the article it shows.
        from reader.annotation.store import AnnotationStore

        index = app.session.index
        for n, mark in enumerate(("！", "？")):
            page = corpus.pages[n]
            page.path.write_text(page.text.replace("。", mark, 1), encoding="utf-8")
            t = time.perf_counter()
            names = index.refresh(AnnotationStore(annotations))
            out[f"refresh_{n}"] = time.perf_counter() - t
            out["refreshed"] = len(names or [])
            page.path.write_text(page.text, encoding="utf-8")
        app.exit()
    return out


def run_app_child(folder: Path, annotations: Path) -> tuple[dict[str, float], float]:
    code = (
        "import asyncio, json, sys, time; sys.path.insert(0, 'benchmarks'); from pathlib import Path; "
        "import bench_archive as b; "
        "args = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3]); "
        "print(json.dumps(asyncio.run(b.app_child(*args))))"
    )
    proc, report = launch(
        [sys.executable, "-c", code, str(folder), str(annotations), repr(time.time())],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    out_bytes, err_bytes = proc.communicate()
    status, peak_mb = finish(proc, report)
    if status:
        raise SystemExit(f"app child failed: {err_bytes.decode()[-3000:]}")
    return json.loads(out_bytes.decode().strip().splitlines()[-1]), peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    base = archive(args.pages)
    print(f"archive: {args.pages} pages in {base} (ready in {time.perf_counter() - started:.1f} s)")
    pages, sample = base / "pages", base / "sample"
    jobs = str(args.jobs)
    with tempfile.TemporaryDirectory() as tmp:
        local_ann, dask_ann = Path(tmp) / "local", Path(tmp) / "dask"
        local, _ = timed(
            "index", str(pages), "--annotations", str(local_ann), "--jobs", jobs, "--no-progress"
        )
        print(f"full index build, local --jobs {jobs}:   {local:7.1f} s ({args.pages / local:6.0f} pages/s)")
        try:
            dask, _ = timed("index", str(pages), "--annotations", str(dask_ann), "--engine", "dask",
                            "--jobs", jobs, "--no-progress")  # fmt: skip
            print(f"full index build, Dask local cluster: {dask:7.1f} s ({args.pages / dask:6.0f} pages/s)")
        except SystemExit as exc:
            print(f"Dask build: {exc}")
        again, _ = timed("index", str(pages), "--annotations", str(local_ann), "--no-progress")
        print(f"index again, nothing changed:         {again:7.1f} s (the stat pass, in a fresh process)")
        size = (local_ann / ".epireader-index.sqlite").stat().st_size / 1e6
        print(f"index file: {size:.0f} MB")
        out, rss = run_app_child(pages, local_ann)
        print(
            f"app on the warm index: corpus loaded {out['corpus_loaded']:.2f} s, first frame "
            f"{out['first_frame']:.2f} s (target < 1.5), views ready {out['views_ready']:.2f} s (target < 2)"
        )
        print(f"app peak memory: {rss:.0f} MB (target < 400)")
        print(
            f"refresh after one page changed: {out['refresh_1']:.2f} s ({out['refresh_0']:.2f} s the first "
            f"time: jieba's tagger loads), {out['refreshed']:.0f} page re-read (target < 1)"
        )
        for name in ("timeline", "figures", "search"):
            end = "" if name == "search" else f"; end to the last row {out[f'{name}_end'] * 1000:.0f} ms"
            print(
                f"  {name:<9} action to first frame {out[f'{name}_open'] * 1000:6.0f} ms (target < 500), "
                f"{out[f'{name}_rows']:.0f} rows{end}"
            )
        n = len(list(sample.iterdir()))
        for engine in ("local", "dask"):
            seconds, _ = timed("extract", str(sample), "--jobs", jobs, "--engine", engine, "--no-progress")
            print(
                f"extract {n} pages, {engine:<5} --jobs {jobs}: {seconds:6.1f} s, "
                f"{n / seconds / args.jobs:5.0f} pages/s per core (process start included)"
            )


if __name__ == "__main__":
    main()
