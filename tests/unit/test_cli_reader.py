"""The reader command around the app: where tags go, crashes, and quitting at once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import types
from pathlib import Path

from tests.conftest import ROOT


def _open_with_fake_app(tmp_path, monkeypatch, *args: str):
    from reader.cli.main import main

    opened = []

    def make_app(corpus, **options):
        opened.append(options)
        return types.SimpleNamespace(run=lambda headless=False: None)

    monkeypatch.setitem(sys.modules, "reader.tui.app", types.SimpleNamespace(make_app=make_app))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.txt").write_text("全县174个党员先锋岗。\n", encoding="utf-8")
    (tmp_path / "annotations").mkdir(exist_ok=True)
    (tmp_path / "annotations" / "GOLD.md").write_text("gold\n", encoding="utf-8")
    assert main(["--annotator", "ann", *args, "p.txt"]) == 0
    return opened[0]


def test_a_gold_default_folder_sends_your_tags_to_your_own_folder(tmp_path, monkeypatch, capsys):
    options = _open_with_fake_app(tmp_path, monkeypatch)
    assert str(options["annotations"]) == "annotators/ann" and not options["edit_gold"]
    assert "is gold; your tags went to annotators/ann" in capsys.readouterr().err


def test_edit_gold_or_an_explicit_folder_opens_the_gold_itself(tmp_path, monkeypatch):
    assert str(_open_with_fake_app(tmp_path, monkeypatch, "--edit-gold")["annotations"]) == "annotations"
    explicit = _open_with_fake_app(tmp_path, monkeypatch, "--annotations", "annotations")
    assert str(explicit["annotations"]) == "annotations" and not explicit["edit_gold"]


def test_a_crash_exits_1_and_leaves_a_report(tmp_path, capsys, monkeypatch):
    from textual.app import App

    from reader.cli.launch import finish

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)

    class Broken(App[None]):
        def on_mount(self) -> None:
            raise RuntimeError("boom in the reader")

    assert finish(Broken(), headless=True) == 1
    err = capsys.readouterr().err
    [report] = list(tmp_path.glob("epireader-crash-*.txt"))
    assert str(report) in err and "RuntimeError" in err
    assert "boom in the reader" in report.read_text(encoding="utf-8")


def test_quitting_does_not_wait_for_a_busy_worker():
    """A worker stuck in a long pass (a 50 MB page) must not hold the process after q."""
    script = textwrap.dedent(
        """
        import sys, time
        from textual import work
        from textual.app import App
        from reader.cli.launch import finish
        from reader.tui.threads import workers_in_daemon_threads

        class Busy(App[None]):
            def on_load(self):
                workers_in_daemon_threads()  # as the reader's app does

            def on_mount(self):
                self.grind()
                self.set_timer(0.3, self.exit)

            @work(thread=True)
            def grind(self):
                time.sleep(60)

        sys.exit(finish(Busy(), headless=True, exit_process=True))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, timeout=30, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()[-2000:]


def _opened_options(monkeypatch) -> list[dict]:
    """What `epireader DIR` would build the app with (the app itself not run)."""
    opened: list[dict] = []

    def make_app(corpus, **options):
        opened.append(options)
        return types.SimpleNamespace(run=lambda headless=False: None)

    monkeypatch.setitem(sys.modules, "reader.tui.app", types.SimpleNamespace(make_app=make_app))
    return opened


def test_without_annotations_here_tags_go_beside_the_pages(tmp_path, monkeypatch):
    """Not a new ./annotations wherever the reader was started: beside the pages' folder."""
    from reader.cli.main import main

    opened = _opened_options(monkeypatch)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "p.txt").write_text("全县174个党员先锋岗。\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert main([str(tmp_path / "news")]) == 0
    assert opened[0]["annotations"] == tmp_path / "annotations"
    assert not (tmp_path / "elsewhere" / "annotations").exists()


def test_the_reader_says_where_tags_go():
    from pathlib import Path

    from reader.session.state import where_tags_go

    assert where_tags_go(Path("annotations")) == "Your tags: annotations/"


def test_the_annotations_beside_the_pages_win_over_the_ones_here(tmp_path, monkeypatch):
    """`epireader heldout/pages` from the project: heldout/annotations, not ./annotations."""
    from reader.cli.main import main

    opened = _opened_options(monkeypatch)
    (tmp_path / "annotations").mkdir()
    (tmp_path / "heldout" / "pages").mkdir(parents=True)
    (tmp_path / "heldout" / "annotations").mkdir()
    (tmp_path / "heldout" / "pages" / "p.txt").write_text("全县174个党员先锋岗。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["heldout/pages"]) == 0
    assert opened[0]["annotations"] == Path("heldout/annotations")


def test_a_path_alone_that_cannot_be_opened_is_reported_as_open_reports_it(tmp_path, capsys):
    """`epireader PATH` skips click on its way to the reader (reader/cli/main.py): a
    PATH it cannot open still gets the `open` command's message and exit code."""
    import gc

    from reader.cli.main import main

    (tmp_path / "empty").mkdir()
    for path in (tmp_path / "missing", tmp_path / "empty"):
        assert main(["open", str(path)]) == 2
        by_open = capsys.readouterr().err
        assert main([str(path)]) == 2
        assert capsys.readouterr().err == by_open and str(path) in by_open
        assert gc.isenabled()  # turned off for the start, back on with no app to do it


def test_the_gold_note_is_printed_once_the_screen_has_closed(tmp_path, monkeypatch, capsys):
    """A line printed before a full-screen app is hidden behind it (and printing it
    through click cost the start ~7 ms); the status line says it in the app."""
    from reader.cli.main import main

    during = []

    def make_app(corpus, **options):
        return types.SimpleNamespace(run=lambda headless=False: during.append(capsys.readouterr().err))

    monkeypatch.setitem(sys.modules, "reader.tui.app", types.SimpleNamespace(make_app=make_app))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.txt").write_text("全县174个党员先锋岗。\n", encoding="utf-8")
    (tmp_path / "annotations").mkdir()
    (tmp_path / "annotations" / "GOLD.md").write_text("gold\n", encoding="utf-8")
    assert main(["p.txt"]) == 0
    assert during == [""]
    assert capsys.readouterr().err.startswith("epireader: annotations is gold; your tags went to annotators/")


def test_ctrl_c_while_the_reader_loads_is_one_line_and_exit_130(tmp_path, monkeypatch, capsys):
    import gc

    from reader.cli.main import main

    def make_app(corpus, **options):
        raise KeyboardInterrupt

    monkeypatch.setitem(sys.modules, "reader.tui.app", types.SimpleNamespace(make_app=make_app))
    (tmp_path / "p.txt").write_text("全县174个党员先锋岗。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["p.txt"]) == 130
    assert capsys.readouterr().err == "\nepireader: interrupted\n"  # after the echoed ^C
    assert gc.isenabled()
