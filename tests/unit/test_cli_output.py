"""The click CLI: --help, the default command, output formats, progress, exit codes."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import types

import pytest

from tests.conftest import ROOT
from tests.unit.test_cli import run_cli, tsv_tables

COMMANDS = [
    "open",
    "check",
    "extract",
    "index",
    "eval",
    "export",
    "import",
    "stats",
    "agree",
    "curate",
    "teach",
]


def run_on_tty(*args: str, tty: str, cwd=ROOT) -> tuple[int, str, str]:
    """Run the CLI with ``tty`` ("stdout" or "stderr") on a pseudo-terminal 200 columns
    wide and the other stream on a pipe; returns (exit code, tty text, pipe text)."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, tty: slave}
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("COLUMNS", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader.cli", *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL, **streams
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    piped = (proc.stderr if tty == "stdout" else proc.stdout).read()
    code = proc.wait(timeout=60)
    return code, b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n"), piped.decode("utf-8")


def _pages(folder, count: int, text: str = "全县{n}个村参加。") -> None:
    folder.mkdir()
    for i in range(count):
        (folder / f"{i:03d}.txt").write_text(f"第{i}页。" + text.format(n=i + 1) + "\n", encoding="utf-8")


def _gold_copy_without_one_figure(tmp_path):
    shutil.copytree(ROOT / "annotations", tmp_path / "b")
    path = tmp_path / "b" / "000_1b80620b9e734545.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["spans"] = [s for s in data["spans"] if s["text"] != "8200余名"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return tmp_path / "b"


# --- help and routing -------------------------------------------------------------


def test_help_lists_every_command_with_a_one_line_description():
    result = run_cli("--help")
    assert result.returncode == 0, result.stderr
    section = result.stdout.split("Commands:")[1].strip().splitlines()
    names = [line.split()[0] for line in section]
    assert names == COMMANDS
    for line in section:
        description = line.split(maxsplit=1)[1]
        assert description.endswith(".") and not description.endswith("..."), line


def test_routing_puts_open_in_front_unless_a_command_or_group_option_comes_first():
    from reader.cli.group import cli

    assert cli.route(["seeds"]) == ["open", "seeds"]
    assert cli.route(["--", "-odd.txt"]) == ["open", "--", "-odd.txt"]
    assert cli.route(["--annotations", "ann", "seeds"]) == ["open", "--annotations", "ann", "seeds"]
    assert cli.route(["./check"]) == ["open", "./check"]
    for args in (["check", "seeds"], ["stats"], ["--help"], ["-h"], []):
        assert cli.route(args) == args


def test_default_command_opens_the_reader_on_a_dash_named_page(tmp_path, monkeypatch):
    """`epireader --annotator x -- -odd.txt` reaches make_app with that page, without a TUI."""
    from reader.cli.main import main

    (tmp_path / "-odd.txt").write_text("全县174个党员先锋岗。\n", encoding="utf-8")
    opened = []

    def make_app(corpus, **options):
        opened.append((corpus, options))
        return types.SimpleNamespace(run=lambda headless=False: None)

    monkeypatch.setitem(sys.modules, "reader.tui.app", types.SimpleNamespace(make_app=make_app))
    monkeypatch.chdir(tmp_path)
    assert main(["--annotator", "x", "--keywords", "textrank", "--", "-odd.txt"]) == 0
    [(corpus, options)] = opened
    assert [p.name for p in corpus.pages] == ["-odd.txt"]
    assert options["annotator"] == "x" and options["keywords"] == "textrank"
    assert str(options["annotations"]) == "annotations"


def test_main_returns_exit_codes(tmp_path, capsys):
    from reader.cli.main import main

    assert main(["--help"]) == 0
    assert main(["check", str(tmp_path / "missing")]) == 2
    assert main(["eval", "--min-f1", "high"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"epireader: no such file or folder: {tmp_path / 'missing'}"
    assert err[1].startswith("epireader eval: Invalid value for '--min-f1'")
    assert main([]) == 2  # the help, on stderr, as for any usage error
    assert "Commands:" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eval", "--no-such-option"], ("epireader eval:", "No such option", "--no-such-option")),
        (["extract"], ("epireader extract:", "Missing argument", "PATHS")),
        (["stats", "--format", "xml"], ("epireader stats:", "'xml' is not one of")),
        (["agree", "annotations"], ("epireader agree:", "Missing argument", "DIR_B")),
    ],
)
def test_usage_errors_exit_2_with_one_line(args, message):
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert all(part in result.stderr for part in message), result.stderr
    assert result.stdout == ""


def test_check_without_an_annotations_folder_says_how_to_give_one(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.txt").write_text("一页。\n", encoding="utf-8")
    result = run_cli("check", "pages", cwd=tmp_path)
    assert result.returncode == 2
    hint = "(give one with --annotations DIR)"
    assert result.stderr == f"epireader: no annotations folder: annotations {hint}\n"


# --- tables: TSV into a pipe, JSON on request, rich on a terminal -------------------


def test_eval_tsv_and_json_hold_the_same_numbers():
    tsv = run_cli("eval", "seeds")
    as_json = run_cli("eval", "seeds", "--format", "json", "--show-errors")
    assert tsv.returncode == as_json.returncode == 0, tsv.stderr + as_json.stderr
    [scores] = tsv_tables(tsv.stdout)
    assert scores[0] == ["label", "match", "gold", "found", "precision", "recall", "F1"]
    assert tsv.stderr.startswith("5 annotated page(s), counted exact ")
    data = json.loads(as_json.stdout)
    assert data["pages"] == 5
    from_json = [
        [s["label"], s["match"], str(s["gold"]), str(s["found"])]
        + [f"{s[k]:.3f}" for k in ("precision", "recall", "f1")]
        for s in data["scores"]
    ]
    assert from_json == scores[1:]
    assert len(data["errors"]) > 0
    assert set(data["errors"][0]) == {"error", "label", "page", "start", "end", "context"}


def test_stats_tsv_and_json_hold_the_same_numbers():
    from reader.corpus.stats import STATS_COLUMNS

    tsv = run_cli("stats", "seeds")
    as_json = run_cli("stats", "seeds", "--format", "json")
    assert tsv.returncode == as_json.returncode == 0
    assert tsv.stderr == ""  # no progress bar, no summary: stderr is not a terminal
    [table] = tsv_tables(tsv.stdout)
    assert tuple(table[0]) == STATS_COLUMNS and len(table) == 1 + 5 + 1
    assert table[-1][:5] == ["corpus (5 pages)", "22", "23787", "48", "273"]
    data = json.loads(as_json.stdout)
    assert [p["page"] for p in data["pages"]] == [row[0] for row in table[1:-1]]
    total = data["corpus"]
    assert [total[k] for k in ("articles", "chars", "events", "figures")] == [22, 23787, 48, 273]
    assert sum(p["figures"] for p in data["pages"]) == 273 and isinstance(total["annotators"], list)


def test_stats_rows_and_records_of_an_unreadable_and_a_tagged_page():
    from reader.corpus.index import PageStats
    from reader.corpus.stats import stats_records, stats_rows

    pages = [
        PageStats("x.txt", problem="empty file"),
        PageStats("y.txt", 4, 100, {"event": 2, "figure": 3}, 1, 1, {"bob", "al"}),
    ]
    assert stats_rows(pages) == [
        ["x.txt", "—", "—", "—", "—", "—", "—", "unreadable: empty file"],
        ["y.txt", "4", "100", "2", "3", "1", "1/4 (25%)", "al, bob"],
        ["corpus (2 pages)", "4", "100", "2", "3", "1", "1/4 (25%)", "al, bob"],
    ]
    unreadable, _, total = stats_records(pages)
    assert unreadable["problem"] == "empty file" and unreadable["articles"] is None
    assert total["reviewed"] == 1 and total["annotators"] == ["al", "bob"]


def test_agree_json_and_a_rich_table_on_request(tmp_path):
    b = _gold_copy_without_one_figure(tmp_path)
    data = json.loads(run_cli("agree", "annotations", str(b), "--format", "json").stdout)
    assert data["pages"] == 5
    scores = {s["label"]: s for s in data["scores"]}
    assert scores["event"]["f1_strict"] == 1.0 and scores["figure"]["kappa_chars"] < 1.0
    [d] = [d for d in data["disagreements"] if "8200余名" in d["context"]]
    expected = ("annotations", "figure", "000_1b80620b9e734545.txt", "span")
    assert (d["who"], d["label"], d["page"], d["what"]) == expected
    table = run_cli("agree", "annotations", str(b), "--format", "table", COLUMNS="200")
    assert "\t" not in table.stdout and "kappa (chars)" in table.stdout
    assert "5 page(s) annotated by both" in table.stdout
    assert "[8200余名]" in table.stdout  # a context is text, not rich markup


def test_agree_three_folders_gives_alpha_and_each_pair_and_names_who_has_a_span(tmp_path):
    b = _gold_copy_without_one_figure(tmp_path)
    shutil.copytree(ROOT / "annotations", tmp_path / "c")
    c = tmp_path / "c"
    # The last folder holds annotation files, not pages: the corpus is ./seeds.
    result = run_cli("agree", "annotations", str(b), str(c), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["pages"] == 5
    alpha = {s["label"]: s["alpha_chars"] for s in data["scores"]}
    assert alpha["event"] == 1.0 and 0.9 < alpha["figure"] < 1.0
    assert [(p["pair"], p["label"]) for p in data["pairs"]][:2] == [
        (f"annotations / {b}", "event"),
        (f"annotations / {b}", "figure"),
    ]
    assert len(data["pairs"]) == 6  # 3 pairs, 2 labels
    [d] = [d for d in data["disagreements"] if "8200余名" in d["context"]]
    assert d["who"] == f"annotations, {c}"  # the two folders that have it


def test_agree_with_no_page_in_common_is_one_line(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    result = run_cli("agree", str(tmp_path / "a"), str(tmp_path / "b"), "seeds")
    assert result.returncode == 2
    folders = f"{tmp_path / 'a'}, {tmp_path / 'b'}"
    assert result.stderr == f"epireader: no page of seeds is annotated in all of {folders}\n"


def test_stats_on_a_terminal_is_a_rich_table():
    code, shown, _ = run_on_tty("stats", "seeds", tty="stdout")
    assert code == 0
    shown = re.sub(r"\x1b\[[0-9;]*m", "", shown)  # colours and bold
    assert "\t" not in shown and "corpus (5 pages)" in shown and "─" in shown
    header = next(line for line in shown.splitlines() if "articles" in line)
    assert header.split()[:3] == ["page", "articles", "chars"]


# --- extract: progress only on a terminal ------------------------------------------


def test_extract_prints_nothing_per_page_when_stderr_is_not_a_terminal(tmp_path):
    _pages(tmp_path / "many", 12)
    (tmp_path / "many" / "bad.txt").write_bytes(b"")
    result = run_cli("extract", str(tmp_path / "many"), "--jobs", "1")
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 12
    assert result.stderr.splitlines() == [
        f"epireader: {tmp_path / 'many' / 'bad.txt'}: skipped, empty file",
        "epireader: extract: 13/13 pages, 1 skipped",
    ]
    quiet = run_cli("extract", str(tmp_path / "many" / "000.txt"), "--no-progress")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_extract_shows_a_rich_progress_bar_when_stderr_is_a_terminal(tmp_path):
    _pages(tmp_path / "many", 5)
    code, shown, out = run_on_tty("extract", str(tmp_path / "many"), "--jobs", "1", tty="stderr")
    assert code == 0
    assert [json.loads(line)["text"] for line in out.splitlines()] == [f"{i + 1}个" for i in range(5)]
    assert "5/5" in shown and "pages" in shown and "━" in shown  # rich's bar
    assert "epireader: extract:" not in shown  # the bar, not the pipe's summary line


def test_extract_ctrl_c_ends_workers_quietly_with_130(tmp_path):
    _pages(tmp_path / "many", 1500, "全县{n}个村参加,8200余名党员深入一线。" * 20)
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader.cli", "extract", str(tmp_path / "many"), "--jobs", "2"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C would reach
    )
    assert proc.stdout.readline()  # workers are up and producing
    os.killpg(proc.pid, signal.SIGINT)
    started = time.monotonic()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.decode().strip() == "epireader: interrupted"
    assert time.monotonic() - started < 30  # the pool was ended, not waited for


def test_extract_into_a_closed_pipe_exits_0_quietly(tmp_path):
    _pages(tmp_path / "many", 300, "全县{n}个村参加,8200余名党员深入一线。" * 10)
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader.cli", "extract", str(tmp_path / "many"), "--jobs", "1"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert "Traceback" not in err and "Broken pipe" not in err


@pytest.mark.parametrize("width", [80, 60])
def test_stats_rows_stay_one_line_on_a_narrow_terminal(width):
    """Long page names end in … instead of folding each row into 7-character slices."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = dict(os.environ, COLUMNS=str(width))
    out = subprocess.run(
        [sys.executable, "-m", "reader.cli.main", "stats", str(ROOT / "heldout" / "pages"),
         "--annotations", str(ROOT / "heldout" / "annotations"), "--format", "table"],
        capture_output=True, text=True, env=env, check=True,
    ).stdout  # fmt: skip
    rows = [line for line in out.splitlines() if line.strip()[:2].isdigit()]
    assert len(rows) == 25  # one line per page, each starting with its name
    assert all(len(line) <= width for line in out.splitlines())
    assert any("…" in line for line in rows)
