"""Tagging as a sequence of edits: each one saved at once, each one undoable.

The app calls this module and only draws what it returns; tests drive it directly
too. Every edit snapshots the page's annotations before and after, so undo and redo
restore the annotation file exactly, byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reader.annotation.model import PageAnnotations, Rejection, ReviewedMark, Snapshot, Tag, now_iso
from reader.annotation.store import AnnotationStore, Loaded, StoreError
from reader.text.articles import Article
from reader.text.page import Page
from reader.text.spans import Span


@dataclass
class Edit:
    page: str
    description: str
    before: Snapshot
    after: Snapshot
    where: int = 0  # the page offset the edit is about: undo shows it there


class ReadOnly(StoreError):
    pass


class Protected(StoreError):
    """The folder is gold and has not been unlocked (reader/annotation/gold.py)."""


class Editor:
    """One annotator's edits to one annotation folder: saved at once, undoable, redoable.

    Not a session: the reader's one session is ``reader.session.ReadingSession``, which
    holds an Editor; batch tools (import, curation, tests) use one directly."""

    def __init__(self, store: AnnotationStore, annotator: str, protected: bool = False) -> None:
        self.store = store
        self.annotator = annotator
        self.protected = protected  # a gold folder: no edit until unlocked
        self.loaded: dict[str, Loaded] = {}
        self.pages: dict[str, Page] = {}
        self.undo_stack: list[Edit] = []
        self.redo_stack: list[Edit] = []

    def open(self, page: Page) -> Loaded:
        if page.name not in self.loaded:
            self.loaded[page.name] = self.store.load(page)
            self.pages[page.name] = page
        return self.loaded[page.name]

    def forget(self, page: Page) -> None:
        """Drop what was loaded for ``page`` (and its history) so it is read again."""
        self.loaded.pop(page.name, None)
        self.undo_stack = [e for e in self.undo_stack if e.page != page.name]
        self.redo_stack = [e for e in self.redo_stack if e.page != page.name]

    def annotations(self, page: Page) -> PageAnnotations:
        return self.open(page).annotations

    def _apply(self, page: Page, description: str, change: Any, where: int) -> Any:
        loaded = self.open(page)
        if self.protected:
            raise Protected(f"{self.store.directory} is gold: press ctrl+l to unlock it for editing")
        if loaded.read_only:
            raise ReadOnly(f"tagging is off for this page: {loaded.problem}")
        before = loaded.annotations.snapshot()
        result = change(loaded.annotations)
        try:
            self.store.save(loaded)
        except (StoreError, OSError):
            loaded.annotations.restore(before)
            raise
        self.undo_stack.append(Edit(page.name, description, before, loaded.annotations.snapshot(), where))
        self.redo_stack.clear()
        return result

    def tag(self, page: Page, label: str, start: int, end: int, attrs: dict[str, Any] | None = None) -> Tag:
        span = Tag.make(page.text, label, start, end, annotator=self.annotator, attrs=attrs)
        self._apply(page, f"tag {label} {span.text!r}", lambda a: a.add(span), start)
        return span

    def delete(self, page: Page, span_id: str) -> Tag:
        tag = self.annotations(page).get(span_id)
        return self._apply(page, f"delete {tag.label} {tag.text!r}", lambda a: a.remove(span_id), tag.start)

    def resize(
        self, page: Page, span_id: str, start: int, end: int, attrs: dict[str, Any] | None = None
    ) -> Tag:
        """Move a tag's edges: the same tag (id, note, and attributes unless ``attrs`` are
        given: those read again for the new edges) over another range, as one edit."""
        old = self.annotations(page).get(span_id)
        if not 0 <= start < end <= len(page.text):
            raise ValueError(f"span {start}-{end} is outside the page (0-{len(page.text)})")

        def change(annotations: PageAnnotations) -> Tag:
            tag = annotations.remove(span_id).placed(page.text, start, end)
            if attrs is not None:
                tag.attrs = dict(attrs)
            tag.updated = now_iso()
            annotations.add(tag)
            return tag

        return self._apply(
            page, f"resize {old.label} {old.text!r} to {page.text[start:end]!r}", change, start
        )

    def update(self, page: Page, span_id: str, attrs: dict[str, Any], note: str) -> Tag:
        def change(annotations: PageAnnotations) -> Tag:
            span = annotations.get(span_id)
            span.attrs = dict(attrs)
            span.note = note
            span.updated = now_iso()
            return span

        return self._apply(page, "edit attributes", change, self.annotations(page).get(span_id).start)

    def accept(self, page: Page, found: Span) -> Tag:
        """A suggestion becomes a tag, origin ``accepted``, its attributes kept."""
        span = Tag.make(
            page.text, found.label, found.start, found.end, annotator=self.annotator,
            attrs=found.attrs, origin="accepted",
        )  # fmt: skip
        self._apply(page, f"accept {found.label} {found.text!r}", lambda a: a.add(span), found.start)
        return span

    def accept_all(self, page: Page, founds: list[Span]) -> list[Tag]:
        """Accept several suggestions as one edit (one undo takes them all back)."""
        spans = [
            Tag.make(page.text, f.label, f.start, f.end, annotator=self.annotator, attrs=f.attrs,
                      origin="accepted")
            for f in founds
        ]  # fmt: skip

        def change(annotations: PageAnnotations) -> list[Tag]:
            for span in spans:
                annotations.add(span)
            return spans

        return self._apply(page, f"accept {len(spans)} suggestions", change, min(s.start for s in spans))

    def reject(self, page: Page, found: Span) -> Rejection:
        """Turn a suggestion down for good: recorded so it does not come back."""
        entry = Rejection(
            label=found.label,
            start=found.start,
            end=found.end,
            text=found.text,
            by=self.annotator,
            at=now_iso(),
        )
        self._apply(
            page, f"reject {found.label} {found.text!r}", lambda a: a.rejected.append(entry), found.start
        )
        return entry

    def settle(
        self,
        page: Page,
        description: str,
        where: int,
        *,
        remove: list[str],
        add: list[Tag],
        reject: list[Rejection],
        unreject: list[Rejection],
    ) -> list[Tag]:
        """Several tags and rejections changed as one edit (one save, one undo): what a
        curation decision is (reader/session/curation.py). ``remove`` are tag ids;
        ``unreject`` drops the rejections that match those given."""

        def change(annotations: PageAnnotations) -> list[Tag]:
            for tag_id in remove:
                annotations.remove(tag_id)
            gone = {(r.label, r.start, r.end, r.text) for r in unreject}
            annotations.rejected = [
                r for r in annotations.rejected if (r.label, r.start, r.end, r.text) not in gone
            ]
            annotations.rejected.extend(reject)
            for tag in add:
                annotations.add(tag)
            return add

        return self._apply(page, description, change, where)

    def toggle_reviewed(self, page: Page, article: Article) -> bool:
        """Mark an article reviewed, or take the mark back; returns the new state."""

        def change(annotations: PageAnnotations) -> bool:
            if annotations.is_reviewed(article.index):
                annotations.reviewed = [r for r in annotations.reviewed if r.article != article.index]
                return False
            annotations.reviewed.append(ReviewedMark(article.index, article.title, self.annotator, now_iso()))
            return True

        return self._apply(page, f"reviewed mark on {article.title!r}", change, article.start)

    def _step(self, source: list[Edit], target: list[Edit], undo: bool) -> Edit | None:
        if not source:
            return None
        edit = source[-1]
        loaded = self.loaded[edit.page]
        current = loaded.annotations.snapshot()
        loaded.annotations.restore(edit.before if undo else edit.after)
        try:
            self.store.save(loaded)
        except (StoreError, OSError):
            loaded.annotations.restore(current)
            raise
        target.append(source.pop())
        return edit

    def undo(self) -> Edit | None:
        return self._step(self.undo_stack, self.redo_stack, undo=True)

    def redo(self) -> Edit | None:
        return self._step(self.redo_stack, self.undo_stack, undo=False)
