"""`epireader stats`: numbers per page and for the corpus."""

from __future__ import annotations

from pathlib import Path

import click

from reader.cli.common import (
    PageProgress,
    Table,
    annotations_option,
    corpus_argument,
    emit,
    format_option,
    open_corpus,
)


@click.command("stats")
@corpus_argument
@annotations_option
@format_option
def stats_command(path: Path, annotations: Path, fmt: str | None) -> int:
    """Articles, characters, tags and review progress per page.

    Characters are non-space; open suggestions are the extractor's finds nobody has
    accepted or rejected yet; reviewed is the share of articles marked reviewed.
    PATH is the corpus (default: seeds); the annotations folder may be missing.
    """
    from reader.annotation.store import AnnotationStore
    from reader.corpus.index import CorpusIndex
    from reader.corpus.stats import STATS_COLUMNS, stats_records, stats_rows

    corpus = open_corpus(path)
    with PageProgress(len(corpus.pages), "stats") as progress:
        index = CorpusIndex.build(
            corpus, AnnotationStore(annotations), progress=lambda done, _total: progress.advance(done)
        )
    assert index is not None  # nothing cancels it here
    stats = [index.stats[p] for p in sorted(index.stats)]
    *pages, corpus_total = stats_records(stats)
    table = Table("pages", "", STATS_COLUMNS, [tuple(row) for row in stats_rows(stats)], records=pages)
    emit(fmt, [table], corpus=corpus_total)
    return 0
