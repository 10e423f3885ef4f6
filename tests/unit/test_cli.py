from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, tagged_folder


def run_cli(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=60,
        env={**os.environ, **env},
    )


def tsv_tables(text: str) -> list[list[list[str]]]:
    """TSV output: tables apart by a blank line, each a header row and rows."""
    return [[line.split("\t") for line in block.splitlines()] for block in text.strip("\n").split("\n\n")]


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
    """Every module outside reader.tui imports without Textual, and without jieba
    (which loads lazily, in a worker). The module list comes from the package itself."""
    code = (
        "import pkgutil, importlib, sys, reader\n"
        "names = [m.name for m in pkgutil.walk_packages(reader.__path__, 'reader.')\n"
        "         if not m.name.startswith('reader.tui') and m.name != 'reader.cli.__main__']\n"
        "assert len(names) > 20, names\n"
        "for name in names: importlib.import_module(name)\n"
        "assert 'textual' not in sys.modules, sorted(m for m in sys.modules if 'textual' in m)\n"
        "assert 'jieba' not in sys.modules, 'jieba is loaded lazily, in a worker'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_check_passes_on_good_files_and_reports_bad_ones(tmp_path):
    corpus_dir, ann = tagged_folder(tmp_path)
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
    corpus_dir, ann = tagged_folder(tmp_path)
    (corpus_dir / "p.txt").write_text(
        "新的一句。全县174个党员先锋岗,8200余名党员深入一线。\n", encoding="utf-8"
    )
    (corpus_dir / "q.txt").write_text("另一页。\n", encoding="utf-8")
    (ann / "q.json").write_text("{oops", encoding="utf-8")
    result = run_cli("check", str(corpus_dir), "--annotations", str(ann))
    assert result.returncode == 1
    assert "page text changed" in result.stdout
    assert "q.json: not valid JSON" in result.stdout
    assert (ann / "q.json").read_text(encoding="utf-8") == "{oops"


def test_extract_jsonl_has_exactly_the_documented_keys(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(
        "4月13日凌晨1时30分,王答乡发现初筛阳性人员。全县8200余名党员深入一线。\n", encoding="utf-8"
    )
    result = run_cli("extract", str(page), "--no-progress")
    assert result.returncode == 0, result.stderr
    import json

    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [set(r) for r in rows] == [{"source", "label", "start", "end", "text", "attrs"}] * 2
    text = page.read_text(encoding="utf-8")
    for row in rows:
        assert row["source"] == str(page)
        assert text[row["start"] : row["end"]] == row["text"]
    assert [r["text"] for r in rows] == ["4月13日凌晨1时30分,王答乡发现初筛阳性人员", "8200余名"]


def test_extract_folder_streams_with_progress_and_jobs(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(12):
        (folder / f"{i:02d}.txt").write_text(f"第{i}页。全县{i + 1}个村参加。\n", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"")
    result = run_cli("extract", str(folder), "--jobs", "2", "--format", "table")
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["source", "label", "start", "end", "text"]
    assert [line.split("\t")[4] for line in lines[1:]] == [f"{i + 1}个" for i in range(12)]
    assert "13/13 pages" in result.stderr
    assert "bad.txt: skipped, empty file" in result.stderr
    assert result.returncode == 1  # a page was skipped


def test_eval_reports_scores_and_min_f1_fails_below(tmp_path):
    ok = run_cli("eval", "seeds", "--annotations", "annotations", "--show-errors")
    assert ok.returncode == 0, ok.stderr
    scores, errors, boundary, attributes = tsv_tables(ok.stdout)
    assert scores[0] == ["label", "match", "gold", "found", "precision", "recall", "F1"]
    pairs = [[label, mode] for label in ("event", "figure") for mode in ("strict", "lenient")]
    assert [r[:2] for r in scores[1:]] == pairs
    assert errors[0][0] == "error" and {r[0] for r in errors[1:]} <= {"missed", "false alarm"}
    assert boundary[0][:2] == ["label", "page"]
    assert attributes[0] == ["attribute", "page", "start", "end", "context", "gold", "found"]
    assert {r[0] for r in attributes[1:]} <= {"counted", "date"} and all(r[5] != r[6] for r in attributes[1:])
    assert "counted exact" in ok.stderr and "dates" in ok.stderr
    failing = run_cli("eval", "seeds", "--min-f1", "0.999")
    assert failing.returncode == 1
    assert "below --min-f1" in failing.stderr


def test_export_writes_each_format(tmp_path):
    for fmt, name in (("brat", "annotation.conf"), ("jsonl", "annotations.jsonl"),
                      ("label-studio", "label-studio.json"), ("bio", "annotations.bio")):  # fmt: skip
        result = run_cli("export", "--format", fmt, "--out", str(tmp_path / fmt))
        assert result.returncode == 0, result.stderr
        assert (tmp_path / fmt / name).exists()
    bad = run_cli("export", "--format", "xml")
    assert bad.returncode == 2 and "'xml' is not one of" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_eval_and_export_stop_cleanly_on_a_corrupt_annotation_file(tmp_path):
    corpus_dir, ann = tagged_folder(tmp_path)
    (ann / "p.json").write_text("{broken", encoding="utf-8")
    for args in (["eval", str(corpus_dir)], ["export", str(corpus_dir), "--format", "brat"]):
        result = run_cli(*args, "--annotations", str(ann))
        assert result.returncode == 2, result.stderr
        assert "p.json" in result.stderr and "not valid JSON" in result.stderr
        assert "Traceback" not in result.stderr
    assert (ann / "p.json").read_text(encoding="utf-8") == "{broken"


def test_stats_counts_pages_and_corpus():
    result = run_cli("stats", "seeds")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["page", "articles", "chars"]
    corpus_line = next(line for line in lines if line.startswith("corpus (5 pages)"))
    assert corpus_line.split()[3:7] == ["22", "23787", "48", "273"]


def test_agree_between_two_copies_of_the_gold_with_one_change(tmp_path):
    import json
    import shutil

    shutil.copytree(ROOT / "annotations", tmp_path / "b")
    path = tmp_path / "b" / "000_1b80620b9e734545.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["spans"] = [s for s in data["spans"] if s["text"] != "8200余名"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_cli("agree", "annotations", str(tmp_path / "b"), "seeds")
    assert result.returncode == 0, result.stderr
    assert "5 page(s) annotated by both" in result.stderr  # stdout is TSV only
    scores, disagreements = tsv_tables(result.stdout)
    assert ["annotations", "figure", "000_1b80620b9e734545.txt"] in [r[:3] for r in disagreements]
    assert "[8200余名]" in result.stdout
    rows = {row[0]: row[1:] for row in scores[1:]}
    assert rows["event"] == ["1.000", "1.000", "1.000"]
    assert rows["figure"][0] != "1.000" and float(rows["figure"][2]) < 1.0


def test_teach_lists_then_applies_terms(tmp_path):
    import shutil

    shutil.copytree(ROOT / "annotations", tmp_path / "ann")
    listed = run_cli("teach", "seeds", "--annotations", str(tmp_path / "ann"))
    assert listed.returncode == 0, listed.stderr
    assert "确诊病例" in listed.stdout and "jieba: 确诊/病例" in listed.stdout
    assert not (tmp_path / "ann" / "userdict.txt").exists()  # listing changes nothing
    applied = run_cli("teach", "seeds", "--annotations", str(tmp_path / "ann"), "--apply")
    assert "added" in applied.stdout
    terms = (tmp_path / "ann" / "userdict.txt").read_text(encoding="utf-8")
    assert "确诊病例" in terms
    again = run_cli("teach", "seeds", "--annotations", str(tmp_path / "ann"))
    assert "确诊病例" not in again.stdout.split("tag edges")[0]  # now jieba keeps it whole


def test_eval_reviewed_only(tmp_path):
    import shutil

    from reader.annotation.editing import Editor
    from reader.annotation.store import AnnotationStore
    from reader.corpus.corpus import load_corpus

    shutil.copytree(ROOT / "annotations", tmp_path / "ann")
    none = run_cli("eval", "seeds", "--annotations", str(tmp_path / "ann"), "--reviewed-only")
    assert none.returncode == 2 and "no annotated pages" in none.stderr
    corpus = load_corpus(ROOT / "seeds")
    page = corpus.pages[0]
    Editor(AnnotationStore(tmp_path / "ann"), "t").toggle_reviewed(page, page.articles[4])
    one = run_cli("eval", "seeds", "--annotations", str(tmp_path / "ann"), "--reviewed-only")
    assert one.returncode == 0, one.stderr
    # Article 4 of page 000 holds 3 events and 9 figures of the gold.
    gold = {(r[0], r[1]): r[2] for r in tsv_tables(one.stdout)[0][1:]}
    assert gold["event", "strict"] == "3" and gold["figure", "strict"] == "9"
