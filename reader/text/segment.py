"""The one place that talks to jieba: segmentation, stock IDF, TextRank.

jieba is imported lazily and only here (reader/text/prefix_cache.py loads its
dictionary for us). It costs ~0.6 s to import and ~0.3 s to load its dictionary, so
the app builds a ``Segmenter`` in a worker and the first screen appears before it is
ready; the dictionary comes in pieces so that the UI thread is not held meanwhile.
We use our own ``jieba.Tokenizer`` (never the global one) so the shipped domain
dictionary does not leak into other users of jieba in the same process, and lower
jieba's log level so its "Loading model" line never prints over the TUI.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import ChainMap
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from reader.text.file_reads import not_regular
from reader.text.normalize import View
from reader.text.prefix_cache import load_prefix_dict

USER_DICT = "userdict.txt"
_SHARED: dict[tuple[str, ...], Segmenter] = {}
_SHARED_LOCK = threading.Lock()


def _pos_tokenizer(tokenizer: Any) -> Any:
    """A part-of-speech tagger on ``tokenizer``. jieba.posseg builds a word→tag table
    of its whole dictionary (~43 MB) for its global tagger when imported; ours reads
    the same dictionary file, so it shares that table instead of building another."""
    import jieba.posseg

    pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    pos.tokenizer = tokenizer
    if tokenizer.dictionary == jieba.posseg.dt.tokenizer.dictionary:  # both jieba's own
        # Our user dictionaries' tags go into a layer of our own, not into the shared table.
        pos.word_tag_tab = ChainMap({}, jieba.posseg.dt.word_tag_tab)
    else:
        pos.load_word_tag(tokenizer.get_dict_file())
    return pos


@dataclass(frozen=True)
class Token:
    """A word of an article in page offsets (end-exclusive).

    ``word`` is the simplified form jieba saw; ``kind`` is ``word``, ``punct`` or
    ``garbled`` (a mojibake stretch kept whole).
    """

    start: int
    end: int
    word: str
    kind: str = "word"


# A number written with thousands separators (3,358,228; 16,216.5): jieba cuts it at each
# comma, sometimes, so it is put back together as one word, as everywhere else.
_GROUPED = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])")


def _grouped_numbers(words: list[tuple[str, int, int]], text: str, offset: int) -> list[tuple[str, int, int]]:
    """``words`` with the pieces of each number with thousands separators joined into one."""
    groups = [(m.start() + offset, m.end() + offset) for m in _GROUPED.finditer(text)]
    if not groups:
        return words
    out: list[tuple[str, int, int]] = []
    g = 0
    for word in words:
        while g < len(groups) and groups[g][1] <= word[1]:
            g += 1
        if g < len(groups) and groups[g][0] <= word[1] and word[2] <= groups[g][1]:
            start, end = groups[g]
            if out and out[-1][1] == start:
                continue  # a later piece of the number already joined
            out.append((text[start - offset : end - offset], start, end))
        else:
            out.append(word)
    return out


def _is_punct(word: str) -> bool:
    return all(not ch.isalnum() for ch in word)


class Segmenter:
    def __init__(self, user_dict: str | None = None, extra_dicts: tuple[Path, ...] = ()) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba
        self.tokenizer = jieba.Tokenizer()
        load_prefix_dict(self.tokenizer)
        path = user_dict or str(resources.files("reader.data").joinpath(USER_DICT))
        self.tokenizer.load_userdict(path)
        for extra in extra_dicts:
            # The project's own terms (epireader teach --apply), after the shipped ones.
            if extra.exists() and not_regular(extra) is None:  # a FIFO would block jieba
                self.tokenizer.load_userdict(str(extra))
        self._tfidf: Any = None
        self._textrank: Any = None
        self._pos: Any = None
        self._lazy_lock = threading.Lock()  # what is made on first use, made once

    @classmethod
    def shared(cls, extra_dicts: tuple[Path, ...] = ()) -> Segmenter:
        """One Segmenter per set of dictionaries in a process: the reader and the
        extractor share one when the project has no dictionary of its own (each
        jieba dictionary is ~80 MB in memory)."""
        key = tuple(str(p) for p in extra_dicts if p.exists())
        with _SHARED_LOCK:
            if key not in _SHARED:
                _SHARED[key] = cls(extra_dicts=tuple(Path(k) for k in key))
            return _SHARED[key]

    def pos_tag(self, text: str) -> list[tuple[str, str]]:
        """(word, part-of-speech flag) pairs of ``text``, from jieba.posseg on our own tokenizer.

        The tagger (and its tag table) is built on first use: only the extractor's
        counted-noun lookup needs it, and only on a few characters around each figure.
        """
        if self._pos is None:
            # Two threads (an article's keywords, the keyword weights) may ask first at
            # once: two taggers were made, the first to cut took the user dictionaries'
            # tags for itself (jieba hands them over once), and the one kept had none.
            with self._lazy_lock:
                if self._pos is None:
                    pos = _pos_tokenizer(self.tokenizer)
                    pos.makesure_userdict_loaded()
                    self._pos = pos
        return [(pair.word, pair.flag) for pair in self._pos.cut(text)]

    def warm_up(self) -> None:
        """Load what keyword scoring needs (jieba.analyse and its IDF table, ~1 s).

        Called in the loading worker so the first keyword lookup on the UI thread
        does not stall it.
        """
        self._tfidf_model()

    def cut(self, text: str) -> list[str]:
        return self.tokenizer.lcut(text)

    def tokenize(self, view: View) -> list[Token]:
        """Tokens of a view in page offsets; white space is dropped."""
        tokens: list[Token] = []
        pos = 0
        for gs, ge in [*view.garbled, (len(view.text), len(view.text))]:
            for word, s, e in self._tokens_of(view.text[pos:gs], pos):
                if word.isspace():
                    continue
                start, end = view.to_page(s, e)
                tokens.append(Token(start, end, word, "punct" if _is_punct(word) else "word"))
            if ge > gs:
                start, end = view.to_page(gs, ge)
                tokens.append(Token(start, end, view.text[gs:ge], "garbled"))
            pos = ge
        return tokens

    def _tokens_of(self, text: str, offset: int) -> list[tuple[str, int, int]]:
        if not text:
            return []
        words = [(w, s + offset, e + offset) for w, s, e in self.tokenizer.tokenize(text)]
        return _grouped_numbers(words, text, offset) if "," in text else words

    # --- keyword support -----------------------------------------------------------

    def _tfidf_model(self) -> Any:
        if self._tfidf is None:
            with self._lazy_lock:  # made once, whichever thread asks first
                if self._tfidf is None:
                    import copy

                    import jieba.analyse

                    # A copy of jieba's own: its IDF table shared, not loaded again (~40 MB).
                    model = copy.copy(jieba.analyse.default_tfidf)
                    model.tokenizer = self.tokenizer  # TFIDF silently uses jieba.dt otherwise
                    self._tfidf = model
        return self._tfidf

    def stock_idf(self, word: str) -> float:
        model = self._tfidf_model()
        return float(model.idf_freq.get(word, model.median_idf))

    def is_stop_word(self, word: str) -> bool:
        # jieba's stop words are English words (tests/unit/test_segment.py checks it): a
        # word with no ASCII letter is none of them, and asking would load jieba.analyse
        # and its IDF tables (~150 MB) in a process that never scores a keyword (the index).
        if self._tfidf is None and not any(ch.isascii() and ch.isalpha() for ch in word.lower()):
            return False
        return word in self._tfidf_model().stop_words or word.lower() in self._tfidf_model().stop_words

    def textrank(self, text: str, top: int) -> list[tuple[str, float]]:
        if self._textrank is None:
            import jieba.analyse

            model = jieba.analyse.TextRank()
            model.tokenizer = model.postokenizer = _pos_tokenizer(self.tokenizer)
            self._textrank = model
        return [(w, float(x)) for w, x in self._textrank.extract_tags(text, topK=top, withWeight=True)]
