"""A FIFO, a device or a socket where an annotation file belongs: the store refuses it
with a one-line reason, never blocks on it and never replaces it; `check` reports it
as one more file with a problem and exits non-zero.

Reading a FIFO blocks until a writer comes, so every test here runs under an alarm
(or in a subprocess with a timeout): a regression fails the test instead of hanging
the suite.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.annotation.editing import Editor, ReadOnly
from reader.annotation.store import AnnotationStore, StoreError
from reader.text.page import Page, load_page
from tests.conftest import ROOT, alarm, tagged_folder

PAGE_TEXT = "全县174个党员先锋岗,8200余名党员深入一线。\n"


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """Turn a read that blocks for ever into a failure after 10 s."""
    with alarm(10, "blocked reading a file that is not a regular file"):
        yield


@pytest.fixture()
def page(tmp_path: Path) -> Page:
    (tmp_path / "pages").mkdir()
    path = tmp_path / "pages" / "p.txt"
    path.write_text(PAGE_TEXT, encoding="utf-8")
    return load_page(path)


@pytest.fixture()
def store(tmp_path: Path) -> AnnotationStore:
    (tmp_path / "ann").mkdir()
    return AnnotationStore(tmp_path / "ann")


def test_a_fifo_as_annotation_file_opens_the_page_read_only_with_the_reason(page, store):
    os.mkfifo(store.path_for(page.name))
    loaded = store.load(page)  # before the fix: blocked here, until the alarm
    assert loaded.read_only
    assert loaded.problem == "p.json is a FIFO, not a regular file: epireader neither reads nor replaces it"
    assert "\n" not in loaded.problem


def test_a_tag_on_a_page_whose_file_is_a_fifo_is_refused_and_the_fifo_stays(page, store):
    path = store.path_for(page.name)
    os.mkfifo(path)
    start = page.text.index("8200余名")
    with pytest.raises(ReadOnly):
        Editor(store, "t").tag(page, "figure", start, start + 6)
    assert stat.S_ISFIFO(os.lstat(path).st_mode)


def test_a_fifo_put_in_place_after_the_load_is_never_replaced_by_a_save(page, store):
    session = Editor(store, "t")
    session.open(page)  # no file yet: an editable page
    path = store.path_for(page.name)
    os.mkfifo(path)
    start = page.text.index("8200余名")
    with pytest.raises(StoreError, match="is a FIFO"):  # before the fix: the digest read blocked
        session.tag(page, "figure", start, start + 6)
    assert stat.S_ISFIFO(os.lstat(path).st_mode)


def test_a_link_to_a_device_is_refused_by_what_it_is_not_read(page, store):
    # /dev/null reads as empty; /dev/zero or a tty would never end. Neither is opened.
    store.path_for(page.name).symlink_to(os.devnull)
    loaded = store.load(page)
    assert loaded.problem == (
        "p.json is a character device, not a regular file: epireader neither reads nor replaces it"
    )


def test_a_socket_as_annotation_file_is_refused(page, store):
    path = store.path_for(page.name)
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    except OSError as exc:  # a socket path longer than the system allows
        pytest.skip(f"cannot bind a socket in tmp_path: {exc}")
    try:
        assert "is a socket, not a regular file" in (store.load(page).problem or "")
    finally:
        server.close()


def test_check_names_a_fifo_among_the_files_and_exits_1_without_blocking(tmp_path):
    pages, ann = tagged_folder(tmp_path)
    (pages / "q.txt").write_text(PAGE_TEXT, encoding="utf-8")
    os.mkfifo(ann / "q.json")
    proc = subprocess.run(
        [sys.executable, "-m", "reader.cli", "check", str(pages), "--annotations", str(ann)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,  # a check that opens the FIFO waits for ever: this fails it instead
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines() == [
        f"{ann / 'p.json'}: 1 spans, ok",
        f"{ann / 'q.json'}: 0 spans, 1 problem(s)",
        "  - q.json is a FIFO, not a regular file: epireader neither reads nor replaces it",
        "2 annotation file(s), 1 with problems",
    ]
    assert stat.S_ISFIFO(os.lstat(ann / "q.json").st_mode)


def test_a_fifo_as_lexicon_is_a_one_line_error_not_a_hang(tmp_path):
    from reader.extraction.lexicon import LexiconError, load_lexicon

    os.mkfifo(tmp_path / "lexicon.toml")
    with pytest.raises(LexiconError, match=r"lexicon\.toml is a FIFO, not a regular file"):
        load_lexicon(tmp_path)


def test_check_file_refuses_a_fifo_swapped_in_after_the_listing(tmp_path):
    from reader.corpus.check import check_file
    from reader.corpus.corpus import load_corpus

    pages, ann = tagged_folder(tmp_path)
    (ann / "p.json").unlink()
    os.mkfifo(ann / "p.json")  # after the command's own stat: check_file must not block either
    report = check_file(ann / "p.json", ann, load_corpus(pages))
    assert report.problems == [
        "cannot be read: p.json is a FIFO, not a regular file: epireader neither reads nor replaces it"
    ]


def test_a_fifo_as_the_project_dictionary_is_skipped_by_jieba(tmp_path):
    from reader.text.segment import Segmenter

    os.mkfifo(tmp_path / "userdict.txt")
    segmenter = Segmenter(extra_dicts=(tmp_path / "userdict.txt",))  # would block in jieba's reader
    assert segmenter.cut("党员先锋岗") != []
