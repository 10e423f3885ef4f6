"""The Textual app of `epireader curate`: one screen around one curation session.

Apart from the reader's app (reader/tui/app.py): curation needs none of the reader's
background work (the index, jieba, the keyword model), only the session and its
screen (reader/tui/screens/curation.py). It shares the reader's styles."""

from __future__ import annotations

from textual.app import App
from textual.notifications import SeverityLevel

from reader.session.curation import CurationSession
from reader.session.edits import Notice
from reader.session.values import safe_text
from reader.tui.keymap import curation_sections
from reader.tui.keys import KeysInOrder
from reader.tui.screens.curation import CurationScreen
from reader.tui.screens.help import HelpScreen


class CurationApp(KeysInOrder, App[None]):
    CSS_PATH = "epireader.tcss"
    TITLE = "epireader curate"
    ENABLE_COMMAND_PALETTE = False  # its footer key took the room of the decisions' keys

    def __init__(self, session: CurationSession) -> None:
        super().__init__()
        self.session = session

    def get_default_screen(self) -> CurationScreen:
        return CurationScreen(self.session)

    def farewell(self) -> str:
        """The line the command prints once the screen is closed: how it stands now."""
        session = self.session
        open_ = session.undecided()
        agreed = f"; {session.agreed_added} agreed span(s) put in GOLD" if session.agreed_added else ""
        then = (
            " (run curate again to go on)"
            if open_
            else "; epireader agree GOLD FOLDER compares each folder with it"
        )
        return f"{len(session.items)} place(s), {open_} still open{agreed}{then}"

    def action_help(self) -> None:
        """The keys of curate's screens, read from their bindings (reader/tui/keymap.py)."""
        self.push_screen(HelpScreen(curation_sections()))

    def notify(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information",
        timeout: float | None = None, markup: bool = True,
    ) -> None:  # fmt: skip
        """Every notification (the form's too) in the status bar, never read as markup."""
        text = safe_text(message)
        super().notify(text, title=title, severity=severity, timeout=timeout, markup=False)
        stack = self.screen_stack
        if stack and isinstance(stack[0], CurationScreen) and stack[0].is_mounted:
            stack[0].tell(Notice(text, severity), timeout or self.NOTIFICATION_TIMEOUT)


def make_curation_app(session: CurationSession) -> CurationApp:
    """The one way to build the curation app, for the CLI and the tests alike: the
    session is opened (CurationSession.open) by the caller, so its errors are one line
    before any screen is drawn."""
    return CurationApp(session)
