"""The article list as a person uses it: keys, a click, and lines that keep their
counts whatever the width (reader/tui/widgets/corpus_tree.py)."""

from __future__ import annotations

from reader.text.articles import ArticleRef
from reader.tui.app import make_app
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.corpus_tree import CorpusTree
from tests.conftest import ref, screen_text, settle


def _ready(app):
    return lambda: app.session.document is not None and app.session.keyword_model is not None


async def test_with_a_scroll_bar_every_article_line_still_shows_its_length(corpus, segmenter, tmp_path):
    """At 80x24 the seeds' 27 lines need a scroll bar: titles give way to it, the
    length (and counts) never do (a line is laid out at the width it is drawn at)."""
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, _ready(app))
        tree = app.query_one(CorpusTree)
        assert tree.show_vertical_scrollbar
        lines = screen_text(app).splitlines()
        top = int(tree.scroll_offset.y)
        shown = 0
        for y in range(tree.scrollable_content_region.height):
            row = tree.rows[top + y]
            if isinstance(row.data, ArticleRef):
                chars = corpus.article(row.data)[1].chars
                assert f" {chars}字" in lines[tree.region.y + y].split("▕")[0], lines[tree.region.y + y]
                shown += 1
        assert shown >= 15


async def test_keys_fold_a_page_move_by_page_and_sibling_and_open_an_article(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, _ready(app))
        tree = app.query_one(CorpusTree)
        tree.focus()
        first_page = corpus.pages[0].name
        second_title = corpus.article(ref(corpus, "000", 1))[1].title[:6]  # as the list starts it
        await pilot.press("home")
        assert tree.cursor_data == first_page
        await pilot.press("space")  # fold the first page
        assert not tree.is_unfolded(first_page) and second_title not in screen_text(app)
        assert tree.rows[1].data == corpus.pages[1].name
        await pilot.press("space")
        assert second_title in screen_text(app)
        await pilot.press("down", "shift+down")
        assert tree.cursor_data == ref(corpus, "000", 1)
        await pilot.press("shift+left")
        assert tree.cursor_data == first_page
        await pilot.press("shift+down")  # the next page, over the first one's articles
        assert tree.cursor_data == corpus.pages[1].name
        await pilot.press("end")
        assert tree.cursor_data == tree.rows[-1].data and isinstance(tree.cursor_data, ArticleRef)
        await pilot.press("k", "enter")
        await settle(pilot)
        assert app.session.current == tree.rows[-2].data
        assert isinstance(app.focused, ArticleView)


async def test_a_click_on_an_article_line_opens_it(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, _ready(app))
        tree = app.query_one(CorpusTree)
        target = ref(corpus, "001", 2)
        line = tree.line_of(target)
        assert line is not None and app.session.current != target
        await pilot.click(CorpusTree, offset=(6, line - int(tree.scroll_offset.y)))
        await settle(pilot)
        assert app.session.current == target and tree.cursor_data == target


async def test_a_title_is_drawn_in_the_list_colour_and_only_its_guides_are_faint(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, _ready(app))
        tree = app.query_one(CorpusTree)
        line = tree.line_of(ref(corpus, "000", 2))  # not the cursor's line
        assert line is not None and line != tree.cursor
        segments = list(tree.render_line(line - int(tree.scroll_offset.y)))
        guides, title = segments[0], segments[1]
        assert guides.text == "├ "
        assert title.text.startswith(corpus.article(ref(corpus, "000", 2))[1].title[:4])
        assert title.style.color == tree.rich_style.color != guides.style.color
        length = next(s for s in segments if "字" in s.text)
        assert length.style.color == tree.rich_style.color and length.style.dim  # dimmed from it


async def test_a_page_name_wider_than_the_list_ends_in_an_ellipsis(tmp_path, segmenter):
    from reader.corpus.corpus import load_corpus
    from tests.conftest import page_folder

    name = "a-very-long-page-name-from-a-web-archive-crawl.txt"
    corpus = load_corpus(page_folder(tmp_path, [(name, "标题\n\n3月1日，10名党员到岗。\n")]))
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path / "ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, _ready(app))
        tree = app.query_one(CorpusTree)
        drawn = tree.render_line(tree.line_of(name) - int(tree.scroll_offset.y)).text
        assert drawn.rstrip().endswith("…") and drawn.startswith("▼ a-very-long")
        assert len(drawn) == tree.scrollable_content_region.width


async def test_a_hidden_list_waits_for_a_size_instead_of_asking_to_scroll_again_and_again(
    corpus, segmenter, tmp_path
):
    """At 60 columns the list is hidden: moving its cursor with the article must not
    ask to scroll after every refresh (that kept the UI thread busy for good), and F2
    shows the article's line."""
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, _ready(app))
        tree = app.query_one(CorpusTree)
        assert not tree.display
        calls = []
        scroll = tree._scroll_into_view
        tree._scroll_into_view = lambda *args: (calls.append(args), scroll(*args))[1]
        target = ref(corpus, "002", 4)
        app.reader.open_article(target)
        await pilot.pause(0.5)
        assert len(calls) <= 2
        await pilot.press("f2")
        await settle(pilot)
        top, line = int(tree.scroll_offset.y), tree.line_of(target)
        assert tree.cursor_data == target and top <= line < top + tree.scrollable_content_region.height


async def test_the_cursor_line_is_all_in_the_cursor_colour_and_light_themes_keep_the_guides(
    corpus, segmenter, tmp_path
):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, _ready(app))
        tree = app.query_one(CorpusTree)
        tree.focus()
        await pilot.pause()
        cursor = tree.get_component_rich_style("corpus-tree--cursor")
        drawn = list(tree.render_line(tree.cursor - int(tree.scroll_offset.y)))
        marks = [s for s in drawn if "◌" in s.text]  # the suggestions' count, blue elsewhere
        assert marks and all(s.style.color == cursor.color for s in marks)
        app.theme = "textual-light"
        await pilot.pause()
        line = tree.line_of(ref(corpus, "000", 2)) - int(tree.scroll_offset.y)
        guides = next(iter(tree.render_line(line)))
        background = tree.rich_style.bgcolor
        # Darker than the list's light background, as Textual's Tree draws them there.
        assert guides.text == "├ " and sum(guides.style.color.triplet) < sum(background.triplet)
