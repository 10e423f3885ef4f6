"""Listing a corpus folder: nothing skipped in silence, links out of the folder marked."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from reader.corpus.corpus import OUTSIDE, CorpusError, list_pages, load_corpus, page_paths

PAGE = "吉县8200余名党员。\n"


@pytest.fixture()
def lock(monkeypatch):
    """chmod 000 a folder. Root lists such a folder anyway, so then listing it is also
    made to fail the way it fails for everyone else (EACCES from scandir)."""
    locked: list[Path] = []
    real_scandir = os.scandir

    def scandir(path="."):
        if any(Path(path) == folder for folder in locked):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    if os.geteuid() == 0:
        monkeypatch.setattr(os, "scandir", scandir)

    def apply(folder: Path) -> None:
        folder.chmod(0)
        locked.append(folder)

    yield apply
    for folder in locked:
        folder.chmod(0o755)


def _pages(tmp_path: Path, *names: str) -> Path:
    root = tmp_path / "corpus"
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(PAGE, encoding="utf-8")
    return root


def test_an_unreadable_sub_folder_is_a_page_entry_with_its_reason(tmp_path, lock):
    root = _pages(tmp_path, "a.txt", "locked/b.txt", "open/c.txt")
    lock(root / "locked")
    corpus = load_corpus(root)
    assert [p.name for p in corpus.pages] == ["a.txt", "locked", "open/c.txt"]
    locked = corpus.page("locked")
    assert not locked.readable and locked.problem == "cannot list folder: permission denied"
    assert corpus.page("open/c.txt").text == PAGE


def test_an_unreadable_folder_given_directly_says_permission_denied(tmp_path, lock):
    root = _pages(tmp_path, "a.txt")
    lock(root)
    with pytest.raises(CorpusError) as caught:
        load_corpus(root)
    assert str(caught.value) == f"cannot open folder {root}: permission denied"
    assert "no .txt" not in str(caught.value)


def test_a_folder_without_pages_still_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match=r"no \.txt page files"):
        load_corpus(tmp_path / "empty")


@pytest.fixture()
def linked(tmp_path):
    """A corpus with a page linked from outside, a page linked from inside, and a
    folder linked from outside."""
    root = _pages(tmp_path, "own.txt")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("外面的文件。\n", encoding="utf-8")
    (outside / "more").mkdir()
    (outside / "more" / "x.txt").write_text(PAGE, encoding="utf-8")
    (root / "out.txt").symlink_to(outside / "secret.txt")
    (root / "alias.txt").symlink_to(root / "own.txt")
    (root / "sub").symlink_to(outside / "more", target_is_directory=True)
    return root


def test_a_page_linked_from_outside_the_folder_is_marked(linked):
    corpus = load_corpus(linked)
    assert [p.name for p in corpus.pages] == ["alias.txt", "out.txt", "own.txt", "sub/x.txt"]
    assert corpus.page("out.txt").decoded.note == OUTSIDE
    assert corpus.page("out.txt").text == "外面的文件。\n"
    assert corpus.page("sub/x.txt").decoded.note == OUTSIDE
    assert corpus.page("alias.txt").decoded.note is None  # a link, but to a page of the folder
    assert corpus.page("own.txt").decoded.note is None


def test_not_following_links_leaves_out_pages_from_outside(linked):
    corpus = load_corpus(linked, follow_links=False)
    assert [p.name for p in corpus.pages] == ["alias.txt", "own.txt"]


def test_a_linked_page_given_directly_is_marked_or_refused(linked):
    assert load_corpus(linked / "out.txt").pages[0].decoded.note == OUTSIDE
    with pytest.raises(CorpusError, match="outside the folder"):
        load_corpus(linked / "out.txt", follow_links=False)


def test_a_legacy_encoding_note_and_the_link_note_are_both_kept(tmp_path):
    root = _pages(tmp_path, "own.txt")
    (tmp_path / "gb.txt").write_bytes(
        "吉县众志成城。69个机关企事业单位党组织的千余名党员。\n".encode("gb18030")
    )
    (root / "gb.txt").symlink_to(tmp_path / "gb.txt")
    note = load_corpus(root).page("gb.txt").decoded.note
    assert note == f"decoded as gb18030 (not UTF-8); {OUTSIDE}"


def test_a_link_loop_is_listed_once_and_ends(tmp_path):
    root = _pages(tmp_path, "a/p.txt")
    (root / "a" / "back").symlink_to(root, target_is_directory=True)
    assert [e.name for e in list_pages(root)[1]] == ["a/p.txt"]


def test_a_fifo_or_a_broken_link_is_listed_with_a_reason_and_never_read(tmp_path):
    root = _pages(tmp_path, "a.txt")
    os.mkfifo(root / "pipe.txt")  # reading it would block for ever
    (root / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    corpus = load_corpus(root)
    assert corpus.page("pipe.txt").problem == "not a regular file"
    assert corpus.page("gone.txt").problem == "broken symbolic link"
    assert page_paths(root) == (root, [root / "a.txt"])


def test_hidden_folders_and_files_are_not_pages(tmp_path):
    root = _pages(tmp_path, "a.txt", ".git/b.txt", "x/.c.txt")
    assert [e.name for e in list_pages(root)[1]] == ["a.txt"]
