"""The corpus index file: refreshed page by page, never trusted when foreign or damaged."""

from __future__ import annotations

import os
import sqlite3

import pytest

from reader.annotation.model import PageAnnotations
from reader.annotation.store import AnnotationStore
from reader.corpus.corpus import load_corpus
from reader.corpus.index import CorpusIndex
from reader.corpus.index_file import INDEX_NAME
from tests.conftest import ROOT

SEED = (ROOT / "seeds" / "000_1b80620b9e734545.txt").read_text(encoding="utf-8")


def _folder(tmp_path, pages=3):
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(pages):
        text = f"第{i}篇\n\n3月{i + 1}日，{i + 10}名党员到岗。\n"
        (folder / f"p{i}.txt").write_text(text, encoding="utf-8")
    ann = tmp_path / "ann"
    ann.mkdir()
    return folder, ann


def _build(folder, ann):
    corpus = load_corpus(folder)
    index = CorpusIndex.open(corpus, ann)
    return index, index.refresh(AnnotationStore(ann))


def test_the_index_lives_in_the_annotations_folder_and_a_second_open_reads_nothing(tmp_path):
    folder, ann = _folder(tmp_path)
    index, first = _build(folder, ann)
    assert sorted(first) == ["p0.txt", "p1.txt", "p2.txt"]
    assert (ann / INDEX_NAME).is_file()
    index.db.close()
    index, second = _build(folder, ann)
    assert second == []
    assert len(index.timeline_ids()) == 3  # the stored rows answer without re-reading


def test_a_changed_page_is_reindexed_and_an_unchanged_one_is_not(tmp_path):
    folder, ann = _folder(tmp_path)
    _build(folder, ann)[0].db.close()
    (folder / "p1.txt").write_text("第1篇\n\n4月9日，99名党员到岗。\n", encoding="utf-8")
    os.utime(folder / "p2.txt")  # a new time, the same text: touched, not read again
    index, again = _build(folder, ann)
    assert again == ["p1.txt"]
    whens = [index.entries_by_id([i])[i][1] for i in index.timeline_ids()]
    assert "--04-09" in whens and "--03-02" not in whens


def test_a_new_page_is_added_and_a_removed_one_leaves_the_index(tmp_path):
    folder, ann = _folder(tmp_path)
    _build(folder, ann)[0].db.close()
    (folder / "p0.txt").unlink()
    (folder / "p9.txt").write_text("新篇\n\n5月5日，开会。\n", encoding="utf-8")
    index, again = _build(folder, ann)
    assert again == ["p9.txt"]
    assert sorted(index.stats) == ["p1.txt", "p2.txt", "p9.txt"]


def test_an_edited_annotation_file_reindexes_its_page(tmp_path):
    folder, ann = _folder(tmp_path)
    index, _ = _build(folder, ann)
    corpus = index.corpus
    page = corpus.pages[0]
    store = AnnotationStore(ann)
    loaded = store.load(page)
    found = [s for s in index.all_entries() if s.ref.page == page.name and s.label == "figure"]
    assert found and found[0].origin == "suggested"
    loaded.annotations.rejected.append(_rejection(found[0]))
    store.save(loaded)
    index.add_page(page, loaded.annotations)  # what the reader does right after a save
    assert not [e for e in index.figures() if e.ref.page == page.name]
    index.db.close()
    _, again = _build(folder, ann)
    assert again == []  # the save and the index agree: nothing left to refresh


def _rejection(span):
    from reader.annotation.model import Rejection

    return Rejection(label=span.label, start=span.start, end=span.end, text=span.text, by="t")


def test_a_corrupt_index_file_is_moved_aside_and_rebuilt(tmp_path):
    folder, ann = _folder(tmp_path)
    (ann / INDEX_NAME).write_bytes(b"not a database at all" * 100)
    index, built = _build(folder, ann)
    assert index.db.moved_aside is not None
    aside = index.db.moved_aside[0]
    assert aside.exists() and aside.name.startswith(INDEX_NAME + ".broken-")
    assert len(built) == 3


def test_a_foreign_sqlite_file_or_an_old_schema_is_not_trusted(tmp_path):
    folder, ann = _folder(tmp_path)
    conn = sqlite3.connect(ann / INDEX_NAME)
    conn.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('application', 'epireader-index'), ('schema', '0')")
    conn.commit()
    conn.close()
    index, built = _build(folder, ann)
    assert index.db.moved_aside is not None and "schema 0" in index.db.moved_aside[1]
    assert len(built) == 3


def test_search_finds_two_character_and_longer_queries_in_traditional_text(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text("標題\n\n督導檢查黨員先鋒崗，黨員到岗。\n", encoding="utf-8")
    (folder / "b.txt").write_text("标题\n\n没有那个词。\n", encoding="utf-8")
    index = CorpusIndex.build(load_corpus(folder), AnnotationStore(tmp_path / "none"))
    hits, total = index.search("党员")  # two characters: the trigram index cannot, instr does
    assert total == 2 and {h.ref.page for h in hits} == {"a.txt"}
    hits, total = index.search("督导检查")
    assert total == 1 and "[督导检查]党员" in hits[0].context
    assert index.search("没有那")[1] == 1 and index.search("不存在的词")[1] == 0
    # The first hits without the total, which search_count gives; titles from the index.
    hits, total = index.search("党员", limit=1, count=False)
    assert total is None and len(hits) == 1 and hits[0].title == "標題"
    assert index.search_count("党员") == 2 and index.search_count("[]") == 0


def test_search_lists_the_first_hits_in_page_order_and_counts_them_all(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(12):  # written out of order: the hits still come in page-name order
        n = (i * 5) % 12
        (folder / f"p{n:02d}.txt").write_text(f"第{n}篇\n\n党员党员，党员。哈哈哈\n", encoding="utf-8")
    index = CorpusIndex.build(load_corpus(folder), AnnotationStore(tmp_path / "none"))
    hits, _ = index.search("党员", limit=7, count=False)
    assert [h.ref.page for h in hits] == ["p00.txt"] * 3 + ["p01.txt"] * 3 + ["p02.txt"]
    starts = [h.view_start for h in hits[:3]]
    assert [b - starts[0] for b in starts] == [0, 2, 5] and all("[党员]" in h.context for h in hits)
    assert index.search_count("党员") == 36
    assert index.search_count("哈哈") == 12  # not overlapping, as the hits are listed
    assert len(index.search("党员党员", limit=500)[0]) == index.search_count("党员党员") == 12


def test_next_day_and_lunar_dates_resolve_and_a_part_of_day_stays_with_its_time(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    text = (
        "标题\n\n2020年3月7日，张三值班一整夜。\n\n次日上午8时才下班。\n\n"
        "2020年大年三十，大家坚守岗位。\n\n正月初二，继续值守。\n"
    )
    (folder / "a.txt").write_text(text, encoding="utf-8")
    index = CorpusIndex.build(load_corpus(folder), AnnotationStore(tmp_path / "none"))
    rows = {r.entry.text[:4]: r for r in index.timeline() if r.entry}
    assert rows["次日上午"].when == "2020-03-08 上午 08:00" and rows["次日上午"].inferred
    assert rows["次日上午"].entry.date == "2020-03-08"
    first = next(r for r in index.timeline() if r.entry and "3月7日" in r.entry.text)
    assert first.when == "2020-03-07" and first.entry.date == "2020-03-07"
    lunar = next(r for r in index.timeline() if r.entry and "大年三十" in r.entry.text)
    assert lunar.entry.date == "2020-01-24" and lunar.when.startswith("2020-01-24")
    second = next(r for r in index.timeline() if r.entry and "正月初二" in r.entry.text)
    assert second.entry.date == "2020-01-26"  # its year from the article, converted
    assert "上午" not in first.when  # 上午 belongs to the next event, not this one


def test_a_figure_takes_the_date_of_its_event(tmp_path):
    folder, ann = _folder(tmp_path, pages=1)
    index, _ = _build(folder, ann)
    (figure,) = [e for e in index.figures() if e.text.startswith("10")]
    assert figure.date == "--03-01"  # no year on the page: kept apart from dated series
    assert index.figure_series(figure.attrs.get("counted") or "—", figure.attrs.get("unit") or "") == []


def test_document_frequencies_count_every_article(tmp_path, segmenter):
    from reader.corpus.keywords import KeywordModel
    from reader.corpus.records import page_record

    folder, _ = _folder(tmp_path, pages=4)
    corpus = load_corpus(folder)
    index = CorpusIndex(corpus)
    assert index.document_frequencies() is None
    for page in corpus.pages:
        index.db.write(page_record(page, PageAnnotations(page.name, page.sha256, len(page.text)),
                                   (0, 0, -1, -1), segmenter=segmenter))  # fmt: skip
    documents, df = index.document_frequencies()
    assert documents == 4 and df["党员"] == 4
    model = KeywordModel.from_frequencies(segmenter, documents, df)
    assert model.corpus_factor("党员") < model.corpus_factor("从未出现")


def test_the_index_command_reads_only_changed_pages_and_says_so(tmp_path, capfd):
    from reader.cli.main import main

    folder, ann = _folder(tmp_path)
    assert main(["index", str(folder), "--annotations", str(ann), "--jobs", "1"]) == 0
    assert "3 page(s) indexed, 0 unchanged" in capfd.readouterr().err
    (folder / "p2.txt").write_text("第2篇\n\n6月1日，开会。\n", encoding="utf-8")
    assert main(["index", str(folder), "--annotations", str(ann), "--jobs", "2"]) == 0
    err = capfd.readouterr().err
    assert "1 page(s) indexed, 2 unchanged, 0 removed" in err
    assert "\x1b[" not in err  # no progress bar into a pipe


def test_a_page_name_that_is_not_utf8_is_indexed_and_read_back_as_the_same_name(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    name = "caf\udcff.txt"  # the byte 0xff, as os.listdir gives it
    (folder / name).write_text("第1篇\n\n3月1日，10名党员到岗。\n", encoding="utf-8")
    ann = tmp_path / "ann"
    ann.mkdir()
    _, names = _build(folder, ann)
    assert names == [name]
    reopened = CorpusIndex.open(load_corpus(folder), ann)  # read back from the file
    assert set(reopened.stats) == {name} and reopened.stats[name].articles == 1
    assert {e.ref.page for e in reopened.figures()} == {name}
    assert reopened.stale(AnnotationStore(ann)) == ([], [])  # known by its name: nothing to redo


def test_damage_inside_an_index_is_found_by_the_background_check_and_rebuilt(tmp_path):
    folder, ann = _folder(tmp_path, pages=40)
    index, _ = _build(folder, ann)
    index.db.close()
    path = ann / INDEX_NAME
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    last = len(data) // page_size - 1  # a page of the last table written, not the header's
    data[last * page_size + 8 : (last + 1) * page_size] = b"\xa5" * (page_size - 8)
    path.write_bytes(bytes(data))
    quick = CorpusIndex.open(load_corpus(folder), ann, verify=False)
    assert quick.db.moved_aside is None  # the header is sound: the views may start on it
    assert quick.db.verify() is False
    assert quick.db.moved_aside is not None and quick.db.moved_aside[1] != ""
    assert quick.empty  # an empty file in its place, which the refresh fills
    assert len(quick.refresh(AnnotationStore(ann)) or []) == 40


def test_figure_ids_in_page_order_are_read_by_windows_and_agree_with_the_whole_query(tmp_path, monkeypatch):
    from reader.corpus.queries import IdWindow

    folder, ann = _folder(tmp_path, pages=30)
    index, _ = _build(folder, ann)
    whole = list(index.figure_ids("", "value"))  # sorted by a column: read whole
    window = index.figure_ids()
    assert isinstance(window, IdWindow)
    monkeypatch.setattr(IdWindow, "WINDOW", 7)
    expected = [
        r[0] for r in index.db.query("SELECT id FROM entries WHERE label='figure' ORDER BY page, start")
    ]
    assert len(window) == len(expected) == index.figure_count() and sorted(whole) == sorted(expected)
    assert list(window) == expected
    assert window[3:19] == expected[3:19] and window[-1] == expected[-1] and window[5] == expected[5]
    assert [window[i] for i in range(len(window))] == expected  # one at a time, across windows
    with pytest.raises(IndexError):
        window[len(expected)]


def test_a_record_sent_to_a_worker_process_takes_its_article_texts_along(tmp_path):
    import pickle

    from reader.corpus.records import page_record

    folder, _ = _folder(tmp_path, pages=1)
    (page,) = load_corpus(folder).pages
    record = page_record(page, PageAnnotations(page.name, page.sha256, len(page.text)), (0, 0, -1, -1))
    views = [page.view(a).text for a in page.articles]
    assert [a.text for a in record.articles] == views  # made from the page when asked
    copy = pickle.loads(pickle.dumps(record))
    assert [a.page for a in copy.articles] == [None] * len(views)  # the page itself stays here
    assert [a.text for a in copy.articles] == views


def test_a_record_made_in_a_worker_holds_its_texts_not_its_page(tmp_path):
    from reader.corpus.records import record_of_item

    folder, ann = _folder(tmp_path, pages=1)
    (page,) = load_corpus(folder).pages
    record = record_of_item((str(folder), page.name, str(ann), False))
    assert record.problem is None and record.articles
    assert [(a.page, a.article) for a in record.articles] == [(None, None)] * len(record.articles)
    assert [a.text for a in record.articles] == [page.view(a).text for a in page.articles]


def test_the_views_show_a_traditional_hit_as_the_page_writes_it(tmp_path):
    """The index matches simplified (确诊 finds 確診); the search row shows the page's own
    characters, glosses and line breaks left out."""
    from reader.session.views import CorpusViews

    folder = tmp_path / "pages"
    folder.mkdir()
    text = "標題\n\n另確診(zhěn)個案中\n無新增死亡。\n"
    (folder / "a.txt").write_text(text, encoding="utf-8")
    index = CorpusIndex.build(load_corpus(folder), AnnotationStore(tmp_path / "none"))
    [hit], _ = CorpusViews(index).search("确诊个案")
    assert hit.context == "標題另[確診個案]中無新增死亡。"
