"""reader.text.prefix_cache: jieba's prefix dictionary from a cache in marshal'd pieces.

Every test works on a small dictionary of its own (a few dozen words in jieba's
"word freq tag" format) and a cache folder in tmp_path; ``PIECE`` is made small so
that the cache has several pieces. jieba's own cache goes to a folder of its own in
tmp_path, never /tmp.
"""

from __future__ import annotations

import errno
import hashlib
import json
import marshal
import os
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jieba
import pytest

from reader.text import files as files_module
from reader.text import prefix_cache
from reader.text.prefix_cache import cache_dir, cache_path, load_prefix_dict
from tests.conftest import ROOT

PIECE = 7

WORDS = [
    ("核酸检测", 3000, "n"),
    ("核酸", 500, "n"),
    ("检测", 800, "vn"),
    ("全员", 400, "n"),
    ("管控区", 300, "n"),
    ("防范区", 300, "n"),
    ("封控区", 300, "n"),
    ("流调", 200, "n"),
    ("溯源", 250, "v"),
    ("党员", 900, "n"),
    ("先锋岗", 150, "n"),
    ("疫情", 2000, "n"),
    ("防控", 1500, "vn"),
    ("工作", 5000, "vn"),
    ("督导", 300, "v"),
    ("检查", 1200, "vn"),
    ("县委", 600, "n"),
    ("书记", 1100, "n"),
    ("县长", 700, "n"),
    ("全县", 500, "n"),
    ("严防死守", 120, "i"),
    ("昨日", 800, "t"),
    ("志愿者", 600, "n"),
    ("社区", 1300, "n"),
    ("居民", 1000, "n"),
    ("隔离", 900, "v"),
    ("医学观察", 200, "n"),
    ("人员", 3000, "n"),
    ("开展", 2000, "v"),
    ("今天", 2500, "t"),
    ("我们", 8000, "r"),
    ("的", 50000, "uj"),
    ("了", 30000, "ul"),
    ("在", 40000, "p"),
    ("和", 20000, "c"),
]

# Words of the dictionary, each one word by its frequency (no shorter split wins).
SENTENCE_WORDS = ["今天", "全县", "开展", "全员", "核酸检测", "工作", "社区", "居民", "医学观察"]
SENTENCE = "".join(SENTENCE_WORDS)

NEW_WORD = "新冠疫苗"


def write_dict(path: Path, words: list[tuple[str, int, str]]) -> Path:
    path.write_text("".join(f"{word} {freq} {tag}\n" for word, freq, tag in words), encoding="utf-8")
    return path


def set_mtime(path: Path, seconds: float) -> None:
    ns = int(seconds * 1e9)
    os.utime(path, ns=(ns, ns))


@pytest.fixture(autouse=True)
def small_pieces(monkeypatch):
    monkeypatch.setattr(prefix_cache, "PIECE", PIECE)


@pytest.fixture
def dictionary(tmp_path) -> Path:
    return write_dict(tmp_path / "dict.txt", WORDS)


@pytest.fixture
def folder(tmp_path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def jieba_dir(tmp_path) -> Path:
    """Where jieba writes its own cache when it initialises itself."""
    path = tmp_path / "jieba-own-cache"
    path.mkdir()
    return path


def new_tokenizer(dictionary: Path, jieba_dir: Path) -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer(dictionary=str(dictionary))
    tokenizer.tmp_dir = str(jieba_dir)
    return tokenizer


def initialised_by_jieba(dictionary: Path, tmp_path: Path) -> jieba.Tokenizer:
    """The reference: jieba's own initialize, with a jieba cache folder no other tokenizer uses."""
    tokenizer = new_tokenizer(dictionary, Path(tempfile.mkdtemp(prefix="reference-", dir=tmp_path)))
    tokenizer.initialize()
    return tokenizer


def read_cache(path: Path) -> tuple[dict, bytes, list[dict]]:
    """The header (a JSON line), the body after it, and the pieces the body is cut into."""
    data = path.read_bytes()
    line, _, body = data.partition(b"\n")
    header = json.loads(line)
    pieces, at = [], 0
    for size in header["pieces"]:
        pieces.append(marshal.loads(body[at : at + size]))
        at += size
    return header, body, pieces


def write_cache(path: Path, header: dict, body: bytes) -> None:
    path.write_bytes(json.dumps(header).encode("utf-8") + b"\n" + body)


def first_load(dictionary: Path, jieba_dir: Path, folder: Path) -> tuple[jieba.Tokenizer, Path]:
    """A load that writes the cache; the cache's path."""
    tokenizer = new_tokenizer(dictionary, jieba_dir)
    assert load_prefix_dict(tokenizer, folder=folder) is False
    path = cache_path(tokenizer, folder)
    assert path.is_file()
    return tokenizer, path


def assert_like_jieba(tokenizer: jieba.Tokenizer, reference: jieba.Tokenizer) -> None:
    assert tokenizer.initialized is True
    assert tokenizer.FREQ == reference.FREQ
    assert tokenizer.total == reference.total


# 1. First load, second load.


def test_first_load_without_cache_initialises_like_jieba_and_writes_the_cache(
    dictionary, jieba_dir, folder, tmp_path
):
    tokenizer = new_tokenizer(dictionary, jieba_dir)
    assert not cache_path(tokenizer, folder).exists()

    assert load_prefix_dict(tokenizer, folder=folder) is False

    reference = initialised_by_jieba(dictionary, tmp_path)
    assert_like_jieba(tokenizer, reference)
    # The dictionary's words are there with their frequencies, and their prefixes.
    assert all(tokenizer.FREQ[word] == freq for word, freq, _ in WORDS)
    assert tokenizer.FREQ["医学观"] == 0
    assert tokenizer.total == sum(freq for _, freq, _ in WORDS)
    assert cache_path(tokenizer, folder).is_file()


def test_second_load_uses_the_cache_and_segments_like_jieba(dictionary, jieba_dir, folder, tmp_path):
    first_load(dictionary, jieba_dir, folder)
    # Without jieba's own cache, a load that went through jieba would write it again.
    for leftover in jieba_dir.iterdir():
        leftover.unlink()

    tokenizer = new_tokenizer(dictionary, jieba_dir)
    assert load_prefix_dict(tokenizer, folder=folder) is True

    assert list(jieba_dir.iterdir()) == [], "jieba initialised itself instead of using the cache"
    reference = initialised_by_jieba(dictionary, tmp_path)
    assert_like_jieba(tokenizer, reference)
    assert tokenizer.lcut(SENTENCE, HMM=False) == reference.lcut(SENTENCE, HMM=False) == SENTENCE_WORDS
    assert tokenizer.lcut(SENTENCE) == reference.lcut(SENTENCE)


def test_cached_tokenizer_takes_user_words_like_one_jieba_initialised(
    dictionary, jieba_dir, folder, tmp_path
):
    """What the Segmenter does next: load_userdict on the loaded tokenizer."""
    first_load(dictionary, jieba_dir, folder)
    tokenizer = new_tokenizer(dictionary, jieba_dir)
    assert load_prefix_dict(tokenizer, folder=folder) is True
    reference = initialised_by_jieba(dictionary, tmp_path)
    user = write_dict(tmp_path / "user.txt", [("全员核酸", 90000, "n")])

    for each in (tokenizer, reference):
        each.load_userdict(str(user))

    assert_like_jieba(tokenizer, reference)
    assert tokenizer.lcut(SENTENCE, HMM=False)[3] == "全员核酸"


def test_load_without_folder_writes_under_cache_dir(dictionary, jieba_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    tokenizer = new_tokenizer(dictionary, jieba_dir)

    assert load_prefix_dict(tokenizer) is False

    written = list((tmp_path / "xdg" / "epireader").iterdir())
    assert written == [cache_path(tokenizer, tmp_path / "xdg" / "epireader")]
    assert load_prefix_dict(new_tokenizer(dictionary, jieba_dir)) is True


# 2. The cache's pieces.


def test_cache_is_pieces_of_at_most_PIECE_words_that_together_are_FREQ(dictionary, jieba_dir, folder):
    tokenizer, path = first_load(dictionary, jieba_dir, folder)

    header, body, pieces = read_cache(path)

    assert set(header) == {"key", "total", "words", "pieces", "sha256"}
    assert header["total"] == tokenizer.total
    assert header["words"] == len(tokenizer.FREQ)
    # The header's sizes cut the whole body, and its hash is the body's.
    assert sum(header["pieces"]) == len(body)
    assert header["sha256"] == hashlib.sha256(body).hexdigest()
    assert len(pieces) > 1
    assert all(isinstance(piece, dict) and 0 < len(piece) <= PIECE for piece in pieces)
    together: dict[str, int] = {}
    for piece in pieces:
        assert together.keys().isdisjoint(piece), "a word in two pieces"
        together.update(piece)
    assert together == tokenizer.FREQ


# 3. A cache that does not fit is not used.


def test_changed_dictionary_is_not_served_from_the_old_cache(dictionary, jieba_dir, folder, tmp_path):
    first_load(dictionary, jieba_dir, folder)
    write_dict(dictionary, [*WORDS, (NEW_WORD, 700, "n")])
    # Later than jieba's own cache too, so that jieba rebuilds from the file.
    set_mtime(dictionary, time.time() + 60)

    tokenizer = new_tokenizer(dictionary, jieba_dir)
    assert load_prefix_dict(tokenizer, folder=folder) is False

    assert tokenizer.FREQ[NEW_WORD] == 700
    assert_like_jieba(tokenizer, initialised_by_jieba(dictionary, tmp_path))
    again = new_tokenizer(dictionary, jieba_dir)
    assert load_prefix_dict(again, folder=folder) is True
    assert again.FREQ[NEW_WORD] == 700


def test_dictionary_edited_in_place_to_the_same_size_is_not_served_from_the_old_cache(
    dictionary, jieba_dir, folder, tmp_path
):
    first_load(dictionary, jieba_dir, folder)
    size = dictionary.stat().st_size
    write_dict(dictionary, [("核酸检测", 4000, "n"), *WORDS[1:]])
    assert dictionary.stat().st_size == size
    set_mtime(dictionary, time.time() + 60)

    tokenizer = new_tokenizer(dictionary, jieba_dir)
    assert load_prefix_dict(tokenizer, folder=folder) is False

    assert tokenizer.FREQ["核酸检测"] == 4000
    assert_like_jieba(tokenizer, initialised_by_jieba(dictionary, tmp_path))


def test_dictionary_changed_with_its_mtime_kept_is_not_served_from_the_old_cache(
    dictionary, jieba_dir, folder, tmp_path
):
    """A copy that keeps the mtime (cp -p, rsync -t): the size still tells."""
    first_load(dictionary, jieba_dir, folder)
    mtime = dictionary.stat().st_mtime_ns
    write_dict(dictionary, [*WORDS, (NEW_WORD, 700, "n")])
    os.utime(dictionary, ns=(mtime, mtime))
    # jieba's own cache is out of the way here (the test below has it in the way).
    for leftover in jieba_dir.iterdir():
        leftover.unlink()

    tokenizer = new_tokenizer(dictionary, jieba_dir)
    assert load_prefix_dict(tokenizer, folder=folder) is False

    assert tokenizer.FREQ[NEW_WORD] == 700
    assert_like_jieba(tokenizer, initialised_by_jieba(dictionary, tmp_path))


def test_changed_dictionary_is_not_rebuilt_from_jiebas_stale_own_cache(
    dictionary, jieba_dir, folder, tmp_path
):
    first_load(dictionary, jieba_dir, folder)
    # The dictionary changes, but its mtime stays older than jieba's own cache (a file
    # restored with its mtime, cp -p; jieba does not look at the mtime of its default dictionary).
    write_dict(dictionary, [*WORDS, (NEW_WORD, 700, "n")])
    set_mtime(dictionary, 1_000_000_000)

    load_prefix_dict(new_tokenizer(dictionary, jieba_dir), folder=folder)
    # jieba's own cache goes (/tmp is emptied at a reboot): jieba alone knows the new word again...
    for leftover in jieba_dir.iterdir():
        leftover.unlink()
    assert NEW_WORD in initialised_by_jieba(dictionary, tmp_path).FREQ
    # ... and so should the reader.
    tokenizer = new_tokenizer(dictionary, jieba_dir)
    load_prefix_dict(tokenizer, folder=folder)
    assert NEW_WORD in tokenizer.FREQ


def cut_in_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def cut_after_header(data: bytes) -> bytes:
    return data[: data.index(b"\n") + 1]


def cut_inside_header(data: bytes) -> bytes:
    return data[: data.index(b"\n") // 2]


def cut_last_byte(data: bytes) -> bytes:
    return data[:-1]


def cut_last_piece(data: bytes) -> bytes:
    """Whole pieces, but not all of them."""
    header = json.loads(data[: data.index(b"\n")])
    return data[: -header["pieces"][-1]]


@pytest.mark.parametrize(
    "cut", [cut_in_half, cut_after_header, cut_inside_header, cut_last_byte, cut_last_piece]
)
def test_truncated_cache_is_not_used_and_is_written_whole_again(dictionary, jieba_dir, folder, tmp_path, cut):
    _, path = first_load(dictionary, jieba_dir, folder)
    whole = path.read_bytes()
    path.write_bytes(cut(whole))
    assert len(path.read_bytes()) < len(whole)

    tokenizer = new_tokenizer(dictionary, jieba_dir)
    assert load_prefix_dict(tokenizer, folder=folder) is False

    assert_like_jieba(tokenizer, initialised_by_jieba(dictionary, tmp_path))
    assert path.read_bytes() == whole
    again = new_tokenizer(dictionary, jieba_dir)
    assert load_prefix_dict(again, folder=folder) is True
    assert again.FREQ == tokenizer.FREQ


GARBAGE = {
    "empty": b"",
    "text": "这不是缓存 not a cache\n".encode() * 40,
    "every byte": bytes(range(256)) * 4,
    "no newline": b"garbage bytes here" * 10,
    "JSON that is not a dict": b"[1, 2, 3]\n" + marshal.dumps({"核酸": 500}),
    "jieba's own cache format": marshal.dumps(({"核酸": 500, "检测": 800}, 1300)),
    "the first format (marshal'd header)": marshal.dumps({"key": (), "total": 1, "words": 1, "pieces": 1})
    + marshal.dumps({"核酸": 1}),
}


@pytest.mark.parametrize("garbage", GARBAGE.values(), ids=GARBAGE.keys())
def test_garbage_cache_is_not_used_and_is_written_whole_again(
    dictionary, jieba_dir, folder, tmp_path, garbage
):
    _, path = first_load(dictionary, jieba_dir, folder)
    whole = path.read_bytes()
    path.write_bytes(garbage)

    tokenizer = new_tokenizer(dictionary, jieba_dir)
    assert load_prefix_dict(tokenizer, folder=folder) is False

    assert_like_jieba(tokenizer, initialised_by_jieba(dictionary, tmp_path))
    assert path.read_bytes() == whole
    assert load_prefix_dict(new_tokenizer(dictionary, jieba_dir), folder=folder) is True


def test_cache_with_a_different_key_is_not_used(dictionary, jieba_dir, folder, tmp_path):
    """Another jieba or Python version, say: the file at the path does not name this dictionary."""
    _, path = first_load(dictionary, jieba_dir, folder)
    header, body, _ = read_cache(path)
    header["key"][1] = "0.0.1"  # jieba's version
    write_cache(path, header, body)

    tokenizer = new_tokenizer(dictionary, jieba_dir)
    assert load_prefix_dict(tokenizer, folder=folder) is False
    assert_like_jieba(tokenizer, initialised_by_jieba(dictionary, tmp_path))


def without(header: dict, name: str) -> dict:
    return {k: v for k, v in header.items() if k != name}


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda h: {**h, "words": h["words"] + 1}, id="one word more than the pieces"),
        pytest.param(lambda h: {**h, "words": h["words"] - 1}, id="one word fewer than the pieces"),
        pytest.param(lambda h: without(h, "words"), id="no word count"),
        pytest.param(lambda h: {**h, "pieces": h["pieces"][:-1]}, id="the last piece not counted"),
        pytest.param(
            lambda h: {**h, "pieces": [h["pieces"][0] + 1, h["pieces"][1] - 1, *h["pieces"][2:]]},
            id="pieces cut in the wrong place",
        ),
        pytest.param(
            lambda h: {**h, "pieces": [*h["pieces"][:-1], h["pieces"][-1] + 1]},
            id="the last piece longer than the body",
        ),
        pytest.param(lambda h: {**h, "pieces": [*h["pieces"], 0]}, id="an empty piece after the body"),
        pytest.param(lambda h: without(h, "pieces"), id="no piece sizes"),
        pytest.param(lambda h: {**h, "sha256": "0" * 64}, id="another hash"),
        pytest.param(lambda h: without(h, "sha256"), id="no hash"),
        pytest.param(lambda h: {**h, "total": str(h["total"])}, id="a total that is not a number"),
        pytest.param(lambda h: without(h, "total"), id="no total"),
    ],
)
def test_header_that_disagrees_with_the_pieces_is_not_used(dictionary, jieba_dir, folder, tmp_path, change):
    _, path = first_load(dictionary, jieba_dir, folder)
    header, body, _ = read_cache(path)
    write_cache(path, change(header), body)

    tokenizer = new_tokenizer(dictionary, jieba_dir)
    assert load_prefix_dict(tokenizer, folder=folder) is False

    assert_like_jieba(tokenizer, initialised_by_jieba(dictionary, tmp_path))
    assert load_prefix_dict(new_tokenizer(dictionary, jieba_dir), folder=folder) is True


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("核酸检测".encode(), "核酸检浊".encode(), id="a word's character"),
        pytest.param((5000).to_bytes(4, "little"), (6000).to_bytes(4, "little"), id="a frequency"),
    ],
)
def test_cache_with_changed_bytes_is_not_used(dictionary, jieba_dir, folder, tmp_path, old, new):
    """Same length, header intact, still a dict of as many words: only the hash can tell."""
    _, path = first_load(dictionary, jieba_dir, folder)
    header, body, _ = read_cache(path)
    assert body.count(old) == 1 and len(new) == len(old)
    write_cache(path, header, body.replace(old, new))

    tokenizer = new_tokenizer(dictionary, jieba_dir)
    assert load_prefix_dict(tokenizer, folder=folder) is False
    assert_like_jieba(tokenizer, initialised_by_jieba(dictionary, tmp_path))


def test_cache_whose_body_would_make_marshal_allocate_gigabytes_is_not_unmarshalled(
    dictionary, jieba_dir, folder
):
    """A body that marshal reads as a list of 2**31 - 1 items (a 16 GiB array before the first
    item is read), under a header that fits but does not vouch for it. Loaded under a 4 GiB
    address-space limit, in a child process so that the limit stays there."""
    _, path = first_load(dictionary, jieba_dir, folder)
    header, _, _ = read_cache(path)
    body = b"[" + (2**31 - 1).to_bytes(4, "little") + b"N" * 64
    write_cache(path, {**header, "pieces": [len(body)], "sha256": "0" * 64}, body)
    script = """
import resource, sys
from pathlib import Path
import jieba
from reader.text.prefix_cache import load_prefix_dict
tokenizer = jieba.Tokenizer(dictionary=sys.argv[1])
tokenizer.tmp_dir = sys.argv[2]
resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))
print(load_prefix_dict(tokenizer, folder=Path(sys.argv[3])), len(tokenizer.FREQ))
"""
    result = subprocess.run(
        [sys.executable, "-c", script, str(dictionary), str(jieba_dir), str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    used, words = result.stdout.split()
    assert used == "False" and int(words) > len(WORDS)


# 4. A folder that cannot be written.


def test_cache_folder_that_cannot_be_made_is_no_error(dictionary, jieba_dir, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    folder = blocker / "cache"

    tokenizer = new_tokenizer(dictionary, jieba_dir)
    assert load_prefix_dict(tokenizer, folder=folder) is False

    assert_like_jieba(tokenizer, initialised_by_jieba(dictionary, tmp_path))
    assert blocker.read_text() == "not a folder"
    again = new_tokenizer(dictionary, jieba_dir)
    assert load_prefix_dict(again, folder=folder) is False
    assert_like_jieba(again, tokenizer)


class DiskFull:
    """A file that takes ``room`` bytes, then fails as a full disk does."""

    def __init__(self, real, room: int) -> None:
        self.real, self.room, self.failed = real, room, False

    def __enter__(self) -> DiskFull:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            self.real.write(data[: self.room])
            self.room, self.failed = 0, True
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return self.real.write(data)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)


@pytest.mark.parametrize("room", [0, 40, 400])
def test_cache_write_that_fails_midway_leaves_no_file_and_is_no_error(
    dictionary, jieba_dir, folder, tmp_path, monkeypatch, room
):
    """A disk that fills up: neither part of a cache nor a temp file is left."""
    files = []

    class FullDiskOs:
        def __getattr__(self, name: str) -> object:
            return getattr(os, name)

        def fdopen(self, fd: int, mode: str = "r") -> DiskFull:
            files.append(DiskFull(os.fdopen(fd, mode), room))
            return files[-1]

    tokenizer = new_tokenizer(dictionary, jieba_dir)
    with monkeypatch.context() as patch:
        patch.setattr(files_module, "os", FullDiskOs())  # every write goes through reader/text/files.py
        assert load_prefix_dict(tokenizer, folder=folder) is False

    assert [f.failed for f in files] == [True]
    assert_like_jieba(tokenizer, initialised_by_jieba(dictionary, tmp_path))
    assert list(folder.iterdir()) == []
    assert load_prefix_dict(new_tokenizer(dictionary, jieba_dir), folder=folder) is False


# 5. Where the cache lives.


def test_cache_dir_follows_XDG_CACHE_HOME(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))

    assert cache_dir() == tmp_path / "xdg" / "epireader"


@pytest.mark.parametrize("xdg", [None, "", "relative/cache"], ids=["unset", "empty", "relative"])
def test_cache_dir_without_XDG_CACHE_HOME_is_under_home(tmp_path, monkeypatch, xdg):
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))

    assert cache_dir() == tmp_path / "home" / ".cache" / "epireader"


def test_a_tokenizer_already_initialised_is_left_as_it_is(dictionary, jieba_dir, folder):
    tokenizer = new_tokenizer(dictionary, jieba_dir)
    tokenizer.initialize()
    tokenizer.add_word("用户自加词", 9)  # a user word: not the dictionary's, never cached as it
    assert load_prefix_dict(tokenizer, folder=folder) is False
    assert "用户自加词" in tokenizer.FREQ
    assert not folder.exists()


# 6. No temp files.


def test_no_temp_files_are_left_beside_the_cache(dictionary, jieba_dir, folder):
    _, path = first_load(dictionary, jieba_dir, folder)
    assert list(folder.iterdir()) == [path]

    # Written again over a cache that did not fit.
    path.write_bytes(b"garbage")
    assert load_prefix_dict(new_tokenizer(dictionary, jieba_dir), folder=folder) is False
    assert list(folder.iterdir()) == [path]

    # A second dictionary: its own cache, still nothing else.
    other = write_dict(dictionary.parent / "other.txt", WORDS[:10])
    tokenizer = new_tokenizer(other, jieba_dir)
    assert load_prefix_dict(tokenizer, folder=folder) is False
    assert sorted(folder.iterdir()) == sorted([path, cache_path(tokenizer, folder)])


# 7. Only a regular file is read or replaced (issue 20, defect 8).


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_fifo_or_folder_in_place_of_the_cache_is_never_waited_on_nor_replaced(
    dictionary, jieba_dir, folder, kind
):
    """A FIFO where the cache belongs used to hang every command that loads jieba (and
    the reader said "jieba loading…" for ever): now it is passed over, jieba's own load
    is used, and the FIFO stays as it is."""
    from tests.conftest import alarm

    tokenizer = new_tokenizer(dictionary, jieba_dir)
    path = cache_path(tokenizer, folder)
    folder.mkdir()
    os.mkfifo(path) if kind == "fifo" else path.mkdir()
    with alarm(20, "reading a FIFO in place of the jieba cache"):
        assert load_prefix_dict(tokenizer, folder=folder) is False
    assert tokenizer.initialized and tokenizer.FREQ
    assert (stat.S_ISFIFO if kind == "fifo" else stat.S_ISDIR)(os.lstat(path).st_mode)
    assert sorted(folder.iterdir()) == [path]  # no temp file left beside it


def test_a_link_in_place_of_the_cache_is_not_written_through(dictionary, jieba_dir, folder, tmp_path):
    tokenizer = new_tokenizer(dictionary, jieba_dir)
    path = cache_path(tokenizer, folder)
    folder.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n")
    path.symlink_to(outside)
    assert load_prefix_dict(tokenizer, folder=folder) is False
    assert outside.read_text() == "keep\n" and path.is_symlink()
