"""The reading session's plain values: the mode, the state the screen draws, an
article's words, what the prefill learned."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from reader.annotation.counts import ArticleCount
    from reader.annotation.model import Tag
    from reader.corpus.keywords import KeywordModel
    from reader.text.articles import ArticleRef
    from reader.text.document import Document
    from reader.text.segment import Segmenter, Token
    from reader.text.spans import Span

Mode = Literal["tags", "suggest", "review"]
Severity = Literal["information", "warning", "error"]
# The mode leads the status line, so a notice beside it never hides it.
# Short: the footer shows the mode's keys, and the tag count must stay in view.
MODE_HINTS: dict[Mode, str] = {
    "tags": "",
    "suggest": "SUGGESTIONS · ",
    "review": "REVIEW (red: missed, yellow: not tagged) · ",
}
KEYWORD_COUNT = 12


def plural(n: int, noun: str) -> str:
    """1 tag, 2 tags."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def where_tags_go(annotations: Path) -> str:
    """What the reader says once it is open: the folder your tags are saved in, and why
    it is your own folder when the default one is gold."""
    from reader.annotation.gold import is_gold

    gold = annotations.parent.parent / "annotations"
    if annotations.parent.name == "annotators" and is_gold(gold):
        return f"Your tags: {folder_label(annotations)}/ ({folder_label(gold)}/ is gold)"
    return f"Your tags: {folder_label(annotations)}/"


def folder_label(folder: Path) -> str:
    """An annotations folder as the status line names it: relative to where the reader
    was started when it is below it, else in full."""
    try:
        return str(folder.resolve().relative_to(Path.cwd().resolve())) or "."
    except (ValueError, OSError):
        return str(folder)


def proposal_order(span: Span) -> tuple[int, int, str]:
    """The order . steps through suggestions in: by start, the outer one of a nest first."""
    return (span.start, -span.end, span.label)


@dataclass
class ArticleState:
    """Everything the screen draws for the open article."""

    ref: ArticleRef
    document: Document
    marks: list[Span]  # tags, plus suggestions (p) or review marks (g); label = how to draw
    tags: list[Tag]
    orphans: list[Tag]
    count: ArticleCount
    status: str


@dataclass(frozen=True, eq=False)
class Words:
    """An article's words and keywords, and what they were made with (reader/session/words.py)."""

    document: Document
    segmenter: Segmenter
    model: KeywordModel | None
    tokens: list[Token]
    keywords: list[tuple[str, float]]

    def made_for(self, document: Document, segmenter: Segmenter, model: KeywordModel | None) -> bool:
        """Made for this article of this very page (a page read again is another page)
        with this jieba and keyword model."""
        mine = self.document
        return (
            mine.page is document.page
            and mine.article == document.article
            and self.segmenter is segmenter
            and self.model is model
        )


@dataclass(frozen=True)
class Learned:
    """What the relearn job learned (reader/session/jobs.py): the weights, from how many figures and pages."""

    weights: dict[str, float]
    examples: int
    pages: int
