"""What an import says: spans added, what was already there, and every thing of the
file not imported, each named (reader/export/importing.py fills it in)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from reader.text.safe import safe_text
from reader.text.spans import Span


@dataclass(frozen=True)
class Mismatch:
    """A span whose text is not the page text at its offsets: not imported."""

    page: str
    span: Span  # as the file states it: its text is what the file says it covers
    found: str  # the page text at those offsets
    where: str

    def line(self) -> str:
        s = self.span
        return (
            f"{self.where}: {s.label} {s.start}-{s.end} not imported: the file says "
            f"{s.text!r}, the page {self.page} has {self.found!r}"
        )


@dataclass(frozen=True)
class Conflict:
    """A span already tagged on the page with other attributes or note: left as it is."""

    page: str
    span: Span  # the file's
    differs: str  # which fields

    def line(self) -> str:
        s = self.span
        return (
            f"{self.page}: {s.label} {s.start}-{s.end} {s.text!r} is already tagged with "
            f"another {self.differs}; kept the existing tag (--replace takes the file's)"
        )


@dataclass
class ImportReport:
    fmt: str
    written: list[str] = field(default_factory=list)  # pages whose annotation file was written
    added: int = 0
    already: int = 0  # spans the page already had
    removed: int = 0  # tags dropped by replace
    mismatches: list[Mismatch] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # pages or spans that could not be imported
    # What the file holds that has no place in an annotation file, by kind: relations,
    # events, brat equivalences and normalisations, comments, cancelled annotations…
    not_imported: Counter[str] = field(default_factory=Counter)
    skipped: int = 0  # spans (and what is on them) whose label --label-map skips: on purpose
    suggestions: int = 0  # a model's spans kept as suggestions (predictions.jsonl)
    folders: set[str] = field(default_factory=set)  # annotators' own folders written to

    @property
    def clean(self) -> bool:
        """Everything in the file was imported or was already there."""
        return not (self.mismatches or self.conflicts or self.problems or self.not_imported)

    def lines(self) -> list[str]:
        """A summary line, then one line per thing not imported; safe for a terminal."""
        summary = (
            f"{self.fmt}: {self.added} span(s) added, {self.already} already there"
            + (f", {self.removed} removed" if self.removed else "")
            + f"; {len(self.written)} annotation file(s) written"
            + (f" (also in {', '.join(sorted(self.folders))})" if self.folders else "")
            + (f"; {self.suggestions} suggestion(s) kept for the reader" if self.suggestions else "")
            + (f"; {self.skipped} skipped by --label-map" if self.skipped else "")
            + (f"; not imported: {self.kinds()}" if self.not_imported else "")
        )
        details = [*self.problems, *(m.line() for m in self.mismatches), *(c.line() for c in self.conflicts)]
        return [safe_text(line) for line in (summary, *details)]

    def kinds(self) -> str:
        """What was not imported, per kind, most first: ``3 brat relation (R), 1 …``."""
        return ", ".join(
            f"{n} {kind}" for kind, n in sorted(self.not_imported.items(), key=lambda kv: (-kv[1], kv[0]))
        )
