"""Edits in the reading session: each one saved at once and undoable, and what the
person is told about it. A collaborator of `ReadingSession` (reader/session/reading.py),
which supplies the page, the article, the tags and the Editor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from reader.text.articles import ArticleRef

if TYPE_CHECKING:
    from reader.annotation.editing import Editor
    from reader.annotation.model import Tag
    from reader.corpus.corpus import Corpus
    from reader.text.articles import Article
    from reader.text.page import Page
    from reader.text.spans import Span

Severity = Literal["information", "warning", "error"]


@dataclass
class Notice:
    """Something the person must be told: the screen shows it, the tests read it."""

    text: str
    severity: Severity = "information"


@dataclass
class EditResult:
    value: Any = None
    notice: Notice | None = None
    reloaded: bool = False  # another process changed the page: its tags were read again
    ok: bool = True
    go_to: tuple[ArticleRef, int] | None = None  # undo/redo elsewhere: the article and offset to show


def tag_warning(label: str, text: str, attrs: dict[str, Any], overlapping: list[str]) -> Notice | None:
    """What a person should hear about a tag just saved: a figure with no number, an
    event with no time, or a tag over another of the same label."""
    problems = []
    if label == "figure" and attrs.get("value") is None:
        problems.append("has no numeral (its value is empty)")
    if label == "event" and not attrs.get("time"):
        problems.append("has no time expression")
    if overlapping:
        problems.append(f"overlaps the {label} {overlapping[0]!r}")
    if not problems:
        return None
    return Notice(f"Saved, but the {label} {text[:20]!r} {' and '.join(problems)}; u undoes", "warning")


def misfit_warning(tag: Span, page_text: str) -> Notice | None:
    """A typed unit the span does not write (a typo, or a unit made up) or a counted noun
    not near it is saved, since the person may mean it, but said."""
    from reader.corpus.teach import misfit

    why = misfit(tag, page_text)
    if why is None:
        return None
    return Notice(f"Saved, but {why}: enter edits, u undoes", "warning")


def saved_line(label: str, text: str, attrs: dict[str, Any]) -> Notice:
    """What E / F (a tag with no form) say they saved: the span and what was read of it."""
    if label == "figure":
        amount = " ".join(
            str(attrs[k]) for k in ("value", "qualifier", "unit") if attrs.get(k) not in (None, "")
        )
        counted = f", counts {attrs['counted']}" if attrs.get("counted") else ""
        read = f"{amount}{counted}" or "nothing read"
    else:
        read = attrs.get("date") or attrs.get("time") or "no date read"
    return Notice(f"{label.capitalize()} saved: {text[:20]!r} ({read}); enter edits, u undoes")


class Open(Protocol):
    """What the edits need of the reading session (ReadingSession is one): the article
    open, its tags and suggestions, and the Editor that saves."""

    corpus: Corpus
    edited: set[str]
    chosen: Span | None
    relearn_due: bool
    mode: str  # tags, suggest or review

    @property
    def editor(self) -> Editor: ...
    @property
    def page(self) -> Page: ...
    @property
    def article(self) -> Article: ...
    def tags(self) -> list[Tag]: ...
    def tag_at(self, offset: int, word: tuple[int, int] | None = None) -> Tag | None: ...
    def proposal_at(self, offset: int, word: tuple[int, int] | None = None) -> Span | None: ...
    def suggestions(self) -> list[Span]: ...
    def prefill(self, label: str, start: int, end: int) -> dict[str, Any]: ...


class Edits:
    """The reading session's edits: each saved at once through its Editor, undoable, and
    told as a notice: ``session.edits.tag(...)``."""

    def __init__(self, session: Open) -> None:
        self.session = session

    def _edit(self, what: Callable[[], Any]) -> EditResult:
        """Run an edit; a refusal (read-only, another process, disk) becomes a notice."""
        from reader.annotation.store import ConcurrentEdit, StoreError

        try:
            value = what()
        except ConcurrentEdit as exc:
            # Another process saved this page: show its tags instead of ours.
            self.session.editor.forget(self.session.page)
            self.session.editor.open(self.session.page)
            text = f"Not saved: {exc} Reloaded its tags from disk."
            return EditResult(notice=Notice(text, "error"), reloaded=True, ok=False)
        except (StoreError, OSError, ValueError, KeyError) as exc:
            return EditResult(notice=Notice(f"Not saved: {exc}", "error"), ok=False)
        self.session.edited.add(self.session.page.name)
        for edit in self.session.editor.undo_stack[-1:] + self.session.editor.redo_stack[-1:]:
            self.session.edited.add(edit.page)  # undo and redo may touch another page
        return EditResult(value)

    def tag(self, label: str, start: int, end: int, form: bool = True) -> EditResult:
        """A new tag, its attributes read from the text; with no ``form`` to show them
        (E / F), the notice says what was saved."""
        attrs = self.session.prefill(label, start, end)
        same = [t.text for t in self.session.tags() if t.label == label and t.start < end and start < t.end]
        result = self._edit(lambda: self.session.editor.tag(self.session.page, label, start, end, attrs))
        if result.ok:
            text = self.session.page.text[start:end]
            result.notice = tag_warning(label, text, attrs, same)
            if result.notice is None and not form:
                result.notice = saved_line(label, text, attrs)
        return result

    def cancel_new(self, tag: Tag) -> EditResult:
        """The attribute form of a tag just made was cancelled: the tag goes, and so does
        its place in the undo history (nothing was done)."""
        stack = self.session.editor.undo_stack
        if (
            not stack
            or stack[-1].page != self.session.page.name
            or tag.id not in {t.id for t in stack[-1].after[0]}
        ):
            return EditResult(ok=False)
        result = self._edit(self.session.editor.undo)
        if result.ok:
            self.session.editor.redo_stack.pop()
            result.value = None
            result.notice = Notice(f"Cancelled: no {tag.label} on {tag.text[:20]!r}")
        return result

    def move_edge(
        self, offset: int, edge: str, delta: int, word: tuple[int, int] | None = None
    ) -> EditResult:
        """alt+←/→ (end edge) and alt+shift+←/→ (start edge) on a tag: one character,
        an undoable edit that keeps the tag's id and note. An edge never takes in a line
        break (a tag stays inside its paragraph). The result's value is the tag."""
        tag = self.session.tag_at(offset, word)
        if tag is None:
            return EditResult(notice=Notice("No tag under the cursor", "warning"), ok=False)
        start, end = tag.start, tag.end
        text = self.session.page.text
        if edge == "end":
            end = min(max(end + delta, start + 1), self.session.article.end)
            if delta > 0 and text[end - 1] == "\n":
                end = tag.end
        else:
            start = max(min(start + delta, end - 1), self.session.article.start)
            if delta < 0 and text[start] == "\n":
                start = tag.start
        if (start, end) == (tag.start, tag.end):
            return EditResult(tag, ok=False)
        return self._resize(tag, start, end)

    def resize_to(self, tag_id: str, start: int, end: int) -> EditResult:
        """The form's trim: the tag's edges put on the figure its selection holds."""
        tag = self.session.editor.annotations(self.session.page).get(tag_id)
        if (start, end) == (tag.start, tag.end):
            return EditResult(tag, ok=False)
        return self._resize(tag, start, end)

    def _resize(self, tag: Tag, start: int, end: int) -> EditResult:
        """New edges, and the attributes the person did not type read again for them
        (those still equal to what the old edges were read as), in one undoable edit."""
        attrs, changed = self._reread(tag, start, end)
        result = self._edit(lambda: self.session.editor.resize(self.session.page, tag.id, start, end, attrs))
        if result.ok and changed:
            result.notice = Notice(f"Edges moved; read again (you had not typed them): {'; '.join(changed)}")
        return result

    def _reread(self, tag: Tag, start: int, end: int) -> tuple[dict[str, Any], list[str]]:
        old = self.session.prefill(tag.label, tag.start, tag.end)
        new = self.session.prefill(tag.label, start, end)
        attrs, changed = dict(tag.attrs), []
        for key, value in new.items():
            if key == "summary" or key not in old or attrs.get(key) != old[key] or attrs.get(key) == value:
                continue
            changed.append(f"{key} {attrs.get(key) or '∅'} → {value or '∅'}")
            attrs[key] = value
        return attrs, changed

    def update(self, tag: Tag, attrs: dict[str, Any], note: str) -> EditResult:
        """The form's answer: saved, and each attribute that differs from what the form
        showed kept as a correction (reader/annotation/corrections.py); a corrected
        counted noun makes the prefill learn again (`relearn_due`)."""
        from reader.annotation import model
        from reader.annotation.corrections import corrections_of, record
        from reader.annotation.store import StoreError

        if attrs == tag.attrs and note == tag.note:
            return EditResult(tag)
        page = self.session.page
        proposed = dict(tag.attrs)
        result = self._edit(lambda: self.session.editor.update(page, tag.id, attrs, note))
        if result.ok and isinstance(result.value, model.Tag):
            found = corrections_of(page.name, result.value, proposed, self.session.editor.annotator)
            try:
                record(self.session.editor.store, found)
            except (StoreError, OSError) as exc:
                result.notice = Notice(f"Saved; the correction was not kept: {exc}", "warning")
            if any(c.field == "counted" for c in found):
                self.session.relearn_due = True
            if result.notice is None:
                result.notice = misfit_warning(result.value, page.text)
        return result

    def delete_at(self, offset: int, word: tuple[int, int] | None = None) -> EditResult:
        tag = self.session.tag_at(offset, word)
        if tag is None:
            return EditResult(notice=Notice("No tag under the cursor", "warning"), ok=False)
        result = self._edit(lambda: self.session.editor.delete(self.session.page, tag.id))
        if result.ok:
            result.notice = Notice(f"Deleted {tag.label} {tag.text[:20]!r} (u undoes)")
        return result

    def step_history(self, undo: bool) -> EditResult:
        from reader.annotation.editing import Edit

        verb = "undo" if undo else "redo"
        stack = self.session.editor.undo_stack if undo else self.session.editor.redo_stack
        if not stack:
            return EditResult(notice=Notice(f"Nothing to {verb}"), ok=False)
        result = self._edit(self.session.editor.undo if undo else self.session.editor.redo)
        edit = result.value
        if isinstance(edit, Edit):
            where = "" if edit.page == self.session.page.name else f" in {edit.page}"
            result.notice = Notice(f"{'Undone' if undo else 'Redone'}: {edit.description}{where}")
            # Nobody undoes a tag they cannot see: show the article the edit was in.
            page = self.session.corpus.page(edit.page)
            article = next((a for a in page.articles if a.start <= edit.where < a.end), None)
            if article is not None:
                result.go_to = (ArticleRef(page.name, article.index), edit.where)
        return result

    def decide(self, offset: int, accept: bool, word: tuple[int, int] | None = None) -> EditResult:
        """a / r on the suggestion (p) or candidate false alarm (g) under the cursor (the
        one . chose, while the cursor is on its word); the result's value is it."""
        verb = "accept" if accept else "reject"
        found = self.session.proposal_at(offset, word)
        if found is None:
            hint = "press p to show suggestions" if self.session.mode == "tags" else "none under the cursor"
            return EditResult(notice=Notice(f"No suggestion to {verb}: {hint}", "warning"), ok=False)
        step = self.session.editor.accept if accept else self.session.editor.reject
        self.session.chosen = found  # the next . / a steps on from it
        result = self._edit(lambda: step(self.session.page, found))
        if result.ok:
            after = "" if accept else "; it will not come back"
            result.notice = Notice(f"{verb.capitalize()}ed {found.label} {found.text[:20]!r}{after}")
            result.value = found
        return result

    def accept_all_question(self) -> tuple[str, list[Span]] | None:
        founds = self.session.suggestions()
        if not founds:
            return None
        events = sum(f.label == "event" for f in founds)
        question = (
            f"Accept all {len(founds)} open suggestions of this article "
            f"({events} events, {len(founds) - events} figures) as tags?"
        )
        return question, founds

    def accept_all(self, founds: list[Span]) -> EditResult:
        result = self._edit(lambda: self.session.editor.accept_all(self.session.page, founds))
        if result.ok:
            result.notice = Notice(f"Accepted {len(founds)} suggestion(s) (u undoes them all)")
        return result

    def toggle_reviewed(self) -> EditResult:
        article = self.session.article
        result = self._edit(lambda: self.session.editor.toggle_reviewed(self.session.page, article))
        if result.ok:
            state = "reviewed ✓" if result.value else "not reviewed"
            result.notice = Notice(f"{article.title[:20]}: {state}")
        return result
