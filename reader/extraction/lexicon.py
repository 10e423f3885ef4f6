"""The project lexicon: what a team taught the extractor, in ``ANNOTATIONS/lexicon.toml``.

Three lists, each of words (simplified or traditional; they are compared on the
normalised view, so both work):

    units = ["宗", "架次"]          # measure words the built-in lexicon lacks
    fixed = ["三村一区", "四件套"]  # names and slogans whose numerals are not figures
    identifiers = ["案", "编号"]    # a numeral right after these is an identifier

The file is written by ``reader.corpus.teach.apply_lexicon_entries`` (from tags and
rejections) and may be edited by hand. A missing file is an empty lexicon.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from reader.text import file_reads, files
from reader.text.normalize import to_simplified

LEXICON_NAME = "lexicon.toml"
KINDS = ("units", "fixed", "identifiers")


class LexiconError(ValueError):
    """lexicon.toml cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class Lexicon:
    """Frozen and hashable, so compiled patterns can be cached per lexicon."""

    units: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    # The counted-noun ranker's weights the project learned (ranker.py); () = the rules alone.
    learned: tuple[tuple[str, float], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.units or self.fixed or self.identifiers or self.learned)

    @property
    def weights(self) -> dict[str, float] | None:
        return _weights(self.learned) if self.learned else None

    def merged(self, other: Lexicon) -> Lexicon:
        return Lexicon(
            *(tuple(dict.fromkeys(getattr(self, k) + getattr(other, k))) for k in KINDS),  # keep order
            other.learned or self.learned,
        )


@lru_cache(maxsize=8)
def _weights(learned: tuple[tuple[str, float], ...]) -> dict[str, float]:
    return dict(learned)


EMPTY = Lexicon()


def _words(data: dict[str, object], kind: str, path: Path) -> tuple[str, ...]:
    raw = data.get(kind, [])
    if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
        raise LexiconError(f"{path}: {kind} must be a list of strings")
    # The extractor reads the simplified view, so entries are compared simplified.
    return tuple(dict.fromkeys(to_simplified(w.strip()) for w in raw if w.strip()))


def parse_lexicon(text: str, path: Path = Path(LEXICON_NAME)) -> Lexicon:
    import tomllib  # here: the commands that only name LexiconError do not pay for it

    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))  # a BOM, as editors on Windows write it
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{path}: not valid TOML ({exc})") from exc
    except RecursionError:  # tomllib's parser recurses once per nested array
        raise LexiconError(f"{path}: not a lexicon (arrays nested too deeply)") from None
    unknown = sorted(set(data) - set(KINDS))
    if unknown:
        raise LexiconError(f"{path}: unknown key(s) {', '.join(unknown)}; expected {', '.join(KINDS)}")
    return Lexicon(*(_words(data, kind, path) for kind in KINDS))


def load_lexicon(annotations_dir: Path) -> Lexicon:
    """The lexicon of an annotations folder (lexicon.toml, and the counted-noun weights
    it learned, counted-weights.json); empty when it has neither."""
    learned = load_weights(Path(annotations_dir))
    lexicon = _load_toml(annotations_dir)
    return replace(lexicon, learned=learned) if learned else lexicon


def load_weights(annotations_dir: Path) -> tuple[tuple[str, float], ...]:
    """The learned counted-noun weights of an annotations folder; () when it has none."""
    from reader.extraction.ranker import WEIGHTS_NAME, WeightsError, parse_weights

    path = annotations_dir / WEIGHTS_NAME
    try:
        text = file_reads.read_text(path)  # a FIFO is refused, never waited on
    except FileNotFoundError:
        return ()
    except files.FileProblem as exc:
        raise LexiconError(str(exc)) from None
    try:
        return parse_weights(text, path)
    except WeightsError as exc:
        raise LexiconError(str(exc)) from exc


def _load_toml(annotations_dir: Path) -> Lexicon:
    path = Path(annotations_dir) / LEXICON_NAME
    try:
        text = file_reads.read_text(path)  # a FIFO is refused, never waited on
    except FileNotFoundError:
        return EMPTY
    except files.FileProblem as exc:
        raise LexiconError(str(exc)) from None
    return parse_lexicon(text, path)


def lexicon_or_empty(annotations_dir: Path | None) -> Lexicon:
    """For background work (the index, suggestions): a lexicon that cannot be read
    counts as none there; `epireader eval` and `extract` report it."""
    if annotations_dir is None:
        return EMPTY
    try:
        return load_lexicon(annotations_dir)
    except LexiconError:
        return EMPTY


def dumps_lexicon(lexicon: Lexicon) -> str:
    """TOML text for a lexicon: one sorted list per kind, so rewrites diff cleanly."""
    lines = ["# Taught to the extractor (teach --apply, or by hand): see reader/extraction/lexicon.py."]
    for kind in KINDS:
        words = sorted(getattr(lexicon, kind))
        quoted = ", ".join('"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"' for w in words)
        lines.append(f"{kind} = [{quoted}]")
    return "\n".join(lines) + "\n"
