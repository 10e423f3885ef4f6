"""`epireader eval`: the extractor scored against the annotation files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from reader.cli.common import (
    Failure,
    Table,
    annotations_option,
    corpus_argument,
    domain_errors,
    emit,
    format_option,
    no_follow_option,
    open_corpus,
    say,
)

# What --min-f1 holds the extractor to: figures exactly, events by overlap (their
# boundaries are a matter of judgement; see docs/guidelines.md).
HEADLINE = (("figure", "strict"), ("event", "lenient"))


@click.command("eval")
@corpus_argument
@annotations_option
@click.option("--show-errors", is_flag=True, help="List misses, false alarms and boundary differences.")
@click.option("--reviewed-only", is_flag=True, help="Only articles a person marked reviewed (m).")
@click.option(
    "--min-f1", type=float, default=None, help="Exit 1 if figure strict F1 or event lenient F1 is below this."
)
@format_option
@no_follow_option
def eval_command(
    path: Path,
    annotations: Path,
    show_errors: bool,
    reviewed_only: bool,
    min_f1: float | None,
    fmt: str | None,
    no_follow: bool,
) -> int:
    """Score the extractor against the annotations (P, R, F1).

    Per label (event, figure), strict (same offsets) and lenient (overlapping).
    PATH is the corpus (default: seeds).
    """
    from reader.corpus.evaluate import evaluate
    from reader.extraction.lexicon import LexiconError

    corpus = open_corpus(path, annotations, follow_links=not no_follow)
    with domain_errors("cannot evaluate", LexiconError):
        try:
            report, pages = evaluate(corpus, annotations, reviewed_only=reviewed_only)
        except UnicodeDecodeError as exc:  # load_lexicon lets a lexicon.toml that is not UTF-8 through
            raise Failure(
                f"cannot evaluate: {annotations / 'lexicon.toml'}: not UTF-8 ({exc.reason})"
            ) from exc
    if not pages:
        raise Failure(f"no annotated pages of {path} in {annotations}")
    scores = Table("scores", "", ("label", "match", "gold", "found", "precision", "recall", "F1"))
    for label in ("event", "figure"):
        for mode in ("strict", "lenient"):
            s = report.score(label, mode)
            scores.rows.append((label, mode, s.gold, s.found, s.precision, s.recall, s.f1))
    tables = [scores, *_error_tables(report, pages)] if show_errors else [scores]
    emit(fmt, tables, f"{len(pages)} annotated page(s)", pages=len(pages))
    if min_f1 is not None:
        low = {f"{label} {mode}": report.score(label, mode).f1 for label, mode in HEADLINE}
        low = {k: v for k, v in low.items() if v < min_f1}
        if low:
            shown = ", ".join(f"{k} F1 {v:.3f}" for k, v in low.items())
            say(f"below --min-f1 {min_f1}: {shown}", err=True)
            return 1
    return 0


def _error_tables(report: Any, pages: dict[str, Any]) -> list[Table]:
    from reader.extraction.scoring import in_context

    def where(source: str, key: tuple[str, int, int]) -> tuple[int, int, str]:
        _, start, end = key
        return start, end, in_context(pages[source].text, start, end)

    errors = Table(
        "errors",
        f"missed ({len(report.misses)}) and false alarms ({len(report.false_alarms)}), lenient",
        ("error", "label", "page", "start", "end", "context"),
    )
    for kind, rows in (("missed", report.misses), ("false alarm", report.false_alarms)):
        errors.rows += [(kind, key[0], source, *where(source, key)) for source, key in rows]
    boundary = Table(
        "boundary",
        f"boundary differences ({len(report.boundary)}): matched leniently, not strictly",
        ("label", "page", "gold start", "gold end", "gold", "found start", "found end", "found"),
    )
    for source, gold, found in report.boundary:
        boundary.rows.append((gold[0], source, *where(source, gold), *where(source, found)))
    return [errors, boundary]
