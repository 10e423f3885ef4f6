"""Pages that used to hang the tool: a 1,000,000-character line in the reader, and a
50 MB page through the extractor. Not part of the test run.

Run: python3 benchmarks/bench_hostile.py [--mb 50] [--extractor-only] [--commands [NAME ...]]

--commands runs every command (stats, check, index, extract, eval, agree, teach, export
in each format, import in each importable format, and the reader: first screen, first
article, quit) on 2 MB of pages and on one page of --mb MB, both tagged as densely as
the seed gold, one line per command: seconds on each, how much slower per character
the big page is (target <= 1.5), peak memory and its ratio to the page (target < 10).
See benchmarks/hostile_commands.py.

Reader targets (issue 12): first screen < 2 s, tag form < 0.5 s after `f` (pressed at
once and at moments up to 8 s later, while jieba loads and the index is built), quit
< 1 s after `q`, peak memory < 300 MB. Extractor targets: throughput on one big page within
1.5x of the throughput on 2 MB of ordinary pages, peak memory under 10x the page size.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from peak import finish, launch  # beside this file

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "4月13日凌晨1时30分,全县8200余名党员深入一线,捐款1.7万元,检测119246人。"

# The child starts the reader on one page, presses f ``delay`` seconds after the first
# article is up (0: at once; later, while jieba loads and the index is built), then q
# when the form is open, and prints the three moments; the parent measures when the
# process is gone and its peak memory.
READER = """
import sys, time, tempfile
from pathlib import Path

start = float(sys.argv[-1])
delay = float(sys.argv[-2])
from reader.corpus.corpus import load_corpus
from reader.tui.app import EpiReaderApp, make_app
from reader.tui.screens.attributes import AttributeForm
from reader.cli.launch import finish

class Timed(EpiReaderApp):
    def on_unmount(self):
        super().on_unmount()  # stops the index's worker process, if one runs
        import multiprocessing, resource
        for child in multiprocessing.active_children():
            child.join(2)  # reaped: its peak is then in RUSAGE_CHILDREN
        print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, flush=True)

    def on_ready(self):
        self.marks = {"first_screen": time.time() - start}
        self.set_interval(0.02, self.step)

    def step(self):
        if self.session.current is None:
            return
        self.marks.setdefault("article", time.time())
        if "f_pressed" not in self.marks and time.time() - self.marks["article"] < delay:
            return
        if "f_pressed" not in self.marks:
            self.marks["f_pressed"] = time.time()
            self.reader.view.focus()
            self.reader.view.action_tag("figure")
        elif isinstance(self.screen, AttributeForm) and self.screen.focused and "form" not in self.marks:
            self.marks["form"] = time.time() - self.marks["f_pressed"]
            self.marks["quit_at"] = time.time() - start
            print(self.marks["first_screen"], self.marks["form"], self.marks["quit_at"], flush=True)
            self.exit()

corpus = load_corpus(Path(sys.argv[1]))
app = make_app(corpus, annotations=Path(tempfile.mkdtemp()))
app.__class__ = Timed
sys.exit(finish(app, headless=True, exit_process=True))
"""
# Moments to press f at, in seconds after the first article is up: at once, while jieba
# loads, while the index is built (in a worker process beyond 1 MB of pages).
DELAYS = (0.0, 1.0, 2.0, 3.0, 5.0, 8.0)

EXTRACT = """
import sys, time
from pathlib import Path

from reader.extraction.extractor import extract_text
from reader.text.decoding import decode_bytes
texts = [decode_bytes(p.read_bytes()).text for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
t = time.perf_counter()
found = sum(len(extract_text(text)) for text in texts)
print(time.perf_counter() - t, sum(map(len, texts)), found, flush=True)
"""


def run(code: str, *args: str) -> tuple[list[float], float, float]:
    """(numbers the child printed, wall seconds from spawn to exit, peak RSS MB)."""
    started = time.time()
    proc, report = launch(
        [sys.executable, "-c", code, *args, repr(started)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out_bytes, err_bytes = proc.communicate()
    status, peak_mb = finish(proc, report)
    wall = time.time() - started
    out = out_bytes.decode()
    if status != 0 or not out.strip():
        raise SystemExit(f"child failed ({status}): {err_bytes.decode()[-3000:]}")
    return [float(x) for x in out.split()], wall, peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50, help="size of the big page for the extractor")
    parser.add_argument("--extractor-only", action="store_true", help="skip the reader's 1M-character line")
    parser.add_argument(
        "--commands", nargs="*", metavar="NAME", help="every command (or those named) on the big page, only"
    )
    args = parser.parse_args()
    if args.commands is not None:
        from hostile_commands import run_all  # beside this file

        with tempfile.TemporaryDirectory() as tmp:
            run_all(Path(tmp), args.mb, args.commands or None)
        return
    with tempfile.TemporaryDirectory() as tmp:
        if not args.extractor_only:
            reader(Path(tmp))
        extractor(Path(tmp), args.mb)


def reader(tmp: Path) -> None:
    """The reader on one page of 1,000,000 characters on one line."""
    line = Path(tmp, "line")
    line.mkdir()
    (line / "one-line.txt").write_text((SENTENCE * (1_000_000 // len(SENTENCE) + 1))[:1_000_000], "utf-8")
    print("reader, one page of 1,000,000 characters on one line:")
    forms = []
    for delay in DELAYS:
        (first, form, quit_at, worker_mb), wall, mb = run(READER, str(line), str(delay))
        forms.append(form)
        print(
            f"  f {delay:3.0f} s after the article: form {form:5.2f} s (target < 0.5)"
            f"   first screen {first:5.2f} s (target < 2)   quit {max(0.0, wall - quit_at):5.2f} s"
            f" after q (target < 1)   peak {mb:5.0f} MB (target < 300)"
            f" + index worker process {worker_mb:4.0f} MB"
        )
    print(f"  form after f: {min(forms):.2f}-{max(forms):.2f} s over {len(forms)} moments")


def extractor(tmp: Path, mb: int) -> None:
    """The extractor on 2 MB of ordinary pages and on one page of ``mb`` megabytes."""
    small, big = Path(tmp, "small"), Path(tmp, "big")
    small.mkdir()
    big.mkdir()
    # Real news text (the seeds, repeated), so that figures and events come as
    # often as they do on a page: the extractor's output is part of its memory.
    seeds = "\n\n".join(p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    copies = 0
    while copies * len(seeds.encode()) < 2_000_000:
        (small / f"p{copies:04d}.txt").write_text(seeds, "utf-8")
        copies += 1
    with open(big / "big.txt", "w", encoding="utf-8") as handle:
        for _ in range(mb * 1_000_000 // len(seeds.encode()) + 1):
            handle.write(seeds + "\n\n")
    (s_time, s_chars, _), _, s_mb = run(EXTRACT, str(small))
    (b_time, b_chars, _), _, b_mb = run(EXTRACT, str(big))
    size_mb = (big / "big.txt").stat().st_size / 1e6
    s_rate, b_rate = s_chars / s_time, b_chars / b_time
    print(
        f"extractor, {s_chars:,.0f} characters in 2 MB of pages: {s_rate / 1e6:5.2f} M chars/s,"
        f" peak {s_mb:5.0f} MB"
    )
    print(
        f"extractor, one page of {size_mb:.0f} MB: {b_rate / 1e6:5.2f} M chars/s"
        f" ({s_rate / b_rate:4.2f}x slower;"
        f" target <= 1.5), peak {b_mb:5.0f} MB ({b_mb / size_mb:4.1f}x the page; target < 10)"
    )


if __name__ == "__main__":
    main()
