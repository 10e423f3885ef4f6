"""Worker processes started from the reader: what they are given as stderr."""

from __future__ import annotations

import io
import os
import sys

import pytest

from reader.corpus.engines import process_executor, stderr_with_a_file, stop_executor


def _target(fd: int) -> str:
    return os.readlink(f"/proc/self/fd/{fd}")


class _Capture(io.StringIO):
    """As Textual's capture of stderr: a stream whose fileno is -1."""

    def fileno(self) -> int:
        return -1


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads /proc")
def test_under_a_capture_without_a_file_multiprocessing_is_given_dev_null(monkeypatch):
    capture = _Capture()
    monkeypatch.setattr(sys, "stderr", capture)
    with stderr_with_a_file():
        assert _target(sys.stderr.fileno()) == os.devnull
    assert sys.stderr is capture


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads /proc")
def test_under_a_full_screen_app_the_helper_process_never_writes_to_the_terminal(monkeypatch, tmp_path):
    terminal = open(tmp_path / "terminal", "w")  # a real file, as a terminal's stderr is
    monkeypatch.setattr(sys, "stderr", terminal)
    with stderr_with_a_file():
        assert sys.stderr is terminal  # the command line: warnings are the person's to see
    with stderr_with_a_file(quiet=True):
        assert _target(sys.stderr.fileno()) == os.devnull
    assert sys.stderr is terminal
    terminal.close()


def test_a_quiet_executor_starts_under_a_capture_and_runs(monkeypatch):
    monkeypatch.setattr(sys, "stderr", _Capture())
    executor = process_executor(1, quiet=True)
    try:
        with stderr_with_a_file(quiet=True):
            results = list(executor.map(abs, [-3, 4, -5]))
    finally:
        stop_executor(executor)
    assert results == [3, 4, 5]
