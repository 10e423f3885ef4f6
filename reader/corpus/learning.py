"""What a project's tags teach the counted-noun prefill, and how much it helps.

`examples` reads every figure tag of an annotations folder: the candidates the rules
propose at the tag (as the form's prefill does) and the counted noun the person saved.
`learn` trains the ranker (reader/extraction/ranker.py) on them; `leave_one_page_out`
measures it honestly: each page predicted by weights learned from the other pages
only, against the rules alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reader.corpus.corpus import Corpus, annotated_pages
from reader.extraction.attributes import choose_counted, read_span
from reader.extraction.counted_choice import Candidate
from reader.extraction.lexicon import Lexicon, load_lexicon
from reader.extraction.ranker import Example, examples_of, train
from reader.text.segment import Segmenter


@dataclass
class Tagged:
    """One figure tag read for learning: the candidates at it and the noun it holds."""

    page: str
    candidates: list[Candidate]
    texts: list[str]
    counted: str


@dataclass
class Lessons:
    """The figure tags of an annotations folder, ready to learn from."""

    figures: list[Tagged] = field(default_factory=list)

    @property
    def pages(self) -> list[str]:
        return sorted({f.page for f in self.figures})

    def examples(self, leave_out: str | None = None) -> list[Example]:
        kept = [f for f in self.figures if f.page != leave_out]
        return examples_of(((f.candidates, f.texts) for f in kept), (f.counted for f in kept))


def lessons(
    corpus: Corpus, annotations: Path, segmenter: Segmenter, lexicon: Lexicon | None = None
) -> Lessons:
    """Every figure tag of ``annotations`` (on pages of ``corpus``) with its candidates."""
    lexicon = load_lexicon(annotations) if lexicon is None else lexicon
    out = Lessons()
    for page, loaded in annotated_pages(corpus, annotations, batch=True):
        for tag in loaded.annotations.spans:
            if tag.label != "figure" or "counted" not in tag.attrs:
                continue
            reading = read_span(page.text, "figure", tag.start, tag.end, segmenter, True, lexicon)
            noun = str(tag.attrs.get("counted") or "")
            out.figures.append(Tagged(page.name, reading.candidates, reading.texts, noun))
    return out


def learn(taught: Lessons) -> dict[str, float]:
    """The ranker's weights from every tag of the folder."""
    return train(taught.examples())


@dataclass
class Measured:
    """Counted-noun agreement on the tags of a folder, each page predicted by weights
    learned from the other pages (leave one page out), against the rules alone."""

    figures: int
    rules: int
    learned: int

    @property
    def rules_agreement(self) -> float:
        return self.rules / self.figures if self.figures else 0.0

    @property
    def learned_agreement(self) -> float:
        return self.learned / self.figures if self.figures else 0.0


def leave_one_page_out(taught: Lessons) -> Measured:
    measured = Measured(len(taught.figures), 0, 0)
    for page in taught.pages:
        weights = train(taught.examples(leave_out=page))
        for figure in (f for f in taught.figures if f.page == page):
            measured.rules += _agrees(figure, None)
            measured.learned += _agrees(figure, weights)
    return measured


def _agrees(figure: Tagged, weights: Mapping[str, float] | None) -> bool:
    from reader.extraction.attributes import Reading

    reading = Reading({"counted": ""}, figure.candidates, figure.texts)
    return choose_counted(reading, weights or None) == figure.counted


def apply_weights(annotations: Path, taught: Lessons) -> tuple[Path, dict[str, float]]:
    """Learn from every tag of ``annotations`` and write the weights there (`save_weights`)."""
    weights = learn(taught)
    return save_weights(annotations, weights, len(taught.examples()), len(taught.pages)), weights


def save_weights(annotations: Path, weights: dict[str, float], examples: int, pages: int) -> Path:
    """Write ``weights`` (counted-weights.json, which the extractor and the prefill read)
    atomically under the folder's lock; no weights, no file (an old one is removed: the
    rules alone hold). The one writer for `teach --apply` and the reader's relearning."""
    from reader.annotation.store import AnnotationStore
    from reader.extraction.ranker import WEIGHTS_NAME, dumps_weights
    from reader.text import files

    path = annotations / WEIGHTS_NAME
    with AnnotationStore(annotations).lock():
        if not weights:
            files.remove(path)
        else:
            files.atomic_write(path, dumps_weights(weights, examples, pages).encode("utf-8"))
    return path
