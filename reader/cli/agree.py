"""`epireader agree`: annotators' folders compared on the pages they all annotated."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from reader.cli.common import (
    PATH,
    Failure,
    Table,
    annotation_problems,
    domain_errors,
    emit,
    format_option,
    no_follow_option,
    open_corpus,
    require_folder,
)
from reader.corpus.corpus import Corpus

if TYPE_CHECKING:
    from reader.corpus.agreement import Agreement

DEFAULT_CORPUS = Path("seeds")


def folders_and_corpus(args: tuple[Path, ...], least: int = 2) -> tuple[list[Path], Path]:
    """Split ``DIR_A DIR_B [DIR_C…] [PATH]``: past the ``least`` folders, the last
    argument is the corpus when it holds pages (a file, a folder with a ``*.txt`` page
    at any depth, or nothing yet: then the corpus error names it); a folder without
    pages is one more annotator's. Without it the corpus is ./seeds (the gold's)."""
    folders, path = list(args), DEFAULT_CORPUS
    if len(folders) > least and _holds_pages(folders[-1]):
        path = folders.pop()
    if len(folders) < least:
        name = f"DIR_{chr(ord('A') + len(folders))}"
        raise click.UsageError(f"Missing argument '{name}'.", click.get_current_context())
    return folders, path


def _holds_pages(path: Path) -> bool:
    from reader.annotation.store import USER_DICT_NAME

    try:
        if not path.is_dir():
            return True
        return any(p.name != USER_DICT_NAME for p in path.rglob("*.txt"))
    except OSError:
        return True


@click.command("agree")
@click.argument("folders", nargs=-1, type=PATH, metavar="DIR_A DIR_B [DIR_C…] [PATH]")
@format_option
@no_follow_option
def agree_command(folders: tuple[Path, ...], fmt: str | None, no_follow: bool) -> int:
    """Compare annotators' folders: F1, kappa, alpha, disagreements.

    DIR_A, DIR_B … are annotations folders; PATH is the corpus (default: seeds): the
    last argument is PATH unless it is a folder of annotation files. Two folders: F1
    per label, strict and lenient (the same whichever folder is the reference), and
    Cohen's kappa over non-space characters. Three or more: Krippendorff's alpha over
    the same characters, and F1 and kappa for each pair. Then every disagreement,
    each row naming the folders that have the span (or that reading of it).
    """
    from reader.corpus.agreement import agreement

    dirs, path = folders_and_corpus(folders)
    for folder in dirs:
        require_folder(folder, hint="")
    corpus = open_corpus(path, follow_links=not no_follow)
    from reader.annotation.store import StoreError

    with domain_errors("cannot compare"):
        try:
            result = agreement(corpus, dirs)
        except StoreError as exc:
            # agreement says "#1" or "#2"; the folder is what the user typed.
            raise Failure(f"cannot compare: {first_problem(corpus, dirs) or exc}") from exc
    names = [str(folder) for folder in dirs]
    if not result.pages:
        raise Failure(f"no page of {path} is annotated in all of {', '.join(names)}")
    tables = [*_scores(result, names), _disagreements(result, names)]
    everyone = "both" if len(dirs) == 2 else f"all {len(dirs)}"
    emit(fmt, tables, f"{len(result.pages)} page(s) annotated by {everyone}", pages=len(result.pages))
    return 0


def _scores(result: Agreement, names: list[str]) -> list[Table]:
    labels = ("event", "figure")
    if len(names) == 2:
        scores = Table("scores", "", ("label", "F1 strict", "F1 lenient", "kappa (chars)"))
        for label in labels:
            strict = result.report.score(label, "strict").f1
            lenient = result.report.score(label, "lenient").f1
            scores.rows.append((label, strict, lenient, result.kappa[label]))
        return [scores]
    alpha = Table(
        "scores", "", ("label", "alpha (chars)"), [(label, result.alpha[label]) for label in labels]
    )
    pairs = Table("pairs", "each pair", ("pair", "label", "F1 strict", "F1 lenient", "kappa (chars)"))
    for pair in result.pairs:
        for label in labels:
            strict = pair.report.score(label, "strict").f1
            lenient = pair.report.score(label, "lenient").f1
            pairs.rows.append(
                (f"{names[pair.a]} / {names[pair.b]}", label, strict, lenient, pair.kappa[label])
            )
    return [alpha, pairs]


def _disagreements(result: Agreement, names: list[str]) -> Table:
    rows = [
        (", ".join(names[i] for i in d.who), d.key[0], d.page, d.key[1], d.key[2], d.what, d.context)
        for d in result.disagreements
    ]
    title = (
        f"disagreements ({result.sites} places, {len(rows)} rows): each span not every folder has "
        "(who has it), each reading of a span read differently (who reads it so)"
    )
    return Table("disagreements", title, ("who", "label", "page", "start", "end", "what", "context"), rows)


def first_problem(corpus: Corpus, folders: list[Path]) -> str | None:
    for folder in folders:
        for problem in annotation_problems(corpus, folder).values():
            return f"in {folder}: {problem}"
    return None
