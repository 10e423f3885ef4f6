"""`epireader open PATH`: the reader, with its options parsed by click.

`epireader PATH` alone skips click and goes to `reader.cli.launch` directly (see
`reader.cli.main`); this command is the way in with options, and both end in
`launch.open_reader`.
"""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from reader.cli.common import PATH, annotations_option, no_follow_option
from reader.cli.launch import open_reader
from reader.corpus.corpus import load_corpus


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
    given = click.get_current_context().get_parameter_source("annotations") != ParameterSource.DEFAULT
    corpus = load_corpus(path, follow_links=not no_follow)
    return open_reader(
        corpus, annotations if given else None, annotator=annotator, keywords=keywords, edit_gold=edit_gold
    )
