"""Character-level BIO: ``annotations.bio``, one row per code point,
``char<TAB>event-tag<TAB>figure-tag``; a blank line after each line break, so each
line of the page is a sequence. Events and figures overlap, hence a column each (the
usual CoNLL way of keeping nested labels).

Export only: a column holds one span per character, so two overlapping spans of one
label cannot both be written, and there is no place for attributes or provenance. It
keeps each page's text (white space escaped as ``<sp>``, ``<nl>`` …) and its spans'
labels and offsets; ``read_bio`` reads those back for the tests.
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.export.common import ExportDoc
from reader.export.output import OutputFolder
from reader.text.spans import LABELS

BIO_CODES = {"event": "EVT", "figure": "FIG"}
FILE = "annotations.bio"
_ESCAPES = {"\n": "<nl>", " ": "<sp>", "\t": "<tab>", "\u3000": "<ideosp>"}


def bio_lines(doc: ExportDoc) -> list[str]:
    tags = {label: ["O"] * len(doc.text) for label in LABELS}
    for span in doc.spans:
        column = tags[span.label]
        code = BIO_CODES[span.label]
        column[span.start] = f"B-{code}"
        for i in range(span.start + 1, span.end):
            column[i] = f"I-{code}"
    rows = [f"# source = {doc.name}", f"# text_sha256 = {doc.sha256}"]
    for i, ch in enumerate(doc.text):
        shown = _ESCAPES.get(ch, ch)
        if not ch.isprintable() and ch not in _ESCAPES:
            shown = f"<U+{ord(ch):04X}>"
        rows.append(f"{shown}\t{tags['event'][i]}\t{tags['figure'][i]}")
        if ch == "\n":
            rows.append("")
    rows.append("")
    return rows


def write_bio(docs: list[ExportDoc], out: OutputFolder) -> None:
    rows = [row for d in docs for row in bio_lines(d)]
    out.write(FILE, "\n".join(rows) + "\n")


def read_bio(lines: Iterable[str]) -> tuple[str, list[tuple[str, int, int]]]:
    unescape = {v: k for k, v in _ESCAPES.items()}
    chars: list[str] = []
    columns: dict[str, list[str]] = {label: [] for label in LABELS}
    for line in lines:
        if not line or line.startswith("# "):
            continue
        shown, event, figure = line.split("\t")
        if shown in unescape:
            chars.append(unescape[shown])
        elif shown.startswith("<U+") and shown.endswith(">"):
            chars.append(chr(int(shown[3:-1], 16)))
        else:
            chars.append(shown)
        columns["event"].append(event)
        columns["figure"].append(figure)
    keys = []
    for label, tags in columns.items():
        start = None
        for i, tag in enumerate([*tags, "O"]):
            if start is not None and not tag.startswith("I-"):
                keys.append((label, start, i))
                start = None
            if tag.startswith("B-"):
                start = i
    return "".join(chars), sorted(keys, key=lambda k: (k[1], -k[2], k[0]))
