"""A page and a file name full of terminal escapes, through every screen: nothing raw
reaches the terminal (list, status line, notices, dialogs, the form, views, help)."""

from __future__ import annotations

from reader.corpus.corpus import load_corpus
from reader.tui.app import make_app
from tests.conftest import screen_text, settle

ESCAPE_PAGE = "\x1b]0;TITLEPWN\x07标题\x1b[5m闪烁\n\n4月13日凌晨1时30分,全县8200余名党员。\n"
ESCAPE_NAME = "\x1b[31mred\x1b]0;pwned\x07.txt"


def _clean(app) -> None:
    shown = screen_text(app)
    assert "\x1b" not in shown and "\x07" not in shown, repr(shown[:300])
    for note in app._notifications:
        assert "\x1b" not in note.message and "\x07" not in note.message, repr(note.message)


async def test_escapes_in_a_page_and_its_name_are_shown_never_obeyed(segmenter, tmp_path):
    pages = tmp_path / "esc"
    pages.mkdir()
    (pages / "p.txt").write_text(ESCAPE_PAGE, encoding="utf-8")
    (pages / ESCAPE_NAME).write_text(ESCAPE_PAGE, encoding="utf-8")
    corpus = load_corpus(pages)
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path / "ann")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, lambda: app.session.index is not None and app.session.keyword_model is not None)
        assert "␛" in screen_text(app)  # shown as a symbol
        _clean(app)
        for step in (
            ("m",),  # a notice with the article's title
            ("F",),  # a tag: its text in a notice
            ("f",),  # the attribute form shows the span
            ("escape",),
            ("p", "A"),  # the accept-all question
            ("n",),
            ("right_square_bracket",),  # the other page: its name in the status line
            ("ctrl+t",),
            ("escape",),
            ("ctrl+g",),
            ("escape",),
            ("ctrl+f", *"标题", "enter"),
            ("escape",),
            ("ctrl+o",),
            ("escape",),
            ("question_mark",),
            ("escape",),
        ):
            await pilot.press(*step)
            await settle(pilot)
            _clean(app)
