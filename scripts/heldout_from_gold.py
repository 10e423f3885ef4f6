"""Copy the shared development pages and convert their gold into annotation files.

Reads ``../shared/heldout/texts/*.txt`` and ``gold.json`` (spans with attributes,
made by hand under the annotation guidelines) and writes ``heldout/pages/*.txt`` and
``heldout/annotations/*.json`` through the project's own model and store, so the files
validate like any other annotation file. It only converts: it never runs the
extractor, and the attributes are copied as the annotators wrote them.

Fixes to the shared gold (a span that breaks the guidelines) live in FIXES below,
each with its reason also written in heldout/NOTES.md.

    python3 scripts/heldout_from_gold.py [--shared ../shared/heldout] [--out heldout]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from reader.annotation.model import PageAnnotations, Tag
from reader.annotation.store import LOCK_NAME, AnnotationStore, Loaded
from reader.corpus.corpus import load_corpus

ANNOTATOR = "gold:heldout"
STAMP = "2026-11-25T00:00:00Z"

# (file, label, start, end) -> replacement span dict or None (removed). Each entry has
# its one-line reason in heldout/NOTES.md ("Fixes made in the project copy").
FIXES: dict[tuple[str, str, int, int], dict[str, Any] | None] = {}


def convert(shared: Path, out: Path) -> int:
    pages_dir = out / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    for text in sorted((shared / "texts").glob("*.txt")):
        shutil.copyfile(text, pages_dir / text.name)
    notes = out / "NOTES.md"
    if not notes.exists():
        shutil.copyfile(shared / "NOTES.md", notes)
    gold: dict[str, list[dict[str, Any]]] = json.loads((shared / "gold.json").read_text(encoding="utf-8"))
    corpus = load_corpus(pages_dir)
    store = AnnotationStore(out / "annotations")
    total = 0
    for page in corpus.pages:
        annotations = PageAnnotations(page.name, page.sha256, len(page.text))
        for raw in gold.get(page.name, []):
            key = (page.name, raw["label"], raw["start"], raw["end"])
            span = FIXES.get(key, raw) if key in FIXES else raw
            if span is None:
                continue
            start, end = span["start"], span["end"]
            if page.text[start:end] != span["text"]:
                raise SystemExit(
                    f"{page.name}: {start}-{end} is {page.text[start:end]!r}, not {span['text']!r}"
                )
            tag = Tag.make(page.text, span["label"], start, end, annotator=ANNOTATOR, attrs=span["attrs"])
            # Stable ids and times: converting again gives the same bytes.
            tag.id = f"h{start:05d}{end:05d}{span['label'][0]}"
            tag.created = tag.updated = STAMP
            annotations.add(tag)
        path = store.path_for(page.name)
        path.unlink(missing_ok=True)
        store.save(Loaded(annotations, path))
        total += len(annotations.spans)
    (out / "annotations" / LOCK_NAME).unlink(missing_ok=True)  # the store's lock: not project data
    print(f"{len(corpus.pages)} pages, {total} spans -> {out}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared/heldout"))
    parser.add_argument("--out", type=Path, default=Path("heldout"))
    args = parser.parse_args()
    return convert(args.shared, args.out)


if __name__ == "__main__":
    sys.exit(main())
