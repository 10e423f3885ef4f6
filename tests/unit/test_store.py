from __future__ import annotations

import json
import multiprocessing
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reader.annotation import store as store_module
from reader.annotation.editing import Editor, ReadOnly
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
    session = Editor(store, "tester")
    session.tag(page, "figure", *_span(page.text, "8200余名"), {"value": 8200})
    data = json.loads(store.path_for("p.txt").read_text(encoding="utf-8"))
    assert schema_errors(data) == []
    assert data["page"] == "p.txt"
    assert data["text_length"] == len(PAGE_TEXT)
    assert data["spans"][0]["text"] == "8200余名"
    assert data["spans"][0]["annotator"] == "tester"


def test_schema_rejects_a_bad_span(page, store):
    session = Editor(store, "tester")
    session.tag(page, "figure", *_span(page.text, "174个"))
    data = json.loads(store.path_for("p.txt").read_text(encoding="utf-8"))
    data["spans"][0]["label"] = "person"
    assert any("label" in e for e in schema_errors(data))


def test_failed_write_leaves_the_old_file_intact(page, store, monkeypatch):
    session = Editor(store, "tester")
    session.tag(page, "figure", *_span(page.text, "174个"))
    before = store.path_for("p.txt").read_bytes()

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(StoreError, match=r"cannot write .*p\.json: disk full"):  # one line, never a traceback
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
    session = Editor(store, "tester")
    loaded = session.open(page)
    assert loaded.read_only and "p.json" in loaded.problem
    with pytest.raises(ReadOnly):
        session.tag(page, "figure", *_span(page.text, "174个"))
    with pytest.raises(StoreError):
        store.save(loaded)
    assert path.read_bytes() == content


def test_undo_and_redo_restore_the_file_exactly(page, store):
    session = Editor(store, "tester")
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
    session = Editor(store, "tester")
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
    session = Editor(store, "tester")
    session.tag(page, "figure", *_span(page.text, "8200余名"))
    session.tag(page, "figure", *_span(page.text, "174个"))
    changed = _changed_page(tmp_path, "(本报记者)" + PAGE_TEXT.replace("8200余名", "8300余名"))
    later = Editor(AnnotationStore(store.directory), "tester")
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
    session = Editor(AnnotationStore(Path(directory)), "proc")
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
        "from reader.annotation.editing import Editor\n"
        "from reader.annotation.store import AnnotationStore\n"
        "from reader.text.page import load_page\n"
        f"page = load_page(Path({str(tmp_path / 'p.txt')!r}))\n"
        f"Editor(AnnotationStore(Path({str(tmp_path / 'ann')!r})), 't').tag(page, 'figure', 0, 3)\n"
    )
    (tmp_path / "p.txt").write_text("174个党员。\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "ann" / "p.json").read_text(encoding="utf-8"))["spans"][0]["text"] == "174"


def test_a_save_waits_for_the_folder_lock_and_gives_up_with_a_message(page, store, monkeypatch):
    import filelock

    session = Editor(store, "tester")
    session.tag(page, "figure", *_span(page.text, "174个"))
    before = store.path_for("p.txt").read_bytes()
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT", 0.05)
    with filelock.FileLock(store.directory / LOCK_NAME):  # as another process would hold it
        with pytest.raises(StoreError, match="not saving"):
            session.tag(page, "figure", *_span(page.text, "8200余名"))
    assert store.path_for("p.txt").read_bytes() == before
    session.tag(page, "figure", *_span(page.text, "8200余名"))  # the lock released: saving works
    assert len(json.loads(store.path_for("p.txt").read_text(encoding="utf-8"))["spans"]) == 2


# --- files that must not be used: read-only with a reason, never written over ----------


def _saved_data(page, store) -> dict:
    Editor(store, "tester").tag(page, "figure", *_span(page.text, "174个"))
    return json.loads(store.path_for("p.txt").read_text(encoding="utf-8"))


def _assert_refused_and_kept(page, store, content: bytes, reason: str) -> None:
    path = store.path_for("p.txt")
    path.write_bytes(content)
    session = Editor(AnnotationStore(store.directory), "tester")
    loaded = session.open(page)
    assert loaded.read_only
    assert loaded.problem.startswith("p.json: ") and "\n" not in loaded.problem
    assert reason in loaded.problem
    with pytest.raises(ReadOnly):
        session.tag(page, "figure", *_span(page.text, "8200余名"))
    with pytest.raises(StoreError):
        session.store.save(loaded)
    assert path.read_bytes() == content


@pytest.mark.parametrize(
    ("where", "value", "reason"),
    [
        (("spans", 0, "end"), 1e308, "spans/0/end: 1e+308 is not a whole number"),
        (("spans", 0, "start"), 2.0, "spans/0/start: 2.0 is not a whole number"),
        (("spans", 0, "start"), 10**6, "spans/0: start 1000000 is not before end"),
        (("text_length",), 91.0, "text_length: 91.0 is not a whole number"),
    ],
    ids=["end-1e308", "start-float", "start-after-end", "text-length-float"],
)
def test_a_file_with_offsets_that_are_not_whole_numbers_in_order_is_read_only(
    page, store, where, value, reason
):
    data = _saved_data(page, store)
    target = data
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    assert schema_errors(data) == []  # what the schema alone lets through
    _assert_refused_and_kept(page, store, json.dumps(data).encode(), reason)


def test_a_file_nested_too_deeply_is_read_only_and_never_overwritten(page, store):
    store.directory.mkdir(parents=True)
    _assert_refused_and_kept(page, store, b'{"spans":' + b"[" * 100_000, "nested too deeply")


def test_brackets_inside_strings_and_moderate_nesting_load_normally(page, store):
    data = _saved_data(page, store)
    deep: dict = {"value": 174}
    for _ in range(10):
        deep = {"inner": [deep]}
    data["spans"][0]["attrs"] = deep
    data["spans"][0]["note"] = '[{"' + "[" * 1000 + '\\"' + "{" * 1000
    store.path_for("p.txt").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    loaded = AnnotationStore(store.directory).load(page)
    assert loaded.problem is None
    assert loaded.annotations.spans[0].note.count("[") == 1001


def test_a_tag_with_offsets_past_the_end_of_the_page_is_reanchored_not_refused(page, store):
    data = _saved_data(page, store)
    data["spans"][0]["start"], data["spans"][0]["end"] = 10**6, 10**6 + 4
    store.path_for("p.txt").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    loaded = AnnotationStore(store.directory).load(page)
    assert not loaded.read_only and loaded.moved == 1
    (span,) = loaded.annotations.spans
    assert page.text[span.start : span.end] == "174个"


# --- what a save does to the file itself ------------------------------------------------


@pytest.fixture()
def umask():
    """Set a umask for one test and put the old one back."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
@pytest.mark.parametrize(
    ("mask", "expected"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)], ids=["022", "027", "002"]
)
def test_a_new_file_gets_the_permissions_the_umask_allows(page, store, umask, mask, expected):
    umask(mask)
    Editor(store, "tester").tag(page, "figure", *_span(page.text, "174个"))
    assert stat.S_IMODE(store.path_for("p.txt").stat().st_mode) == expected


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_a_save_keeps_the_permissions_of_the_existing_file(page, store, umask):
    umask(0o077)
    session = Editor(store, "tester")
    session.tag(page, "figure", *_span(page.text, "174个"))
    path = store.path_for("p.txt")
    path.chmod(0o664)
    inode = path.stat().st_ino
    session.tag(page, "figure", *_span(page.text, "8200余名"))
    assert path.stat().st_ino != inode  # a new file was renamed into place
    assert stat.S_IMODE(path.stat().st_mode) == 0o664


def test_deleting_the_last_tag_removes_the_file_and_a_new_tag_recreates_it(page, store, tmp_path):
    from reader.corpus.check import check
    from reader.corpus.corpus import load_corpus

    session = Editor(store, "tester")
    path = store.path_for("p.txt")
    span = session.tag(page, "figure", *_span(page.text, "174个"))
    first = path.read_bytes()
    session.delete(page, span.id)
    assert not path.exists()
    assert sorted(p.name for p in store.directory.iterdir()) in ([], [LOCK_NAME])
    assert check(store.directory, load_corpus(tmp_path / "corpus")) == []  # `epireader check` is clean
    session.undo()
    assert path.read_bytes() == first
    session.undo()  # the tag itself undone: the page is empty again
    assert not path.exists()
    later = Editor(AnnotationStore(store.directory), "tester")
    assert later.open(page).problem is None and later.annotations(page).spans == []
    later.tag(page, "figure", *_span(page.text, "8200余名"))
    assert [s["text"] for s in json.loads(path.read_text(encoding="utf-8"))["spans"]] == ["8200余名"]


def test_a_page_that_keeps_a_rejection_or_a_reviewed_mark_keeps_its_file(page, store):
    from reader.text.spans import Span

    session = Editor(store, "tester")
    span = session.tag(page, "figure", *_span(page.text, "174个"))
    session.reject(page, Span("figure", *_span(page.text, "8200余名"), "8200余名"))
    session.delete(page, span.id)
    data = json.loads(store.path_for("p.txt").read_text(encoding="utf-8"))
    assert data["spans"] == [] and [r["text"] for r in data["rejected"]] == ["8200余名"]


def test_removing_an_emptied_file_is_refused_when_someone_else_changed_it(page, store):
    session = Editor(store, "tester")
    span = session.tag(page, "figure", *_span(page.text, "174个"))
    other = Editor(AnnotationStore(store.directory), "other")
    other.tag(page, "figure", *_span(page.text, "8200余名"))
    theirs = store.path_for("p.txt").read_bytes()
    with pytest.raises(ConcurrentEdit):
        session.delete(page, span.id)
    assert store.path_for("p.txt").read_bytes() == theirs
    assert [s.text for s in session.annotations(page).spans] == ["174个"]  # rolled back in memory


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_save_never_writes_through_or_replaces_a_symbolic_link(page, store, tmp_path):
    content = json.dumps(_saved_data(page, store), ensure_ascii=False).encode("utf-8")
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(content)
    path = store.path_for("p.txt")
    path.unlink()
    path.symlink_to(elsewhere)
    session = Editor(AnnotationStore(store.directory), "tester")
    assert [s.text for s in session.annotations(page).spans] == ["174个"]  # reading through it is fine
    with pytest.raises(StoreError, match="symbolic link"):
        session.tag(page, "figure", *_span(page.text, "8200余名"))
    assert path.is_symlink() and elsewhere.read_bytes() == content
    assert [s.text for s in session.annotations(page).spans] == ["174个"]


def test_a_page_whose_name_is_not_utf8_can_be_tagged_and_its_file_stays_utf8(tmp_path):
    import json

    from reader.corpus.corpus import load_corpus
    from reader.session.reading import ReadingSession

    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "caf\udcff.txt").write_text("第1篇\n\n3月1日，10名党员到岗。\n", encoding="utf-8")
    session = ReadingSession(load_corpus(tmp_path / "p"), tmp_path / "ann", "t")
    session.open(session.first_ref())
    start = session.page.text.index("10名")
    assert session.edits.tag("figure", start, start + 3).ok
    raw = session.editor.store.path_for("caf\udcff.txt").read_bytes()
    assert json.loads(raw.decode("utf-8"))["page"] == "caf\udcff.txt"  # strict UTF-8, same name back
    again = ReadingSession(load_corpus(tmp_path / "p"), tmp_path / "ann", "t")
    again.open(again.first_ref())
    assert [t.text for t in again.tags()] == ["10名"]


def test_a_key_given_twice_counts_once_with_its_last_value_as_json_reads_it(page, store):
    data = _saved_data(page, store)
    raw = json.dumps(data)
    first_spans = json.dumps({"spans": [dict(data["spans"][0], id="dropped")]})[1:-1]
    store.path_for(page.name).write_text("{" + first_spans + ", " + raw[1:], encoding="utf-8")
    loaded = store.load(page)
    assert loaded.problem is None
    assert [s.id for s in loaded.annotations.spans] == [s["id"] for s in data["spans"]]


def _read_the_same(full, batch) -> None:
    def fields(spans):
        return [(s.label, s.start, s.end, s.text, s.attrs, s.annotator) for s in spans]

    assert batch.read_only and not full.read_only
    assert fields(batch.annotations.spans) == fields(full.annotations.spans)
    assert fields(batch.annotations.orphans) == fields(full.annotations.orphans)
    assert batch.annotations.reviewed == full.annotations.reviewed


def test_a_batch_load_reads_the_spans_a_full_load_reads_and_can_never_be_saved(page, store):
    session = Editor(store, "tester")
    session.tag(page, "figure", *_span(page.text, "8200余名"))
    session.tag(page, "event", *_span(page.text, "4月13日凌晨1时30分"))
    before = store.path_for("p.txt").read_bytes()
    loaded = store.load(page, batch=True)
    _read_the_same(store.load(page), loaded)
    assert [s.annotator for s in loaded.annotations.spans] == ["tester", "tester"]
    with pytest.raises(StoreError, match="batch"):
        store.save(loaded)
    assert store.path_for("p.txt").read_bytes() == before


def test_a_batch_load_of_a_changed_page_sees_the_tags_re_anchored_as_an_editor_would(page, store, tmp_path):
    session = Editor(store, "tester")
    session.tag(page, "figure", *_span(page.text, "8200余名"))
    session.tag(page, "figure", *_span(page.text, "174个"))
    changed = _changed_page(tmp_path, "(本报记者)" + PAGE_TEXT.replace("8200余名", "8300余名"))
    loaded = store.load(changed, batch=True)
    assert [(s.text, changed.text[s.start : s.end]) for s in loaded.annotations.spans] == [("174个", "174个")]
    assert [s.text for s in loaded.annotations.orphans] == ["8200余名"]
    _read_the_same(store.load(changed), loaded)


def test_a_batch_load_of_offsets_edited_by_hand_sees_them_re_anchored(page, store):
    Editor(store, "tester").tag(page, "figure", *_span(page.text, "119246人"))
    path = store.path_for("p.txt")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["spans"][0]["start"] -= 2  # same page hash, offsets that no longer cover the text
    data["spans"][0]["end"] -= 2
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    loaded = store.load(page, batch=True)
    (span,) = loaded.annotations.spans
    assert page.text[span.start : span.end] == span.text == "119246人"
    _read_the_same(store.load(page), loaded)
