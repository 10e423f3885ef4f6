"""The reader driven with real keys through Textual's Pilot."""

from __future__ import annotations

from reader.corpus.corpus import load_corpus
from reader.text.articles import ArticleRef
from reader.tui.app import make_app
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.corpus_tree import CorpusTree
from tests.conftest import ref, screen_text, settle

SIZE = (140, 45)


def _ready(app):
    return lambda: app.session.keyword_model is not None


async def test_tree_lists_the_named_articles(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, _ready(app))
        tree = app.query_one(CorpusTree)
        labels = [tree.label(row.data).plain for row in tree.rows if isinstance(row.data, ArticleRef)]
        for title in ("党旗所指 一往无前", "时刻坚持“人物链条同防”", "“党员红”服务队冲到一线"):
            assert any(label.startswith(title) for label in labels), title
        assert "000_1b80620b9e734545.txt" in screen_text(app)


async def test_opening_an_article_shows_title_and_highlighted_keywords(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, _ready(app))
        assert app.query_one(ArticleView).has_focus  # the first article opens with the text focused
        await pilot.press("shift+tab", "down", "enter")  # to the list: second article of page 000
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.document.article.title == "党建引领“网格红” 社区圆梦“微心愿”"
        shown = screen_text(app)
        assert "党建引领“网格红” 社区圆梦“微心愿”" in shown
        keywords = view.document.keyword_words()
        assert keywords and "心愿" in keywords
        # Keyword tokens are drawn with the keyword style.
        kw = next(t for t in view.document.tokens if t.word in keywords)
        style = view._style_at[kw.start]
        keyword = view.get_component_rich_style("article-view--keyword", partial=True)
        assert keyword.color is not None and style.color == keyword.color and style.bold
        for word in list(keywords)[:3]:
            assert word in shown  # listed in the side panel


async def test_navigation_keys_do_what_the_footer_says(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, _ready(app))
        assert app.session.current == ArticleRef(corpus.pages[0].name, 0)
        await pilot.press("right_square_bracket")
        assert app.session.current == ArticleRef(corpus.pages[0].name, 1)
        await pilot.press("left_square_bracket", "left_square_bracket")
        last = corpus.pages[-1]
        assert app.session.current == ArticleRef(last.name, len(last.articles) - 1)
        await pilot.press("right_square_bracket")
        assert app.session.current == ArticleRef(corpus.pages[0].name, 0)
        # j/k move in the tree, enter opens.
        await pilot.press("shift+tab", "j", "j", "k", "enter")
        await settle(pilot)
        assert app.session.current == ArticleRef(corpus.pages[0].name, 1)
        view = app.query_one(ArticleView)
        assert view.has_focus
        # l moves the word cursor by one jieba word, h back.
        first = view.cursor_token
        await pilot.press("l")
        second = view.cursor_token
        assert second[0] == first[1] or second[0] > first[0]
        assert view.document.tokens[view.caret.cursor].kind == "word"
        await pilot.press("h")
        assert view.cursor_token == first
        # tab moves focus out of the text pane.
        await pilot.press("tab")
        assert not view.has_focus
        # s toggles the segmentation shading.
        view.focus()
        before = view.show_segments
        await pilot.press("s")
        assert view.show_segments is not before
        await pilot.press("question_mark")
        await settle(pilot)
        assert "epireader keys" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("q")
    assert app.return_code == 0


async def test_search_finds_traditional_text_by_simplified_query(corpus, segmenter, tmp_path):
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, _ready(app))
        app.reader.open_article(ref(corpus, "003"))
        app.query_one(ArticleView).focus()
        await pilot.press("slash", *"党员", "enter")
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert len(view.hits) > 3
        text = corpus.page(ref(corpus, "003").page).text
        assert all(text[s:e] == "黨員" for s, e in view.hits)
        assert view.cursor_offset == view.hits[0][0]
        await pilot.press("n")
        assert view.cursor_offset == view.hits[1][0]


async def test_first_screen_appears_before_jieba_is_ready(corpus, tmp_path):
    app = make_app(corpus, annotations=tmp_path)  # loads jieba in a worker
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The list and the article are there while the dictionary may still load.
        assert "党旗所指 一往无前" in screen_text(app)
        await settle(pilot, lambda: app.session.segmenter is not None, limit=30)
        view = app.query_one(ArticleView)
        assert view.document.segmented


async def test_bad_inputs_open_and_say_why(bad_inputs, segmenter, tmp_path):
    corpus = load_corpus(bad_inputs)
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, _ready(app))
        shown = screen_text(app)
        assert "empty.txt" in shown and "empty file" in shown
        assert "binary.txt" in shown and "binary data" in shown
        assert "gb18030" in shown
        # the long line is shown in parts now, so later pages are below the fold
        assert "white space" in app.query_one(CorpusTree).label("whitespace-only.txt").plain
        view = app.query_one(ArticleView)
        for page in corpus.pages:
            for a in range(len(page.articles)):
                app.reader.open_article(ArticleRef(page.name, a))
                await pilot.pause()
                shown = screen_text(app)
                assert "\x1b" not in shown and "\x07" not in shown
                if page.name == "markup-brackets.txt":
                    assert "[bold]不是粗体[/bold]" in shown
                if page.name == "terminal-escapes.txt":
                    assert "␛[31m红色" in shown
                if page.name == "big5.txt":
                    assert "吉縣眾志成城" in shown
                assert view.document is not None


async def test_switching_shows_the_text_at_once_and_its_keywords_when_made(corpus, segmenter, tmp_path):
    """Keywords need jieba's part-of-speech tagging: made in a worker, not between the key
    and the article; an article seen before (or the next one, made ahead) has them at once."""
    from reader.tui.widgets.side_panel import KeywordTable

    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, _ready(app))
        first = app.session.current
        table = app.query_one(KeywordTable)
        shown_first = list(app.session.document.keywords)
        assert shown_first and table.row_count == len(shown_first)
        cold = ref(corpus, "002")  # a jump: nothing was made ahead for it
        app.reader.open_article(cold)  # what enter on the list does, without the wait after
        assert app.session.document.segmented  # the words are cut at once
        assert app.session.document.keywords == [] and table.row_count == 0
        await settle(pilot)
        assert app.session.document.keywords and table.row_count == len(app.session.document.keywords)
        app.reader.open_article(first)
        assert app.session.document.keywords == shown_first  # seen before: no wait
        assert table.row_count == len(shown_first)
        following = app.session.step(1)
        await settle(pilot)
        app.reader.open_article(following)  # ] after reading: made ahead
        assert app.session.document.keywords and not app.session.keywords_due
