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


def _tagged_corpus(tmp_path):
    from reader.corpus import load_corpus
    from reader.editing import Session
    from reader.store import AnnotationStore

    corpus_dir = tmp_path / "pages"
    corpus_dir.mkdir()
    (corpus_dir / "p.txt").write_text("全县174个党员先锋岗,8200余名党员深入一线。\n", encoding="utf-8")
    corpus = load_corpus(corpus_dir)
    page = corpus.pages[0]
    session = Session(AnnotationStore(tmp_path / "ann"), "t")
    start = page.text.index("8200余名")
    session.tag(page, "figure", start, start + 6)
    return corpus_dir, tmp_path / "ann"


def test_check_passes_on_good_files_and_reports_bad_ones(tmp_path):
    corpus_dir, ann = _tagged_corpus(tmp_path)
    ok = run_cli("check", str(corpus_dir), "--annotations", str(ann))
    assert ok.returncode == 0, ok.stdout
    assert "1 spans, ok" in ok.stdout
    # Shift a span's offsets by hand: the stored text no longer matches.
    import json

    path = ann / "p.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["spans"][0]["start"] += 1
    data["spans"][0]["end"] += 1
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    bad = run_cli("check", str(corpus_dir), "--annotations", str(ann))
    assert bad.returncode == 1
    assert "text at" in bad.stdout and "8200余名" in bad.stdout


def test_check_reports_a_changed_page_and_broken_json(tmp_path):
    corpus_dir, ann = _tagged_corpus(tmp_path)
    (corpus_dir / "p.txt").write_text(
        "新的一句。全县174个党员先锋岗,8200余名党员深入一线。\n", encoding="utf-8"
    )
    (corpus_dir / "q.txt").write_text("另一页。\n", encoding="utf-8")
    (ann / "q.json").write_text("{oops", encoding="utf-8")
    result = run_cli("check", str(corpus_dir), "--annotations", str(ann))
    assert result.returncode == 1
    assert "page text changed" in result.stdout
    assert "cannot be read as JSON" in result.stdout
    assert (ann / "q.json").read_text(encoding="utf-8") == "{oops"
