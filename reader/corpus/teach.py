"""Tags teach the segmenter and the extractor.

For the extractor (lexicon.toml, see reader/extraction/lexicon.py): units seen in
tagged figures that it does not know, and names or identifier words whose figure
suggestions people rejected repeatedly (``propose_lexicon_entries``,
``apply_lexicon_entries``).

For the segmenter, two kinds of finding:
- a counted noun of a figure (党员先锋岗, 网格员) that jieba cuts into pieces: a
  candidate for the project's user dictionary (`ANNOTATIONS/userdict.txt`, loaded
  by the reader after the shipped one);
- a tag edge that falls inside one of jieba's words: shown so a person can see
  where the cut was wrong; not added automatically (the fix is rarely the tag text).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from reader.annotation.store import USER_DICT_NAME, AnnotationStore, atomic_write
from reader.corpus.corpus import Corpus, annotated_pages
from reader.text import file_reads
from reader.text.articles import by_article
from reader.text.normalize import GLOSS, to_simplified
from reader.text.segment import Segmenter
from reader.text.spans import Span

_HAN_TERM = re.compile(r"[\u4e00-\u9fff]{2,8}")
_HAN_UNIT = re.compile(r"[\u4e00-\u9fff]{1,4}")


@dataclass
class Candidate:
    term: str
    cut: list[str]
    count: int = 0
    pages: set[str] = field(default_factory=set)


COUNTED_WINDOW = 40  # characters either side of a figure where its counted noun is written


def _plain(text: str) -> str:
    """Simplified, glosses and white space out: how a tag's text and attributes compare."""
    return to_simplified("".join(GLOSS.sub("", text).split()))


def fits(span: Span, page_text: str) -> bool:
    """The tag's attributes still describe its text (see `misfit`): an edge edit can
    leave them stale (unit 例确诊 on the text 16,216例): teach learns nothing from such a
    tag."""
    return misfit(span, page_text) is None


def misfit(span: Span, page_text: str) -> str | None:
    """Why the tag's attributes do not describe its text, or None: its unit must be
    written in the span, its counted noun near it (simplified or traditional alike)."""
    unit = str(span.attrs.get("unit") or "")
    if unit and _plain(unit) not in _plain(span.text):
        return f"its unit {unit!r} is not written in {span.text[:20]!r}"
    counted = str(span.attrs.get("counted") or "")
    around = page_text[max(0, span.start - COUNTED_WINDOW) : span.end + COUNTED_WINDOW]
    if counted and _plain(counted) not in _plain(around):
        return f"its counted noun {counted!r} is not written near it"
    return None


@dataclass
class EdgeConflict:
    page: str
    label: str
    text: str
    word: str  # the jieba word the tag edge falls inside


def user_dict_terms(path: Path) -> set[str]:
    """The words of a user dictionary; FileProblem (one line) when it cannot be read."""
    try:
        text = file_reads.read_text(path)
    except FileNotFoundError:
        return set()
    return {line.split()[0] for line in text.splitlines() if line.strip()}


def user_dict_text(path: Path) -> str:
    """The user dictionary as it is ("" when there is none): read, so that it is
    written again whole, never appended to in place."""
    try:
        return file_reads.read_text(path)
    except FileNotFoundError:
        return ""


def find_candidates(
    corpus: Corpus, annotations: Path, segmenter: Segmenter
) -> tuple[list[Candidate], list[EdgeConflict]]:
    candidates: dict[str, Candidate] = {}
    conflicts: list[EdgeConflict] = []
    known = user_dict_terms(annotations / USER_DICT_NAME)
    for page, loaded in annotated_pages(corpus, annotations):
        spans = loaded.annotations.spans
        for span in spans:
            term = _plain(str(span.attrs.get("counted") or ""))
            # A phrase with 的 is not a word, whatever jieba does with it.
            if (
                span.label == "figure"
                and fits(span, page.text)
                and _HAN_TERM.fullmatch(term)
                and "的" not in term
                and term not in known
            ):
                cut = segmenter.cut(term)
                if len(cut) > 1:
                    found = candidates.setdefault(term, Candidate(term, cut))
                    found.count += 1
                    found.pages.add(page.name)
        for article, inner in zip(page.articles, by_article(page.articles, spans), strict=True):
            tokens = segmenter.tokenize(page.view(article))
            token_starts = [t.start for t in tokens]
            for span in inner:
                # The word that a span's start (else its end) cuts through, if any.
                for edge in (span.start, span.end):
                    i = bisect.bisect_right(token_starts, edge) - 1
                    if i >= 0 and tokens[i].start < edge < tokens[i].end:
                        word = page.text[tokens[i].start : tokens[i].end]
                        conflicts.append(EdgeConflict(page.name, span.label, span.text, word))
                        break
    ranked = sorted(candidates.values(), key=lambda c: (-c.count, c.term))
    return ranked, conflicts


def add_to_user_dict(annotations: Path, terms: list[str], segmenter: Segmenter) -> Path:
    """Add new terms, with a frequency jieba needs to keep each one whole.

    The file is written again whole, atomically and under the store's lock (so two
    `teach --apply` never interleave), never appended to in place: a full disk leaves
    it as it was, and a link in its place is refused, not written through (StoreError)."""
    path = annotations / USER_DICT_NAME
    with AnnotationStore(annotations).lock():
        old = user_dict_text(path)
        known = {line.split()[0] for line in old.splitlines() if line.strip()}
        lines = []
        for term in dict.fromkeys(terms):
            if term not in known:
                freq = max(int(segmenter.tokenizer.suggest_freq(term, tune=False)), 10)
                lines.append(f"{term} {freq} n\n")
        if lines:
            kept = old if not old or old.endswith("\n") else old + "\n"
            atomic_write(path, (kept + "".join(lines)).encode("utf-8"))
    return path


# --- the extractor's lexicon (ANNOTATIONS/lexicon.toml) -------------------------------


@dataclass
class LexiconEntry:
    """A proposed lexicon entry: ``kind`` is units, fixed or identifiers."""

    kind: str
    word: str
    count: int = 0
    examples: list[str] = field(default_factory=list)  # "page: span text"


def _words_before(text: str, start: int) -> list[str]:
    """The last one and two Han characters before ``start``: 案 and 在案 in 在案16316."""
    m = re.search(r"[\u4e00-\u9fff]{1,2}$", text[max(0, start - 2) : start])
    word = m.group(0) if m else ""
    return [word[-n:] for n in range(1, len(word) + 1)]


def propose_lexicon_entries(corpus: Corpus, annotations: Path, min_count: int = 2) -> list[LexiconEntry]:
    """Entries the tags and rejections of a corpus teach the extractor, each seen at
    least ``min_count`` times (once is a chance mistake):

    - units: the unit of a tagged figure (its ``unit`` attribute, else read from its
      text) that neither the built-in unit lexicon nor lexicon.toml knows, from tags
      whose attributes fit their text (``fits``);
    - fixed: a figure suggestion written in Chinese numerals ("三村") rejected: a name,
      not a quantity;
    - identifiers: the word before an Arabic-numeral figure suggestion rejected ("案"
      in 案16316).
    """
    from reader.extraction.lexicon import load_lexicon
    from reader.extraction.quantities import parse_figure
    from reader.extraction.units import unit_kinds

    lexicon = load_lexicon(annotations)
    known_units = unit_kinds(lexicon.units)
    entries: dict[tuple[str, str], LexiconEntry] = {}

    def add(kind: str, word: str, example: str) -> None:
        entry = entries.setdefault((kind, word), LexiconEntry(kind, word))
        entry.count += 1
        if len(entry.examples) < 3:
            entry.examples.append(example)

    for page, loaded in annotated_pages(corpus, annotations):
        for span in loaded.annotations.spans:
            if span.label != "figure" or not fits(span, page.text):
                continue
            text = _plain(span.text)
            unit = to_simplified(str(span.attrs.get("unit") or parse_figure(text)["unit"] or ""))
            if unit and unit not in known_units and _HAN_UNIT.fullmatch(unit):
                add("units", unit, f"{page.name}: {span.text}")
        for rejection in loaded.annotations.rejected:
            if rejection.label != "figure":
                continue
            text = _plain(rejection.text)
            if any(ch.isdigit() for ch in text):
                for word in map(to_simplified, _words_before(page.text, rejection.start)):
                    if word not in lexicon.identifiers:
                        add("identifiers", word, f"{page.name}: {rejection.text}")
            elif text and text not in lexicon.fixed:
                add("fixed", text, f"{page.name}: {rejection.text}")
    kept = [e for e in entries.values() if e.count >= min_count]
    # 编号 and 号 seen equally often: the longer word is the identifier, 号 alone is not.
    longer = {(e.kind, e.word[-n:], e.count) for e in kept for n in range(1, len(e.word))}
    kept = [e for e in kept if (e.kind, e.word, e.count) not in longer]
    return sorted(kept, key=lambda e: (e.kind, -e.count, e.word))


def apply_lexicon_entries(annotations: Path, entries: list[LexiconEntry]) -> Path:
    """Add entries to ANNOTATIONS/lexicon.toml (kept sorted; an existing entry is not
    repeated): written atomically under the store's lock, never through a link."""
    from reader.extraction.lexicon import LEXICON_NAME, Lexicon, dumps_lexicon, load_lexicon

    added = Lexicon(
        units=tuple(e.word for e in entries if e.kind == "units"),
        fixed=tuple(e.word for e in entries if e.kind == "fixed"),
        identifiers=tuple(e.word for e in entries if e.kind == "identifiers"),
    )
    path = annotations / LEXICON_NAME
    with AnnotationStore(annotations).lock():
        current = load_lexicon(annotations)  # read under the lock: another teach may just have written it
        atomic_write(path, dumps_lexicon(current.merged(added)).encode("utf-8"))
    return path
