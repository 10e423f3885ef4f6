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

from collections.abc import Iterable, Iterator

from reader.export.documents import ExportDoc
from reader.export.output import OutputFolder
from reader.text.spans import LABELS

BIO_CODES = {"event": "EVT", "figure": "FIG"}
FILE = "annotations.bio"
_B, _I = b"\x01", b"\x02"  # indexes into a label's ("O", "B-…", "I-…")
_ESCAPES = {"\n": "<nl>", " ": "<sp>", "\t": "<tab>", "\u3000": "<ideosp>"}


def bio_lines(doc: ExportDoc) -> Iterator[str]:
    """The page's rows, one at a time (a 50 MB page has 18 million of them)."""
    # A byte per character and label (O, B, I): a list of tag strings per character
    # held a 50 MB page at ~20x its size.
    columns = {label: bytearray(len(doc.text)) for label in LABELS}
    for span in doc.spans:
        column = columns[span.label]
        column[span.start : span.end] = _B + _I * (span.end - span.start - 1)
    names = {label: ("O", f"B-{code}", f"I-{code}") for label, code in BIO_CODES.items()}
    events, figures = names["event"], names["figure"]
    # A name that is not UTF-8 shows its bytes as \xff (the file is UTF-8 text).
    yield f"# source = {doc.name.encode('utf-8', 'surrogateescape').decode('utf-8', 'backslashreplace')}"
    yield f"# text_sha256 = {doc.sha256}"
    for ch, event, figure in zip(doc.text, columns["event"], columns["figure"], strict=True):
        shown = _ESCAPES.get(ch, ch)
        if not ch.isprintable() and ch not in _ESCAPES:
            shown = f"<U+{ord(ch):04X}>"
        yield f"{shown}\t{events[event]}\t{figures[figure]}"
        if ch == "\n":
            yield ""
    yield ""


def write_bio(docs: Iterable[ExportDoc], out: OutputFolder) -> None:
    with out.open(FILE) as handle:
        empty = True
        for doc in docs:
            handle.writelines(row + "\n" for row in bio_lines(doc))
            empty = False
        if empty:
            handle.write("\n")  # the file of no rows, as it always was


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
