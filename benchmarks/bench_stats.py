"""`epireader stats` on many tiny pages, with a warm index: must be linear in pages.

Run: python3 benchmarks/bench_stats.py [--pages 2000 4000 50000] [--code DIR] [--timeout S]

Each folder holds N one-line pages (the issue 20 reproduction: `标题i` and one
sentence); it is indexed once (`epireader index --jobs 2`), then `epireader stats`
is timed on the warm index, output to /dev/null. ``--code DIR`` runs another checkout
(say the commit before a change) for a side-by-side number. Target: 50,000 pages in
under 10 s. Generated folders are kept under the system temp folder between runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_folder(pages: int) -> Path:
    """benchmarks-stats-N/b/pages with N tiny pages, made once."""
    base = Path(tempfile.gettempdir()) / f"epireader-bench-stats-{pages}"
    folder = base / "pages"
    done = base / "made"
    if not done.exists():
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(pages):
            (folder / f"t{i:05d}.txt").write_text(
                f"标题{i}\n\n4月{i % 28 + 1}日,全县{i}余名党员。\n", encoding="utf-8"
            )
        done.write_text("ok\n")
    return base


def run(code: Path, args: list[str], timeout: float) -> tuple[float, int | None]:
    """Seconds and exit code of `epireader ARGS` run from checkout ``code`` (None: timed out)."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "reader.cli", *args],
            env=env,
            cwd=code,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return time.perf_counter() - started, None
    return time.perf_counter() - started, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[2000, 4000, 50_000])
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to run (default: this one)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a stats run is given up")
    args = parser.parse_args()
    print(f"code: {args.code}")
    for pages in args.pages:
        base = make_folder(pages)
        ann = base / f"ann-{args.code.name}"
        indexed, code = run(
            args.code, ["index", str(base / "pages"), "--annotations", str(ann), "--jobs", "2"], 3600
        )
        took, code = run(args.code, ["stats", str(base / "pages"), "--annotations", str(ann)], args.timeout)
        shown = f"{took:7.2f} s" if code is not None else f"> {args.timeout:.0f} s (given up)"
        target = "  (target < 10 s)" if pages == 50_000 else ""
        print(
            f"stats, {pages:6,} pages, warm index: {shown}  [index built in {indexed:.1f} s]{target}",
            flush=True,
        )


if __name__ == "__main__":
    main()
