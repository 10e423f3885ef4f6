"""Opening the reader on a folder or a page, with no click on the way.

`epireader PATH` with nothing else comes here straight from `reader.cli.main`, so
the first screen does not wait for click to load (benchmarks/bench_reader.py); the
`open` command parses its options with click and comes here too. Nothing is printed
before the app (a note on where the tags go is printed when it has closed, through
click then), and a problem with PATH is raised as the domain's error, for the command
line to report as every command reports it.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.corpus.corpus import Corpus
    from reader.tui.app import EpiReaderApp


def open_alone(path: str) -> int | None:
    """`epireader PATH`: the reader's exit code, or None when PATH cannot be opened
    (the click group then opens it again and says why, as it does for `open PATH`)."""
    from reader.cli.commands import interrupted
    from reader.corpus.corpus import CorpusError, load_corpus
    from reader.text.files import FileProblem

    try:
        try:
            corpus = load_corpus(Path(path))
        except (CorpusError, FileProblem):
            return None
        return open_reader(corpus)
    except KeyboardInterrupt:  # while Textual loads, before the app takes the keys
        return interrupted(end_line=True)


def open_reader(
    corpus: Corpus,
    annotations: Path | None = None,
    *,
    annotator: str | None = None,
    keywords: str = "tfidf",
    edit_gold: bool = False,
) -> int:
    """Run the reader on ``corpus`` and return its exit code.
    ``annotations`` None: the folder is found as `epireader open --help` says."""
    from reader.annotation.gold import DEFAULT_FOLDER, is_gold, personal_folder

    notes = []
    if annotations is None:
        annotations = beside_the_pages(corpus.root, DEFAULT_FOLDER)
        if not edit_gold and is_gold(annotations):
            from reader.annotation.annotator import default_annotator

            gold = annotations
            annotator = annotator or default_annotator()
            annotations = personal_folder(annotations.parent, annotator)
            # The status line says it in the app; this line stays in the terminal.
            notes.append(f"{gold} is gold; your tags went to {annotations}")
    # Importing Textual and composing the list make many objects that all live on;
    # collections over them found nothing to free and only delayed the list
    # (benchmarks/bench_reader.py measures the start both ways). The app turns
    # collection back on after its first frame.
    gc.disable()
    try:
        from reader.tui.app import make_app  # Textual loads only when the reader opens

        app = make_app(
            corpus, annotations=annotations, annotator=annotator, keywords=keywords, edit_gold=edit_gold
        )
        return finish(app, exit_process=True, notes=notes)
    finally:
        gc.enable()  # and this, if the app never got there


def beside_the_pages(root: Path, default: Path) -> Path:
    """The annotations folder when none is named: the one beside the pages' folder
    when it exists (pages/ and annotations/ side by side, as seeds/ and annotations/,
    heldout/pages/ and heldout/annotations/ are), else ``default`` (./annotations)
    when it exists or the pages are right here, else a new one beside the pages."""
    beside = root.parent / default.name if root.name not in ("", ".") else default
    if beside.is_dir() or not beside.parent.is_dir():
        return beside if beside.is_dir() else default
    if default.exists():
        return default
    try:
        if root.resolve() == Path.cwd().resolve():
            return default
    except OSError:
        return default
    return beside


def finish(
    app: EpiReaderApp, headless: bool = False, exit_process: bool = False, notes: Sequence[str] = ()
) -> int:
    """Run the reader; an unhandled error gives exit 1 and a report file with its path.

    With ``exit_process`` the process ends right after the app: background workers
    (daemon threads, see reader/tui/threads.py) may be inside one long pass over a
    huge page, and interpreter teardown would share the CPU with them for seconds.
    Every save was atomic and fsynced on the main thread, so nothing is lost; the
    index is SQLite in WAL mode, which drops an unfinished transaction. So the app
    does not wait for its workers at exit either.
    """
    if exit_process and hasattr(app, "worker_exit_grace"):
        app.worker_exit_grace = 0.0
    app.run(headless=headless)
    from reader.cli.common import say  # the screen is closed: click may load now

    code = getattr(app, "return_code", 0) or 0
    error = getattr(app, "_exception", None)
    if error is not None:
        import tempfile  # only for a crash report: not at every start
        import time
        import traceback

        from reader.text import files

        name = f"epireader-crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
        report = Path(tempfile.gettempdir()) / name
        try:  # the shared temp folder: never through a link someone put there
            files.atomic_write(
                report, "".join(traceback.format_exception(error)).encode("utf-8"), durable=False
            )
            where = f"report in {report}"
        except OSError as exc:
            where = f"no report written ({files.reason(exc)})"
        say(f"epireader: the reader crashed ({type(error).__name__}); {where}", err=True)
        code = code or 1
    for note in notes:
        say(f"epireader: {note}", err=True)
    farewell = getattr(app, "farewell", None)
    if callable(farewell):
        say(f"epireader: {farewell()}", err=True)  # how things stand now the screen is closed
    from textual.app import App

    if exit_process and isinstance(app, App):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
