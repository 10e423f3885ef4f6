"""`epireader curate` before its screen opens: each problem is one line (exit 2), nothing
written; folders that agree everywhere need no screen."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT
from tests.unit.test_cli import run_cli

PAGE = "000_1b80620b9e734545"


@pytest.fixture
def two(tmp_path):
    """Two copies of the seed gold of page 000, as two annotators' folders."""
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        shutil.copy(ROOT / "annotations" / f"{PAGE}.json", tmp_path / name / f"{PAGE}.json")
    return tmp_path


@pytest.mark.parametrize(
    ("case", "args", "line"),
    [
        ("missing", ["{t}/a", "{t}/nope", "seeds", "--into", "{t}/g"], "no annotations folder: {t}/nope"),
        (
            "gold is a",
            ["{t}/a", "{t}/b", "seeds", "--into", "{t}/a"],
            "GOLD {t}/a is the same folder as {t}/a: curate into a folder of its own",
        ),
        (
            "no page in common",
            ["{t}/a", "{t}/empty", "seeds", "--into", "{t}/g"],
            "no page of seeds is annotated in all of {t}/a, {t}/empty",
        ),
        ("corrupt", ["{t}/a", "{t}/b", "seeds", "--into", "{t}/g"], "in {t}/b: "),
        ("one folder", ["{t}/a", "--into", "{t}/g"], None),
    ],
)
def test_what_stops_curate_is_one_line_and_writes_nothing(two, case, args, line):
    (two / "empty").mkdir()
    if case == "corrupt":
        (two / "b" / f"{PAGE}.json").write_text('{"spans": [', encoding="utf-8")
    result = run_cli("curate", *(a.format(t=two) for a in args))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    if line is None:
        assert "Missing argument 'DIR_B'" in result.stderr
    else:
        assert result.stderr.startswith(f"epireader: {line.format(t=two)}")
    assert not (two / "g").exists()
    assert (two / "a" / f"{PAGE}.json").read_bytes() == (ROOT / "annotations" / f"{PAGE}.json").read_bytes()


def test_folders_that_agree_everywhere_go_to_gold_without_a_screen(two):
    result = run_cli("curate", str(two / "a"), str(two / "b"), "seeds", "--into", str(two / "g"))
    assert result.returncode == 0, result.stderr
    assert "nothing to curate: the folders agree everywhere; 59 agreed span(s) put in" in result.stderr
    agree = run_cli("agree", str(two / "g"), str(two / "a"), "seeds", "--format", "json")
    assert '"f1_strict": 1.0' in agree.stdout and '"disagreements": []' in agree.stdout
