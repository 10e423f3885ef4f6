"""Every command on one big page (issue 12): wall time and peak memory, each against
the same command on 2 MB of ordinary pages. Used by bench_hostile.py --commands.

Both corpora are tagged as densely as the seed gold (the seeds' gold spans, placed
again on every copy of a seed), so a command that walks the tags walks as many per
character on the big page as on the small ones, and throughput compares like with like.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from peak import finish, launch  # beside this file

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("fixtures", "brat", "jsonl", "label-studio", "bio", "extract")
IMPORTABLE = {"brat": "brat", "jsonl": "jsonl/annotations.jsonl",
              "label-studio": "label-studio/label-studio.json", "extract": "extract"}  # fmt: skip
TIMEOUT = 900.0  # a command still running after this is a hang: killed and reported

# The reader on the folder: first screen, then the first article open, then quit; the
# parent measures when the process is gone.
READER = """
import sys, time
from pathlib import Path
start = float(sys.argv[-1])
from reader.corpus.corpus import load_corpus
from reader.tui.app import EpiReaderApp, make_app
from reader.cli.launch import finish

class Timed(EpiReaderApp):
    def on_ready(self):
        self.marks = [time.time() - start]
        self.set_interval(0.02, self.step)

    def step(self):
        if self.session.current is not None and len(self.marks) == 1:
            self.marks.append(time.time() - start)
            print(*self.marks, time.time() - start, flush=True)
            self.exit()

corpus = load_corpus(Path(sys.argv[1]))
app = make_app(corpus, annotations=Path(sys.argv[2]))
app.__class__ = Timed
sys.exit(finish(app, headless=True, exit_process=True))
"""


@dataclass
class Measured:
    seconds: float
    peak_mb: float
    code: int
    out: str = ""


def measure(args: list[str], timeout: float = TIMEOUT) -> Measured:
    """Run ``python -m reader.cli ARGS`` (or ``-c CODE`` when args[0] == "-c")."""
    started = time.time()
    command = [sys.executable, *args] if args[0] == "-c" else [sys.executable, "-m", "reader.cli", *args]
    proc, report = launch(
        [*command, repr(started)] if args[0] == "-c" else command,
        cwd=ROOT,
        stdout=subprocess.PIPE if args[0] == "-c" else subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    # A hang must not hang the benchmark: the watchdog kills the command's group.
    timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
    timer.start()
    out = proc.stdout.read().decode() if proc.stdout else ""
    code, peak_mb = finish(proc, report)
    timer.cancel()
    return Measured(time.time() - started, peak_mb, code, out)


def make_corpora(tmp: Path, mb: float) -> tuple[Path, Path]:
    """``tmp/small`` (2 MB of seed copies) and ``tmp/big`` (one page of ``mb`` MB), each
    with ``ann`` beside it: the seed gold placed on every copy."""
    from reader.text.page import load_page

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [load_page(p).text for p in seeds]
    golds = [json.loads((ROOT / "annotations" / f"{p.stem}.json").read_text("utf-8")) for p in seeds]
    block = "\n\n".join(texts) + "\n\n"
    bases, at = [], 0
    for text in texts:
        bases.append(at)
        at += len(text) + 2

    def spans(copy_base: int, copy: int) -> list[dict]:
        out = []
        for base, gold in zip(bases, golds, strict=True):
            for span in gold["spans"]:
                out.append(dict(span, id=f"{span['id']}-{copy}", start=span["start"] + base + copy_base,
                                end=span["end"] + base + copy_base))  # fmt: skip
        return out

    small, big = tmp / "small", tmp / "big"
    for folder in (small, big, tmp / "small-ann", tmp / "big-ann"):
        folder.mkdir()
    copies = 0
    while copies * len(block.encode()) < 2_000_000:
        name = f"p{copies:04d}.txt"
        (small / name).write_text(block, "utf-8")
        _write_ann(tmp / "small-ann", name, block, spans(0, 0))
        copies += 1
    n = int(mb * 1_000_000 // len(block.encode())) + 1
    (big / "big.txt").write_text(block * n, "utf-8")
    _write_ann(tmp / "big-ann", "big.txt", block * n, [s for c in range(n) for s in spans(c * len(block), c)])
    return small, big


def _write_ann(folder: Path, name: str, text: str, spans: list[dict]) -> None:
    from reader.text.page import text_sha256

    data = {"schema_version": 1, "page": name, "text_sha256": text_sha256(text), "text_length": len(text),
            "spans": spans}  # fmt: skip
    (folder / f"{Path(name).stem}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def commands(corpus: Path, ann: Path, work: Path) -> dict[str, list[str]]:
    """Each command of the CLI (and the reader) with its arguments on one corpus."""
    other = work / "other-ann"  # agree's second annotator: the same tags, a few less
    if not other.exists():
        other.mkdir()
        for path in ann.glob("*.json"):
            data = json.loads(path.read_text("utf-8"))
            data["spans"] = data["spans"][::2]
            (other / path.name).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    out = work / "export"
    found = {
        "stats": ["stats", str(corpus), "--annotations", str(ann), "--format", "tsv"],
        "check": ["check", str(corpus), "--annotations", str(ann)],
        "index": ["index", str(corpus), "--annotations", str(ann), "--jobs", "1", "--rebuild"],
        "extract": ["extract", str(corpus), "--out", str(work / "extract-out")],
        "eval": ["eval", str(corpus), "--annotations", str(ann), "--format", "tsv", "--show-errors"],
        "agree": ["agree", str(ann), str(other), str(corpus), "--format", "tsv"],
        "teach": ["teach", str(corpus), "--annotations", str(ann)],
    }
    for fmt in FORMATS:
        found[f"export {fmt}"] = ["export", str(corpus), "--annotations", str(ann), "--format", fmt,
                                  "--out", str(out / fmt)]  # fmt: skip
    for fmt, where in IMPORTABLE.items():
        found[f"import {fmt}"] = ["import", fmt, str(out / where), str(corpus), "--annotations",
                                  str(work / f"import-{fmt}")]  # fmt: skip
    found["reader"] = ["-c", READER, str(corpus), str(work / "reader-ann")]
    # The same with the page's tags: opened (loaded, re-anchored if needed), never edited.
    found["reader tagged"] = ["-c", READER, str(corpus), str(ann)]
    return found


def chars(folder: Path) -> int:
    from reader.text.page import load_page

    return sum(len(load_page(p).text) for p in folder.glob("*.txt"))


def run_all(tmp: Path, mb: float, only: list[str] | None = None, with_small: bool = True) -> None:
    small, big = make_corpora(tmp, mb)
    size_mb = (big / "big.txt").stat().st_size / 1e6
    n_small, n_big = chars(small), chars(big)
    print(f"commands: 2 MB of pages ({n_small:,} chars) vs one page of {size_mb:.0f} MB ({n_big:,} chars)")
    print(f"  {'command':20s} small s   big s   slower  peak MB  x page  exit")
    runs = {}
    for label, corpus in (("small", small), ("big", big)):
        work = tmp / f"{label}-work"
        work.mkdir()
        runs[label] = commands(corpus, tmp / f"{label}-ann", work)
    for name in runs["big"]:
        if only and not any(name.startswith(o) for o in only):
            continue
        s = measure(runs["small"][name]) if with_small else Measured(float("nan"), float("nan"), 0)
        b = measure(runs["big"][name])
        ratio = (b.seconds / n_big) / (s.seconds / n_small)
        extra = ""
        if name.startswith("reader") and b.out.strip():
            first, article, quit_at = map(float, b.out.split())
            extra = f"  first screen {first:.2f} s, article {article:.2f} s, quit {b.seconds - quit_at:.2f} s"
        print(
            f"  {name:20s} {s.seconds:7.2f} {b.seconds:7.2f} {ratio:7.2f}x {b.peak_mb:7.0f} "
            f"{b.peak_mb / size_mb:6.1f}x  {s.code}/{b.code}{extra}",
            flush=True,
        )
