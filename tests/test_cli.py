from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: d / "missing", "no such file or folder"),
        (lambda d: d, "no .txt page files"),
        (lambda d: (d / "notes.json").write_text("{}") and d, "no .txt page files"),
    ],
)
def test_bad_corpus_paths_exit_2_with_one_line(tmp_path, setup, message):
    target = setup(tmp_path)
    result = run_cli(str(target))
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_domain_and_cli_do_not_import_textual():
    code = (
        "import sys\n"
        "import reader.cli, reader.corpus, reader.articles, reader.decoding, reader.normalize\n"
        "import reader.segment, reader.keywords, reader.layout, reader.document\n"
        "import reader.cli as c\n"
        "assert 'textual' not in sys.modules, sorted(m for m in sys.modules if 'textual' in m)\n"
        "assert 'jieba' not in sys.modules, 'jieba is loaded lazily, in a worker'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
