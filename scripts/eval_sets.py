"""Score the extractor on the seed gold and the development gold, one report per set.

Until `epireader eval` takes several sets, this prints what it would: figures strict,
events lenient, counted-noun agreement, and with --errors the misses, false alarms,
boundary differences and counted disagreements.

    python3 scripts/eval_sets.py [--errors] [--set heldout]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.corpus.evaluate import evaluate_sets
from reader.extraction.scoring import in_context

SETS = (
    ("seeds", Path("seeds"), Path("annotations")),
    ("heldout", Path("heldout/pages"), Path("heldout/annotations")),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--set", action="append", help="only these set names")
    args = parser.parse_args()
    chosen = [s for s in SETS if not args.set or s[0] in args.set]
    for result in evaluate_sets(chosen):
        r = result.report
        fig, ev = r.score("figure", "strict"), r.score("event", "lenient")
        print(
            f"{result.name:<8} figures strict P {fig.precision:.3f} R {fig.recall:.3f} F1 {fig.f1:.3f} | "
            f"events lenient P {ev.precision:.3f} R {ev.recall:.3f} F1 {ev.f1:.3f} | "
            f"counted {r.counted_agreement:.3f} ({r.counted.tp}/{r.counted.gold})"
        )
        if not args.errors:
            continue
        text = {name: page.text for name, page in result.pages.items()}
        for title, rows in (("missed", r.misses), ("false alarm", r.false_alarms)):
            for source, key in rows:
                print(f"  {title:<12}{key[0]:<7}{source[:14]} {in_context(text[source], key[1], key[2])}")
        for source, gold, found in r.boundary:
            if gold[0] == "figure":
                print(
                    f"  {'boundary':<12}{gold[0]:<7}{source[:14]} "
                    f"gold {in_context(text[source], gold[1], gold[2])}"
                    f"  found {in_context(text[source], found[1], found[2], 0)}"
                )
        for source, key, g, f in r.counted_errors:
            print(
                f"  {'counted':<12}{source[:14]} {in_context(text[source], key[1], key[2])} "
                f"gold {g!r} found {f!r}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
