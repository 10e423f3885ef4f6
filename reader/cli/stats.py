"""`epireader stats`: numbers per page and for the corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from reader.cli.common import (
    PageProgress,
    Table,
    annotation_problems,
    annotations_option,
    corpus_argument,
    domain_errors,
    emit,
    format_option,
    no_follow_option,
    open_corpus,
    refuse_non_folder,
    say,
)


@click.command("stats")
@corpus_argument
@annotations_option
@format_option
@no_follow_option
def stats_command(path: Path, annotations: Path, fmt: str | None, no_follow: bool) -> int:
    """Articles, characters, tags and review progress per page.

    Characters are non-space; open suggestions are the extractor's finds nobody has
    accepted or rejected yet; reviewed is the share of articles marked reviewed.
    PATH is the corpus (default: seeds); the annotations folder may be missing.
    A page that cannot be read, or whose annotation file cannot, is named on
    stderr (the page counted without tags), and the exit code is then 1.
    """
    from reader.annotation.store import AnnotationStore
    from reader.corpus.index import CorpusIndex
    from reader.corpus.index_file import IndexProblem
    from reader.corpus.stats import STATS_COLUMNS, stats_records, stats_rows

    corpus = open_corpus(path, follow_links=not no_follow)
    refuse_non_folder(annotations)
    # Asked of the store here, not of the index: the index may come from its cache,
    # or load in workers, and counts a page whose file cannot be read as untagged.
    problems = annotation_problems(corpus, annotations)
    with PageProgress(len(corpus.pages), "stats") as progress, domain_errors("", IndexProblem):
        index = CorpusIndex.build(
            corpus, AnnotationStore(annotations), progress=lambda done, _total: progress.advance(done)
        )
    assert index is not None  # nothing cancels it here
    if index.db.read_only is not None and index.db.in_memory:
        say(f"epireader: index {index.db.path}: {index.db.read_only}; counted in memory instead", err=True)
    by_name = index.page_stats()  # once: every page row is read and decoded
    stats = [by_name[p] for p in sorted(by_name)]
    *pages, corpus_total = stats_records(stats)
    table = Table("pages", "", STATS_COLUMNS, [tuple(row) for row in stats_rows(stats)], records=pages)
    facts: dict[str, Any] = {"corpus": corpus_total}
    if problems:
        facts["unreadable_annotations"] = problems
    emit(fmt, [table], **facts)
    unreadable = index.page_problems()  # not every page read again: the index knows
    for name in sorted(unreadable):
        say(f"epireader: {name}: not counted, {unreadable[name]}", err=True)
    for name, problem in problems.items():
        say(f"epireader: {name}: tags not counted: {problem}", err=True)
    return 1 if problems or unreadable else 0
