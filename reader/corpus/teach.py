"""Tags teach the segmenter: terms people tagged that jieba cuts wrongly.

Two kinds of finding:
- a counted noun of a figure (党员先锋岗, 网格员) that jieba cuts into pieces: a
  candidate for the project's user dictionary (`ANNOTATIONS/userdict.txt`, loaded
  by the reader after the shipped one);
- a tag edge that falls inside one of jieba's words: shown so a person can see
  where the cut was wrong; not added automatically (the fix is rarely the tag text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reader.corpus.corpus import Corpus, annotated_pages
from reader.text.normalize import GLOSS, to_simplified
from reader.text.segment import Segmenter

USER_DICT_NAME = "userdict.txt"
_HAN_TERM = re.compile(r"[\u4e00-\u9fff]{2,8}")


@dataclass
class Candidate:
    term: str
    cut: list[str]
    count: int = 0
    pages: set[str] = field(default_factory=set)


@dataclass
class EdgeConflict:
    page: str
    label: str
    text: str
    word: str  # the jieba word the tag edge falls inside


def user_dict_terms(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return {line.split()[0] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def find_candidates(
    corpus: Corpus, annotations: Path, segmenter: Segmenter
) -> tuple[list[Candidate], list[EdgeConflict]]:
    candidates: dict[str, Candidate] = {}
    conflicts: list[EdgeConflict] = []
    known = user_dict_terms(annotations / USER_DICT_NAME)
    for page, loaded in annotated_pages(corpus, annotations):
        spans = loaded.annotations.spans
        for span in spans:
            counted = str(span.attrs.get("counted") or "")
            term = to_simplified("".join(GLOSS.sub("", counted).split()))
            # A phrase with 的 is not a word, whatever jieba does with it.
            if (
                span.label == "figure"
                and _HAN_TERM.fullmatch(term)
                and "的" not in term
                and term not in known
            ):
                cut = segmenter.cut(term)
                if len(cut) > 1:
                    found = candidates.setdefault(term, Candidate(term, cut))
                    found.count += 1
                    found.pages.add(page.name)
        for article in page.articles:
            tokens = segmenter.tokenize(page.view(article))
            inner = [s for s in spans if article.contains(s)]
            for span in inner:
                for token in tokens:
                    if token.start < span.start < token.end or token.start < span.end < token.end:
                        word = page.text[token.start : token.end]
                        conflicts.append(EdgeConflict(page.name, span.label, span.text, word))
                        break
    ranked = sorted(candidates.values(), key=lambda c: (-c.count, c.term))
    return ranked, conflicts


def add_to_user_dict(annotations: Path, terms: list[str], segmenter: Segmenter) -> Path:
    """Append new terms, with a frequency jieba needs to keep each one whole."""
    path = annotations / USER_DICT_NAME
    known = user_dict_terms(path)
    lines = []
    for term in terms:
        if term not in known:
            freq = max(int(segmenter.tokenizer.suggest_freq(term, tune=False)), 10)
            lines.append(f"{term} {freq} n")
    if lines:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write("".join(line + "\n" for line in lines))
    return path
