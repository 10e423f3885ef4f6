"""`epireader PATH` / `epireader open PATH`: the reader itself."""

from __future__ import annotations

from pathlib import Path

import click

from reader.cli.common import PATH, annotations_option, no_follow_option, open_corpus


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
@no_follow_option
def open_command(path: Path, annotations: Path, annotator: str | None, keywords: str, no_follow: bool) -> int:
    """Open the reader on PATH (the default command).

    `epireader PATH` is the same as `epireader open PATH`.

    PATH is a folder of .txt pages (every *.txt below it, sorted) or one page file.
    """
    from reader.annotation.model import default_annotator

    corpus = open_corpus(path, follow_links=not no_follow)
    from reader.tui.app import make_app  # Textual loads only when the reader opens

    app = make_app(
        corpus, annotations=annotations, annotator=annotator or default_annotator(), keywords=keywords
    )
    app.run()
    return 0
