"""What the article list holds (reader/tui/widgets/corpus_listing.py): the rows for
what is unfolded, the guides that join them, and pages read only when they unfold."""

from __future__ import annotations

from reader.corpus.corpus import load_corpus
from reader.text.articles import ArticleRef
from reader.tui.widgets.corpus_listing import SHELF, Listing, Shelf
from tests.conftest import page_folder

TWO_ARTICLES = "第一篇 标题\n\n3月1日，10名党员到岗。\n\n第二篇 标题\n\n3月2日，20名党员到岗。\n"


def _listing(tmp_path, pages: int, text: str = TWO_ARTICLES) -> Listing:
    folder = page_folder(tmp_path, ((f"p{i:04d}.txt", text) for i in range(pages)))
    listing = Listing(load_corpus(folder))
    listing.start()
    listing.lay_out()
    return listing


def test_a_small_folder_lists_every_article_under_its_page(tmp_path):
    listing = _listing(tmp_path, 2)
    assert [(row.data, row.guides) for row in listing.rows] == [
        ("p0000.txt", ""),
        (ArticleRef("p0000.txt", 0), "├ "),
        (ArticleRef("p0000.txt", 1), "└ "),
        ("p0001.txt", ""),
        (ArticleRef("p0001.txt", 0), "├ "),
        (ArticleRef("p0001.txt", 1), "└ "),
    ]
    assert listing.line_of[ArticleRef("p0001.txt", 1)] == 5


def test_folding_a_page_takes_its_articles_out_and_unfolding_brings_them_back(tmp_path):
    listing = _listing(tmp_path, 2)
    listing.unfolded.discard("p0000.txt")
    listing.lay_out()
    assert [row.data for row in listing.rows][:2] == ["p0000.txt", "p0001.txt"]
    assert listing.unfold("p0000.txt") and not listing.unfold(ArticleRef("p0000.txt", 0))
    listing.lay_out()
    assert len(listing.rows) == 6


def test_an_archive_is_shelved_and_only_an_unfolded_shelf_lists_its_pages(tmp_path):
    listing = _listing(tmp_path, SHELF + 3)
    assert [row.data for row in listing.rows] == [Shelf(0, SHELF), Shelf(SHELF, SHELF + 3)]
    assert not any(page.is_read for page in listing.corpus.pages)  # none read at start
    shelf = listing.shelf_of(f"p{SHELF + 1:04d}.txt")
    assert shelf == Shelf(SHELF, SHELF + 3)
    listing.unfold(shelf)
    listing.unfold(f"p{SHELF + 1:04d}.txt")
    listing.lay_out()
    assert [(row.data, row.guides) for row in listing.rows[1:]] == [
        (shelf, ""),
        (f"p{SHELF:04d}.txt", "├ "),
        (f"p{SHELF + 1:04d}.txt", "├ "),
        (ArticleRef(f"p{SHELF + 1:04d}.txt", 0), "│ ├ "),
        (ArticleRef(f"p{SHELF + 1:04d}.txt", 1), "│ └ "),
        (f"p{SHELF + 2:04d}.txt", "└ "),
    ]
    assert [page.name for page in listing.corpus.pages if page.is_read] == [f"p{SHELF + 1:04d}.txt"]


def test_parent_and_sibling_lines_stay_under_the_same_page(tmp_path):
    listing = _listing(tmp_path, 2)
    second = listing.line_of[ArticleRef("p0000.txt", 1)]
    assert listing.parent_line(second) == listing.line_of["p0000.txt"]
    assert listing.parent_line(listing.line_of["p0001.txt"]) is None  # a page is the top
    assert listing.sibling_line(second, -1) == listing.line_of[ArticleRef("p0000.txt", 0)]
    assert listing.sibling_line(second, 1) is None  # the next page's articles are not siblings
    assert listing.sibling_line(listing.line_of["p0000.txt"], 1) == listing.line_of["p0001.txt"]


def test_a_page_that_cannot_be_read_does_not_unfold(tmp_path):
    folder = page_folder(tmp_path, [("a.txt", TWO_ARTICLES), ("b.txt", "")])
    listing = Listing(load_corpus(folder))
    listing.start()
    listing.lay_out()
    assert "b.txt" not in listing.unfolded and not listing.can_unfold("b.txt")
    assert not listing.unfold("b.txt")
    assert listing.can_unfold("a.txt") and listing.can_unfold(Shelf(0, 1))
