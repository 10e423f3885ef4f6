"""Faults, round two (issue 20): the index, the caches and every file the tool writes,
under concurrency, crashes, full disks and hostile folders.

The rules these hold the tool to:

- nothing is written through a symbolic link, nor outside the folders the tool owns;
- every error is one line that names the file, with the README's exit code, never a
  traceback: a full disk, a read-only folder, a locked index, a nested lexicon;
- every command is linear in pages;
- a process that ends leaves no worker behind (tests/unit/test_worker_processes.py is
  the reader's side: tests/tui/test_faults_reader.py).

A full disk is a real 2 MB tmpfs where the tests may mount one (root), and everywhere a
write that fails: a patched ``os.fsync`` (ENOSPC) in-process, or a command run with a
file-size limit (RLIMIT_FSIZE: the write fails with EFBIG, as it would on a full disk).
"""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.cli.main import main
from tests.conftest import ROOT, SEEDS

INDEX = ".epireader-index.sqlite"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def one_line(self, *needles: str) -> str:
        """The command's one error line (asserted: one line, no traceback), checked to hold ``needles``."""
        lines = [line for line in self.err.splitlines() if line.strip()]
        assert "Traceback" not in self.err, self.err
        assert len(lines) == 1, self.err
        for needle in needles:
            assert needle in lines[0], lines[0]
        return lines[0]


def epireader(*args: str | Path, cwd: Path = ROOT, limit: int | None = None, timeout: float = 120) -> Run:
    """The command in a process of its own; ``limit``: no file it writes may grow past
    this many bytes (a write beyond fails, EFBIG, as on a full disk)."""

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = subprocess.run(
        [sys.executable, "-m", "reader.cli", *map(str, args)],
        capture_output=True,
        cwd=cwd,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=limited if limit is not None else None,
    )
    return Run(
        proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    )


def in_process(capsys, *args: str | Path) -> Run:
    """The command in this process (so that a patch applies): a traceback fails the test."""
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    """The issue's copy: ``seeds`` and ``ann`` (the seed gold's files, no GOLD.md)."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "ann").mkdir()
    for path in (ROOT / "annotations").glob("0*.json"):
        shutil.copy(path, tmp_path / "ann")
    return tmp_path


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes | str]]:
    """Every entry below ``folder``: (mode, size, content or link target)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            what: bytes | str = os.readlink(path)
        elif stat.S_ISREG(st.st_mode):
            what = path.read_bytes()
        else:
            what = ""
        out[str(path.relative_to(folder))] = (st.st_mode, st.st_size if stat.S_ISREG(st.st_mode) else 0, what)
    return out


@contextmanager
def tmpfs(where: Path, size: str = "2m", read_only: bool = False) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``where`` (root only; skipped where it cannot be)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a tmpfs needs root and mount: the patched form of this test runs instead")
    where.mkdir(exist_ok=True)
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def remount_read_only(where: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)


def tiny_pages(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"t{i:05d}.txt").write_text(
            f"标题{i}\n\n4月{i % 28 + 1}日,全县{i}余名党员。\n", encoding="utf-8"
        )
    return folder


# --- 1. stats is linear in pages ----------------------------------------------------


def test_stats_reads_every_page_row_once_so_it_is_linear_in_pages(tmp_path, capsys, monkeypatch):
    """It read and decoded every page row once per page (2,000 pages: 4,002,000
    json.loads, 11 s; 50,000: over 300 s). Now once: benchmarks/bench_stats.py times it."""
    from reader.corpus.database import IndexDB

    pages = tiny_pages(tmp_path / "pages", 40)
    assert (
        in_process(
            capsys, "index", pages, "--annotations", tmp_path / "ann", "--jobs", "1", "--no-keywords"
        ).code
        == 0
    )
    reads = []
    real = IndexDB.query

    def counted(self, sql, params=()):
        if "annotators" in sql and "FROM pages" in sql:
            reads.append(sql)
        return real(self, sql, params)

    monkeypatch.setattr(IndexDB, "query", counted)
    result = in_process(capsys, "stats", pages, "--annotations", tmp_path / "ann", "--format", "json")
    assert result.code == 0
    assert len(json.loads(result.out)["pages"]) == 40
    assert len(reads) == 1


# --- 2, 12. the index file: never through a link, never a FIFO or a folder ------------


@pytest.mark.parametrize("command", ["index", "stats"])
@pytest.mark.parametrize("where", ["index", "dangling", "wal"])
def test_the_index_is_never_written_through_a_symbolic_link(work, command, where):
    outside = work / "outside.db"
    if where != "dangling":
        outside.write_bytes(b"")
    link = work / "ann" / (INDEX + ("-wal" if where == "wal" else ""))
    link.symlink_to(outside)
    result = epireader(command, work / "seeds", "--annotations", work / "ann", cwd=work)
    assert result.code == 2
    result.one_line("symbolic link", "does not write through links")
    assert (outside.read_bytes() == b"") if where != "dangling" else not outside.exists()
    assert link.is_symlink()


@pytest.mark.parametrize("command", ["index", "stats"])
@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_an_index_path_that_is_a_fifo_or_a_folder_is_one_line(work, command, kind):
    path = work / "ann" / INDEX
    os.mkfifo(path) if kind == "fifo" else path.mkdir()
    result = epireader(command, work / "seeds", "--annotations", work / "ann", cwd=work, timeout=60)
    assert result.code == 2
    result.one_line(INDEX, "a FIFO" if kind == "fifo" else "a folder", "not a regular file")
    assert (stat.S_ISFIFO if kind == "fifo" else stat.S_ISDIR)(os.lstat(path).st_mode)


# --- 3. teach --apply ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["userdict.txt", "lexicon.toml"])
def test_teach_apply_never_writes_through_a_linked_user_dictionary_or_lexicon(work, name):
    outside = work / "outside.txt"
    outside.write_text("keep\n" if name == "userdict.txt" else 'units = ["宗"]\n', encoding="utf-8")
    before = outside.read_bytes()
    (work / "ann" / name).symlink_to(outside)
    _teach_a_unit(work / "ann")
    result = epireader(
        "teach", work / "seeds", "--annotations", work / "ann", "--apply", "--min-count", "1", cwd=work
    )
    assert result.code == 2
    result.one_line(name, "symbolic link")
    assert outside.read_bytes() == before


def _teach_a_unit(annotations: Path) -> None:
    """A suggestion rejected (四大班子, a name): teach --min-count 1 proposes a lexicon entry.
    (A unit set by hand on a figure whose text lacks it would not fit the tag: not taught.)"""
    path = next(annotations.glob("000*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    page = (annotations.parent / "seeds" / data["page"]).read_text(encoding="utf-8")
    start = page.index("四大班子")
    data.setdefault("rejected", []).append(
        {"label": "figure", "start": start, "end": start + 4, "text": "四大班子", "by": "t", "at": ""}
    )
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_teach_apply_writes_the_user_dictionary_whole_under_the_store_lock(work, capsys, monkeypatch):
    """Not appended in place: a new file renamed over the old one, while the store's
    lock is held, so two `teach --apply` never interleave and a full disk leaves it whole."""
    from reader.text import file_locks

    userdict = work / "ann" / "userdict.txt"
    userdict.write_text("旧词 10 n\n", encoding="utf-8")
    inode = userdict.stat().st_ino
    replaced = []
    real_replace = os.replace

    def replace(src, dst, **kwargs):
        if Path(dst) == userdict:
            mine = file_locks.try_lock(work / "ann" / ".epireader.lock")  # another holder would get it
            replaced.append(mine is None)
            if mine is not None:
                os.close(mine)
        return real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    args = ("teach", work / "seeds", "--annotations", work / "ann", "--apply", "--min-count", "1")
    assert in_process(capsys, *args).code == 0
    assert replaced == [True]
    assert userdict.stat().st_ino != inode
    lines = userdict.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "旧词 10 n" and len(lines) > 1


def test_teach_apply_on_a_full_disk_leaves_the_user_dictionary_as_it_was(work):
    userdict = work / "ann" / "userdict.txt"
    userdict.write_text("旧词 10 n\n" * 20, encoding="utf-8")
    before = userdict.read_bytes()
    args = ("teach", work / "seeds", "--annotations", work / "ann", "--apply", "--min-count", "1")
    result = epireader(*args, cwd=work, limit=len(before) + 10)
    assert result.code == 2
    result.one_line("userdict.txt", "nothing added")
    assert userdict.read_bytes() == before
    assert not [p for p in (work / "ann").iterdir() if p.name.endswith(".tmp")]


# --- 4, 17. lexicon.toml ------------------------------------------------------------


@pytest.mark.parametrize("command", ["eval", "teach", "extract"])
def test_a_lexicon_nested_too_deeply_is_one_line_for_every_command_that_reads_it(work, command):
    (work / "ann" / "lexicon.toml").write_text(
        "units = " + "[" * 10000 + "]" * 10000 + "\n", encoding="utf-8"
    )
    args = [command, work / "seeds", "--annotations", work / "ann"]
    if command == "eval":
        args = ["eval", "--set", f"s={work / 'seeds'}:{work / 'ann'}"]
    result = epireader(*args, cwd=work)
    assert result.code == 2
    result.one_line("lexicon.toml", "nested too deeply")


def test_a_lexicon_nested_too_deeply_counts_as_none_for_the_index_and_the_suggestions(work):
    from reader.corpus.corpus import load_corpus
    from reader.session.reading import ReadingSession

    (work / "ann" / "lexicon.toml").write_text(
        "units = " + "[" * 10000 + "]" * 10000 + "\n", encoding="utf-8"
    )
    result = epireader("index", work / "seeds", "--annotations", work / "ann", "--no-keywords", "--jobs", "1")
    assert result.code == 0 and "indexing failed" not in result.err and "Traceback" not in result.err
    session = ReadingSession(load_corpus(work / "seeds"), work / "ann", "t")
    assert not session.lexicon  # `p` in the reader: suggestions without the lexicon, no crash


def test_a_lexicon_with_a_byte_order_mark_is_read(tmp_path):
    from reader.extraction.lexicon import load_lexicon

    (tmp_path / "lexicon.toml").write_bytes('\ufeffunits = ["宗", "架次"]\n'.encode())
    assert load_lexicon(tmp_path).units == ("宗", "架次")


# --- 5, 6. two processes on one index ------------------------------------------------


def _folder_of(pages: int, into: Path) -> Path:
    into.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(pages):
        shutil.copy(seeds[i % len(seeds)], into / f"p{i:03d}.txt")
    return into


def test_two_index_runs_at_once_both_finish_and_the_index_holds_each_page_once(tmp_path):
    pages = _folder_of(40, tmp_path / "pages")
    args = ["index", str(pages), "--annotations", str(tmp_path / "ann"), "--jobs", "1", "--no-keywords"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen([sys.executable, "-m", "reader.cli", *args], stderr=subprocess.PIPE, env=env)
        for _ in range(2)
    ]
    errors = [p.communicate(timeout=300)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert not any("Traceback" in e or "locked" in e for e in errors), errors
    with sqlite3.connect(tmp_path / "ann" / INDEX) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT name) FROM pages").fetchone() == (40, 40)


def test_a_write_after_another_process_wrote_waits_its_turn_instead_of_failing(tmp_path):
    """The sqlite3 module's implicit transactions began deferred: the read of the stale
    pass became a write after another process had written, and SQLite refused it at
    once ("database is locked", whatever the busy timeout). Writes now begin IMMEDIATE."""
    from reader.corpus.database import IndexDB
    from reader.corpus.records import PageRecord

    path = tmp_path / INDEX
    mine, other = IndexDB(path), IndexDB(path)
    mine.compare([("a.txt", 1, 1, -1, -1)])  # the stale pass: reads the file
    other.write(PageRecord("b.txt", (1, 1, -1, -1)))  # another process writes meanwhile
    other.commit()
    mine.write(PageRecord("a.txt", (1, 1, -1, -1)))  # was: sqlite3.OperationalError, database is locked
    mine.commit()
    assert sorted(r[0] for r in mine.query("SELECT name FROM pages")) == ["a.txt", "b.txt"]
    mine.close()
    other.close()


def test_a_write_waits_for_another_process_transaction_and_says_so_in_one_line_when_it_lasts(
    tmp_path, monkeypatch
):
    from reader.corpus import index_file
    from reader.corpus.database import IndexDB
    from reader.corpus.index_file import IndexBusy
    from reader.corpus.records import PageRecord

    monkeypatch.setattr(index_file, "BUSY_TIMEOUT", 0.2)
    path = tmp_path / INDEX
    holder, waiter = IndexDB(path), IndexDB(path)
    holder.write(PageRecord("a.txt", (1, 1, -1, -1)))  # a transaction left open
    with pytest.raises(IndexBusy, match=r"another process is writing it \(waited 0 s\)"):
        waiter.write(PageRecord("b.txt", (1, 1, -1, -1)))
    threading.Timer(0.05, holder.commit).start()  # ends while the other waits
    waiter.conn.execute("PRAGMA busy_timeout = 5000")
    waiter.write(PageRecord("b.txt", (1, 1, -1, -1)))
    waiter.commit()
    assert len(waiter.query("SELECT name FROM pages")) == 2
    holder.close()
    waiter.close()


def test_indexes_made_at_the_same_moment_are_one_file_and_none_is_taken_for_damage(tmp_path):
    from reader.corpus.database import IndexDB

    path = tmp_path / INDEX
    made: list[IndexDB] = []
    failed: list[BaseException] = []
    start = threading.Barrier(6)

    def make() -> None:
        start.wait()
        try:
            made.append(IndexDB(path))
        except BaseException as exc:
            failed.append(exc)

    threads = [threading.Thread(target=make) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failed == []
    assert [db.moved_aside for db in made] == [None] * 6
    assert not list(tmp_path.glob("*.broken-*")) and not list(tmp_path.glob(".*.tmp"))
    for db in made:
        db.close()


def test_an_index_another_process_holds_is_never_moved_aside_nor_its_wal_unlinked(tmp_path):
    """Before creation was atomic, the reader took another process's half-made index
    (no table yet) for damage: moved it aside and unlinked its -wal and -shm, which can
    lose committed data. A file that fails its check is left alone while another
    process holds it."""
    from reader.corpus.database import IndexDB
    from reader.corpus.index_file import IndexUnusable
    from reader.text import file_locks

    path = tmp_path / INDEX
    other = sqlite3.connect(path)  # another process, half-way: its data still in the -wal
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("PRAGMA wal_autocheckpoint=0")
    other.execute("CREATE TABLE other(x)")
    other.execute("INSERT INTO other VALUES ('committed')")
    other.commit()
    before = {name: Path(f"{path}{name}").read_bytes() for name in ("", "-wal")}
    held = file_locks.try_lock(tmp_path / (INDEX + ".lock"), shared=True)  # as that process holds it
    try:
        with pytest.raises(IndexUnusable, match="another epireader process has it open"):
            IndexDB(path)
    finally:
        os.close(held)
    assert {name: Path(f"{path}{name}").read_bytes() for name in ("", "-wal")} == before
    assert not list(tmp_path.glob("*.broken-*"))
    assert other.execute("SELECT x FROM other").fetchall() == [("committed",)]
    other.close()


def test_a_damaged_index_no_process_holds_is_moved_aside_with_its_wal_and_rebuilt(tmp_path):
    from reader.corpus.database import IndexDB

    path = tmp_path / INDEX
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE other(x)")  # no meta: not an index
    Path(f"{path}-wal").write_bytes(b"")  # a -wal SQLite left (empty: nothing to replay)
    db = IndexDB(path)
    assert db.moved_aside is not None
    aside = db.moved_aside[0]
    assert Path(f"{aside}-wal").exists()  # moved with the file, never unlinked
    assert not db.query("SELECT 1 FROM pages")
    db.close()


def test_rebuild_refuses_an_index_another_process_has_open(work):
    from reader.corpus.database import IndexDB

    assert epireader("index", work / "seeds", "--annotations", work / "ann", "--no-keywords").code == 0
    db = IndexDB(work / "ann" / INDEX)  # the reader, say
    try:
        result = epireader("index", work / "seeds", "--annotations", work / "ann", "--rebuild", cwd=work)
        assert result.code == 2
        result.one_line("open in another epireader process")
        assert db.query("SELECT count(*) FROM pages") == [(5,)]
    finally:
        db.close()


# --- 7. read-only folders -------------------------------------------------------------


@pytest.fixture()
def read_only(monkeypatch):
    """The annotations folder as a read-only mount says it is (root writes through mode bits)."""
    from reader.text import files

    monkeypatch.setattr(files, "read_only", lambda folder: "read-only file system")


def test_stats_in_a_read_only_folder_reads_its_index_and_never_moves_it(work, capsys, read_only):
    assert epireader("index", work / "seeds", "--annotations", work / "ann", "--no-keywords").code == 0
    before = snapshot(work / "ann")
    (work / "seeds" / "000_1b80620b9e734545.txt").touch()  # stale: its refresh goes to memory
    result = in_process(capsys, "stats", work / "seeds", "--annotations", work / "ann", "--format", "json")
    assert result.code == 0 and len(json.loads(result.out)["pages"]) == 5
    assert _without_sqlite_side_files(snapshot(work / "ann")) == before
    assert "read-only file system; counted in memory instead" in result.err


def _without_sqlite_side_files(files: dict) -> dict:
    """SQLite's -wal and -shm of a reader: root may make them where a real read-only
    mount would not (test_a_read_only_mount_is_read_never_moved_nor_written)."""
    return {k: v for k, v in files.items() if not k.endswith(("-wal", "-shm"))}


def test_stats_in_a_read_only_folder_without_an_index_counts_in_memory(work, capsys, read_only):
    before = snapshot(work / "ann")
    result = in_process(capsys, "stats", work / "seeds", "--annotations", work / "ann", "--format", "json")
    assert result.code == 0 and len(json.loads(result.out)["pages"]) == 5
    assert snapshot(work / "ann") == before


def test_index_in_a_read_only_folder_is_one_line(work, capsys, read_only):
    result = in_process(capsys, "index", work / "seeds", "--annotations", work / "ann")
    assert result.code == 2
    result.one_line("read-only file system", "nothing can be indexed there")


def test_a_read_only_mount_is_read_never_moved_nor_written(work, tmp_path):
    mount = tmp_path / "mnt"
    with tmpfs(mount, "8m"):
        shutil.copytree(work / "ann", mount / "ann")
        assert epireader("index", work / "seeds", "--annotations", mount / "ann", "--no-keywords").code == 0
        (mount / "empty").mkdir()
        remount_read_only(mount)
        before = snapshot(mount)
        stats = epireader("stats", work / "seeds", "--annotations", mount / "ann", "--format", "json")
        assert stats.code == 0, stats.err
        assert len(json.loads(stats.out)["pages"]) == 5
        none = epireader("stats", work / "seeds", "--annotations", mount / "empty", "--format", "json")
        assert none.code == 0 and "Traceback" not in none.err
        index = epireader("index", work / "seeds", "--annotations", mount / "ann")
        assert index.code == 2
        index.one_line("read-only")
        assert snapshot(mount) == before


# --- 9. a full disk -----------------------------------------------------------------


def _full_after(monkeypatch, calls: int) -> None:
    """Every fsync after the first ``calls`` fails as on a full disk."""
    real = os.fsync
    done = [0]

    def fsync(fd: int) -> None:
        done[0] += 1
        if done[0] > calls:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def _exported(work: Path) -> Path:
    from reader.corpus.corpus import load_corpus
    from reader.export import export

    return export(load_corpus(work / "seeds"), work / "ann", "extract", work / "export")[-1]


def test_import_on_a_full_disk_stops_with_one_line_that_says_what_was_written(work, capsys, monkeypatch):
    spans = _exported(work)
    _full_after(monkeypatch, 4)  # two annotation files: a file and its folder each
    result = in_process(
        capsys, "import", "extract", spans, work / "seeds", "--annotations", work / "new", "--replace"
    )
    assert result.code == 2
    result.one_line("cannot import", "disk full", "2 of 5 page(s) written", "and the rest not")
    written = sorted(p.name for p in (work / "new").iterdir() if not p.name.startswith("."))
    assert len(written) == 2
    assert not [p for p in (work / "new").iterdir() if p.name.endswith(".tmp")]


def test_import_on_a_full_tmpfs_stops_with_one_line(work, tmp_path):
    spans = _exported(work)
    with tmpfs(tmp_path / "mnt", "40k"):
        result = epireader(
            "import", "extract", spans, work / "seeds", "--annotations", tmp_path / "mnt" / "ann"
        )
        assert result.code == 2
        result.one_line("disk full", "written", "the rest not")
        for path in (tmp_path / "mnt" / "ann").glob("*.json"):
            json.loads(path.read_text(encoding="utf-8"))  # every file written is whole


@pytest.mark.parametrize("command", ["index", "stats"])
def test_index_and_stats_that_cannot_write_the_index_are_one_line_and_leave_no_empty_index(work, command):
    (work / "ann2").mkdir()
    result = epireader(command, work / "seeds", "--annotations", work / "ann2", cwd=work, limit=20_000)
    assert result.code == 2
    result.one_line(INDEX)
    assert not (work / "ann2" / INDEX).exists()
    assert not [p for p in (work / "ann2").iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("command", ["index", "stats"])
def test_index_and_stats_on_a_full_tmpfs_are_one_line(work, tmp_path, command):
    with tmpfs(tmp_path / "mnt", "64k"):
        index = tmp_path / "mnt" / "ann" / INDEX
        index.parent.mkdir()
        result = epireader(command, work / "seeds", "--annotations", index.parent)
        assert result.code == 2
        result.one_line(str(index), "disk full")
        if index.exists():  # what was committed stays, a valid index
            with closing(sqlite3.connect(index)) as conn:
                assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)


def test_extract_out_that_cannot_be_written_is_one_line_and_leaves_only_whole_parts(work):
    result = epireader(
        "extract", work / "seeds", "--out", work / "out", "--jobs", "1", cwd=work, limit=30_000
    )
    assert result.code == 2
    result.one_line("cannot extract", "part-0000", "part(s) written whole, the rest not")
    for part in (work / "out").iterdir():
        assert not part.name.startswith(".")  # no temp file left
        for line in part.read_text(encoding="utf-8").splitlines():
            json.loads(line)


def test_extract_out_never_writes_through_a_link(work):
    (work / "out").mkdir()
    outside = work / "outside.txt"
    outside.write_text("keep\n")
    (work / "out" / "part-00000.jsonl").symlink_to(outside)
    assert epireader("extract", work / "seeds", "--out", work / "out", "--jobs", "1").code == 0
    assert outside.read_text() == "keep\n"
    assert not (work / "out" / "part-00000.jsonl").is_symlink()


@pytest.mark.parametrize("fmt", ["jsonl", "label-studio", "extract", "brat"])
def test_importing_a_fifo_is_one_line_never_a_wait(tmp_path, fmt):
    """`import jsonl FIFO` and `import label-studio FIFO` hung: one reader used a plain open."""
    source = tmp_path / ("brat" if fmt == "brat" else "in.fifo")
    if fmt == "brat":
        source.mkdir()
        os.mkfifo(source / "x.ann")
    else:
        os.mkfifo(source)
    result = epireader("import", fmt, source, SEEDS, "--annotations", tmp_path / "ann", timeout=30)
    assert result.code == 2
    result.one_line("cannot import", "a FIFO, not a regular file")


# --- 10. page names that are not UTF-8 -------------------------------------------------


@pytest.fixture()
def undecodable(tmp_path: Path) -> tuple[Path, Path]:
    """The issue's folder: two copies of a seed page, one named with a byte that is not
    UTF-8, tagged by importing `extract`'s own output."""
    pages = tmp_path / "p"
    pages.mkdir()
    seed = next(SEEDS.glob("000*.txt"))
    shutil.copy(seed, pages)
    shutil.copy(seed, pages / os.fsdecode(b"bad\xffname.txt"))
    spans = tmp_path / "e.jsonl"
    spans.write_text(epireader("extract", pages).out, encoding="utf-8")
    assert epireader("import", "extract", spans, pages, "--annotations", tmp_path / "a").code == 0
    return pages, tmp_path / "a"


@pytest.mark.parametrize("fmt", ["jsonl", "label-studio", "extract", "bio", "fixtures"])
def test_an_export_of_a_page_whose_name_is_not_utf8_is_written_and_reads_back(undecodable, tmp_path, fmt):
    pages, annotations = undecodable
    out = tmp_path / "out"
    result = epireader("export", pages, "--annotations", annotations, "--format", fmt, "--out", out)
    assert result.code == 0, result.err
    for path in out.rglob("*"):
        if path.is_file():
            path.read_text(encoding="utf-8")  # each file is UTF-8 text
    if fmt in ("jsonl", "label-studio", "extract"):
        again = tmp_path / "again"
        assert epireader("import", fmt, out, pages, "--annotations", again).code == 0
        mine = {k: v for k, v in snapshot(again).items() if not k.startswith(".")}
        assert mine == {k: v for k, v in snapshot(annotations).items() if not k.startswith(".")}


# --- 13. the lock file ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["link", "folder"])
def test_a_lock_file_that_is_a_link_or_a_folder_is_one_line_and_nothing_goes_through_it(work, kind):
    spans = _exported(work)
    (work / "new").mkdir()
    lock = work / "new" / ".epireader.lock"
    outside = work / "outside.txt"
    outside.write_text("keep\n")
    lock.symlink_to(outside) if kind == "link" else lock.mkdir()
    before = snapshot(work / "new")
    result = epireader("import", "extract", spans, work / "seeds", "--annotations", work / "new")
    assert result.code == 2
    result.one_line(
        ".epireader.lock", "symbolic link" if kind == "link" else "a folder", "0 of 5 page(s) written"
    )
    assert outside.read_text() == "keep\n"
    assert snapshot(work / "new") == before


# --- 14. temp files left by a killed writer -------------------------------------------


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_check_reports_temp_files_a_killed_writer_left(work):
    stale = work / "ann" / f".000_1b80620b9e734545.json.{_dead_pid()}.0a1b2c3d.tmp"
    stale.write_bytes(b"")
    legacy = work / "ann" / ".001_6e6a32fad5cde18e.json.deadbeef.tmp"  # the name earlier versions wrote
    legacy.write_bytes(b"")
    old = time.time() - 3600
    os.utime(legacy, (old, old))
    result = epireader("check", work / "seeds", "--annotations", work / "ann")
    assert result.code == 1
    assert stale.name in result.out + result.err and legacy.name in result.out + result.err


def test_the_store_removes_its_stale_temp_files_when_it_next_takes_the_lock(work):
    from reader.annotation.editing import Editor
    from reader.annotation.store import AnnotationStore
    from reader.corpus.corpus import load_corpus

    folder = work / "ann"
    stale = folder / f".000_1b80620b9e734545.json.{_dead_pid()}.0a1b2c3d.tmp"
    live = folder / f".001_6e6a32fad5cde18e.json.{os.getpid()}.0a1b2c3d.tmp"  # a save under way here
    export = folder / f".notes.txt.{_dead_pid()}.0a1b2c3d.tmp"  # not the store's: left alone
    for path in (stale, live, export):
        path.write_bytes(b"")
    page = load_corpus(work / "seeds").pages[0]
    Editor(AnnotationStore(folder), "t").toggle_reviewed(page, page.articles[0])
    assert not stale.exists()
    assert live.exists() and export.exists()


def test_an_interrupt_as_the_temp_file_is_made_leaves_no_temp_file(work, monkeypatch):
    """A ctrl+c that lands just as os.open returns (3 of 8 interrupted imports left an
    empty temp file): the name is known before the file exists, so it is removed."""
    from reader.annotation.editing import Editor
    from reader.annotation.store import AnnotationStore
    from reader.corpus.corpus import load_corpus

    real_open = os.open

    def interrupted(path, flags, mode=0o777, **kwargs):
        fd = real_open(path, flags, mode, **kwargs)
        if str(path).endswith(".tmp"):
            os.close(fd)
            raise KeyboardInterrupt
        return fd

    page = load_corpus(work / "seeds").pages[0]
    session = Editor(AnnotationStore(work / "ann"), "t")
    monkeypatch.setattr(os, "open", interrupted)
    with pytest.raises(KeyboardInterrupt):
        session.toggle_reviewed(page, page.articles[0])
    monkeypatch.undo()
    assert not [p.name for p in (work / "ann").iterdir() if p.name.endswith(".tmp")]


# --- 16. bidi controls ------------------------------------------------------------------


BIDI = [
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
]


@pytest.mark.parametrize("char", BIDI, ids=[f"U+{ord(c):04X}" for c in BIDI])
def test_bidi_controls_become_visible_symbols(char):
    from reader.text.safe import safe_text

    shown = safe_text(f"bidi{char}TXT.exe.txt")
    assert char not in shown and f"\\u{ord(char):04x}" in shown


@pytest.mark.parametrize("command", ["check", "stats", "extract"])
def test_no_bidi_control_reaches_the_terminal_from_a_page_name(tmp_path, command):
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(next(SEEDS.glob("000*.txt")), pages / "bidi\u202eTXT.exe\u202c.txt")
    (tmp_path / "ann").mkdir()
    (tmp_path / "ann" / "bidi\u202eTXT.exe\u202c.json").write_text("{", encoding="utf-8")  # named by check
    args = [command, pages] + ([] if command == "extract" else ["--annotations", tmp_path / "ann"])
    if command == "extract":
        args += ["--format", "table"]
    result = epireader(*args)
    assert "Traceback" not in result.err
    for stream in (result.out, result.err):
        assert not any(c in stream for c in BIDI), stream
    assert "\\u202e" in result.out + result.err


# --- 17. offsets in imported files ------------------------------------------------------


def _doccano(tmp_path: Path, start: object, end: object) -> Path:
    text = next(SEEDS.glob("000*.txt")).read_text(encoding="utf-8")
    path = tmp_path / "in.jsonl"
    line = {"text": text, "label": [["START", "END", "figure"]]}
    path.write_text(json.dumps(line).replace('"START"', str(start)).replace('"END"', str(end)) + "\n")
    return path


def test_an_offset_of_more_than_4300_digits_is_one_line_that_names_the_file(tmp_path):
    path = _doccano(tmp_path, 0, "1" * 5000)
    result = epireader("import", "jsonl", path, SEEDS, "--annotations", tmp_path / "ann")
    assert result.code == 2
    result.one_line(str(path), "more than 4300 digits")


@pytest.mark.parametrize("offsets", [("true", 5), (0, "false")])
def test_json_true_or_false_is_no_offset(tmp_path, offsets):
    path = _doccano(tmp_path, *offsets)
    result = epireader("import", "jsonl", path, SEEDS, "--annotations", tmp_path / "ann")
    assert result.code == 1
    assert "offsets are not whole numbers" in result.err
    assert not (tmp_path / "ann").exists() or not list((tmp_path / "ann").glob("*.json"))
