"""`epireader curate A B [C…] [PATH] --into GOLD`: annotators' folders to one gold."""

from __future__ import annotations

from pathlib import Path

import click

from reader.cli.agree import folders_and_corpus
from reader.cli.common import PATH, Failure, domain_errors, no_follow_option, open_corpus, require_folder, say
from reader.cli.launch import finish


@click.command("curate")
@click.argument("folders", nargs=-1, type=PATH, metavar="DIR_A DIR_B [DIR_C…] [PATH]")
@click.option("--into", "gold", type=PATH, required=True, help="The folder the curated gold is saved in.")
@click.option(
    "--ask-all", is_flag=True, help="Ask about the agreed spans too (else they go to GOLD as they are)."
)
@click.option("--curator", default=None, help="Name recorded on each decision (default: your login name).")
@click.option("--edit-gold", is_flag=True, help="Curate into a protected gold folder (one with GOLD.md).")
@no_follow_option
def curate_command(
    folders: tuple[Path, ...],
    gold: Path,
    ask_all: bool,
    curator: str | None,
    edit_gold: bool,
    no_follow: bool,
) -> int:
    """Curate annotators' folders into one gold, a key per disagreement.

    DIR_A, DIR_B … are the annotators' folders; PATH is the corpus (default: seeds;
    the last argument is PATH when it holds pages). The spans they all agree on go to
    GOLD at once; each disagreement (the places `epireader agree` lists) is shown in
    its article, every annotator's spans side by side: 1, 2 … take that annotator's,
    b all of them, x none, e edits GOLD's tag, . and , go on and back, u undoes.
    Each decision is saved in GOLD at once; running the same command again continues
    at the first undecided place.
    """
    from reader.annotation.annotator import default_annotator
    from reader.session.curation import CurationError, CurationSession

    dirs, path = folders_and_corpus(folders)
    for folder in dirs:
        require_folder(folder, hint="")
    corpus = open_corpus(path, follow_links=not no_follow)
    session = CurationSession(
        corpus, dirs, gold, curator or default_annotator(), ask_all=ask_all, edit_gold=edit_gold
    )
    with domain_errors("cannot curate"):
        try:
            session.open()
        except CurationError as exc:
            raise Failure(str(exc)) from exc
    agreed = f"; {session.agreed_added} agreed span(s) put in {gold}" if session.agreed_added else ""
    if not session.items:
        say(f"epireader: nothing to curate: the folders agree everywhere{agreed}", err=True)
        return 0
    from reader.tui.curation_app import make_curation_app  # Textual loads only now

    return finish(make_curation_app(session), exit_process=True)
