"""The `epireader` command. Imports no Textual unless the reader is opened."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from reader.annotation.model import default_annotator
from reader.corpus.corpus import CorpusError, load_corpus

SUBCOMMANDS = ("open", "check", "extract", "eval", "export", "stats", "agree", "teach")


def _open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="epireader",
        description="Read and tag Chinese news pages. PATH is a folder of .txt pages or one page.",
        epilog="Other commands: " + ", ".join(f"epireader {c} --help" for c in SUBCOMMANDS[1:]),
    )
    parser.add_argument("path", type=Path, help="folder of .txt pages, or a single page file")
    _store_options(parser)
    parser.add_argument(
        "--annotator", help="name recorded on each tag (default: your login name)", default=None
    )
    parser.add_argument(
        "--keywords",
        choices=("tfidf", "textrank"),
        default="tfidf",
        help="keyword method: corpus-weighted TF-IDF (default) or jieba's TextRank",
    )
    return parser


def _store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--annotations",
        type=Path,
        default=Path("annotations"),
        help="folder of annotation files (default: ./annotations)",
    )


def _optional_corpus(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, nargs="?", default=Path("seeds"), help="corpus (default: seeds)")


def _require_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise CorpusError(f"no annotations folder: {folder}")


def cmd_open(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.path)
    from reader.tui.app import make_app

    app = make_app(
        corpus,
        annotations=args.annotations,
        annotator=args.annotator or default_annotator(),
        keywords=args.keywords,
    )
    app.run()
    return 0


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="epireader check",
        description="Validate every annotation file against its page: schema, hash, offsets, text.",
    )
    parser.add_argument("path", type=Path, help="the corpus the annotations belong to")
    _store_options(parser)
    return parser


def cmd_check(args: argparse.Namespace) -> int:
    from reader.corpus.check import check

    corpus = load_corpus(args.path)
    _require_folder(args.annotations)
    reports = check(args.annotations, corpus)
    bad = [r for r in reports if r.problems]
    for report in reports:
        status = "ok" if not report.problems else f"{len(report.problems)} problem(s)"
        print(f"{report.path}: {report.spans} spans, {status}")
        for problem in report.problems:
            print(f"  - {problem}")
    print(f"{len(reports)} annotation file(s), {len(bad)} with problems")
    return 1 if bad else 0


# --- extract ---------------------------------------------------------------------


def _extract_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="epireader extract",
        description="Find events and figures in pages; one JSON object per span (jsonl) or a table.",
    )
    parser.add_argument("paths", type=Path, nargs="+", help="page files or folders of .txt pages")
    parser.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (default: every core)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    return parser


def _extract_one(item: tuple[str, str]) -> tuple[str, str | None, list[dict[str, object]]]:
    """Runs in a worker process: (source, problem, spans as JSON objects)."""
    from reader.extraction.extractor import extract_text
    from reader.text.decoding import decode_bytes

    source, path = item
    try:
        decoded = decode_bytes(Path(path).read_bytes())
    except OSError as exc:
        return source, f"cannot read: {exc.strerror or exc}", []
    if decoded.text is None:
        return source, decoded.problem, []
    return source, None, [f.to_json(source) for f in extract_text(decoded.text)]


def _sources(paths: list[Path]) -> list[tuple[str, str]]:
    from reader.corpus.corpus import page_paths

    items = []
    for given in paths:
        root, files = page_paths(given)
        for f in files:
            source = str(given) if given.is_file() else str(given / f.relative_to(root))
            items.append((source, str(f)))
    return items


def cmd_extract(args: argparse.Namespace) -> int:
    import json
    import multiprocessing
    import os

    items = _sources(args.paths)
    jobs = args.jobs or os.cpu_count() or 1
    progress = not args.no_progress
    problems = 0
    out = sys.stdout

    def results():  # noqa: ANN202 - a generator of worker results
        if jobs == 1 or len(items) < 4:
            yield from map(_extract_one, items)
            return
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            # imap keeps page order while streaming: output starts with the first page.
            yield from pool.imap(_extract_one, items, chunksize=max(1, min(64, len(items) // (jobs * 8))))

    if args.format == "table":
        out.write("source\tlabel\tstart\tend\ttext\n")
    for n, (source, problem, spans) in enumerate(results(), 1):
        if problem:
            problems += 1
            print(f"epireader: {source}: skipped, {problem}", file=sys.stderr)
        for span in spans:
            if args.format == "jsonl":
                out.write(json.dumps(span, ensure_ascii=False) + "\n")
            else:
                text = str(span["text"]).replace("\n", "⏎")
                out.write(f"{source}\t{span['label']}\t{span['start']}\t{span['end']}\t{text}\n")
        if progress:
            _progress(n, len(items))
    out.flush()
    if progress:
        print(file=sys.stderr)
    return 1 if problems else 0


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    bar = "#" * filled + "-" * (width - filled)
    print(f"\r[{bar}] {done}/{total} pages", end="", file=sys.stderr, flush=True)


# --- eval ------------------------------------------------------------------------


def _eval_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="epireader eval",
        description="Score the extractor against the annotation files (precision, recall, F1).",
    )
    _optional_corpus(parser)
    _store_options(parser)
    parser.add_argument("--show-errors", action="store_true", help="list misses and false alarms")
    parser.add_argument(
        "--reviewed-only", action="store_true", help="only articles a person marked reviewed (m)"
    )
    parser.add_argument(
        "--min-f1",
        type=float,
        default=None,
        help="exit 1 if figure strict F1 or event lenient F1 is below this",
    )
    return parser


def cmd_eval(args: argparse.Namespace) -> int:
    from reader.annotation.store import StoreError
    from reader.corpus.evaluate import evaluate

    corpus = load_corpus(args.path)
    _require_folder(args.annotations)
    try:
        report, pages = evaluate(corpus, args.annotations, reviewed_only=args.reviewed_only)
    except StoreError as exc:
        raise CorpusError(f"cannot evaluate: {exc}") from exc
    if not pages:
        raise CorpusError(f"no annotated pages of {args.path} in {args.annotations}")
    print(f"{len(pages)} annotated page(s)")
    print(f"{'label':<8}{'match':<9}{'gold':>6}{'found':>7}{'P':>8}{'R':>8}{'F1':>8}")
    for label in ("event", "figure"):
        for mode in ("strict", "lenient"):
            s = report.score(label, mode)
            print(
                f"{label:<8}{mode:<9}{s.gold:>6}{s.found:>7}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}"
            )
    if args.show_errors:
        _print_errors(report, pages)
    if args.min_f1 is not None:
        headline = {
            "figure strict": report.score("figure", "strict").f1,
            "event lenient": report.score("event", "lenient").f1,
        }
        low = {k: v for k, v in headline.items() if v < args.min_f1}
        if low:
            shown = ", ".join(f"{k} F1 {v:.3f}" for k, v in low.items())
            print(f"below --min-f1 {args.min_f1}: {shown}", file=sys.stderr)
            return 1
    return 0


def _print_errors(report: object, pages: dict[str, object]) -> None:
    from reader.extraction.scoring import in_context

    def show(source: str, key: tuple[str, int, int]) -> str:
        _, start, end = key
        return f"{source} {start}-{end} {in_context(pages[source].text, start, end)}"  # type: ignore[attr-defined]

    for title, rows in (("missed", report.misses), ("false alarms", report.false_alarms)):  # type: ignore[attr-defined]
        print(f"\n{title} ({len(rows)}, lenient):")
        for source, key in rows:
            print(f"  {key[0]:<7}{show(source, key)}")
    print(f"\nboundary differences ({len(report.boundary)}: matched leniently, not strictly):")  # type: ignore[attr-defined]
    for source, gold, found in report.boundary:  # type: ignore[attr-defined]
        print(f"  {gold[0]:<7}gold  {show(source, gold)}")
        print(f"  {'':<7}found {show(source, found)}")


# --- export ----------------------------------------------------------------------


def _export_parser() -> argparse.ArgumentParser:
    from reader.export.formats import FORMATS

    parser = argparse.ArgumentParser(
        prog="epireader export",
        description="Write the annotations as test fixtures or in other tools' formats.",
    )
    _optional_corpus(parser)
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument("--out", type=Path, default=None, help="folder (default: export/FORMAT)")
    _store_options(parser)
    return parser


def cmd_export(args: argparse.Namespace) -> int:
    from reader.annotation.store import StoreError
    from reader.export.formats import export

    corpus = load_corpus(args.path)
    _require_folder(args.annotations)
    out = args.out or Path("export") / args.format
    try:
        written = export(corpus, args.annotations, args.format, out)
    except (ValueError, StoreError) as exc:
        raise CorpusError(f"cannot export: {exc}") from exc
    print(f"{len(written)} file(s) written to {out}")
    return 0


# --- stats, agree, teach ------------------------------------------------------------


def _stats_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="epireader stats",
        description="Per page and for the corpus: articles, characters, tags, open suggestions, "
        "reviewed share, annotators.",
    )
    _optional_corpus(parser)
    _store_options(parser)
    return parser


def cmd_stats(args: argparse.Namespace) -> int:
    from reader.annotation.store import AnnotationStore
    from reader.corpus.index import CorpusIndex
    from reader.corpus.stats import stats_table

    corpus = load_corpus(args.path)
    index = CorpusIndex.build(corpus, AnnotationStore(args.annotations))
    assert index is not None
    print(stats_table(index.stats[p] for p in sorted(index.stats)))
    return 0


def _agree_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="epireader agree",
        description="Agreement between two annotators' folders on the same pages: F1 per label "
        "(strict, lenient), Cohen's kappa over characters, and the disagreements.",
    )
    parser.add_argument("dir_a", type=Path, help="first annotator's annotations folder")
    parser.add_argument("dir_b", type=Path, help="second annotator's annotations folder")
    _optional_corpus(parser)
    return parser


def cmd_agree(args: argparse.Namespace) -> int:
    from reader.annotation.store import StoreError
    from reader.corpus.agreement import agreement

    for folder in (args.dir_a, args.dir_b):
        _require_folder(folder)
    corpus = load_corpus(args.path)
    try:
        result = agreement(corpus, args.dir_a, args.dir_b)
    except StoreError as exc:
        raise CorpusError(f"cannot compare: {exc}") from exc
    if not result.pages:
        raise CorpusError(f"no page of {args.path} is annotated in both {args.dir_a} and {args.dir_b}")
    print(f"{len(result.pages)} page(s) annotated by both")
    print(f"{'label':<8}{'F1 strict':>10}{'F1 lenient':>12}{'kappa (chars)':>15}")
    for label in ("event", "figure"):
        strict = result.report.score(label, "strict").f1
        lenient = result.report.score(label, "lenient").f1
        print(f"{label:<8}{strict:>10.3f}{lenient:>12.3f}{result.kappa[label]:>15.3f}")
    print(f"\ndisagreements ({len(result.disagreements)}, exact spans one side has and the other not):")
    for d in result.disagreements:
        print(f"  {d.who:<7}{d.key[0]:<7}{d.page} {d.key[1]}-{d.key[2]} {d.context}")
    return 0


def _teach_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="epireader teach",
        description="List terms people tagged that jieba cuts wrongly; --apply adds the counted "
        "nouns to ANNOTATIONS/userdict.txt, which the reader loads next time.",
    )
    _optional_corpus(parser)
    _store_options(parser)
    parser.add_argument("--apply", action="store_true", help="add the listed terms to the user dictionary")
    parser.add_argument(
        "--min-count", type=int, default=2, help="list terms tagged at least this often (default 2)"
    )
    return parser


def cmd_teach(args: argparse.Namespace) -> int:
    from reader.corpus.teach import USER_DICT_NAME, add_to_user_dict, find_candidates
    from reader.text.segment import Segmenter

    corpus = load_corpus(args.path)
    _require_folder(args.annotations)
    segmenter = Segmenter(extra_dicts=(args.annotations / USER_DICT_NAME,))
    candidates, conflicts = find_candidates(corpus, args.annotations, segmenter)
    candidates = [c for c in candidates if c.count >= args.min_count]
    print(f"counted nouns jieba cuts into pieces ({len(candidates)}):")
    for c in candidates:
        print(f"  {c.term:<12} jieba: {'/'.join(c.cut):<20} tagged {c.count}×")
    print(f"\ntag edges inside a jieba word ({len(conflicts)}; not added, shown for review):")
    for conflict in conflicts[:50]:
        print(f"  {conflict.page} {conflict.label} {conflict.text!r} ends inside {conflict.word!r}")
    if args.apply and candidates:
        path = add_to_user_dict(args.annotations, [c.term for c in candidates], segmenter)
        print(f"\nadded {len(candidates)} term(s) to {path}")
    elif candidates:
        print("\nrun again with --apply to add these terms to the user dictionary")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command, parser, run = "open", _open_parser, cmd_open
    if argv and argv[0] in SUBCOMMANDS:
        command, argv = argv[0], argv[1:]
        parser, run = {
            "open": (_open_parser, cmd_open),
            "check": (_check_parser, cmd_check),
            "extract": (_extract_parser, cmd_extract),
            "eval": (_eval_parser, cmd_eval),
            "export": (_export_parser, cmd_export),
            "stats": (_stats_parser, cmd_stats),
            "agree": (_agree_parser, cmd_agree),
            "teach": (_teach_parser, cmd_teach),
        }[command]
    args = parser().parse_args(argv)
    try:
        return run(args)
    except CorpusError as exc:
        print(f"epireader: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader of our output went away (`epireader extract … | head`): not an error.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("\nepireader: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
