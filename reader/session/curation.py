"""Curation: several annotators' folders to one gold, one decision per disagreement.

As INCEpTION's curation and Prodigy's review: the pages every annotator has a file
for are compared site by site (reader/corpus/sites.py, the sites `agree` lists);
agreed sites go to GOLD without asking, and each other site is put to the curator,
who takes one annotator's spans, all of them, none, or edits what GOLD holds.

The decisions live in GOLD itself, nowhere else: each one is a single undoable edit
of GOLD's annotation file (reader/annotation/editing.py `Editor.settle`), which puts
the chosen spans in as tags and records every other span of the site as a
rejection (`rejected` in the file: "a span proposed here and turned down", with who
and when). A site is decided when each of its spans is either a GOLD tag or a GOLD
rejection, so reopening asks only what is undecided and starts at the first of it,
undo takes a decision back in one step, and there is no second file that a crash
could leave out of step with GOLD. An annotator's file changed since (a span
moved) makes its site undecided again, which is what it is.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.annotation.editing import Editor
from reader.annotation.gold import is_gold
from reader.annotation.model import Rejection, Tag, now_iso
from reader.annotation.store import AnnotationStore, StoreError
from reader.corpus.sites import Site, sites
from reader.session.edits import Notice
from reader.text.articles import ArticleRef

if TYPE_CHECKING:
    from reader.annotation.model import PageAnnotations
    from reader.corpus.corpus import Corpus
    from reader.text.page import Page


class CurationError(Exception):
    """Curation cannot start: one line, and nothing was written."""


@dataclass
class Item:
    """A site put to the curator, and the article it is in."""

    site: Site
    ref: ArticleRef


@dataclass
class Outcome:
    """What a key did: the notice to show; ``ok`` False when nothing changed."""

    notice: Notice | None = None
    ok: bool = True


@dataclass
class CurationSession:
    corpus: Corpus
    folders: list[Path]
    gold: Path
    curator: str
    ask_all: bool = False  # agreed sites are asked too
    edit_gold: bool = False  # GOLD may be a protected gold folder (GOLD.md)
    names: list[str] = field(default_factory=list)  # how each folder is shown
    items: list[Item] = field(default_factory=list)
    position: int = 0
    agreed_added: int = 0  # agreed spans put in GOLD when the session opened
    documents: dict[tuple[str, int], Any] = field(default_factory=dict, repr=False)  # the view's

    def __post_init__(self) -> None:
        self.names = self.names or short_names(self.folders)
        self.editor = Editor(AnnotationStore(self.gold), self.curator)

    # --- opening -----------------------------------------------------------------------

    def open(self) -> None:
        """Find the shared pages and their sites, put the agreed spans in GOLD, and
        start at the first undecided site. Every file is read and checked before
        anything is written: a problem is a CurationError and GOLD is left as it was."""
        self._check_folders()
        stores = [AnnotationStore(folder) for folder in self.folders]
        shared: list[tuple[Page, list[Site]]] = []
        for listed in self.corpus.pages:
            if not all(store.path_for(listed.name).exists() for store in stores):
                continue
            page = self.corpus.page(listed.name)
            if not page.readable:
                continue
            spans = []
            for folder, store in zip(self.folders, stores, strict=True):
                loaded = store.load(page)
                if loaded.problem:
                    raise CurationError(f"in {folder}: {loaded.problem}; nothing was written")
                spans.append(list(loaded.annotations.spans))
            gold = self.editor.open(page)
            if gold.problem:
                raise CurationError(f"in {self.gold}: {gold.problem}; it is never overwritten")
            shared.append((page, sites(page.name, spans)))
        if not shared:
            raise CurationError(
                f"no page of {self.corpus.root} is annotated in all of {', '.join(map(str, self.folders))}"
            )
        for page, found in shared:
            asked = [s for s in found if self.ask_all or not s.agreed]
            self.items += [Item(site, self._ref(page, site)) for site in asked]
            if not self.ask_all:
                self._put_agreed(page, [s for s in found if s.agreed])
        self.editor.undo_stack.clear()  # u takes back the curator's decisions, not these
        self.position = self.first_undecided() or 0

    def _check_folders(self) -> None:
        places = [*self.folders, self.gold]
        for folder in self.folders:
            if not folder.is_dir():
                raise CurationError(f"no annotations folder: {folder}")
        if self.gold.exists() and not self.gold.is_dir():
            raise CurationError(f"{self.gold} is not a folder")
        resolved = [p.resolve() for p in places]
        for i, here in enumerate(resolved):
            for j in range(i):
                if resolved[j] != here:
                    continue
                if i == len(places) - 1:
                    raise CurationError(
                        f"GOLD {places[i]} is the same folder as {places[j]}: curate into a folder of its own"
                    )
                raise CurationError(f"{places[i]} is given twice (the same folder as {places[j]})")
        if is_gold(self.gold) and not self.edit_gold:
            raise CurationError(f"{self.gold} is a gold folder (GOLD.md): say --edit-gold to curate into it")

    def _ref(self, page: Page, site: Site) -> ArticleRef:
        article = next((a for a in page.articles if a.start <= site.start < a.end), page.articles[-1])
        return ArticleRef(page.name, article.index)

    def _put_agreed(self, page: Page, agreed: list[Site]) -> None:
        annotations = self.editor.annotations(page)
        tags = [
            _copied(page, span)
            for site in agreed
            for span in site.spans[0]
            if not _in_gold(annotations, span.key) and not _rejected(annotations, page, span.key)
        ]
        if tags:
            description = f"{len(tags)} agreed span(s) of {page.name}"
            self.editor.settle(page, description, 0, remove=[], add=tags, reject=[], unreject=[])
            self.agreed_added += len(tags)

    # --- where the curator is ------------------------------------------------------------

    @property
    def item(self) -> Item | None:
        return self.items[self.position] if self.items else None

    def page_of(self, item: Item) -> Page:
        return self.corpus.page(item.site.page)

    def decided(self, item: Item) -> bool:
        page = self.page_of(item)
        annotations = self.editor.annotations(page)
        return all(
            _in_gold(annotations, key) or _rejected(annotations, page, key) for key in item.site.keys()
        )

    def undecided(self) -> int:
        return sum(not self.decided(item) for item in self.items)

    def first_undecided(self, after: int = -1) -> int | None:
        """The first undecided site after ``after``, wrapping round; None when all are."""
        count = len(self.items)
        for step in range(1, count + 1):
            i = (after + step) % count
            if not self.decided(self.items[i]):
                return i
        return None

    def step(self, delta: int) -> Outcome:
        """. and , : the next or previous site, decided or not (to look again)."""
        if not self.items:
            return Outcome(Notice("Nothing to curate: the annotators agree everywhere"), ok=False)
        self.position = (self.position + delta) % len(self.items)
        return Outcome()

    def gold_here(self, item: Item) -> list[Tag]:
        """GOLD's tags of the site's label that overlap the site."""
        site = item.site
        return [
            t
            for t in self.editor.annotations(self.page_of(item)).sorted_spans()
            if t.label == site.label and t.start < site.end and site.start < t.end
        ]

    # --- decisions -----------------------------------------------------------------------

    def take(self, who: int) -> Outcome:
        """Take annotator ``who``'s spans here (nothing, if it has none)."""
        item = self.item
        if item is None or not 0 <= who < len(self.folders):
            return Outcome(Notice(f"No annotator {who + 1} here", "warning"), ok=False)
        page = self.page_of(item)
        chosen = [_copied(page, span) for span in item.site.spans[who]]
        return self._decide(item, chosen, f"take {self.names[who]}'s")

    def take_all(self) -> Outcome:
        """Every annotator's spans (each span once, read as the first who has it reads it)."""
        item = self.item
        if item is None:
            return Outcome(ok=False)
        site = item.site
        if all(len(site.holders(key)) == len(self.folders) for key in site.keys()):
            text = "They differ only in attributes here: take one (1, 2 …) or edit (e)"
            return Outcome(Notice(text, "warning"), ok=False)
        page = self.page_of(item)
        firsts = {}
        for side in site.spans:
            for span in side:
                firsts.setdefault(span.key, span)
        return self._decide(item, [_copied(page, s) for s in firsts.values()], "take all")

    def take_none(self) -> Outcome:
        item = self.item
        if item is None:
            return Outcome(ok=False)
        return self._decide(item, [], "take none")

    def _decide(self, item: Item, chosen: list[Tag], what: str) -> Outcome:
        outcome = self.settle(item, chosen, what)
        if outcome.ok:
            following = self.first_undecided(self.position)
            if following is None:
                outcome.notice = Notice(self.finished())
            else:
                self.position = following
        return outcome

    def settle(self, item: Item, chosen: list[Tag], what: str) -> Outcome:
        """Make GOLD hold exactly ``chosen`` at the site, every other span of the site a
        rejection: one edit, saved at once, undoable."""
        page, site = self.page_of(item), item.site
        annotations = self.editor.annotations(page)
        kept = {t.key for t in chosen}
        turned_down = [
            Rejection(*key, page.text[key[1] : key[2]], by=self.curator, at=now_iso())
            for key in site.keys()
            if key not in kept
        ]
        stale = [r for r in annotations.rejected if (r.label, r.start, r.end) in set(site.keys())]
        try:
            self.editor.settle(
                page,
                f"{what} at {page.text[site.start : site.end][:20]!r}",
                site.start,
                remove=[t.id for t in self.gold_here(item)],
                add=chosen,
                reject=turned_down,
                unreject=stale,
            )
        except (StoreError, OSError, ValueError) as exc:
            return Outcome(Notice(f"Not saved: {exc}", "error"), ok=False)
        return Outcome()

    def finished(self) -> str:
        folders = " and ".join(f"epireader agree {self.gold} {folder}" for folder in self.folders[:2])
        return f"Every disagreement is decided: {self.gold} is complete. q quits; then {folders}"

    # --- edit: the attribute form on what GOLD holds here -----------------------------

    def edit_target(self) -> tuple[Tag, bool] | Outcome:
        """The GOLD tag the form edits, and whether it was taken into GOLD just now: the
        first GOLD tag of the site, or else the first annotator's span taken now."""
        item = self.item
        if item is None:
            return Outcome(ok=False)
        here = self.gold_here(item)
        if here:
            return here[0], False
        first = next((i for i, side in enumerate(item.site.spans) if side), 0)
        page = self.page_of(item)
        outcome = self.settle(item, [_copied(page, s) for s in item.site.spans[first]], "edit")
        if not outcome.ok:
            return outcome
        here = self.gold_here(item)
        return (here[0], True) if here else Outcome(ok=False)

    def cancel_new(self) -> Outcome:
        """The form of a tag taken for it was cancelled: the taking is undone too, and
        leaves nothing to redo (nothing was decided)."""
        outcome = self.undo()
        if outcome.ok:
            self.editor.redo_stack.pop()
            outcome.notice = None
        return outcome

    def update(self, tag: Tag, attrs: dict[str, Any], note: str, trim: tuple[int, int] | None) -> Outcome:
        """The form's answer: the attributes and note, and new edges when it trimmed (the
        site's spans not kept stay rejections, so the site stays decided)."""
        item = self.item
        if item is None:
            return Outcome(ok=False)
        page = self.page_of(item)
        try:
            if attrs != tag.attrs or note != tag.note:
                tag = self.editor.update(page, tag.id, attrs, note)
        except (StoreError, OSError, KeyError) as exc:
            return Outcome(Notice(f"Not saved: {exc}", "error"), ok=False)
        if trim is None or trim == (tag.start, tag.end):
            return Outcome()
        trimmed = tag.placed(page.text, *trim)
        others = [t for t in self.gold_here(item) if t.id != tag.id]
        return self.settle(item, [*others, trimmed], "trim")

    def undo(self, redo: bool = False) -> Outcome:
        """u / ctrl+r: a decision (or edit) taken back or done again; the site it was at is shown."""
        verb = "redo" if redo else "undo"
        try:
            edit = self.editor.redo() if redo else self.editor.undo()
        except (StoreError, OSError) as exc:
            return Outcome(Notice(f"Not saved: {exc}", "error"), ok=False)
        if edit is None:
            return Outcome(Notice(f"Nothing to {verb}"), ok=False)
        for i, item in enumerate(self.items):
            if item.site.page == edit.page and item.site.start <= edit.where < item.site.end:
                self.position = i
        return Outcome(Notice(f"{'Redone' if redo else 'Undone'}: {edit.description}"))


def short_names(folders: list[Path]) -> list[str]:
    """How the columns name the folders: the fewest last parts of each path that tell
    them apart (ann/alice and ann/bob are alice and bob; x/alice and y/alice stay so)."""
    for depth in range(1, max((len(f.parts) for f in folders), default=1) + 1):
        names = [str(Path(*f.parts[-depth:])) for f in folders]
        if len(set(names)) == len(names):
            return names
    return [str(f) for f in folders]


def _in_gold(annotations: PageAnnotations, key: tuple[str, int, int]) -> bool:
    return any(t.key == key for t in annotations.spans)


def _rejected(annotations: PageAnnotations, page: Page, key: tuple[str, int, int]) -> bool:
    text = page.text[key[1] : key[2]]
    return any((r.label, r.start, r.end, r.text) == (*key, text) for r in annotations.rejected)


def _copied(page: Page, span: Any) -> Tag:
    """A GOLD tag for an annotator's span: its attributes, note, origin and annotator
    kept (whose reading GOLD took), a new id (two folders may share ids)."""
    tag = Tag.make(
        page.text, span.label, span.start, span.end,
        annotator=getattr(span, "annotator", ""), attrs=copy.deepcopy(span.attrs),
        origin=getattr(span, "origin", "manual"),
    )  # fmt: skip
    tag.note = getattr(span, "note", "")
    return tag
