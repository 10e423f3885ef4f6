"""The reading screen: composes the list, the text and the side panel, and routes what
they ask for to the reading session (reader/session/reading.py), which decides."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.widgets import Input

from reader.session.values import ArticleRef
from reader.tui.clipboard import copy_text
from reader.tui.keys import release_keys
from reader.tui.screens.reading_panes import ReadingPanes
from reader.tui.widgets.corpus_tree import CorpusTree
from reader.tui.widgets.key_footer import KeyFooter
from reader.tui.widgets.status_bar import StatusBar

# The first frame is the list: what only the text, the side panel and the session's
# editing use is imported after it, where it is used (the panes: reading_panes.py),
# and the panes' messages are handled by name (benchmarks/bench_reader.py measures it).
if TYPE_CHECKING:
    from reader.session.edits import EditResult, Notice
    from reader.session.reading import ArticleState, Mode, ReadingSession
    from reader.session.values import ArticleCount, Corpus, Span, Tag
    from reader.session.views import CorpusViews
    from reader.tui.widgets.article_view import ArticleView
    from reader.tui.widgets.tag_list import TagList


class ReaderScreen(Screen[None]):
    BINDINGS = [
        Binding("right_square_bracket", "next_article(1)", "Next", key_display="]", id="next_article"),
        Binding("left_square_bracket", "next_article(-1)", "Prev", key_display="[", id="prev_article"),
        Binding("slash", "start_search", "Search", key_display="/", id="search"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("ctrl+r", "redo", "Redo", key_display="^r", id="redo"),
        Binding("p", "mode('suggest')", "Suggest", id="toggle_suggestions"),
        Binding("a", "decide(True)", "Accept", id="accept_suggestion"),
        Binding("r", "decide(False)", "Reject", id="reject_suggestion"),
        Binding("A", "accept_all", "Accept all", show=False, id="accept_all"),
        Binding("g", "mode('review')", "Review", id="toggle_review"),
        Binding("full_stop", "proposal(1)", "Next suggestion", key_display=".", id="next_suggestion"),
        Binding(
            "comma", "proposal(-1)", "Prev suggestion", key_display=",", show=False, id="prev_suggestion"
        ),
        Binding("m", "toggle_reviewed", "Reviewed ✓", id="toggle_reviewed"),
        Binding("ctrl+l", "unlock_gold", "Unlock gold", show=False, id="unlock_gold"),
        Binding("f2", "toggle_pane('tree')", "List", id="toggle_list"),
        Binding("f3", "toggle_pane('side')", "Side", id="toggle_side"),
    ]

    def __init__(self, corpus: Corpus, session: Callable[[], ReadingSession]) -> None:
        super().__init__()
        self.corpus = corpus
        self._session = session
        self.panes = ReadingPanes(self)  # the text and side panel: after the first frame

    def compose(self) -> ComposeResult:
        # The first frame is the list: the text, the side panel and the search box are
        # mounted right after it (mount_reading_panes), while typed keys wait.
        with Horizontal(id="main"):
            yield CorpusTree(self.corpus, id="tree")
        yield StatusBar()
        yield KeyFooter()

    class Ready(Message):
        """The screen is composed: the app starts opening the corpus and its workers."""

    class Relearn(Message):
        """A counted noun was corrected: the app has the prefill learn again (in a worker)."""

    class KeywordsDue(Message):
        """An article was opened: the app has what it lacks (its keywords, the next
        article's words) made in a worker."""

    def on_mount(self) -> None:
        self.query_one(CorpusTree).focus()
        self.set_status("opening…")
        self.post_message(self.Ready())

    @property
    def session(self) -> ReadingSession:
        """The app's reading session, made after the first frame."""
        return self._session()

    async def mount_reading_panes(self) -> None:
        """The text, the side panel and the search box, after the first frame."""
        await self.panes.mount()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys wait for the text (the app holds them from its load); one that got through (a hold expires
        # under heavy load) finds its action off rather than the text missing.
        return self.panes.mounted or action == "toggle_pane"

    def opened(self) -> None:
        """The first article is open (or there is none): the keys typed meanwhile go on."""
        release_keys(self.app)

    @property
    def view(self) -> ArticleView:
        return self.panes.view

    def set_status(self, text: str) -> None:
        self.query_one(StatusBar).set_status(text)

    def tell(self, notice: Notice | None, timeout: float = 3) -> None:
        if notice is not None:
            self.say(notice.text, notice.severity, timeout)

    def say(self, text: str, severity: SeverityLevel = "information", timeout: float = 3) -> None:
        self.notify(text, severity=severity, timeout=8 if severity == "error" else timeout)

    def show_notice(self, text: str, severity: str, timeout: float) -> None:
        """A notice in the status bar (the app routes every notification here)."""
        self.query_one(StatusBar).show_notice(text, severity, timeout)

    def clear_notice(self) -> None:
        self.query_one(StatusBar).clear_notice()

    # --- panes: the text keeps 40 columns wherever the terminal has them ----------

    def on_resize(self, event: events.Resize) -> None:
        self.panes.lay_out()

    def action_toggle_pane(self, pane: str) -> None:
        self.panes.toggle(pane)
        tree = self.query_one(CorpusTree)
        if pane == "tree" and tree.display:
            tree.call_after_refresh(tree.show_cursor_with_its_page)

    # --- showing the session's state ----------------------------------------------

    def open_article(self, ref: ArticleRef, offset: int | None = None) -> None:
        self.clear_notice()  # a notice belongs to its moment, not to the next article
        notices = self.session.open(ref)
        state = self.session.state()
        self.view.show(state.document, cursor_offset=offset, marks=state.marks)
        self._show_panels(state)
        self.query_one(CorpusTree).select_article(ref)
        for notice in notices:
            self.tell(notice)
        self.post_message(self.KeywordsDue())  # its keywords, the next article's words

    def _show_panels(self, state: ArticleState) -> None:
        """Keywords, tags, the tree's count and the status line for the open article."""
        self.panes.keywords.show_keywords(state.document.keywords_as_written())
        self.panes.tag_list.show_tags(state.tags, state.orphans)
        self.query_one(CorpusTree).set_count(state.ref, state.count)
        self.set_status(state.status)

    def show_tags(self) -> None:
        """After an edit or a mode change: redraw the marks and the panels."""
        if self.session.current is None:
            return
        state = self.session.state()  # once: its marks read the page's suggestions
        self.view.set_marks(state.marks)
        self._show_panels(state)

    def refresh_tokens(self) -> None:
        """jieba or the keyword model arrived: redraw words and keywords."""
        if self.session.document is None:
            return
        self.panes.keywords.show_keywords(self.session.document.keywords_as_written())
        self.view.refresh_tokens()
        self.set_status(self.session.status())

    def set_counts(self, counts: dict[ArticleRef, ArticleCount]) -> None:
        tree = self.query_one(CorpusTree)
        for ref, count in counts.items():
            tree.set_count(ref, self.session.count(ref, count))

    def use_index_counts(self, index: CorpusViews) -> None:
        """The tree's counts come from the index: now for the pages listed, and for
        each page when its articles are listed."""
        tree = self.query_one(CorpusTree)

        def counts_of(name: str) -> dict[ArticleRef, ArticleCount]:
            return {ref: self.session.count(ref, c) for ref, c in index.counts_of([name]).items()}

        tree.listing.count_source = counts_of
        self.set_counts(index.counts_of(tree.listed_pages()))

    def jump_to(self, ref: ArticleRef, offset: int, query: str | None = None) -> None:
        self.open_article(ref)
        if query:
            self.view.search(query)
        self.view.move_to(offset, center=True)  # in view at once, not after the next key
        self.view.focus()

    def _after(self, result: EditResult) -> EditResult:
        """Show the outcome of an edit; a page reloaded from disk keeps the cursor; an
        undo in another article opens it there."""
        if result.reloaded and self.session.current is not None:
            self.open_article(self.session.current, self.view.cursor_offset)
        if result.go_to is not None:
            ref, offset = result.go_to
            if ref != self.session.current:
                self.open_article(ref, offset)
            self.view.move_to(offset, center=True)
        if result.ok or result.reloaded:
            self.show_tags()
        if result.ok and result.notice is None:
            # A "Not saved…" still shown would deny what is now on disk.
            self.query_one(StatusBar).clear_notice(errors_only=True)
        self.tell(result.notice)
        return result

    # --- what the widgets ask for ----------------------------------------------------

    def on_corpus_tree_article_chosen(self, message: CorpusTree.ArticleChosen) -> None:
        self.open_article(message.ref)
        self.view.focus()

    def on_article_view_tag_requested(self, message: ArticleView.TagRequested) -> None:
        result = None
        if self.session.current is not None:
            edits = self.session.edits
            result = self._after(edits.tag(message.label, message.start, message.end, message.form))
        if result is not None and result.ok and message.form:
            self._open_form(result.value, new=True)
        elif message.form:
            release_keys(self.app)  # no form after all: the keys held for it go on

    def _open_form(self, tag: Tag, new: bool = False) -> None:
        from reader.tui.screens.attributes import AttributeForm, FormAnswer

        reading = self.session.reading(tag.label, tag.start, tag.end) if tag.label == "figure" else None

        def done(answer: FormAnswer | None) -> None:
            if answer is not None:
                self._after(self.session.edits.update(tag, answer.attrs, answer.note))
                if answer.trim is not None:
                    self._after(self.session.edits.resize_to(tag.id, *answer.trim))
                if self.session.relearn_due:
                    self.post_message(self.Relearn())
            elif new:  # cancel means cancel: the tag just made goes
                self._after(self.session.edits.cancel_new(tag))

        self.app.push_screen(AttributeForm(tag, new=new, reading=reading), done)

    def on_article_view_requested(self, message: ArticleView.Requested) -> None:
        if self.session.current is None:
            if message.action == "edit":
                release_keys(self.app)
            return
        if message.action == "delete":
            self._after(self.session.edits.delete_at(message.offset, self.view.cursor_token))
        elif message.action == "edge" and message.edge is not None:
            word = self.view.cursor_token
            result = self._after(self.session.edits.move_edge(message.offset, *message.edge, word))
            if result.ok and result.value is not None:
                self.view.move_to(result.value.start)  # stay on the tag: the next press moves it again
        elif message.action == "edit":
            tag = self.session.tag_at(message.offset, self.view.cursor_token)
            if tag is None:
                release_keys(self.app)
                self.say("No tag under the cursor", "warning", timeout=2)
            else:
                self._open_form(tag)
        elif message.action == "copy":
            self._copy(message.offset, message.selection)

    def _copy(self, offset: int, selection: tuple[int, int] | None) -> None:
        tag = self.session.tag_at(offset, self.view.cursor_token)
        target = selection or ((tag.start, tag.end) if tag else self.view.cursor_token)
        if target is None:
            return
        document = self.session.document
        if document is None:
            return
        text = document.as_read(*target, glosses=self.view.show_glosses)
        how = copy_text(text, self.app.copy_to_clipboard)
        self.say(f"Copied {text[:20]!r} {how}")

    def on_tag_list_chosen(self, message: TagList.Chosen) -> None:
        if self.session.current is not None:
            self.view.move_to(self.session.page_annotations().get(message.span_id).start)
            self.view.focus()

    # --- actions -----------------------------------------------------------------------

    def action_next_article(self, delta: int) -> None:
        ref = self.session.step(delta)
        if ref is not None:
            self.open_article(ref)

    def action_undo(self) -> None:
        self._after(self.session.edits.step_history(undo=True))

    def action_redo(self) -> None:
        self._after(self.session.edits.step_history(undo=False))

    def action_mode(self, mode: Mode) -> None:
        if self.session.current is None:
            return
        notice = self.session.set_mode(mode)
        self.show_tags()
        self.tell(notice)

    def action_decide(self, accept: bool) -> None:
        """a / r, then on to the next open suggestion: one key per decision."""
        if self.session.current is None:
            return
        offset, word = self.view.cursor_offset, self.view.cursor_token
        result = self._after(self.session.edits.decide(offset, accept, word))
        if result.ok:
            self._go_to_proposal(self.session.next_proposal(offset, 1, word), quiet=True)

    def action_proposal(self, direction: int) -> None:
        if self.session.current is None:
            return
        found = self.session.next_proposal(self.view.cursor_offset, direction, self.view.cursor_token)
        if found is None:
            hint = "press p to show suggestions" if self.session.mode == "tags" else "none left here"
            self.say(f"No suggestion to go to: {hint}", "warning", timeout=2)
        else:
            self._go_to_proposal(found)
            self.view.focus()

    def _go_to_proposal(self, found: Span | None, quiet: bool = False) -> None:
        """The cursor on the word where ``found`` starts; unless ``quiet``, say which span
        it is (a suggestion may start inside a word or share its start with another)."""
        if found is None:
            return
        self.view.move_to(found.start, center=True)
        if not quiet:
            from reader.session.values import proposal_line

            self.say(proposal_line(found), timeout=3)

    def action_accept_all(self) -> None:
        if self.session.current is None:
            return
        asked = self.session.edits.accept_all_question()
        if asked is None:
            self.say("No open suggestions in this article", timeout=2)
            return
        question, founds = asked

        def answer(yes: bool | None) -> None:
            if yes:
                self._after(self.session.edits.accept_all(founds))

        self.app.push_screen(confirm(question), answer)

    def action_unlock_gold(self) -> None:
        if not self.session.editor.protected:
            self.say("Nothing to unlock: this folder is not protected", timeout=2)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.tell(self.session.unlock_gold())
                self.set_status(self.session.status())

        question = f"Edit the gold in {self.session.annotations}? The tests are measured against it."
        self.app.push_screen(confirm(question), answer)

    def action_toggle_reviewed(self) -> None:
        if self.session.current is not None:
            self._after(self.session.edits.toggle_reviewed())

    def action_start_search(self) -> None:
        box = self.panes.search_box
        box.add_class("visible")
        box.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.input.remove_class("visible")
        count = self.view.search(event.value)
        self.view.focus()
        if event.value.strip():
            kind = "information" if count else "warning"
            self.notify(f"{count} hit(s) for {event.value.strip()!r}; n for next", severity=kind)

    def on_search_box_cancelled(self) -> None:
        self.panes.search_box.remove_class("visible")
        self.view.focus()


def confirm(question: str) -> ModalScreen[bool]:
    """The yes/no dialog (imported when first asked)."""
    from reader.tui.screens.confirm import ConfirmScreen

    return ConfirmScreen(question)
