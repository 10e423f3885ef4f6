"""What the commands share: options, opening a corpus, errors, tables, progress.

Rich is imported only when a table or a progress bar is shown, so `epireader --help`,
the error paths and the reader itself do not pay for it at start-up.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import click

from reader.annotation.gold import DEFAULT_FOLDER
from reader.corpus.corpus import Corpus, CorpusError, load_corpus
from reader.text.files import FileProblem
from reader.text.safe import json_escaped, safe_text

F = TypeVar("F", bound=Callable[..., Any])

PATH = click.Path(path_type=Path)


def annotations_option(fn: F) -> F:
    return click.option(
        "--annotations",
        type=PATH,
        default=DEFAULT_FOLDER,
        show_default=True,
        help="Folder of annotation files.",
    )(fn)


def corpus_argument(fn: F) -> F:
    """PATH, optional: the commands that score or list the gold default to its corpus."""
    return click.argument("path", type=PATH, required=False, default=Path("seeds"))(fn)


def offsets_option(help: str) -> Callable[[F], F]:
    """``--offsets utf16|codepoints``: the unit of a format that counts either (export
    writes it, import reads files that do not say theirs)."""
    return click.option("--offsets", type=click.Choice(["utf16", "codepoints"]), default=None, help=help)


def no_follow_option(fn: F) -> F:
    return click.option(
        "--no-follow",
        is_flag=True,
        help="Skip pages that are symbolic links to files outside the corpus folder.",
    )(fn)


def format_option(fn: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "tsv", "json"]),
        default=None,
        help="table (the default on a terminal), tsv (the default into a pipe or file) or json.",
    )(fn)


class LazyChoice(click.Choice):
    """A choice whose values come from a module imported only when they are needed
    (the export formats live with the exporters, which no other command needs):
    ``where`` is "module:NAME"."""

    def __init__(self, where: str) -> None:
        self._where = where
        self.case_sensitive = True

    @property  # type: ignore[override]
    def choices(self) -> Sequence[str]:
        import importlib

        module, name = self._where.split(":")
        return tuple(getattr(importlib.import_module(module), name))


# --- errors ----------------------------------------------------------------------


class Failure(click.ClickException):
    """A corpus or annotation problem: one line on stderr, exit 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        say(f"epireader: {self.message}", err=True)


def say(text: str = "", err: bool = False) -> None:
    """``click.echo`` for anything that may hold a file name or page text: every
    line a command prints goes through here, an emit table or PageProgress.warn, so
    that no escape sequence in the data reaches the terminal."""
    click.echo(safe_text(text, newlines=True), err=err)


def json_text(data: Any, indent: int | None = None) -> str:
    """JSON that is safe on a terminal too: json.dumps escapes C0 controls itself, but
    with ensure_ascii=False it leaves C1 controls (\\x9b is CSI) and the lone
    surrogates of undecodable file names raw; those become \\u escapes, which any
    JSON reader turns back into the same string."""
    import json  # here: `epireader PATH` writes no JSON before its first screen

    return json_escaped(json.dumps(data, ensure_ascii=False, indent=indent))


@contextmanager
def domain_errors(action: str = "", *also: type[Exception]) -> Iterator[None]:
    """Turns the domain's errors into a `Failure`; ``action`` prefixes store errors
    (and ``also``), e.g. "cannot export: p.json is not valid JSON"."""
    try:
        yield
    except (*_loaded("reader.annotation.store", "StoreError"), *also) as exc:
        raise Failure(f"{action}: {exc}" if action else str(exc)) from exc
    except (CorpusError, FileProblem, *_loaded("reader.extraction.lexicon", "LexiconError")) as exc:
        raise Failure(str(exc)) from exc


def _loaded(module: str, name: str) -> tuple[type[Exception], ...]:
    """``module.name`` when that module has been imported, else nothing: an error of a
    module not loaded cannot have been raised, and `epireader PATH` does not load the
    store or the lexicon before its first screen."""
    loaded = sys.modules.get(module)
    return (getattr(loaded, name),) if loaded is not None else ()


def quiet_broken_pipe() -> None:
    """The reader of our output went away (`epireader extract … | head`): not an error.
    Point stdout at /dev/null so the interpreter's last flush does not complain."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def require_folder(
    folder: Path, hint: str = " (give one with --annotations DIR)", *, regular_files: bool = True
) -> None:
    """``folder`` must be a folder; with ``regular_files``, one without FIFOs or devices
    in place of annotation files (see refuse_non_folder)."""
    if regular_files:
        refuse_non_folder(folder)
    elif folder.exists() and not folder.is_dir():
        raise Failure(f"annotations folder {folder} is not a folder")
    if not folder.is_dir():
        raise Failure(f"no annotations folder: {folder}{hint}")


def refuse_non_folder(folder: Path) -> None:
    """For commands where the annotations folder may be missing: a file in its place
    is still an error, not an empty folder. Nor may an annotation file be a FIFO or a
    device: the store refuses one when it comes to it, and this names it up front."""
    if folder.exists() and not folder.is_dir():
        raise Failure(f"annotations folder {folder} is not a folder")
    if folder.is_dir():
        for path in folder.rglob("*.json"):
            if path.exists() and not (path.is_file() or path.is_dir()):
                raise Failure(f"{path} is not a regular file (a FIFO or a device): remove it")


def open_corpus(path: Path, annotations: Path | None = None, *, follow_links: bool = True) -> Corpus:
    """The corpus at ``path``; with ``annotations``, that folder must exist too.
    ``follow_links=False`` (--no-follow) leaves out pages linked from outside the folder.
    A CorpusError is left to the group, which turns every domain error into one line."""
    corpus = load_corpus(path, follow_links=follow_links)
    if annotations is not None:
        require_folder(annotations)
    return corpus


def annotation_problems(corpus: Corpus, annotations: Path) -> dict[str, str]:
    """Page name -> why its annotation file cannot be read, for the readable pages
    that have one: commands that go on with the rest name these and exit 1."""
    from reader.annotation.store import AnnotationStore

    store = AnnotationStore(annotations)
    problems = {}
    for listed in corpus.pages:
        # The file first: a page is read only when it has one (an archive's are not),
        # and read as a copy let go at once (see annotated_pages).
        if store.path_for(listed.name).exists() and (page := listed.fresh()).readable:
            loaded = store.load(page, batch=True)
            if loaded.problem:
                problems[page.name] = loaded.problem
            del page, loaded  # not kept while the next page loads
    return problems


# --- tables ----------------------------------------------------------------------

Cell = str | int | float | None


@dataclass
class Table:
    key: str  # its name in --format json
    title: str  # shown above the table on a terminal
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    records: list[dict[str, Any]] | None = None  # JSON rows, when they say more than the cells

    def json_rows(self) -> list[dict[str, Any]]:
        if self.records is not None:
            return self.records
        keys = [re.sub(r"[^a-z0-9]+", "_", c.lower()).strip("_") for c in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]


def cell_text(value: Cell) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def emit(fmt: str | None, tables: Sequence[Table], summary: str = "", **facts: Any) -> None:
    """Print ``tables`` as rich tables, TSV or JSON (``facts`` become JSON keys too).

    Without --format: rich on a terminal, TSV otherwise. In TSV each table is a header
    row and rows, tables apart by a blank line; ``summary`` then goes to stderr so that
    stdout stays machine-readable.
    """
    fmt = fmt or ("table" if sys.stdout.isatty() else "tsv")
    if fmt == "json":
        data = {**facts, **{t.key: t.json_rows() for t in tables}}
        sys.stdout.write(json_text(data, indent=2) + "\n")
    elif fmt == "tsv":
        if summary:
            say(summary, err=True)
        blocks = ["\n".join("\t".join(map(_tsv_cell, r)) for r in [t.columns, *t.rows]) for t in tables]
        sys.stdout.write("\n\n".join(blocks) + "\n")
    else:
        _print_rich(tables, summary)
    sys.stdout.flush()


def _tsv_cell(value: Cell) -> str:
    return safe_text(cell_text(value).replace("\t", " ").replace("\n", "⏎"))


# On a narrow terminal, columns of page text fold (nothing of a context is hidden),
# columns of names shorten with …, and every other column stays whole: a row is one line.
TEXT_COLUMNS = frozenset({"context", "gold", "found", "text"})
NAME_COLUMNS = frozenset({"page", "annotators", "source", "article", "who"})


def _print_rich(tables: Sequence[Table], summary: str) -> None:
    from rich import box
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(file=sys.stdout, highlight=False)
    if summary:
        console.print(Text(safe_text(summary, newlines=True)))
    for t in tables:
        shown = RichTable(
            title=Text(safe_text(t.title)) if t.title else None, title_justify="left", box=box.SIMPLE_HEAD
        )
        widest = [
            max((cell_len(cell_text(row[i])) for row in t.rows if row[i] is not None), default=1)
            for i in range(len(t.columns))
        ]
        names = [i for i, column in enumerate(t.columns) if column in NAME_COLUMNS]
        # What the names may take: the terminal less every other column, whole, and padding.
        # (A header folds between words but never inside one, so its longest word counts.)
        least = [
            max(w, *(cell_len(word) for word in c.split())) for w, c in zip(widest, t.columns, strict=True)
        ]
        free = console.width - sum(w for i, w in enumerate(least) if i not in names) - 3 * len(t.columns)
        room: dict[int, int] = {}
        for n, i in enumerate(sorted(names, key=lambda i: least[i])):  # the narrower takes what it needs
            room[i] = max(8, min(least[i], free // (len(names) - n)))
            free -= room[i]
        for i, column in enumerate(t.columns):
            values = [row[i] for row in t.rows if row[i] is not None]
            numeric = bool(values) and all(isinstance(v, int | float) for v in values)
            justify = "right" if numeric else "left"
            if column in TEXT_COLUMNS:  # fold, not ellipsis: a narrow terminal must not hide a context
                shown.add_column(column, justify=justify, overflow="fold")
            elif i in names:  # one line; a long page name ends in … (TSV has it whole)
                shown.add_column(column, no_wrap=True, overflow="ellipsis", max_width=room[i])
            else:  # numbers and short values: whole, on one line (a header may fold)
                shown.add_column(column, justify=justify, overflow="fold", min_width=widest[i])
        for row in t.rows:
            # Text, not str: rich would read "[8200余名]" in a context as markup.
            shown.add_row(*(Text(safe_text(cell_text(c))) for c in row))
        console.print(shown)


# --- progress --------------------------------------------------------------------


class PageProgress:
    """A rich progress bar on stderr when stderr is a terminal. Otherwise nothing per
    page: a pipe or a log file gets at most one summary line at the end.

    With ``keep``, the finished bar stays on the terminal and a pipe gets the summary
    line; without, the bar vanishes and a pipe gets nothing.
    """

    def __init__(self, total: int, what: str, enabled: bool = True, keep: bool = False) -> None:
        self.total, self.what, self.keep = total, what, keep
        self.done = self.warnings = 0
        self.enabled = enabled
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> PageProgress:
        if self.enabled and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("pages"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                # Output on the same terminal is printed above the bar instead of
                # through it; output into a pipe or file is left alone.
                redirect_stdout=sys.stdout.isatty(),
                redirect_stderr=False,
                transient=not self.keep,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task(self.what, total=self.total)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, exc, tb)
        elif kind is None and self.enabled and self.keep:
            skipped = f", {self.warnings} skipped" if self.warnings else ""
            say(f"epireader: {self.what}: {self.done}/{self.total} pages{skipped}", err=True)

    def advance(self, done: int | None = None) -> None:
        """One more page done, or ``done`` pages in all."""
        self.done = self.done + 1 if done is None else done
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done)

    def warn(self, message: str) -> None:
        """A line on stderr about a page, above the bar if there is one."""
        self.warnings += 1
        if self._bar is not None:
            from rich.text import Text

            self._bar.console.print(Text(safe_text(message)))
        else:
            say(message, err=True)
