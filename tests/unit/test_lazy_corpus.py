"""An archive opens by its names: pages are read when asked for, and let go after batch passes."""

from __future__ import annotations

from reader.annotation.store import AnnotationStore
from reader.corpus.corpus import load_corpus
from reader.corpus.index import CorpusIndex
from reader.session.reading import ReadingSession
from reader.text.articles import ArticleRef
from tests.conftest import page_folder


def _archive(tmp_path, pages: int = 6):
    text = "第{i}篇\n\n3月{d}日，{n}名党员到岗。\n\n第{i}篇之二\n\n{h}户居民捐款。\n"
    return page_folder(
        tmp_path, ((f"p{i}.txt", text.format(i=i, d=i + 1, n=i + 10, h=i + 3)) for i in range(pages))
    )


def test_listing_a_folder_reads_no_page(tmp_path):
    corpus = load_corpus(_archive(tmp_path))
    assert len(corpus.pages) == 6 and not any(p.is_read for p in corpus.pages)


def test_opening_the_first_article_reads_only_its_page(tmp_path):
    corpus = load_corpus(_archive(tmp_path))
    session = ReadingSession(corpus, tmp_path / "ann", "tester")
    first = session.first_ref()
    session.open(first)
    assert [p.name for p in corpus.pages if p.is_read] == ["p0.txt"]
    assert "3月1日" in session.page.text


def test_next_article_reads_only_the_page_it_moves_to_and_skips_unreadable_ones(tmp_path):
    folder = _archive(tmp_path, pages=4)
    (folder / "p1.txt").write_bytes(b"")  # empty: no article to move to
    corpus = load_corpus(folder)
    assert corpus.step(ArticleRef("p0.txt", 0), 1) == ArticleRef("p0.txt", 1)
    assert [p.name for p in corpus.pages if p.is_read] == ["p0.txt"]
    assert corpus.step(ArticleRef("p0.txt", 1), 1) == ArticleRef("p2.txt", 0)
    assert {p.name for p in corpus.pages if p.is_read} == {"p0.txt", "p1.txt", "p2.txt"}
    # Backwards from the first article wraps round to the last article of the last page.
    assert corpus.step(ArticleRef("p0.txt", 0), -1) == ArticleRef("p3.txt", 1)


def test_indexing_lets_go_of_the_pages_it_read_but_not_of_the_open_one(tmp_path):
    folder = _archive(tmp_path)
    corpus = load_corpus(folder)
    open_page = corpus.page("p2.txt")
    assert open_page.articles  # the reader has it open
    index = CorpusIndex.open(corpus, tmp_path / "ann")
    assert len(index.refresh(AnnotationStore(tmp_path / "ann")) or []) == 6
    assert [p.name for p in corpus.pages if p.is_read] == ["p2.txt"]
    # What the index holds is what the pages say, though they are no longer in memory.
    assert len(index.counts) == 12


def test_a_fresh_copy_reads_the_file_as_it_is_now_and_leaves_the_page_as_it_was(tmp_path):
    folder = _archive(tmp_path, pages=1)
    page = load_corpus(folder).pages[0]
    before = page.sha256
    (folder / "p0.txt").write_text("另一篇\n\n5人。\n", encoding="utf-8")
    copy = page.fresh()
    assert copy.text.startswith("另一篇") and copy.sha256 != before
    assert page.sha256 == before and "10名" in page.text


def test_a_page_found_unreadable_when_listed_is_never_opened_again(tmp_path):
    import os

    folder = _archive(tmp_path, pages=1)
    os.mkfifo(folder / "q.txt")  # opening it to read would block for ever
    corpus = load_corpus(folder)
    fifo = corpus.page("q.txt")
    assert fifo.fresh() is fifo and fifo.problem == "not a regular file"
    index = CorpusIndex.open(corpus, tmp_path / "ann")
    assert sorted(index.refresh(AnnotationStore(tmp_path / "ann")) or []) == ["p0.txt", "q.txt"]
    assert index.page_problems() == {"q.txt": "not a regular file"}


def test_keyword_frequencies_count_every_article_and_survive_an_edit(tmp_path, segmenter):
    (tmp_path / "ann").mkdir()
    corpus = load_corpus(_archive(tmp_path))
    session = ReadingSession(corpus, tmp_path / "ann", "tester")
    session.index = CorpusIndex.open(corpus, tmp_path / "ann")
    session.index.refresh(AnnotationStore(tmp_path / "ann"))
    from reader.session.jobs import Jobs, KeywordsWeighted, collect

    seen, report = collect()
    Jobs(session).weigh_keywords(segmenter, report, lambda: False)
    [model] = [r.model for r in seen if isinstance(r, KeywordsWeighted)]
    assert model is not None and model.documents == 12  # two articles a page, all of them
    assert model.df["党员"] == 6 and model.df["居民"] == 6
    assert not any(p.is_read for p in corpus.pages)  # segmented page by page, then let go
    assert session.index.words_missing() == []
    # A tag re-indexes its page without segmenting it: its words are kept.
    session.open(session.first_ref())
    start = session.page.text.index("10名")
    assert session.edits.tag("figure", start, start + 3).ok
    session.index.add_page(session.page, session.page_annotations())
    assert session.index.words_missing() == []
    assert session.index.document_frequencies() == (12, dict(model.df))
    # A page whose text changed loses its words (they are counted again), the others keep theirs.
    (tmp_path / "pages" / "p5.txt").write_text("新的一篇\n\n9名医生。\n", encoding="utf-8")
    session.index.refresh(AnnotationStore(tmp_path / "ann"))
    assert session.index.words_missing() == ["p5.txt"]
    documents, df = session.index.document_frequencies()
    assert documents == 10 and df["党员"] == 5


def test_the_refresh_finds_nothing_to_redo_with_annotation_files_in_sub_folders(tmp_path):
    folder = _archive(tmp_path, pages=2)
    (folder / "sub").mkdir()
    (folder / "sub" / "q.txt").write_text("第9篇\n\n3月9日，9名党员到岗。\n", encoding="utf-8")
    ann = tmp_path / "ann"
    corpus = load_corpus(folder)
    session = ReadingSession(corpus, ann, "tester")
    session.open(ArticleRef("sub/q.txt", 0))
    start = session.page.text.index("9名")
    assert session.edits.tag("figure", start, start + 2).ok
    assert (ann / "sub" / "q.json").exists()
    index = CorpusIndex.open(corpus, ann)
    assert len(index.refresh(AnnotationStore(ann)) or []) == 3
    assert index.stale(AnnotationStore(ann)) == ([], [])
    # The annotation file changes: that page, and only it, is stale.
    (ann / "sub" / "q.json").write_bytes((ann / "sub" / "q.json").read_bytes() + b" ")
    todo, gone = index.stale(AnnotationStore(ann))
    assert [p.name for p in todo] == ["sub/q.txt"] and gone == []


def test_a_page_changed_on_disk_while_read_is_reindexed_from_the_file(tmp_path):
    folder = _archive(tmp_path, pages=2)
    corpus = load_corpus(folder)
    shown = corpus.page("p0.txt")
    assert "10名" in shown.text  # the reader has it open
    ann = tmp_path / "ann"
    index = CorpusIndex.open(corpus, ann)
    index.refresh(AnnotationStore(ann))
    path = folder / "p0.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("10名", "90名"), encoding="utf-8")  # same size
    todo, _ = index.stale(AnnotationStore(ann))
    assert [p.name for p in todo] == ["p0.txt"]  # not mistaken for a touch by the text held in memory
    index.refresh(AnnotationStore(ann))
    assert any("90名" in e.text for e in index.figures() if e.ref.page == "p0.txt")
    assert "10名" in shown.text  # what the screen shows is not changed under it


def test_the_index_command_in_worker_processes_skips_a_fifo_page(tmp_path):
    import os
    import subprocess
    import sys

    folder = _archive(tmp_path, pages=2)
    os.mkfifo(folder / "q.txt")
    proc = subprocess.run(
        [sys.executable, "-m", "reader.cli", "index", str(folder), "--annotations", str(tmp_path / "ann"),
         "--jobs", "2", "--no-keywords", "--no-progress"],
        capture_output=True, text=True, timeout=120,  # a worker that opens the FIFO would wait for ever
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    index = CorpusIndex.open(load_corpus(folder), tmp_path / "ann")
    assert index.page_problems() == {"q.txt": "not a regular file"}
