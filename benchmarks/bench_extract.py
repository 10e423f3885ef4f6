"""Extraction throughput against plain jieba segmentation, same text, same run.

Run: python3 benchmarks/bench_extract.py [--mb 2] [--repeat 3]

The seed pages are repeated until the text is about --mb megabytes (UTF-8). The
extractor runs page by page as `epireader extract` does (normalised view + rules);
jieba.lcut cuts the same pages with its dictionary already loaded. Target: the
extractor takes at most 1.5x the time of plain segmentation. The extractor POS-tags
only a short window around each figure (its counted noun), so its cost grows with the
number of figures, not with the square of the page.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pages(mb: float) -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    out: list[str] = []
    size = 0
    while size < mb * 1_000_000:
        for text in seeds:
            out.append(text)
            size += len(text.encode("utf-8"))
    return out


def timed(fn, texts: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            fn(text)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import jieba

    from reader.extraction.extractor import extract_text

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    texts = pages(args.mb)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1_000_000
    extract_text(texts[0])  # warm: OpenCC, regular expressions, the Segmenter and its POS tag table
    cut = timed(tokenizer.lcut, texts, args.repeat)
    extract = timed(extract_text, texts, args.repeat)
    print(f"text: {len(texts)} pages, {megabytes:.2f} MB UTF-8")
    print(f"jieba.lcut:   {cut:6.2f} s  {megabytes / cut:5.2f} MB/s")
    print(f"extract_text: {extract:6.2f} s  {megabytes / extract:5.2f} MB/s")
    print(f"ratio extract / lcut: {extract / cut:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
