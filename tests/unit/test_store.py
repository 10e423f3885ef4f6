from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.annotation import store as store_module
from reader.annotation.editing import ReadOnly, Session
from reader.annotation.model import Tag
from reader.annotation.store import LOCK_NAME, AnnotationStore, ConcurrentEdit, StoreError, schema_errors
from reader.text.page import load_page

PAGE_TEXT = (
    "党旗所指 一往无前\n\n"
    "4月13日凌晨1时30分,王答乡发现初筛阳性人员。全县174个党员先锋岗严防死守,8200余名党员深入抗疫一线。\n\n"
    "河东片区119246人的核酸检测工作圆满完成。\n"
)


@pytest.fixture()
def page(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = corpus / "p.txt"
    path.write_text(PAGE_TEXT, encoding="utf-8")
    return load_page(path)


@pytest.fixture()
def store(tmp_path: Path) -> AnnotationStore:
    return AnnotationStore(tmp_path / "annotations")


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def test_saved_file_validates_against_the_schema_and_records_the_page(page, store):
    session = Session(store, "tester")
    session.tag(page, "figure", *_span(page.text, "8200余名"), {"value": 8200})
    data = json.loads(store.path_for("p.txt").read_text(encoding="utf-8"))
    assert schema_errors(data) == []
    assert data["page"] == "p.txt"
    assert data["text_length"] == len(PAGE_TEXT)
    assert data["spans"][0]["text"] == "8200余名"
    assert data["spans"][0]["annotator"] == "tester"


def test_schema_rejects_a_bad_span(page, store):
    session = Session(store, "tester")
    session.tag(page, "figure", *_span(page.text, "174个"))
    data = json.loads(store.path_for("p.txt").read_text(encoding="utf-8"))
    data["spans"][0]["label"] = "person"
    assert any("label" in e for e in schema_errors(data))


def test_failed_write_leaves_the_old_file_intact(page, store, monkeypatch):
    session = Session(store, "tester")
    session.tag(page, "figure", *_span(page.text, "174个"))
    before = store.path_for("p.txt").read_bytes()

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        session.tag(page, "figure", *_span(page.text, "8200余名"))
    monkeypatch.undo()
    assert store.path_for("p.txt").read_bytes() == before
    # The failed tag is not kept in memory either, and no temp file is left behind.
    assert [s.text for s in session.annotations(page).spans] == ["174个"]
    assert [p.name for p in store.directory.iterdir() if p.suffix == ".tmp"] == []


@pytest.mark.parametrize(
    "content", [b"{not json", b'{"schema_version": 99, "page": "p.txt"}', b'{"schema_version": 1}']
)
def test_corrupt_file_is_never_overwritten(page, store, content):
    path = store.path_for("p.txt")
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    session = Session(store, "tester")
    loaded = session.open(page)
    assert loaded.read_only and "p.json" in loaded.problem
    with pytest.raises(ReadOnly):
        session.tag(page, "figure", *_span(page.text, "174个"))
    with pytest.raises(StoreError):
        store.save(loaded)
    assert path.read_bytes() == content


def test_undo_and_redo_restore_the_file_exactly(page, store):
    session = Session(store, "tester")
    session.tag(page, "event", *_span(page.text, "4月13日凌晨1时30分,王答乡发现初筛阳性人员"))
    one = store.path_for("p.txt").read_bytes()
    span = session.tag(page, "figure", *_span(page.text, "8200余名"))
    two = store.path_for("p.txt").read_bytes()
    session.update(page, span.id, {"value": 8200, "counted": "党员"}, "note")
    three = store.path_for("p.txt").read_bytes()
    session.undo()
    assert store.path_for("p.txt").read_bytes() == two
    session.undo()
    assert store.path_for("p.txt").read_bytes() == one
    session.redo()
    session.redo()
    assert store.path_for("p.txt").read_bytes() == three


def test_identical_duplicate_is_refused_but_overlap_of_labels_is_fine(page, store):
    session = Session(store, "tester")
    event = _span(page.text, "4月13日凌晨1时30分,王答乡发现初筛阳性人员")
    session.tag(page, "event", *event)
    session.tag(page, "figure", *_span(page.text, "174个"))
    with pytest.raises(ValueError, match="identical"):
        session.tag(page, "event", *event)
    assert len(session.annotations(page).spans) == 2


def _changed_page(tmp_path: Path, new_text: str):
    path = tmp_path / "corpus" / "p.txt"
    path.write_text(new_text, encoding="utf-8")
    return load_page(path)


# How tags are placed on a changed text is tested in tests/unit/test_anchoring.py; here,
# that the store re-anchors on a hash mismatch and writes the result.
def test_a_changed_page_is_reanchored_and_saved_with_its_new_hash_and_orphans(page, store, tmp_path):
    session = Session(store, "tester")
    session.tag(page, "figure", *_span(page.text, "8200余名"))
    session.tag(page, "figure", *_span(page.text, "174个"))
    changed = _changed_page(tmp_path, "(本报记者)" + PAGE_TEXT.replace("8200余名", "8300余名"))
    later = Session(AnnotationStore(store.directory), "tester")
    loaded = later.open(changed)
    assert loaded.changed and loaded.moved == 1
    assert [s.text for s in loaded.annotations.orphans] == ["8200余名"]
    assert any("orphaned" in m for m in loaded.messages)
    # The next save writes the new hash and keeps the orphan in the file.
    later.tag(changed, "figure", *_span(changed.text, "119246人"))
    data = json.loads(store.path_for("p.txt").read_text(encoding="utf-8"))
    assert [s["text"] for s in data["orphans"]] == ["8200余名"]
    assert data["text_sha256"] == changed.sha256


def _writer(directory: str, page_path: str, needle: str, barrier) -> str:
    page = load_page(Path(page_path))
    session = Session(AnnotationStore(Path(directory)), "proc")
    session.open(page)
    barrier.wait()
    start = page.text.index(needle)
    try:
        session.tag(page, "figure", start, start + len(needle))
    except ConcurrentEdit as exc:
        return f"refused: {exc}"
    return "saved"


def test_two_processes_never_overwrite_each_other(page, store):
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(2)
        with ctx.Pool(2) as pool:
            results = pool.starmap(
                _writer,
                [
                    (str(store.directory), str(page.path), "174个", barrier),
                    (str(store.directory), str(page.path), "8200余名", barrier),
                ],
            )
    assert sorted(r.split(":")[0] for r in results) == ["refused", "saved"]
    data = json.loads(store.path_for("p.txt").read_text(encoding="utf-8"))
    assert len(data["spans"]) == 1 and schema_errors(data) == []


def test_span_make_refuses_offsets_outside_the_page(page):
    with pytest.raises(ValueError):
        Tag.make(page.text, "figure", 5, 5000, annotator="t")


def test_store_imports_and_saves_without_fcntl_as_on_windows(tmp_path):
    code = (
        "import sys; sys.modules['fcntl'] = None\n"
        "from pathlib import Path\n"
        "from reader.annotation.editing import Session\n"
        "from reader.annotation.store import AnnotationStore\n"
        "from reader.text.page import load_page\n"
        f"page = load_page(Path({str(tmp_path / 'p.txt')!r}))\n"
        f"Session(AnnotationStore(Path({str(tmp_path / 'ann')!r})), 't').tag(page, 'figure', 0, 3)\n"
    )
    (tmp_path / "p.txt").write_text("174个党员。\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "ann" / "p.json").read_text(encoding="utf-8"))["spans"][0]["text"] == "174"


def test_a_save_waits_for_the_folder_lock_and_gives_up_with_a_message(page, store, monkeypatch):
    import filelock

    session = Session(store, "tester")
    session.tag(page, "figure", *_span(page.text, "174个"))
    before = store.path_for("p.txt").read_bytes()
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT", 0.05)
    with filelock.FileLock(store.directory / LOCK_NAME):  # as another process would hold it
        with pytest.raises(StoreError, match="not saving"):
            session.tag(page, "figure", *_span(page.text, "8200余名"))
    assert store.path_for("p.txt").read_bytes() == before
    session.tag(page, "figure", *_span(page.text, "8200余名"))  # the lock released: saving works
    assert len(json.loads(store.path_for("p.txt").read_text(encoding="utf-8"))["spans"]) == 2
