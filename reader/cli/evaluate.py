"""`epireader eval`: the extractor scored against the annotation files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from reader.cli import common

# What --min-f1 holds the extractor to: figures exactly, events by overlap (their
# boundaries are a matter of judgement; see docs/guidelines.md).
HEADLINE = (("figure", "strict"), ("event", "lenient"))


# The gold sets `epireader eval` scores when no PATH, --annotations or --set is given:
# the seeds (the extractor's rules were written from them) and the development set
# from other papers (heldout/; see its NOTES.md). A set whose folder is absent is skipped.
DEFAULT_SETS = (("seeds", "seeds", "annotations"), ("heldout", "heldout/pages", "heldout/annotations"))


def _parse_set(text: str) -> tuple[str, Path, Path]:
    name, _, where = text.partition("=")
    corpus, _, folder = where.partition(":")
    if not (name and corpus and folder):
        raise common.Failure(f"--set {text!r}: write NAME=CORPUS:ANNOTATIONS")
    return name, Path(corpus), Path(folder)


@click.command("eval")
@common.corpus_argument
@common.annotations_option
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="NAME=CORPUS:ANNOTATIONS",
    help="A gold set to score (repeatable). Default: seeds and heldout, each printed on its own.",
)
@click.option("--show-errors", is_flag=True, help="List misses, false alarms and boundary differences.")
@click.option("--reviewed-only", is_flag=True, help="Only articles a person marked reviewed (m).")
@click.option(
    "--learning",
    is_flag=True,
    help="Also measure the counted-noun ranker: each page predicted by weights learned from the "
    "other pages of its set (leave one page out), against the rules alone.",
)
@click.option(
    "--min-f1",
    type=float,
    default=None,
    help="Exit 1 if figure strict F1 or event lenient F1 of any set is below this.",
)
@common.format_option
@common.no_follow_option
def eval_command(
    path: Path,
    annotations: Path,
    sets: tuple[str, ...],
    show_errors: bool,
    reviewed_only: bool,
    learning: bool,
    min_f1: float | None,
    fmt: str | None,
    no_follow: bool,
) -> int:
    """Score the extractor against gold sets (P, R, F1).

    Per label (event, figure), strict (same offsets) and lenient (overlapping); how
    often the counted noun is the gold's, word for word, on matched figures, and the
    date on matched events. PATH with --annotations
    scores that one set; without them, every default set that is present.
    """
    ctx = click.get_current_context()
    given = any(ctx.get_parameter_source(p) != ParameterSource.DEFAULT for p in ("path", "annotations"))
    if sets:
        chosen = [_parse_set(text) for text in sets]
    elif given:
        chosen = [("", path, annotations)]
    else:
        chosen = [(n, Path(c), Path(a)) for n, c, a in DEFAULT_SETS if Path(c).exists() and Path(a).is_dir()]
        chosen = chosen or [("", path, annotations)]
    results = [_score(name, corpus, folder, reviewed_only, no_follow) for name, corpus, folder in chosen]
    named = len(results) > 1 or bool(results[0][0])
    columns = ("label", "match", "gold", "found", "precision", "recall", "F1")
    scores = common.Table("scores", "", (("set", *columns) if named else columns))
    tables = [scores]
    summary = []
    facts: dict[str, Any] = {}
    for name, report, pages in results:
        for label in ("event", "figure"):
            for mode in ("strict", "lenient"):
                s = report.score(label, mode)
                row = (label, mode, s.gold, s.found, s.precision, s.recall, s.f1)
                scores.rows.append((name, *row) if named else row)
        counted = (
            f"counted exact {report.counted_agreement:.3f} ({report.counted.tp}/{report.counted.gold}), "
            f"dates {report.date_agreement:.3f} ({report.dates.tp}/{report.dates.gold})"
        )
        summary.append(f"{name + ': ' if name else ''}{len(pages)} annotated page(s), {counted}")
        if report.untagged:
            pages_of = len({page for page, _ in report.untagged})
            where = f"{name}: " if name else ""
            summary.append(
                f"{where}{len(report.untagged)} article(s) of {pages_of} tagged page(s) "
                "have no tag but spans found: if they are not tagged yet, those spans count as false "
                "alarms and lower precision; mark the articles you finished reviewed (m) and run "
                "eval --reviewed-only"
            )
        facts[f"{name}_untagged_articles" if name else "untagged_articles"] = len(report.untagged)
        facts[f"{name}_counted" if name else "counted"] = report.counted_agreement
        facts[f"{name}_dates" if name else "dates"] = report.date_agreement
        facts[f"{name}_pages" if name else "pages"] = len(pages)
        if show_errors:
            tables += _error_tables(report, pages, name)
    if learning:
        tables.append(_learning_table(chosen, named, facts, no_follow))
    common.emit(fmt, tables, "\n".join(summary), **facts)
    if min_f1 is not None:
        low = {
            f"{name + ' ' if name else ''}{label} {mode}": report.score(label, mode).f1
            for name, report, _ in results
            for label, mode in HEADLINE
        }
        low = {k: v for k, v in low.items() if v < min_f1}
        if low:
            shown = ", ".join(f"{k} F1 {v:.3f}" for k, v in low.items())
            common.say(f"below --min-f1 {min_f1}: {shown}", err=True)
            return 1
    return 0


def _score(
    name: str, path: Path, annotations: Path, reviewed_only: bool, no_follow: bool
) -> tuple[str, Any, Any]:
    from reader.corpus.evaluate import evaluate
    from reader.extraction.lexicon import LexiconError

    corpus = common.open_corpus(path, annotations, follow_links=not no_follow)
    with common.domain_errors("cannot evaluate", LexiconError):
        try:
            report, pages = evaluate(corpus, annotations, reviewed_only=reviewed_only)
        except UnicodeDecodeError as exc:  # load_lexicon lets a lexicon.toml that is not UTF-8 through
            raise common.Failure(
                f"cannot evaluate: {annotations / 'lexicon.toml'}: not UTF-8 ({exc.reason})"
            ) from exc
    if not pages:
        raise common.Failure(f"no annotated pages of {path} in {annotations}")
    return name, report, pages


def _learning_table(
    chosen: list[tuple[str, Path, Path]], named: bool, facts: dict[str, Any], no_follow: bool
) -> common.Table:
    from reader.corpus.learning import leave_one_page_out, lessons
    from reader.text.segment import Segmenter

    columns = ("figures", "rules alone", "learned (leave one page out)")
    table = common.Table(
        "learning",
        "counted nouns of the figure tags, word for word: each page predicted by weights learned "
        "from the other pages only",
        ("set", *columns) if named else columns,
    )
    segmenter = Segmenter.shared()
    for name, path, folder in chosen:
        corpus = common.open_corpus(path, folder, follow_links=not no_follow)
        measured = leave_one_page_out(lessons(corpus, folder, segmenter))
        row = (measured.figures, measured.rules_agreement, measured.learned_agreement)
        table.rows.append((name, *row) if named else row)
        facts[f"{name}_learned" if name else "learned"] = measured.learned_agreement
        facts[f"{name}_rules" if name else "rules"] = measured.rules_agreement
    return table


def _error_tables(report: Any, pages: dict[str, Any], name: str = "") -> list[common.Table]:
    from reader.extraction.scoring import in_context

    def where(source: str, key: tuple[str, int, int]) -> tuple[int, int, str]:
        _, start, end = key
        return start, end, in_context(pages[source].text, start, end)

    prefix = f"{name} " if name else ""
    errors = common.Table(
        f"{prefix}errors".replace(" ", "_"),
        f"missed ({len(report.misses)}) and false alarms ({len(report.false_alarms)}), lenient",
        ("error", "label", "page", "start", "end", "context"),
    )
    for kind, rows in (("missed", report.misses), ("false alarm", report.false_alarms)):
        errors.rows += [(kind, key[0], source, *where(source, key)) for source, key in rows]
    boundary = common.Table(
        f"{prefix}boundary".replace(" ", "_"),
        f"boundary differences ({len(report.boundary)}): matched leniently, not strictly",
        ("label", "page", "gold start", "gold end", "gold", "found start", "found end", "found"),
    )
    for source, gold, found in report.boundary:
        boundary.rows.append((gold[0], source, *where(source, gold), *where(source, found)))
    attributes = common.Table(
        f"{prefix}attributes".replace(" ", "_"),
        f"counted nouns ({len(report.counted_errors)}) and dates ({len(report.date_errors)}) "
        "that differ from the gold on matched spans",
        ("attribute", "page", "start", "end", "context", "gold", "found"),
    )
    for kind, rows in (("counted", report.counted_errors), ("date", report.date_errors)):
        attributes.rows += [(kind, source, *where(source, key), g, f) for source, key, g, f in rows]
    return [errors, boundary, attributes]
