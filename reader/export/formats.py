"""Exporters: annotation files written in the formats other tools read, and read back.

Every exporter is deterministic (same annotations, same bytes) and has a reader, so
the tests can check each format by a round trip into the annotation model. Offsets
differ by tool: brat and our own files count code points; doccano and Label Studio
are JavaScript front ends and count UTF-16 code units, so a character outside the
BMP (𠮷, 😷) counts two there. Each exporter converts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.annotation.model import LABELS
from reader.corpus.corpus import Corpus, annotated_pages
from reader.text.page import Page
from reader.text.spans import Span

FORMATS = ("fixtures", "brat", "jsonl", "label-studio", "bio")
BRAT_TYPES = {"event": "Event", "figure": "Figure"}
BIO_CODES = {"event": "EVT", "figure": "FIG"}


@dataclass(frozen=True)
class ExportDoc:
    """One page (or one article, for fixtures) with its spans, ready to write."""

    name: str  # page name, relative to the corpus
    text: str
    sha256: str
    spans: tuple[Span, ...]


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# --- offsets ---------------------------------------------------------------------


def utf16_offset(text: str, index: int) -> int:
    """UTF-16 code units before code point ``index``."""
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)


def codepoint_offset(text: str, units: int) -> int:
    """Code point index at ``units`` UTF-16 code units."""
    count = 0
    for i, ch in enumerate(text):
        if count >= units:
            return i
        count += 2 if ord(ch) > 0xFFFF else 1
    if count == units:
        return len(text)
    raise ValueError(f"UTF-16 offset {units} is not on a character boundary")


# --- documents from the store ----------------------------------------------------


def documents(corpus: Corpus, annotations: Path) -> Iterator[ExportDoc]:
    """Every annotated, readable page of the corpus, in page order."""
    for page, loaded in annotated_pages(corpus, annotations):
        spans = tuple(
            Span(s.label, s.start, s.end, s.text, s.attrs) for s in loaded.annotations.sorted_spans()
        )
        yield ExportDoc(page.name, page.text, page.sha256, spans)


def article_fixtures(corpus: Corpus, annotations: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(file name, fixture) per article of every annotated page: self-contained tests."""
    by_name = {p.name: p for p in corpus.pages}
    for doc in documents(corpus, annotations):
        page: Page = by_name[doc.name]
        stem = doc.name[: -len(".txt")] if doc.name.endswith(".txt") else doc.name
        for article in page.articles:
            inside = [s for s in doc.spans if article.contains(s)]
            text = page.text[article.start : article.end]
            fixture = {
                "source": doc.name,
                "page_sha256": doc.sha256,
                "article": {
                    "index": article.index,
                    "title": article.title,
                    "start": article.start,
                    "end": article.end,
                },
                "text": text,
                "offsets": "code points of text, end-exclusive; add article.start for the page",
                "events": [_fixture_span(s, article.start) for s in inside if s.label == "event"],
                "figures": [_fixture_span(s, article.start) for s in inside if s.label == "figure"],
            }
            yield f"{stem.replace('/', '__')}__a{article.index:02d}.json", fixture


def _fixture_span(span: Span, base: int) -> dict[str, Any]:
    return {"start": span.start - base, "end": span.end - base, "text": span.text, "attrs": span.attrs}


def read_fixture(data: dict[str, Any]) -> list[tuple[str, int, int]]:
    keys = [("event", s["start"], s["end"]) for s in data["events"]]
    keys += [("figure", s["start"], s["end"]) for s in data["figures"]]
    for label, start, end in keys:
        assert data["text"][start:end], (label, start, end)
    return sorted(keys, key=lambda k: (k[1], -k[2], k[0]))


# --- brat standoff ---------------------------------------------------------------


def brat_ann(doc: ExportDoc) -> str:
    """brat .ann: one text-bound annotation per span, fragments split at newlines."""
    lines = []
    for n, span in enumerate(doc.spans, 1):
        fragments = []
        pos = span.start
        for piece in span.text.split("\n"):
            if piece:
                fragments.append((pos, pos + len(piece)))
            pos += len(piece) + 1
        where = ";".join(f"{s} {e}" for s, e in fragments)
        shown = " ".join(doc.text[s:e] for s, e in fragments)
        lines.append(f"T{n}\t{BRAT_TYPES[span.label]} {where}\t{shown}")
        if span.attrs:
            attrs = json.dumps(span.attrs, ensure_ascii=False, sort_keys=True)
            lines.append(f"#{n}\tAnnotatorNotes T{n}\t{attrs}")
    return "\n".join(lines) + ("\n" if lines else "")


def read_brat(text: str, ann: str) -> list[tuple[str, int, int]]:
    labels = {v: k for k, v in BRAT_TYPES.items()}
    keys = []
    for line in ann.splitlines():
        if not line.startswith("T"):
            continue
        _, middle, shown = line.split("\t", 2)
        kind, where = middle.split(" ", 1)
        fragments = [tuple(map(int, part.split())) for part in where.split(";")]
        if " ".join(text[s:e] for s, e in fragments) != shown:
            raise ValueError(f"brat fragment text does not match: {line}")
        keys.append((labels[kind], fragments[0][0], fragments[-1][1]))
    return keys


# --- doccano JSONL and Label Studio ----------------------------------------------


def doccano_line(doc: ExportDoc) -> dict[str, Any]:
    return {
        "text": doc.text,
        "label": [
            [utf16_offset(doc.text, s.start), utf16_offset(doc.text, s.end), s.label] for s in doc.spans
        ],
        "meta": {"source": doc.name, "text_sha256": doc.sha256, "offsets": "utf-16 code units"},
    }


def read_doccano(data: dict[str, Any]) -> list[tuple[str, int, int]]:
    text = data["text"]
    return [(lab, codepoint_offset(text, s), codepoint_offset(text, e)) for s, e, lab in data["label"]]


def label_studio_task(doc: ExportDoc) -> dict[str, Any]:
    results = []
    for n, span in enumerate(doc.spans, 1):
        results.append(
            {
                "id": f"s{n}",
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {
                    "start": utf16_offset(doc.text, span.start),
                    "end": utf16_offset(doc.text, span.end),
                    "text": span.text,
                    "labels": [BRAT_TYPES[span.label]],
                },
                "meta": {"attrs": span.attrs},
            }
        )
    return {
        "data": {"text": doc.text, "source": doc.name, "text_sha256": doc.sha256},
        "annotations": [{"result": results}],
    }


def read_label_studio(task: dict[str, Any]) -> list[tuple[str, int, int]]:
    text = task["data"]["text"]
    labels = {v: k for k, v in BRAT_TYPES.items()}
    keys = []
    for result in task["annotations"][0]["result"]:
        value = result["value"]
        start, end = codepoint_offset(text, value["start"]), codepoint_offset(text, value["end"])
        if text[start:end] != value["text"]:
            raise ValueError(f"Label Studio span text does not match at {start}-{end}")
        keys.append((labels[value["labels"][0]], start, end))
    return keys


# --- character-level BIO ---------------------------------------------------------

_BIO_ESCAPES = {"\n": "<nl>", " ": "<sp>", "\t": "<tab>", "\u3000": "<ideosp>"}


def bio_lines(doc: ExportDoc) -> list[str]:
    """One row per character: char, event tag, figure tag; a blank line after each line
    break, so each line of the page is a sequence. Events and figures overlap, hence a
    column each (the usual CoNLL way of keeping nested labels)."""
    tags = {label: ["O"] * len(doc.text) for label in LABELS}
    for span in doc.spans:
        column = tags[span.label]
        code = BIO_CODES[span.label]
        column[span.start] = f"B-{code}"
        for i in range(span.start + 1, span.end):
            column[i] = f"I-{code}"
    rows = [f"# source = {doc.name}", f"# text_sha256 = {doc.sha256}"]
    for i, ch in enumerate(doc.text):
        shown = _BIO_ESCAPES.get(ch, ch)
        if not ch.isprintable() and ch not in _BIO_ESCAPES:
            shown = f"<U+{ord(ch):04X}>"
        rows.append(f"{shown}\t{tags['event'][i]}\t{tags['figure'][i]}")
        if ch == "\n":
            rows.append("")
    rows.append("")
    return rows


def read_bio(lines: Iterable[str]) -> tuple[str, list[tuple[str, int, int]]]:
    unescape = {v: k for k, v in _BIO_ESCAPES.items()}
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


# --- writing ---------------------------------------------------------------------


def export(corpus: Corpus, annotations: Path, fmt: str, out: Path) -> list[Path]:
    """Write ``fmt`` files into ``out``; returns the files written, in order."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def write(name: str, content: str) -> None:
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8", newline="\n")
        written.append(path)

    if fmt == "fixtures":
        for name, fixture in article_fixtures(corpus, annotations):
            write(name, dumps(fixture))
        return written
    docs = list(documents(corpus, annotations))
    if fmt == "brat":
        for doc in docs:
            stem = doc.name[: -len(".txt")] if doc.name.endswith(".txt") else doc.name
            write(f"{stem}.txt", doc.text)
            write(f"{stem}.ann", brat_ann(doc))
        write("annotation.conf", "[entities]\nEvent\nFigure\n[relations]\n[events]\n[attributes]\n")
    elif fmt == "jsonl":
        lines = [json.dumps(doccano_line(d), ensure_ascii=False, sort_keys=True) for d in docs]
        write("annotations.jsonl", "".join(line + "\n" for line in lines))
    elif fmt == "label-studio":
        write("label-studio.json", dumps([label_studio_task(d) for d in docs]))
    else:
        rows = [row for d in docs for row in bio_lines(d)]
        write("annotations.bio", "\n".join(rows) + "\n")
    return written
