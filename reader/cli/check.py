"""`epireader check`: every annotation file validated against its page."""

from __future__ import annotations

from pathlib import Path

import click

from reader.cli.common import PATH, annotations_option, no_follow_option, open_corpus, require_folder, say


@click.command("check")
@click.argument("path", type=PATH)
@annotations_option
@no_follow_option
def check_command(path: Path, annotations: Path, no_follow: bool) -> int:
    """Validate annotation files against their pages.

    Exits 1 if any file has a problem.

    Checks the schema, the page hash, offsets inside the text, the stored text against
    the text at those offsets, duplicates and orphans. PATH is the corpus the
    annotations belong to.
    """
    from reader.corpus.check import check

    corpus = open_corpus(path, follow_links=not no_follow)
    # Not the other commands' refusal of the whole folder for one FIFO: check's job is
    # to report each file, so a FIFO or device is one more file with a problem.
    require_folder(annotations, regular_files=False)
    reports = check(annotations, corpus)
    bad = [r for r in reports if r.problems]
    for report in reports:
        status = "ok" if not report.problems else f"{len(report.problems)} problem(s)"
        say(f"{report.path}: {report.spans} spans, {status}")
        for problem in report.problems:
            say(f"  - {problem}")
    say(f"{len(reports)} annotation file(s), {len(bad)} with problems")
    return 1 if bad else 0
