"""Which page of the corpus a file's document is: by the name its source gives, by
the file that names, by the tail of that path, or else by its text."""

from __future__ import annotations

from pathlib import Path

from reader.corpus.corpus import Corpus
from reader.export.incoming import IncomingDoc
from reader.text.page import Page, text_sha256


class PageFinder:
    """Which page of the corpus a file's document is: by name, by the file its
    source names, by the tail of that path, or else by its text."""

    def __init__(self, corpus: Corpus) -> None:
        self.pages = corpus.pages
        self.by_name = {p.name: p for p in corpus.pages}
        self._by_path: dict[Path, Page] | None = None
        self._by_text: dict[str, list[Page]] | None = None

    def find(self, doc: IncomingDoc) -> Page | None:
        if doc.source:
            source = doc.source.replace("\\", "/")
            if source in self.by_name:
                return self.by_name[source]
            if self._by_path is None:
                self._by_path = {p.path.resolve(): p for p in self.pages}
            try:
                found = self._by_path.get(Path(doc.source).resolve())
            except (OSError, ValueError):  # a NUL in the name, a link loop
                found = None
            if found is not None:
                return found
            tails = [p for name, p in self.by_name.items() if source.endswith("/" + name)]
            if len(tails) == 1:
                return tails[0]
        if doc.text is not None:
            if self._by_text is None:
                self._by_text = {}
                for p in self.pages:
                    if p.readable:
                        self._by_text.setdefault(p.sha256, []).append(p)
            same = self._by_text.get(text_sha256(doc.text), [])
            if len(same) == 1:
                return same[0]
        return None
