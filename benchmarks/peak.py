"""The peak memory of a command a benchmark runs, not of the benchmark itself.

A child made by fork holds the parent's resident pages until it execs, and Linux keeps
that high-water mark in the child's ru_maxrss (in wait4's answer, and in the child's own
getrusage after exec). A benchmark that had read a 100 MB annotation file made every
command it ran look ~600 MB big, whatever the command did. So a small launcher process
starts the command and reports the command's ru_maxrss: all the command can inherit is
the launcher's few MB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

LAUNCHER = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "code = os.waitstatus_to_exitcode(status)\n"
    "open(sys.argv[1], 'w').write(f'{usage.ru_maxrss} {code}')\n"
    "sys.exit(code if code >= 0 else 128 - code)\n"
)


def launch(command: list[str], **popen: Any) -> tuple[subprocess.Popen[bytes], Path]:
    """``command`` started through the launcher (``popen`` as for subprocess.Popen: the
    command inherits its stdio, folder and session); wait for it with ``finish``."""
    fd, report = tempfile.mkstemp(prefix="epireader-peak-")
    os.close(fd)
    return subprocess.Popen([sys.executable, "-c", LAUNCHER, report, *command], **popen), Path(report)


def finish(proc: subprocess.Popen[bytes], report: Path) -> tuple[int, float]:
    """Wait for a launched command: its exit code and its own peak RSS in MB (nan if it
    was killed with its launcher)."""
    proc.wait()
    words = report.read_text().split()
    report.unlink(missing_ok=True)
    if len(words) != 2:
        return proc.returncode, float("nan")
    return int(words[1]), int(words[0]) / 1024
