"""No key is lost or misrouted however fast it is typed: the keys after `f` / `e` reach
the attribute form, in order, and `tab` moves on before the next key is read."""

from __future__ import annotations

import json

from reader.corpus.corpus import load_corpus
from reader.tui.app import make_app
from reader.tui.screens.attributes import AttributeForm
from reader.tui.widgets.article_view import ArticleView
from tests.conftest import ROOT, open_in_app, page_index, reading, search_to, settle, type_at_once

SIZE = (140, 45)


def _saved(folder, page):
    path = folder / (page.name[:-4] + ".json")
    return json.loads(path.read_text(encoding="utf-8"))["spans"] if path.exists() else []


async def test_keys_typed_at_once_after_f_reach_the_form_in_order(corpus, segmenter, tmp_path):
    page = corpus.pages[page_index(corpus, "000")]
    async with reading(corpus, segmenter, tmp_path, "000", SIZE) as (app, pilot):
        await search_to(pilot, "8200")
        # f opens the form; four tabs go counted → value → qualifier → unit → note.
        await type_at_once(pilot, "shift+right", "f", "tab", "tab", "tab", "tab", "o", "k", "enter")
        await settle(pilot, lambda: not isinstance(app.screen, AttributeForm))
    [figure] = _saved(tmp_path, page)
    assert figure["text"] == "8200余名"
    assert figure["note"] == "ok"
    assert figure["attrs"]["unit"] == "名"  # the prefill, untouched


async def test_keys_typed_at_once_after_e_fill_the_summary_not_the_year(corpus, segmenter, tmp_path):
    page = corpus.pages[page_index(corpus, "000")]
    async with reading(corpus, segmenter, tmp_path, "000", SIZE) as (app, pilot):
        await search_to(pilot, "4月13日凌晨")
        # year, month, day, hour, minute, part, date, then the summary: seven tabs.
        await type_at_once(pilot, "shift+end", "e", *["tab"] * 7, "x", "y", "enter")
        await settle(pilot, lambda: not isinstance(app.screen, AttributeForm))
    [event] = _saved(tmp_path, page)
    assert event["attrs"]["summary"] == "xy"
    assert event["attrs"]["time"]["month"] == 4 and "year" not in event["attrs"]["time"]


async def test_tab_then_typing_in_the_form_goes_to_the_next_field(corpus, segmenter, tmp_path):
    page = corpus.pages[page_index(corpus, "000")]
    async with reading(corpus, segmenter, tmp_path, "000", SIZE) as (app, pilot):
        await search_to(pilot, "8200")
        await pilot.press("shift+right", "f")
        await settle(pilot, lambda: isinstance(app.screen, AttributeForm))
        await type_at_once(pilot, "tab", "tab", "tab", "tab", "z", "enter")
        await settle(pilot, lambda: not isinstance(app.screen, AttributeForm))
    [figure] = _saved(tmp_path, page)
    assert figure["note"] == "z" and figure["attrs"]["counted"] != "z"


async def test_keys_after_a_refused_f_are_not_kept_for_a_form(corpus, segmenter, tmp_path):
    """A protected gold folder refuses the tag: no form opens, and the keys typed after
    f do what they do in the text (here: j moves a line down)."""
    (tmp_path / "GOLD.md").write_text("gold\n", encoding="utf-8")
    async with reading(corpus, segmenter, tmp_path, "000", SIZE) as (app, pilot):
        view = app.query_one(ArticleView)
        await search_to(pilot, "8200")
        before = view.cursor_offset
        await type_at_once(pilot, "f", "w")
        await settle(pilot)
        assert not isinstance(app.screen, AttributeForm)
        assert view.cursor_offset > before
        assert not app.key_order.held and app.key_order.waiting == 0


async def test_dot_lands_on_a_suggestion_that_starts_inside_a_word_and_a_accepts_it(segmenter, tmp_path):
    """Dev page 10 has suggestions that start inside a jieba word (并于 | 4月...): `.`
    visits every open suggestion once, in order, and `a` accepts the one `.` chose."""
    corpus = load_corpus(ROOT / "heldout" / "pages")
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "10_")
        view = app.query_one(ArticleView)
        await pilot.press("p")
        await settle(pilot)
        pool = sorted(app.session.suggestions(), key=lambda s: (s.start, -s.end, s.label))
        tokens = app.session.document.tokens
        assert any(t.start < s.start < t.end for s in pool for t in tokens), "no mid-word suggestion"
        visited = []
        for _ in pool:
            await pilot.press("full_stop")
            visited.append(app.session.chosen.key)
            word = view.cursor_token
            assert word[0] <= app.session.chosen.start < word[1]  # the cursor is on it
        assert visited == [s.key for s in pool]
        # a on a mid-word one accepts exactly it.
        target = next(s for s in pool if any(t.start < s.start < t.end for t in tokens))
        while app.session.chosen.key != target.key:
            await pilot.press("full_stop")
        await pilot.press("a")
        await settle(pilot)
        saved = _saved(tmp_path, corpus.pages[page_index(corpus, "10_")])
        assert [(s["label"], s["start"], s["end"]) for s in saved] == [target.key]


async def test_j_after_a_search_keeps_the_column_the_search_put_the_cursor_in(corpus, segmenter, tmp_path):
    async with reading(corpus, segmenter, tmp_path, "000", SIZE) as (app, pilot):
        view = app.query_one(ArticleView)
        await pilot.press("j")  # remembers the column of the first line
        await search_to(pilot, "8200")
        y = view._line_of[view.cursor_offset]
        column = view._lines[y].column_of(view.cursor_offset)
        assert column > 4
        await pilot.press("j")
        below = view._line_of[view.cursor_offset]
        assert below == next(n for n in range(y + 1, len(view._lines)) if view._lines[n].cells)
        assert abs(view._lines[below].column_of(view.cursor_offset) - column) <= 4


async def test_a_search_drops_the_selection_instead_of_stretching_it(corpus, segmenter, tmp_path):
    page = corpus.pages[page_index(corpus, "003")]
    async with reading(corpus, segmenter, tmp_path, "003", SIZE) as (app, pilot):
        view = app.query_one(ArticleView)
        await search_to(pilot, "督导检查")
        await pilot.press("shift+right")
        assert view.selection is not None
        await search_to(pilot, "耙钊")
        assert view.selection is None
        await pilot.press("E")
        await settle(pilot)
    [event] = _saved(tmp_path, page)
    assert "\n" not in event["text"] and len(event["text"]) < 20


async def test_n_steps_past_a_hit_that_starts_inside_a_word(segmenter, tmp_path):
    """'3' is found inside the words 娄烦全县350 and 7300: n visits every hit in turn
    instead of finding the hit the cursor is on again."""
    from tests.conftest import page_folder

    text = "疫情防控\n\n娄烦全县350余名网格员到岗,街道7300人接受检测,另有3人隔离。\n"
    corpus = load_corpus(page_folder(tmp_path, [("p.txt", text)]))
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path / "ann")
    async with app.run_test(size=SIZE) as pilot:
        await open_in_app(pilot, app, "p")
        view = app.query_one(ArticleView)
        await search_to(pilot, "3")
        hits = [h[0] for h in view.hits]
        assert len(hits) == 3
        seen = []
        for _ in hits:
            word = view.cursor_token
            seen.append(next(h for h in hits if word[0] <= h < word[1]))
            await pilot.press("n")
        assert sorted(seen) == hits  # each hit once, in turn


async def test_the_qualifier_takes_typed_letters(corpus, segmenter, tmp_path):
    """Tab to the qualifier and type: `about` picks about, as a person expects of a field."""
    page = corpus.pages[page_index(corpus, "000")]
    async with reading(corpus, segmenter, tmp_path, "000", SIZE) as (app, pilot):
        await search_to(pilot, "8200")
        await type_at_once(pilot, "shift+right", "f", "tab", "tab", *"about", "enter")
        await settle(pilot, lambda: not isinstance(app.screen, AttributeForm))
    [figure] = _saved(tmp_path, page)
    assert figure["attrs"]["qualifier"] == "about"


async def test_keys_typed_while_the_reader_opens_wait_for_the_first_article(corpus, segmenter, tmp_path):
    """The first frame is the list alone; the text is mounted and the first article
    opened right after. Keys typed meanwhile wait for it: `]` then goes to the second
    article instead of being overtaken by the opening of the first."""
    from reader.text.articles import ArticleRef

    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await type_at_once(pilot, "right_square_bracket", "w")
        await settle(pilot, lambda: app.session.current is not None)
        assert app.session.current == ArticleRef(corpus.pages[0].name, 1)
        view = app.query_one(ArticleView)
        assert view.has_focus
        first_word = app.session.document.tokens[0]
        assert view.cursor_offset > first_word.start  # w moved the cursor in the text


async def test_space_opens_the_qualifier_list_and_arrows_typed_at_once_choose(corpus, segmenter, tmp_path):
    """The qualifier takes typed letters (a → about …), but space is the key that opens a
    select's list: taken as a letter it was lost, and the arrows after it chose one short."""
    page = corpus.pages[page_index(corpus, "000")]
    async with reading(corpus, segmenter, tmp_path, "000", SIZE) as (app, pilot):
        await search_to(pilot, "174")
        await pilot.press("shift+right", "F")  # 174个, tagged at once
        await settle(pilot)
        await pilot.press("enter")  # its form; counted, value, then the qualifier
        await settle(pilot, lambda: isinstance(app.screen, AttributeForm))
        start = app.screen.query_one("#qualifier").value
        assert start == "exact"
        await type_at_once(pilot, "tab", "tab", "space", "down", "down", "down", "enter")
        await settle(pilot)
        assert app.screen.query_one("#qualifier").value == "under"  # exact, more-than, about, under
        await pilot.press("enter")
        await settle(pilot, lambda: not isinstance(app.screen, AttributeForm))
    [figure] = _saved(tmp_path, page)
    assert figure["attrs"]["qualifier"] == "under"
