"""--engine dask gives what --engine local gives, byte for byte (a local cluster)."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT

pytest.importorskip("distributed")


def _run(capfd, *args):
    from reader.cli.main import main

    code = main([*args, "--no-progress"])
    out, err = capfd.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for seed in sorted((ROOT / "seeds").glob("*.txt"))[:3]:
        shutil.copy(seed, pages / seed.name)
    (pages / "zz_broken.txt").write_bytes(bytes(range(256)) * 40)  # no text encoding reads this
    return pages


def test_dask_extract_output_is_byte_identical_to_local_and_a_bad_page_does_not_stop_it(folder, capfd):
    local = _run(capfd, "extract", str(folder), "--jobs", "2")
    dask = _run(capfd, "extract", str(folder), "--jobs", "2", "--engine", "dask")
    assert local[1] and dask[1] == local[1]
    assert dask[0] == local[0] == 1  # the broken page is reported, the others are all there
    assert "zz_broken.txt: skipped" in dask[2]
    sources = {line.split('"source": "')[1].split('"')[0] for line in dask[1].splitlines()}
    assert len(sources) == 3


def test_dask_extract_out_writes_one_jsonl_per_partition_in_page_order(folder, capfd, tmp_path):
    _, local, _ = _run(capfd, "extract", str(folder), "--jobs", "2")
    _run(capfd, "extract", str(folder), "--jobs", "2", "--engine", "dask", "--out", str(tmp_path / "out"))
    parts = sorted((tmp_path / "out").glob("part-*.jsonl"))
    assert len(parts) > 1
    assert "".join(p.read_text(encoding="utf-8") for p in parts) == local


def test_dask_index_holds_the_same_rows_as_a_local_one(folder, capfd, tmp_path):
    from reader.annotation.store import AnnotationStore
    from reader.corpus.corpus import load_corpus
    from reader.corpus.index import CorpusIndex

    for engine, ann in (("local", "a"), ("dask", "b")):
        code, _, err = _run(capfd, "index", str(folder), "--annotations", str(tmp_path / ann),
                            "--engine", engine, "--jobs", "2")  # fmt: skip
        assert code == 0, err
    corpus = load_corpus(folder)
    a, b = (CorpusIndex.open(corpus, tmp_path / n) for n in "ab")
    assert a.refresh(AnnotationStore(tmp_path / "a")) == [] == b.refresh(AnnotationStore(tmp_path / "b"))
    rows = [[(r.when, r.entry and r.entry.text) for r in i.timeline()] for i in (a, b)]
    assert rows[0] == rows[1] and len(rows[0]) > 20
    assert a.figure_totals() == b.figure_totals()
