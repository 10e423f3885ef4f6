"""`epireader index`: build or refresh the corpus index file, here or on Dask.

The index (reader/corpus/database.py) is what the reader's timeline, figure table,
search and stats read; the reader refreshes it itself on start, so this command is
for a big archive: build it ahead, on every core or on a Dask cluster.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from reader.annotation.gold import DEFAULT_FOLDER
from reader.cli.common import PATH, Failure, PageProgress, domain_errors, no_follow_option, open_corpus, say

F = TypeVar("F", bound=Callable[..., Any])


def engine_options(fn: F) -> F:
    """--engine and --scheduler, shared by extract and index."""
    fn = click.option(
        "--scheduler",
        envvar="DASK_SCHEDULER_ADDRESS",
        default=None,
        help="Address of a Dask scheduler (tcp://host:8786); default $DASK_SCHEDULER_ADDRESS, "
        "else a local cluster on this machine's cores.",
    )(fn)
    return click.option(
        "--engine",
        type=click.Choice(["local", "dask"]),
        default="local",
        show_default=True,
        help="local: worker processes on this machine; dask: partitions of pages on a Dask cluster "
        "(pip install 'epireader[dask]').",
    )(fn)


@click.command("index")
@click.argument("path", type=PATH)
@click.option(
    "--annotations",
    type=PATH,
    default=DEFAULT_FOLDER,
    show_default=True,
    help="Folder of annotation files; the index file is kept in it (made if missing).",
)
@click.option("--jobs", type=click.IntRange(min=0), default=0, help="Worker processes (default: every core).")
@engine_options
@click.option(
    "--keywords/--no-keywords",
    default=True,
    show_default=True,
    help="Count each page's words for the keyword weights (runs jieba; the reader "
    "otherwise counts them itself in the background).",
)
@click.option("--rebuild", is_flag=True, help="Start from an empty index file.")
@click.option("--no-progress", is_flag=True, help="No progress bar (or summary line) on stderr.")
@no_follow_option
def index_command(
    path: Path,
    annotations: Path,
    jobs: int,
    engine: str,
    scheduler: str | None,
    keywords: bool,
    rebuild: bool,
    no_progress: bool,
    no_follow: bool,
) -> int:
    """Build or refresh the corpus index of PATH.

    Only pages whose file or annotation file changed, appeared or went away since
    the last run are read again. A page that cannot be indexed is named on stderr,
    the others go on, and the exit code is then 1.
    """
    import os

    from reader.annotation.store import AnnotationStore
    from reader.corpus.database import IndexDB
    from reader.corpus.engines import run
    from reader.corpus.index import CorpusIndex
    from reader.corpus.index_file import INDEX_NAME, IndexProblem
    from reader.corpus.records import PageRecord, record_of_item
    from reader.text import files

    started = time.perf_counter()
    corpus = open_corpus(path, follow_links=not no_follow)
    try:
        annotations.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Failure(f"cannot make the annotations folder {annotations}: {files.reason(exc)}") from exc
    if not annotations.is_dir():
        raise Failure(f"annotations folder {annotations} is not a folder")
    where = annotations / INDEX_NAME
    with domain_errors("", IndexProblem):
        if rebuild:
            IndexDB.remove(where)
        index = CorpusIndex.open(corpus, annotations)
    if index.db.moved_aside is not None:
        aside, why = index.db.moved_aside
        say(f"epireader: index file not usable ({why}): moved to {aside}; rebuilding", err=True)
    if index.db.read_only is not None:
        raise Failure(f"index {where}: {index.db.read_only}: nothing can be indexed there")
    store = AnnotationStore(annotations)
    with domain_errors("", IndexProblem):
        todo, gone = index.stale(store)
    root = str(corpus.root)
    jobs = jobs or os.cpu_count() or 1
    failed = 0

    def mapper(names: list[str]) -> Iterator[PageRecord]:
        nonlocal failed
        items = [(root, name, str(annotations), keywords) for name in names]
        for record in run(record_of_item, items, engine, jobs, scheduler):
            if record.problem and record.problem.startswith("indexing failed"):
                failed += 1
                bar.warn(f"epireader: {record.name}: {record.problem}")
            yield record

    # One process without keywords: indexed here, without starting a worker process.
    here = engine == "local" and jobs == 1 and not keywords
    with PageProgress(len(todo), "index", enabled=not no_progress) as bar:
        try:
            index.refresh(
                store,
                lambda done, _total: bar.advance(done),
                mapper=None if here else mapper,
                plan=(todo, gone),
            )
        except IndexProblem as exc:
            index.db.close()
            # What was committed stays: the next run goes on from there.
            raise Failure(f"{exc}; {bar.done} of {len(todo)} page(s) indexed and kept, the rest not") from exc
    index.db.close()
    seconds = time.perf_counter() - started
    failures = f" ({failed} of them failed, named above)" if failed else ""
    say(
        f"epireader: index {where}: {len(todo)} page(s) indexed{failures}, "
        f"{len(corpus.pages) - len(todo)} unchanged, {len(gone)} removed ({seconds:.1f} s)",
        err=True,
    )
    return 1 if failed else 0
