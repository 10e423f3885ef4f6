"""`epireader PATH` / `epireader open PATH`: the reader itself."""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from reader.cli.common import PATH, annotations_option, no_follow_option, open_corpus, say

if TYPE_CHECKING:
    from reader.tui.app import EpiReaderApp


@click.command("open")
@click.argument("path", type=PATH)
@annotations_option
@click.option("--annotator", default=None, help="Name recorded on each tag (default: your login name).")
@click.option(
    "--keywords",
    type=click.Choice(["tfidf", "textrank"]),
    default="tfidf",
    show_default=True,
    help="Keyword method: corpus-weighted TF-IDF or jieba's TextRank.",
)
@click.option("--edit-gold", is_flag=True, help="Open a gold annotations folder (one with GOLD.md) unlocked.")
@no_follow_option
def open_command(
    path: Path, annotations: Path, annotator: str | None, keywords: str, edit_gold: bool, no_follow: bool
) -> int:
    """Open the reader on PATH (the default command).

    `epireader PATH` is the same as `epireader open PATH`.

    PATH is a folder of .txt pages (every *.txt below it, sorted) or one page file.
    Without --annotations, tags go to the annotations folder beside the pages'
    folder when there is one, else to ./annotations when there is one, else to a new
    annotations folder beside the pages (the status line says which). When
    that folder is gold, your tags go to annotators/NAME/ beside it (say --edit-gold
    to tag the gold itself).
    """
    from reader.annotation.gold import is_gold, personal_folder

    # No garbage collection until the first frame (the app turns it back on then, or
    # when it ends): importing Textual and composing the list make many objects that
    # all live on, and collections over them found nothing to free and only delayed
    # the list (benchmarks/bench_reader.py measures the start both ways).
    gc.disable()
    corpus = open_corpus(path, follow_links=not no_follow)
    given = click.get_current_context().get_parameter_source("annotations") != ParameterSource.DEFAULT
    if not given:
        annotations = beside_the_pages(corpus.root, annotations)
    if not given and not edit_gold and is_gold(annotations):
        from reader.annotation.annotator import default_annotator

        gold = annotations
        annotator = annotator or default_annotator()
        annotations = personal_folder(annotations.parent, annotator)
        say(f"epireader: {gold} is gold; your tags go to {annotations}", err=True)
    from reader.tui.app import make_app  # Textual loads only when the reader opens

    app = make_app(
        corpus, annotations=annotations, annotator=annotator, keywords=keywords, edit_gold=edit_gold
    )
    return finish(app, exit_process=True)


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


def finish(app: EpiReaderApp, headless: bool = False, exit_process: bool = False) -> int:
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
    code = getattr(app, "return_code", 0) or 0
    error = getattr(app, "_exception", None)
    if error is not None:
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
    farewell = getattr(app, "farewell", None)
    if callable(farewell):
        say(f"epireader: {farewell()}", err=True)  # how things stand now the screen is closed
    from textual.app import App

    if exit_process and isinstance(app, App):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
