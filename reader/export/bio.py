"""Character-level BIO: ``annotations.bio``, one row per code point,
``char<TAB>event-tag<TAB>figure-tag``, the CoNLL shape readers take (spaCy's
``convert -c ner``, seqeval's tag lists): a page begins with the document line
``-DOCSTART- -X- O O`` and a blank line, each line of the page is a sentence (a
blank row after its line break), and there are no comment lines. Events and figures
overlap, hence a column each (the usual CoNLL way of keeping nested labels); spaCy
reads the last column (figures) as its entities and the one before as a tag.

Characters a whitespace-splitting reader would lose are written as names: ``<sp>``,
``<nl>``, ``<tab>``, ``<ideosp>``, any unprintable one as ``<U+XXXX>``, and ``#`` as
``<hash>`` (a row starting with ``#`` is a comment to CoNLL-U readers). The page of
each document, in order, is in ``annotations.bio.pages.tsv`` beside it
(``n<TAB>page<TAB>text_sha256``).

Read back (import): each document's text is its rows' characters, its spans the
B-/I- runs of every tag column, their labels named by the tag (EVT, FIG) or the
label map; the page is the one the side file names, else the one with that text. A
column holds one span per character, so two overlapping spans of one label cannot
both be written, and there is no place for attributes or provenance.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from reader.export.documents import ExportDoc
from reader.export.errors import ImportFileError
from reader.export.incoming import SKIPPED, ImportOptions, Incoming, IncomingDoc
from reader.export.inputs import default_file, read_text
from reader.export.labels import SKIP
from reader.export.output import OutputFolder
from reader.text.spans import LABELS

BIO_CODES = {"event": "EVT", "figure": "FIG"}
FILE = "annotations.bio"
PAGES = FILE + ".pages.tsv"
DOCSTART = "-DOCSTART- -X- O O"
_B, _I = b"\x01", b"\x02"  # indexes into a label's ("O", "B-…", "I-…")
_ESCAPES = {"\n": "<nl>", " ": "<sp>", "\t": "<tab>", "\u3000": "<ideosp>", "#": "<hash>"}
_UNESCAPES = {v: k for k, v in _ESCAPES.items()}


def _shown(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    return ch if ch.isprintable() and not ch.isspace() else f"<U+{ord(ch):04X}>"


def unescape(shown: str) -> str:
    """The character a row shows."""
    if shown in _UNESCAPES:
        return _UNESCAPES[shown]
    if shown.startswith("<U+") and shown.endswith(">"):
        return chr(int(shown[3:-1], 16))
    return shown


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
    yield DOCSTART
    yield ""
    for ch, event, figure in zip(doc.text, columns["event"], columns["figure"], strict=True):
        yield f"{_shown(ch)}\t{events[event]}\t{figures[figure]}"
        if ch == "\n":
            yield ""
    yield ""


def _page_row(n: int, doc: ExportDoc) -> str:
    # A name that is not UTF-8 shows its bytes as \xff (the file is UTF-8 text).
    name = doc.name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return f"{n}\t{name}\t{doc.sha256}\n"


def write_bio(docs: Iterable[ExportDoc], out: OutputFolder) -> None:
    rows: list[str] = []  # the side file, written first: the .bio is the export's last file
    with out.open(FILE) as handle:
        for n, doc in enumerate(docs, 1):
            handle.writelines(row + "\n" for row in bio_lines(doc))
            rows.append(_page_row(n, doc))
        if not rows:
            handle.write("\n")  # the file of no rows, as it always was
        out.write(PAGES, "".join(rows))  # inside: the .bio is the last file written


def read_bio(lines: Iterable[str]) -> tuple[str, list[tuple[str, int, int]]]:
    """One document's rows: its text and the (label, start, end) of its spans."""
    text, spans, _ = _document(lines, "bio", ImportOptions())
    return text, sorted((s.key for s in spans), key=lambda k: (k[1], -k[2], k[0]))


def _document(lines: Iterable[str], where: str, options: ImportOptions) -> tuple[str, list[Incoming], int]:
    """The text, the spans and how many spans the label map skipped."""
    chars: list[str] = []
    columns: list[list[str]] = []
    for line in lines:
        if not line.strip() or line.startswith("-DOCSTART-"):
            continue
        shown, *tags = line.split("\t") if "\t" in line else line.split()
        chars.append(unescape(shown))
        columns += [[] for _ in range(len(tags) - len(columns))]
        for column, tag in zip(columns, tags, strict=False):
            column.append(tag)
    text = "".join(chars)
    spans: list[Incoming | None] = []
    for column in columns:
        start, name = None, ""
        for i, tag in enumerate([*column, "O"]):
            if start is not None and not (tag.startswith("I-") and tag[2:] == name):
                spans.append(_span(text, name, start, i, where, options))
                start = None
            if tag.startswith("B-") or (tag.startswith("I-") and start is None):  # IOB1 starts with I-
                start, name = i, tag[2:]
    return text, [s for s in spans if s is not None], spans.count(None)


def _span(text: str, name: str, start: int, end: int, where: str, options: ImportOptions) -> Incoming | None:
    label = options.labels.resolve(name)
    if label == SKIP:
        return None
    problem = None if label else f"{where}: unknown label {name!r} (--label-map names it)"
    return Incoming(label or name, start, end, text[start:end], problem=problem, where=where)


def read_bio_file(path: Path, options: ImportOptions) -> list[IncomingDoc]:
    file = default_file(path, FILE)
    side = file.with_name(file.name + ".pages.tsv")
    names = [row.split("\t") for row in read_text(side).splitlines()] if side.is_file() else []
    documents: list[list[str]] = [[]]
    for line in read_text(file).split("\n"):
        if line.startswith("-DOCSTART-") and any(r.strip() for r in documents[-1]):
            documents.append([])
        documents[-1].append(line)
    docs = []
    for n, rows in enumerate(d for d in documents if any(r.strip() for r in d)):
        where = f"{file} document {n + 1}"
        try:
            text, spans, skipped = _document(rows, where, options)
        except ValueError as exc:
            raise ImportFileError(f"{where}: not a BIO row ({exc})") from None
        source = names[n][1] if n < len(names) and len(names[n]) > 1 else None
        doc = IncomingDoc(source, text, spans, where=where)
        if skipped:
            doc.dropped[SKIPPED] += skipped
        docs.append(doc)
    return docs
