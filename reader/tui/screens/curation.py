"""The curation screen: one disagreement at a time, in its article, each annotator's
spans side by side; one key per decision. It composes and routes: the curation
session (reader/session/curation.py) decides and saves, its view says what to draw."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Static

from reader.session.curation import CurationSession, Outcome
from reader.session.curation_view import state
from reader.session.edits import Notice
from reader.session.values import safe_text
from reader.tui.keys import hold_keys
from reader.tui.widgets.article_text import ArticleText
from reader.tui.widgets.key_footer import KeyFooter
from reader.tui.widgets.status_bar import StatusBar

MAX_ANNOTATORS = 9  # a key each: 1 … 9


class CurationText(ArticleText, can_focus=False):
    """The article, drawn as the reader draws it; the keys are the screen's."""


class CurationScreen(Screen[None]):
    DEFAULT_CSS = """
    /* The article, what GOLD holds at the site, one column per annotator. */
    CurationScreen Toast {
        display: none;
    }

    #curate-status {
        height: 1;
        background: $panel;
        color: $text-muted;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }

    #curate-text {
        height: 1fr;
        padding: 0 1;
        scrollbar-gutter: stable;
    }

    #curate-bar {
        height: 1;
        background: $boost;
    }

    #curate-gold {
        width: 1fr;
        height: 1;
        padding: 0 1;
        color: $success;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }

    #curate-columns {
        height: auto;
        max-height: 8;
    }

    .curate-column {
        width: 1fr;
        height: auto;
        max-height: 8;
        padding: 0 1;
        border-left: vkey $surface-lighten-2;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    BINDINGS = [
        *[
            Binding(str(n), f"take({n - 1})", f"Take {n}", show=n <= 3, id=f"curate_take_{n}")
            for n in range(1, MAX_ANNOTATORS + 1)
        ],
        Binding("b", "take_all", "Both", id="curate_take_all"),
        Binding("x", "take_none", "Neither", id="curate_take_none"),
        Binding("e", "edit", "Edit", id="curate_edit"),
        Binding("full_stop", "step(1)", "Next", key_display=".", id="curate_next"),
        Binding("comma", "step(-1)", "Prev", key_display=",", id="curate_prev"),
        Binding("n", "next_open", "Next open", show=False, id="curate_next_open"),
        Binding("u", "undo", "Undo", id="curate_undo"),
        Binding("ctrl+r", "redo", "Redo", key_display="^r", show=False, id="curate_redo"),
        Binding("down,j", "scroll_text(1)", "Scroll ↓", show=False, id="curate_scroll_down"),
        Binding("up,k", "scroll_text(-1)", "Scroll ↑", show=False, id="curate_scroll_up"),
        Binding("question_mark", "app.help", "Help", key_display="?", id="curate_help"),
        Binding("q", "app.quit", "Quit", id="curate_quit"),
    ]

    def __init__(self, session: CurationSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static("", id="curate-status", markup=False)
        yield CurationText(id="curate-text")
        yield StatusBar(id="curate-bar", status_id="curate-gold")
        with Horizontal(id="curate-columns"):
            for who in range(len(self.session.folders)):
                yield Static("", classes="curate-column", id=f"curate-column-{who}", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_site()
        if self.session.item is None:
            self.tell(Notice("Nothing to curate: the annotators agree everywhere (q quits)"), timeout=30)
        elif self.session.undecided() == 0:
            self.tell(Notice(self.session.finished()), timeout=30)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # 1 … 9 for the annotators there are: the others are not shown or run.
        if action == "take" and parameters and isinstance(parameters[0], int):
            return parameters[0] < len(self.session.folders)
        return True

    # --- drawing -------------------------------------------------------------------------

    def show_site(self) -> None:
        drawn = state(self.session, self.size.width)
        text = self.query_one(CurationText)
        if drawn is None:
            text.show(None)
            self.query_one("#curate-status", Static).update("nothing to curate")
            return
        if text.document is not drawn.document:
            text.show(drawn.document, cursor_offset=drawn.site[0], marks=drawn.marks)
        else:
            text.set_marks(drawn.marks)
        text.move_to(drawn.site[0], center=True)
        self.query_one("#curate-status", Static).update(safe_text(drawn.status))
        self.query_one(StatusBar).set_status(drawn.gold)
        for who, column in enumerate(drawn.columns):
            lines = [column.title, *column.lines]
            self.query_one(f"#curate-column-{who}", Static).update(safe_text("\n".join(lines), newlines=True))

    def on_resize(self) -> None:
        # The status line and the columns are fitted to the width.
        self.show_site()

    def tell(self, notice: Notice | None, timeout: float = 4) -> None:
        """A notice in the status bar (no toasts: they would cover the columns)."""
        if notice is not None:
            timeout = 8 if notice.severity == "error" else timeout
            self.query_one(StatusBar).show_notice(safe_text(notice.text), notice.severity, timeout)

    def _after(self, outcome: Outcome) -> None:
        self.show_site()
        if outcome.notice is None:
            self.query_one(StatusBar).clear_notice()  # the last one was of the last place
        self.tell(outcome.notice)

    # --- keys ------------------------------------------------------------------------------

    def action_take(self, who: int) -> None:
        self._after(self.session.take(who))

    def action_take_all(self) -> None:
        self._after(self.session.take_all())

    def action_take_none(self) -> None:
        self._after(self.session.take_none())

    def action_step(self, delta: int) -> None:
        self._after(self.session.step(delta))

    def action_next_open(self) -> None:
        following = self.session.first_undecided(self.session.position)
        if following is None:
            self.tell(Notice(self.session.finished()))
        else:
            self.session.position = following
            self.show_site()

    def action_undo(self) -> None:
        self._after(self.session.undo())

    def action_redo(self) -> None:
        self._after(self.session.undo(redo=True))

    def action_scroll_text(self, delta: int) -> None:
        self.query_one(CurationText).scroll_relative(y=delta, animate=False)

    def action_edit(self) -> None:
        from reader.tui.screens.attributes import AttributeForm, FormAnswer

        target = self.session.edit_target()
        if isinstance(target, Outcome):
            self._after(target)
            return
        self.show_site()
        tag, new = target

        def done(answer: FormAnswer | None) -> None:
            if answer is not None:
                self._after(self.session.update(tag, answer.attrs, answer.note, answer.trim))
            elif new:  # cancel means cancel: the span taken for the form goes again
                self._after(self.session.cancel_new())

        hold_keys(self.app)  # the keys typed after e are the form's (it releases them when focused)
        self.app.push_screen(AttributeForm(tag, new=new), done)
