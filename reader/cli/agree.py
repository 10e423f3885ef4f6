"""`epireader agree`: two annotators' folders compared on the pages both annotated."""

from __future__ import annotations

from pathlib import Path

import click

from reader.cli.common import (
    PATH,
    Failure,
    Table,
    annotation_problems,
    corpus_argument,
    domain_errors,
    emit,
    format_option,
    no_follow_option,
    open_corpus,
    require_folder,
)
from reader.corpus.corpus import Corpus


@click.command("agree")
@click.argument("dir_a", type=PATH)
@click.argument("dir_b", type=PATH)
@corpus_argument
@format_option
@no_follow_option
def agree_command(dir_a: Path, dir_b: Path, path: Path, fmt: str | None, no_follow: bool) -> int:
    """Compare two annotators' folders: F1, kappa, disagreements.

    DIR_A and DIR_B are the two annotations folders; PATH is the corpus (default:
    seeds). F1 per label, strict and lenient (the same whichever folder is the
    reference), kappa over non-space characters, and every exact span one side has
    and the other has not.
    """
    from reader.corpus.agreement import agreement

    for folder in (dir_a, dir_b):
        require_folder(folder, hint="")
    corpus = open_corpus(path, follow_links=not no_follow)
    from reader.annotation.store import StoreError

    with domain_errors("cannot compare"):
        try:
            result = agreement(corpus, dir_a, dir_b)
        except StoreError as exc:
            # agreement says "A" or "B"; the folder is what the user typed.
            raise Failure(f"cannot compare: {_first_problem(corpus, dir_a, dir_b) or exc}") from exc
    if not result.pages:
        raise Failure(f"no page of {path} is annotated in both {dir_a} and {dir_b}")
    scores = Table("scores", "", ("label", "F1 strict", "F1 lenient", "kappa (chars)"))
    for label in ("event", "figure"):
        strict = result.report.score(label, "strict").f1
        lenient = result.report.score(label, "lenient").f1
        scores.rows.append((label, strict, lenient, result.kappa[label]))
    disagreements = Table(
        "disagreements",
        f"disagreements ({len(result.disagreements)}): exact spans one side has and the other not",
        ("who", "label", "page", "start", "end", "context"),
        [(d.who, d.key[0], d.page, d.key[1], d.key[2], d.context) for d in result.disagreements],
    )
    emit(
        fmt,
        [scores, disagreements],
        f"{len(result.pages)} page(s) annotated by both",
        pages=len(result.pages),
    )
    return 0


def _first_problem(corpus: Corpus, dir_a: Path, dir_b: Path) -> str | None:
    for folder in (dir_a, dir_b):
        for problem in annotation_problems(corpus, folder).values():
            return f"in {folder}: {problem}"
    return None
