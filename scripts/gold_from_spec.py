"""Write the gold annotation files from the hand-written specs in docs/gold/.

The specs are the record of reading each seed page; this script only finds each
listed span's offsets, checks what was written, refuses anything ambiguous, missing
or malformed, and writes the annotation files through the normal store. It never
runs the extractor and never parses a span: every attribute comes from the spec.

Spec lines (the full description is at the top of docs/gold/000.spec):

    F <text> | <counted> | value=<number|-> qualifier=<q> unit=<unit|->
    E <text> | date=<ISO|-> from=<date_from> [year=N month=N day=N day_end=N
               hour=N minute=N second=N part=<word> calendar=<word>]

followed, on either kind of line, by an optional `` @ <anchor>`` (the occurrence of
<text> inside <anchor>, which must be unique in the page) or `` *`` (every
occurrence). ``-`` is null. ``⏎`` stands for the blank line of a column break, in
the text and in the anchor.

- counted is copied from the page with its pinyin glosses left out (a traditional
  page keeps its script), and must be found verbatim in the figure's own clause
  (up to the nearest , ; 。 ! ? or line end, glosses ignored): a value that is not
  is refused.
- value is a number (int or decimal), ``-`` exactly when qualifier is vague;
  qualifier is one of exact, more-than, about, under, range, vague; unit must be
  written as it stands in the span (glosses ignored; a 多/余 inside it left out:
  2个多小时 → 个小时).
- date is one of YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD, --MM, ---DD, or ``-`` when no
  Gregorian date can be known (a lunar date with no year); from is one of text,
  article, page, source, unknown-year, and unknown-year exactly when the date has
  no year. The time fields are written as read (hour on the 24-hour clock, with
  part), only those the anchoring expression gives.

A null counted or unit is stored as the empty string, as the tagging form stores
it; a null value or date as JSON null.

    python3 scripts/gold_from_spec.py [--annotations annotations] [--seeds seeds]
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.annotation.model import PageAnnotations, Tag
from reader.annotation.store import AnnotationStore, Loaded
from reader.corpus.corpus import load_corpus
from reader.text.normalize import GLOSS

ANNOTATOR = "gold:seed-reading"
BREAK = "⏎"
NULL = "-"
CLAUSE_ENDS = frozenset(",，;；。!！?？\n")
QUALIFIERS = ("exact", "more-than", "about", "under", "range", "vague")
DATE_FROM = ("text", "article", "page", "source", "unknown-year")
DATE_SHAPES = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?|--\d{2}(-\d{2})?|---\d{2}")
TIME_INTS = ("year", "month", "day", "day_end", "hour", "minute", "second")
TIME_WORDS = ("part", "calendar")
FIGURE_KEYS = ("value", "qualifier", "unit")

NUMERAL = set("0123456789.零〇一二两兩三四五六七八九十百千万萬亿億")


def ungloss(text: str) -> str:
    return GLOSS.sub("", text)


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


def clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The figure's own clause: from after the nearest , ; 。 ! ? or line end before
    ``start`` to the nearest one after ``end``."""
    a = start
    while a > 0 and text[a - 1] not in CLAUSE_ENDS:
        a -= 1
    b = end
    while b < len(text) and text[b] not in CLAUSE_ENDS:
        b += 1
    return a, b


@dataclass
class Line:
    number: int
    label: str
    needle: str
    anchor: str | None
    every: bool
    attrs: dict[str, Any] = field(default_factory=dict)


def _number(word: str) -> int | float:
    number = float(word)
    return int(number) if number.is_integer() and "." not in word else number


def _pairs(where: str, words: str, allowed: tuple[str, ...]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for word in words.split():
        key, eq, value = word.partition("=")
        if not eq or key not in allowed or key in pairs or not value:
            raise ValueError(f"{where}: bad attribute {word!r} (keys: {', '.join(allowed)})")
        pairs[key] = value
    return pairs


def figure_attrs(where: str, counted: str, words: str) -> dict[str, Any]:
    pairs = _pairs(where, words, FIGURE_KEYS)
    missing = [key for key in FIGURE_KEYS if key not in pairs]
    if missing:
        raise ValueError(f"{where}: figure without {', '.join(missing)}")
    qualifier = pairs["qualifier"]
    if qualifier not in QUALIFIERS:
        raise ValueError(f"{where}: qualifier {qualifier!r} is not one of {', '.join(QUALIFIERS)}")
    value: int | float | None = None
    if pairs["value"] != NULL:
        try:
            value = _number(pairs["value"])
        except ValueError:
            raise ValueError(f"{where}: value {pairs['value']!r} is not a number") from None
    if (value is None) != (qualifier == "vague"):
        raise ValueError(f"{where}: value is null exactly when the qualifier is vague")
    unit = "" if pairs["unit"] == NULL else pairs["unit"]
    return {
        "value": value,
        "qualifier": qualifier,
        "unit": unit,
        "counted": "" if counted == NULL else counted,
    }


def event_attrs(where: str, words: str) -> dict[str, Any]:
    pairs = _pairs(where, words, ("date", "from", *TIME_INTS, *TIME_WORDS))
    if "date" not in pairs or "from" not in pairs:
        raise ValueError(f"{where}: event without date= and from=")
    date = None if pairs["date"] == NULL else pairs["date"]
    if date is not None and not DATE_SHAPES.fullmatch(date):
        raise ValueError(f"{where}: date {date!r} is not one of the ISO shapes")
    if pairs["from"] not in DATE_FROM:
        raise ValueError(f"{where}: from {pairs['from']!r} is not one of {', '.join(DATE_FROM)}")
    has_year = date is not None and date[0].isdigit()
    if has_year == (pairs["from"] == "unknown-year"):
        raise ValueError(f"{where}: from=unknown-year exactly when the date has no year")
    time: dict[str, Any] = {}
    for key in (*TIME_INTS, *TIME_WORDS):
        if key in pairs:
            if key in TIME_INTS and not pairs[key].isdigit():
                raise ValueError(f"{where}: {key} {pairs[key]!r} is not a whole number")
            time[key] = int(pairs[key]) if key in TIME_INTS else pairs[key]
    return {"time": time, "summary": "", "date": date, "date_from": pairs["from"]}


def parse_line(number: int, line: str, name: str) -> Line:
    where = f"{name}:{number}"
    if line[:2] not in ("E ", "F "):
        raise ValueError(f"{where}: a line starts with 'E ' or 'F '")
    label = {"E": "event", "F": "figure"}[line[0]]
    body = line[2:].strip()
    every = body.endswith(" *")
    if every:
        body = body[:-2].rstrip()
    anchor = None
    if " @ " in body:
        body, anchor = body.split(" @ ", 1)
        anchor = anchor.replace(BREAK, "\n\n")
    parts = [part.strip() for part in body.split(" | ")]
    if label == "figure":
        if len(parts) != 3:
            raise ValueError(f"{where}: a figure line is 'F text | counted | value=… qualifier=… unit=…'")
        attrs = figure_attrs(where, parts[1], parts[2])
    else:
        if len(parts) != 2:
            raise ValueError(f"{where}: an event line is 'E text | date=… from=… [time fields]'")
        attrs = event_attrs(where, parts[1])
    return Line(number, label, parts[0].replace(BREAK, "\n\n"), anchor, every, attrs)


def check_figure(where: str, text: str, start: int, end: int, attrs: dict[str, Any]) -> list[str]:
    """Why the figure's attributes cannot be what the page says, or []."""
    problems = []
    span = ungloss(text[start:end])
    # A qualifier may stand inside the unit's words: 2个多小时 has unit 个小时.
    bare = re.sub("[多余餘]", "", span)
    if attrs["unit"] and attrs["unit"] not in span and attrs["unit"] not in bare:
        problems.append(f"{where}: unit {attrs['unit']!r} is not written in the span {span!r}")
    counted = attrs["counted"]
    if counted:
        a, b = clause(text, start, end)
        if ungloss(counted) != counted or counted.strip() != counted:
            problems.append(f"{where}: counted {counted!r} carries a gloss or spaces")
        elif counted not in ungloss(text[a:b]):
            problems.append(
                f"{where}: counted {counted!r} is not verbatim in its clause {ungloss(text[a:b])!r}"
            )
    return problems


def spans_for(spec: Path, text: str) -> list[tuple[str, int, int, dict[str, Any]]]:
    out: list[tuple[str, int, int, dict[str, Any]]] = []
    errors: list[str] = []
    for n, raw in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            item = parse_line(n, line, spec.name)
        except ValueError as exc:
            errors.append(str(exc))
            continue
        where = f"{spec.name}:{n}"
        if item.anchor is not None:
            found = occurrences(text, item.anchor)
            if len(found) != 1:
                errors.append(f"{where}: anchor {item.anchor!r} found {len(found)} times")
                continue
            inner = item.anchor.find(item.needle)
            if inner < 0:
                errors.append(f"{where}: {item.needle!r} not inside its anchor")
                continue
            starts = [found[0] + inner]
        else:
            starts = occurrences(text, item.needle)
            if not starts or (len(starts) > 1 and not item.every):
                errors.append(f"{where}: {item.needle!r} found {len(starts)} times")
                continue
        for s in starts:
            e = s + len(item.needle)
            if item.label == "figure":
                errors.extend(check_figure(where, text, s, e, item.attrs))
            out.append((item.label, s, e, dict(item.attrs)))
    keys = [(label, s, e) for label, s, e, _ in out]
    if len(set(keys)) != len(keys):
        errors.append(f"{spec.name}: the same span is listed twice")
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
        for label, start, end, attrs in spans_for(spec, page.text):
            span = Tag.make(page.text, label, start, end, annotator=ANNOTATOR, attrs=attrs)
            # Stable ids and times: regenerating the gold gives the same bytes.
            span.id = f"g{start:05d}{end:05d}{label[0]}"
            span.created, span.updated = "2026-11-25T00:00:00Z", "2026-12-07T00:00:00Z"
            annotations.add(span)
        path = store.path_for(page.name)
        path.unlink(missing_ok=True)
        store.save(Loaded(annotations, path))
        counts = {lab: sum(s.label == lab for s in annotations.spans) for lab in ("event", "figure")}
        print(f"{path}: {counts['event']} events, {counts['figure']} figures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
