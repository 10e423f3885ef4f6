"""An archive in the reader: the list is made of shelves of pages, and only what is
looked at is read (a list that held every page would be made and measured whole)."""

from __future__ import annotations

from reader.corpus.corpus import load_corpus
from reader.text.articles import ArticleRef
from reader.tui.app import make_app
from reader.tui.widgets.corpus_listing import SHELF, Shelf
from reader.tui.widgets.corpus_tree import CorpusTree
from tests.conftest import page_folder, screen_text, settle


def _archive(tmp_path, pages: int):
    texts = (f"第{i}篇 防疫报道\n\n3月{i % 28 + 1}日，{i + 10}名党员到岗。\n" for i in range(pages))
    return page_folder(tmp_path, ((f"p{i:05d}.txt", text) for i, text in enumerate(texts)))


async def test_an_archive_opens_on_shelves_and_reads_only_the_page_it_shows(tmp_path, segmenter):
    corpus = load_corpus(_archive(tmp_path, SHELF * 2 + 10))
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path / "ann")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, lambda: app.session.document is not None)
        tree = app.query_one(CorpusTree)
        shelves = [row.data for row in tree.rows if isinstance(row.data, Shelf)]
        assert len(shelves) == 3
        assert tree.label(shelves[2]).plain == f"p{SHELF * 2:05d}.txt … p{SHELF * 2 + 9:05d}.txt  (10 pages)"
        assert tree.is_unfolded(shelves[0]) and not tree.is_unfolded(shelves[1])  # the open article's shelf
        # Only the unfolded shelf's pages are listed, and only the open page was read.
        assert len([row for row in tree.rows if isinstance(row.data, str)]) == SHELF
        assert "├ ▶ p00001.txt" in screen_text(app)
        shown = screen_text(app)
        assert "p00000.txt" in shown and "第0篇 防疫报道" in shown
        await settle(pilot, lambda: app.session.index is not None)
        # The index read every page once, and let go of all but the one on screen.
        assert [p.name for p in corpus.pages if p.is_read] == ["p00000.txt"]


async def test_opening_an_article_on_another_shelf_unfolds_that_shelf(tmp_path, segmenter):
    corpus = load_corpus(_archive(tmp_path, SHELF + 5))
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path / "ann")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, lambda: app.session.document is not None)
        target = ArticleRef(f"p{SHELF + 3:05d}.txt", 0)
        app.reader.open_article(target)
        await settle(pilot)
        tree = app.query_one(CorpusTree)
        assert tree.is_unfolded(Shelf(SHELF, SHELF + 5))
        assert tree.cursor_data == target
        assert f"第{SHELF + 3}篇 防疫报道" in screen_text(app)
        # Back across the shelf boundary with the previous-article key.
        app.reader.view.focus()
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.session.current == ArticleRef(f"p{SHELF + 2:05d}.txt", 0)
        assert tree.cursor_data == app.session.current


async def test_a_page_not_read_yet_shows_why_it_cannot_be_read_once_indexed(tmp_path, segmenter):
    folder = _archive(tmp_path, 120)  # more than the reader reads at start
    (folder / "p00003.txt").write_bytes(b"")
    corpus = load_corpus(folder)
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path / "ann")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, lambda: app.session.index is not None)
        await settle(pilot)
        # The reader never read it: the index's refresh did, and told the list.
        assert "p00003.txt  ✗ empty file" in screen_text(app)


async def test_counts_of_a_page_come_from_the_index_when_its_articles_are_listed(tmp_path, segmenter):
    corpus = load_corpus(_archive(tmp_path, SHELF + 5))
    app = make_app(corpus, segmenter=segmenter, annotations=tmp_path / "ann")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, lambda: app.session.index is not None)
        await settle(pilot)
        tree = app.query_one(CorpusTree)
        far = ArticleRef(f"p{SHELF + 3:05d}.txt", 0)
        assert far not in tree.counts  # not listed: not held
        expected = app.session.index.counts_of([far.page])[far]
        assert expected.suggestions  # the extractor finds the date and the figure
        app.reader.open_article(far)
        await settle(pilot)
        assert tree.counts[far].suggestions == expected.suggestions
        assert f"◌{expected.suggestions}" in tree.label(far).plain
        assert len(tree.counts) <= SHELF  # the pages listed, not the archive
