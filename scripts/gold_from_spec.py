"""Write the gold annotation files from the hand-written specs in docs/gold/.

The specs are the record of reading each seed page (format in docs/gold/000.spec);
this script only finds each listed span's offsets, refuses anything ambiguous or
missing, and writes the annotation files through the normal store. It never runs the
extractor. Attributes are prefilled from the span text exactly as the tagging form
does (reader.quantities), with the counted noun taken from the spec.

    python3 scripts/gold_from_spec.py [--annotations annotations] [--seeds seeds]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.annotation.model import PageAnnotations, Tag
from reader.annotation.store import AnnotationStore, Loaded
from reader.corpus.corpus import load_corpus
from reader.extraction.quantities import parse_figure, parse_time
from reader.text.normalize import GLOSS, to_simplified

ANNOTATOR = "gold:seed-reading"
BREAK = "⏎"


def clean(text: str) -> str:
    return to_simplified("".join(GLOSS.sub("", text).split()))


NUMERAL = set("0123456789.零〇一二两兩三四五六七八九十百千万萬亿億")


def occurrences(text: str, needle: str) -> list[int]:
    """Starts of ``needle`` in ``text``, not counting a match inside a longer number."""
    found, i = [], text.find(needle)
    while i >= 0:
        before = text[i - 1] if i else ""
        after = text[i + len(needle)] if i + len(needle) < len(text) else ""
        glued = (needle[0] in NUMERAL and before in NUMERAL) or (needle[-1] in NUMERAL and after in NUMERAL)
        if not glued or not before + after:
            found.append(i)
        i = text.find(needle, i + 1)
    return found


def parse_line(line: str) -> tuple[str, str, str, str | None, bool]:
    label = {"E": "event", "F": "figure"}[line[0]]
    body = line[2:].strip()
    every = body.endswith(" *")
    if every:
        body = body[:-2].rstrip()
    anchor = None
    if " @ " in body:
        body, anchor = body.split(" @ ", 1)
    counted = ""
    if label == "figure":
        body, counted = (part.strip() for part in body.split(" | ", 1))
        counted = "" if counted == "-" else counted
    return label, body.replace(BREAK, "\n\n"), counted, anchor, every


def spans_for(spec: Path, text: str) -> list[tuple[str, int, int, str]]:
    out: list[tuple[str, int, int, str]] = []
    errors: list[str] = []
    for n, raw in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        label, needle, counted, anchor, every = parse_line(line)
        if anchor is not None:
            where = occurrences(text, anchor)
            if len(where) != 1:
                errors.append(f"{spec.name}:{n}: anchor {anchor!r} found {len(where)} times")
                continue
            inner = anchor.find(needle)
            if inner < 0:
                errors.append(f"{spec.name}:{n}: {needle!r} not inside its anchor")
                continue
            starts = [where[0] + inner]
        else:
            starts = occurrences(text, needle)
            if not starts or (len(starts) > 1 and not every):
                errors.append(f"{spec.name}:{n}: {needle!r} found {len(starts)} times")
                continue
        out.extend((label, s, s + len(needle), counted) for s in starts)
    if errors:
        raise SystemExit("\n".join(errors))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=Path, default=Path("annotations"))
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    parser.add_argument("--specs", type=Path, default=Path("docs/gold"))
    args = parser.parse_args()
    corpus = load_corpus(args.seeds)
    store = AnnotationStore(args.annotations)
    for spec in sorted(args.specs.glob("*.spec")):
        page = next(p for p in corpus.pages if p.name.startswith(spec.stem + "_"))
        annotations = PageAnnotations(page.name, page.sha256, len(page.text))
        for label, start, end, counted in spans_for(spec, page.text):
            span_text = page.text[start:end]
            if label == "figure":
                attrs = parse_figure(clean(span_text), clean(counted) if counted else "")
                attrs["counted"] = "".join(GLOSS.sub("", counted).split())
            else:
                attrs = {"time": parse_time(clean(span_text)), "summary": ""}
            span = Tag.make(page.text, label, start, end, annotator=ANNOTATOR, attrs=attrs)
            # Stable ids and times: regenerating the gold gives the same bytes.
            span.id = f"g{start:05d}{end:05d}{label[0]}"
            span.created = span.updated = "2026-11-25T00:00:00Z"
            annotations.add(span)
        path = store.path_for(page.name)
        path.unlink(missing_ok=True)
        store.save(Loaded(annotations, path))
        counts = {lab: sum(s.label == lab for s in annotations.spans) for lab in ("event", "figure")}
        print(f"{path}: {counts['event']} events, {counts['figure']} figures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
