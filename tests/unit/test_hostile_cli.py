"""Every command against hostile input: escape sequences and undecodable bytes in page
names and text, annotation files that cannot be read, the shared bad-input catalogue.

Whatever the input, a command prints no raw control character, no traceback, names
what it could not read and exits non-zero when it skipped something.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.cli.main import main
from tests.conftest import ROOT

ESC_NAME = "\x1b[31mred\x1b]0;pwned\x07.txt"
BYTE_NAME = os.fsdecode(b"caf\xff.txt")  # not UTF-8: a lone surrogate in Python
HOSTILE_TEXT = "\x1b]0;TITLEPWN\x07标题\x1b[5m闪烁\n\n4月13日凌晨1时30分,全县8200余名党员。\n"
# Any C0 control but newline and tab, DEL, and C1 controls (\x9b is CSI on its own).
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(*args: str | Path) -> Run:
    proc = subprocess.run(
        [sys.executable, "-m", "reader.cli", *map(str, args)], capture_output=True, cwd=ROOT, timeout=120
    )
    # Strict UTF-8: a name's undecodable byte printed raw fails here, as it breaks a row.
    return Run(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


def assert_terminal_safe(result: Run) -> None:
    for stream in (result.out, result.err):
        assert "Traceback" not in stream, result.err
        assert not RAW_CONTROL.search(stream), RAW_CONTROL.findall(stream)


def _tag_first(folder: Path, annotations: Path, text: str = "8200余名") -> None:
    from reader.annotation.editing import Editor
    from reader.annotation.store import AnnotationStore
    from reader.corpus.corpus import load_corpus

    session = Editor(AnnotationStore(annotations), "t")
    for page in load_corpus(folder).pages:
        # Not on the page whose name is not UTF-8: the store cannot save it (see the report).
        if page.readable and text in page.text and page.name != BYTE_NAME:
            start = page.text.index(text)
            session.tag(page, "figure", start, start + len(text))


def _exports(corpus: Path, annotations: Path, into: Path) -> dict[str, Path]:
    """A file of every importable format, from the domain's own export."""
    from reader.corpus.corpus import load_corpus
    from reader.export import IMPORT_FORMATS, export

    made = {}
    for fmt in IMPORT_FORMATS:
        written = export(load_corpus(corpus), annotations, fmt, into / fmt)
        made[fmt] = into / fmt if fmt == "brat" else written[-1]
    return made


# --- escapes and undecodable bytes in names and text ------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, Path, dict[str, Path]]:
    root = tmp_path_factory.mktemp("hostile")
    pages = root / "pages"
    pages.mkdir()
    for name in (ESC_NAME, BYTE_NAME):
        (pages / name).write_text(HOSTILE_TEXT, encoding="utf-8")
    _tag_first(pages, root / "ann")
    return pages, root / "ann", _exports(pages, root / "ann", root / "exported")


def _hostile_cases() -> list[tuple[str, list[str], int]]:
    from reader.export import FORMATS, IMPORT_FORMATS

    cases = [
        ("check", ["check", "{P}", "--annotations", "{A}"], 0),
        ("extract-jsonl", ["extract", "{P}", "--jobs", "1"], 0),
        ("extract-table", ["extract", "{P}", "--jobs", "1", "--format", "table"], 0),
        ("eval-errors", ["eval", "{P}", "--annotations", "{A}", "--show-errors"], 0),
        ("eval-errors-json", ["eval", "{P}", "--annotations", "{A}", "--show-errors", "--format", "json"], 0),
        (
            "eval-errors-rich",
            ["eval", "{P}", "--annotations", "{A}", "--show-errors", "--format", "table"],
            0,
        ),
        ("stats", ["stats", "{P}", "--annotations", "{A}"], 0),
        ("stats-json", ["stats", "{P}", "--annotations", "{A}", "--format", "json"], 0),
        ("index", ["index", "{P}", "--annotations", "{T}/ann", "--jobs", "1"], 0),
        ("agree", ["agree", "{A}", "{A}", "{P}"], 0),
        ("agree-rich", ["agree", "{A}", "{A}", "{P}", "--format", "table"], 0),
        ("teach", ["teach", "{P}", "--annotations", "{A}", "--min-count", "1"], 0),
        ("missing-page", ["check", "{P}/" + ESC_NAME + "x", "--annotations", "{A}"], 2),
        ("usage-error", ["stats", "{P}", "--format", "\x1b[2J"], 2),
    ]
    exports = ["export", "{P}", "--annotations", "{A}", "--out", "{T}/out", "--format"]
    cases += [(f"export-{f}", [*exports, f], 0) for f in FORMATS]
    cases += [(f"import-{f}", ["import", f, "{X}" + f, "{P}", "--annotations", "{T}/imported-" + f], 0)
              for f in IMPORT_FORMATS]  # fmt: skip
    return cases


@pytest.mark.parametrize(
    ("args", "code"),
    [pytest.param(*c[1:], id=c[0]) for c in _hostile_cases()],
)
def test_no_raw_escape_reaches_the_terminal_from_any_command(hostile, tmp_path, args, code):
    pages, ann, exported = hostile
    filled = []
    for arg in args:
        if arg.startswith("{X}"):
            filled.append(str(exported[arg.removeprefix("{X}")]))
        else:
            filled.append(
                arg.replace("{P}", str(pages)).replace("{A}", str(ann)).replace("{T}", str(tmp_path))
            )
    result = run(*filled)
    assert result.code == code, result.err
    assert_terminal_safe(result)


def test_names_show_their_escapes_and_undecodable_bytes_as_text(hostile):
    pages, ann, _ = hostile
    table = run("extract", pages, "--jobs", "1", "--format", "table")
    rows = [line.split("\t") for line in table.out.splitlines()[1:]]
    assert {row[0] for row in rows} == {f"{pages}/␛[31mred␛]0;pwned␇.txt", f"{pages}/caf\\xff.txt"}
    assert all(len(row) == 5 for row in rows)
    checked = run("check", pages, "--annotations", ann)
    assert f"{ann}/␛[31mred␛]0;pwned␇.json: 1 spans, ok" in checked.out


def test_json_output_stays_json_and_gives_the_names_back(hostile):
    pages, ann, _ = hostile
    lines = run("extract", pages, "--jobs", "1").out.splitlines()
    assert {json.loads(line)["source"] for line in lines} == {str(pages / ESC_NAME), str(pages / BYTE_NAME)}
    scored = json.loads(run("eval", pages, "--annotations", ann, "--show-errors", "--format", "json").out)
    assert scored["pages"] == 1


# --- annotation files that cannot be read --------------------------------------------


def _break(kind: str, ann: Path) -> None:
    path = ann / "q.json"
    if kind == "corrupt":
        path.write_text("{oops", encoding="utf-8")
    elif kind == "nesting-bomb":
        path.write_text('{"spans":' + "[" * 100_000, encoding="utf-8")
    elif kind == "huge-end":
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r'"end": \d+', '"end": 1e308', text, count=1), encoding="utf-8")
    else:  # the annotations path is a file
        shutil.rmtree(ann)
        ann.write_text("not a folder\n", encoding="utf-8")


COMMANDS = {
    "check": ["check", "{P}", "--annotations", "{A}"],
    "stats": ["stats", "{P}", "--annotations", "{A}"],
    "eval": ["eval", "{P}", "--annotations", "{A}"],
    "export": ["export", "{P}", "--annotations", "{A}", "--format", "jsonl", "--out", "{T}/out"],
    "teach": ["teach", "{P}", "--annotations", "{A}", "--min-count", "1"],
    "agree": ["agree", "{A}", "{B}", "{P}"],
}


@pytest.mark.parametrize("kind", ["corrupt", "nesting-bomb", "huge-end", "annotations-is-a-file"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_unreadable_annotation_file_is_named_and_the_exit_is_non_zero(tmp_path, capsys, command, kind):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("p", "q"):
        (pages / f"{name}.txt").write_text(f"{name}页。全县8200余名党员深入一线。\n", encoding="utf-8")
    ann, other = tmp_path / "ann", tmp_path / "other"
    _tag_first(pages, ann)
    shutil.copytree(ann, other)
    _break(kind, ann)
    args = [a.replace("{P}", str(pages)).replace("{A}", str(ann)) for a in COMMANDS[command]]
    args = [a.replace("{B}", str(other)).replace("{T}", str(tmp_path)) for a in args]
    capsys.readouterr()
    code = main(args)  # an exception out of main would be the traceback
    out, err = capsys.readouterr()
    assert code != 0, out + err
    named = str(ann) if kind == "annotations-is-a-file" else "q.json"
    assert named in out + err
    if command == "agree" and kind != "annotations-is-a-file":
        assert f"cannot compare: in {ann}: q.json: " in err  # which folder, not "A"
    if command == "stats" and kind != "annotations-is-a-file":
        # The rest is still counted: p's tag, and q's page without its tags.
        rows = {line.split("\t")[0]: line.split("\t") for line in out.splitlines()}
        assert rows["p.txt"][4] == "1" and rows["q.txt"][4] == "0"


# check lists a FIFO as one more file with a problem (tests/unit/test_store_not_regular.py).
@pytest.mark.parametrize("command", [*(c for c in COMMANDS if c != "check"), "import"])
def test_an_annotation_file_that_is_a_fifo_is_refused_not_read_for_ever(tmp_path, command):
    pages, ann = tmp_path / "pages", tmp_path / "ann"
    pages.mkdir()
    (pages / "p.txt").write_text("全县8200余名党员。\n", encoding="utf-8")
    ann.mkdir()
    os.mkfifo(ann / "p.json")
    (tmp_path / "other").mkdir()
    args = COMMANDS.get(command, ["import", "jsonl", "{T}/none.jsonl", "{P}", "--annotations", "{A}"])
    args = [a.replace("{P}", str(pages)).replace("{A}", str(ann)) for a in args]
    args = [a.replace("{B}", str(tmp_path / "other")).replace("{T}", str(tmp_path)) for a in args]
    result = run(*args)  # times out, and fails, if the FIFO is opened
    assert result.code == 2
    assert (
        result.err == f"epireader: {ann / 'p.json'} is not a regular file (a FIFO or a device): remove it\n"
    )


def test_teach_goes_on_with_the_files_it_can_read(tmp_path, capsys):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("p", "q"):
        (pages / f"{name}.txt").write_text("全县8200余名确诊病例。\n", encoding="utf-8")
    _tag_first(pages, tmp_path / "ann", "8200余名确诊病例")
    from reader.annotation.store import AnnotationStore

    store = AnnotationStore(tmp_path / "ann")
    for name in ("p", "q"):  # the counted noun teach looks at
        data = json.loads(store.path_for(f"{name}.txt").read_text(encoding="utf-8"))
        data["spans"][0]["attrs"] = {"counted": "确诊病例"}
        store.path_for(f"{name}.txt").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _break("corrupt", tmp_path / "ann")
    capsys.readouterr()
    assert main(["teach", str(pages), "--annotations", str(tmp_path / "ann"), "--min-count", "1"]) == 1
    out, err = capsys.readouterr()
    assert "确诊病例" in out and "tagged 1×" in out  # from p, the readable file
    assert err == "epireader: q.txt: left out: q.json: not valid JSON (Expecting property name enclosed " \
        "in double quotes: line 1 column 2 (char 1))\n"  # fmt: skip


# --- the shared catalogue of awkward pages -----------------------------------------


@pytest.fixture(scope="module")
def catalogue(bad_inputs, tmp_path_factory) -> tuple[Path, Path, dict[str, Path]]:
    root = tmp_path_factory.mktemp("catalogue")
    pages = root / "pages"
    shutil.copytree(bad_inputs, pages)
    _tag_first(pages, root / "ann")
    return pages, root / "ann", _exports(pages, root / "ann", root / "exported")


UNREADABLE = ("empty.txt", "binary.txt", "whitespace-only.txt")
CATALOGUE_CASES = {
    "check": (["check", "{P}", "--annotations", "{A}"], 0),
    "extract": (["extract", "{P}", "--jobs", "1"], 1),
    "extract-table": (["extract", "{P}", "--jobs", "1", "--format", "table"], 1),
    "eval": (["eval", "{P}", "--annotations", "{A}", "--show-errors"], 0),
    "eval-rich": (["eval", "{P}", "--annotations", "{A}", "--show-errors", "--format", "table"], 0),
    "export": (["export", "{P}", "--annotations", "{A}", "--format", "brat", "--out", "{T}/brat"], 0),
    "import": (["import", "jsonl", "{X}", "{P}", "--annotations", "{T}/imported"], 0),
    "stats": (["stats", "{P}", "--annotations", "{A}"], 1),
    "index": (["index", "{P}", "--annotations", "{T}/ann", "--jobs", "1"], 0),
    "agree": (["agree", "{A}", "{A}", "{P}", "--format", "table"], 0),
    "teach": (["teach", "{P}", "--annotations", "{A}", "--min-count", "1"], 0),
}


@pytest.mark.parametrize("case", list(CATALOGUE_CASES))
def test_the_bad_input_catalogue_through_every_command(catalogue, tmp_path, case):
    pages, ann, exported = catalogue
    args, code = CATALOGUE_CASES[case]
    filled = [
        a.replace("{P}", str(pages)).replace("{A}", str(ann)).replace("{T}", str(tmp_path))
        .replace("{X}", str(exported["jsonl"]))
        for a in args
    ]  # fmt: skip
    result = run(*filled)
    assert result.code == code, result.err
    assert_terminal_safe(result)
    if code:  # something was skipped: each page is named with its reason
        for name in UNREADABLE:
            assert re.search(rf"{name}: (skipped|not counted), \w", result.err), result.err


def test_stats_shows_an_escape_in_a_page_name_as_text(tmp_path, capsys):
    """What the stats cases above check but for the name that is not UTF-8."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / ESC_NAME).write_text(HOSTILE_TEXT, encoding="utf-8")
    _tag_first(pages, tmp_path / "ann")
    for fmt in ("tsv", "json", "table"):
        assert main(["stats", str(pages), "--annotations", str(tmp_path / "ann"), "--format", fmt]) == 0
        out, err = capsys.readouterr()
        assert_terminal_safe(Run(0, out, err))
        assert "␛[31m" in out or fmt == "json"  # a rich table may fold the rest of the name
        if fmt == "json":
            assert json.loads(out)["pages"][0]["page"] == ESC_NAME
