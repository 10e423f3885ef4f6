"""WebAnno TSV 3.3, the format INCEpTION and WebAnno read and write: ``NAME.tsv`` per page.

Written as the format's documentation (inception ``webannotsv.adoc``) and its test
suite (tests/data/anchors/webanno) show it: the header ``#FORMAT=WebAnno TSV 3.3``
and one span layer, INCEpTION's built-in named entity layer
(``#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value``, value
``Event`` or ``Figure``), two blank lines, then per line of the page that has words a
sentence: ``#Text=`` and a row per token ``sentence-token<TAB>begin-end<TAB>token<TAB>
annotations``. The tokens are ours (jieba's words through reader/text/segment.py, as
the reader's cursor steps); a span that begins or ends inside a word adds sub-token
rows (``1-3.1``) for its part of the word. Every annotation carries its
disambiguation id (``Figure[3]``), so a span over several units and stacked spans
(an event holding a figure) read back as one. Offsets count UTF-16 code units (the
format is Java's); reserved characters are escaped with a backslash.

Read back: the first span layer's first feature is the label (Event, Figure, or what
the label map names); the page is the file's name, its text checked span by span.
Annotations on other layers or features, and zero-length spans, are counted and
named. Only label and offsets come back: ids, attributes and provenance have no
place here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from reader.export.documents import ExportDoc
from reader.export.errors import ImportFileError
from reader.export.incoming import SKIPPED, ImportOptions, Incoming, IncomingDoc
from reader.export.inputs import read_text
from reader.export.labels import BRAT_TYPES, SKIP
from reader.export.offsets import codepoint_offset, utf16_offset
from reader.export.output import OutputFolder
from reader.text.segment import Segmenter

FORMAT = "#FORMAT=WebAnno TSV 3.3"
LAYER = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
HEADER = f"{FORMAT}\n#T_SP={LAYER}|value\n\n\n"
_RESERVED = re.compile(r"(\\|\[|\]|\||_|->|;|\t|\n|\*)")
_UNESCAPE = re.compile(r"\\(->|.)", re.S)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape(value: str) -> str:
    return _RESERVED.sub(lambda m: _NAMED.get(m.group(1), "\\" + m.group(1)), value)


def unescape(value: str) -> str:
    return _UNESCAPE.sub(lambda m: {"t": "\t", "n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), value)


def _tokens(doc: ExportDoc, segmenter: Segmenter) -> list[tuple[int, int]]:
    """Our words of the page, in page offsets, none over a line break."""
    found: set[tuple[int, int]] = set()
    for article in doc.page.articles:
        for token in segmenter.tokenize(doc.page.view(article)):
            start = token.start
            for piece in doc.text[token.start : token.end].split("\n"):
                if piece.strip():
                    found.add((start, start + len(piece)))
                start += len(piece) + 1
    return sorted(found)


def tsv_lines(doc: ExportDoc, segmenter: Segmenter) -> Iterator[str]:
    text, spans = doc.text, doc.spans
    ident = {id(s): n for n, s in enumerate(spans, 1)}
    tokens = _tokens(doc, segmenter)
    for span in spans:  # a word the tokens left out (a span over white space): its own unit
        if not any(s < span.end and span.start < e for s, e in tokens):
            tokens.append((span.start, span.end))
    tokens.sort()
    lines: dict[int, list[tuple[int, int]]] = {}
    for start, end in tokens:
        lines.setdefault(text.count("\n", 0, start), []).append((start, end))
    yield HEADER
    for number, (_, words) in enumerate(sorted(lines.items()), 1):
        first, last = words[0][0], words[-1][1]
        yield f"#Text={escape(text[first:last])}\n"  # a line of the page: no line break in it
        for k, (start, end) in enumerate(words, 1):
            whole = [s for s in spans if s.start <= start and end <= s.end]
            yield _row(f"{number}-{k}", text, start, end, whole, ident)
            parts = sorted(
                (max(s.start, start), min(s.end, end), s)
                for s in spans
                if s.start < end and start < s.end and not (s.start <= start and end <= s.end)
            )
            sub = 0
            for ps, pe, s in parts:
                sub += 1
                yield _row(f"{number}-{k}.{sub}", text, ps, pe, [s], ident)
    yield ""


def _row(where: str, text: str, start: int, end: int, spans: list, ident: dict[int, int]) -> str:
    cell = "|".join(f"{BRAT_TYPES[s.label]}[{ident[id(s)]}]" for s in spans) or "_"
    offsets = f"{utf16_offset(text, start)}-{utf16_offset(text, end)}"
    return f"{where}\t{offsets}\t{escape(text[start:end])}\t{cell}\t\n"


def write_webanno(docs: Iterable[ExportDoc], out: OutputFolder) -> None:
    segmenter = Segmenter.shared()
    for doc in docs:
        with out.open(f"{doc.stem}.tsv") as handle:
            handle.writelines(tsv_lines(doc, segmenter))


# --- reading ----------------------------------------------------------------------

_ROW = re.compile(r"^(\d+)-(\d+)(?:\.(\d+))?\t(\d+)-(\d+)\t")
_ANNOTATION = re.compile(r"^(.*?)(?:\[(\d+)\])?$", re.S)


def read_webanno_files(path: Path, options: ImportOptions) -> list[IncomingDoc]:
    """Every ``.tsv`` file at ``path`` (a folder, searched below, or one file)."""
    if path.is_dir():
        found = sorted(path.rglob("*.tsv"))
        root = path
    else:
        found, root = [path], path.parent
    if not found:
        raise ImportFileError(f"no .tsv files in {path}")
    return [_read(tsv, tsv.relative_to(root).with_suffix(".txt").as_posix(), options) for tsv in found]


def _split(cell: str) -> list[str]:
    """A cell's stacked annotations, at ``|`` not escaped."""
    return [part for part in re.split(r"(?<!\\)\|", cell) if part]


def _read(path: Path, source: str, options: ImportOptions) -> IncomingDoc:
    raw = read_text(path)
    if not raw.startswith("#FORMAT=WebAnno TSV 3"):
        raise ImportFileError(f"{path}: not WebAnno TSV 3 (no #FORMAT=WebAnno TSV 3.x header)")
    dropped: Counter[str] = Counter()
    units: dict[str, list[tuple[int, int, int]]] = {}  # annotation key -> (sentence, start16, end16)
    names: dict[str, str] = {}
    sentences: dict[int, tuple[int, str]] = {}  # sentence -> (start16, its text)
    text_lines: list[str] = []
    for line in raw.split("\n"):
        if line.startswith("#Text="):
            text_lines.append(line[len("#Text=") :])
            continue
        match = _ROW.match(line)
        if not match:
            continue
        sentence, _, _, start16, end16 = match.groups()
        if text_lines:
            sentences[int(sentence)] = (int(start16), unescape("\n".join(text_lines)))
            text_lines = []
        cells = line.split("\t")[3:]
        for column, cell in enumerate(cells):
            if cell in ("", "_"):
                continue
            for n, part in enumerate(_split(cell)):
                if column > 0:
                    dropped["WebAnno annotation on another layer or feature"] += 1
                    continue
                value, number = _ANNOTATION.match(part).groups()  # type: ignore[union-attr]
                key = f"#{number}" if number else f"{line.split(chr(9))[0]}/{n}"
                names[key] = unescape(value)
                units.setdefault(key, []).append((int(sentence), int(start16), int(end16)))
    text = _text(sentences)
    spans = []
    for key, pieces in units.items():
        span = _span(text, names[key], pieces, f"{path} annotation {key}", options, dropped)
        if span is not None:
            spans.append(span)
    return IncomingDoc(source, None, spans, where=str(path), dropped=dropped)


def _text(sentences: dict[int, tuple[int, str]]) -> str:
    """The document's text as the sentences give it; what lies between them (never
    said) as spaces: enough to turn UTF-16 offsets into code points, since no
    character outside the BMP is left unsaid."""
    text = ""
    for start16, said in (sentences[k] for k in sorted(sentences)):
        units = len(text.encode("utf-16-le")) // 2
        text += " " * max(0, start16 - units) + said
    return text


def _span(
    text: str,
    name: str,
    pieces: list[tuple[int, int, int]],
    where: str,
    options: ImportOptions,
    dropped: Counter[str],
) -> Incoming | None:
    label = options.labels.resolve(name)
    if label == SKIP:
        dropped[SKIPPED] += 1
        return None
    if label is None:
        return Incoming(name, 0, 0, "", problem=f"{where}: unknown label {name!r} (--label-map names it)")
    try:
        by_sentence: dict[int, list[int]] = {}
        for sentence, s16, e16 in pieces:
            by_sentence.setdefault(sentence, []).extend(
                [codepoint_offset(text, s16), codepoint_offset(text, e16)]
            )
    except ValueError as exc:
        return Incoming(label, 0, 0, "", problem=f"{where}: {exc}")
    fragments = [(min(v), max(v)) for _, v in sorted(by_sentence.items())]
    start, end = fragments[0][0], fragments[-1][1]
    if start >= end:
        return Incoming(label, start, end, "", problem=f"{where}: a zero-length span has no place here")
    shown = " ".join(text[s:e] for s, e in fragments)
    span = Incoming(label, start, end, shown, where=where)
    span.fragments = fragments if len(fragments) > 1 else None
    return span
