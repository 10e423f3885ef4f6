"""The `epireader` command. Imports no Textual unless the reader is opened."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from reader.annotations import default_annotator
from reader.corpus import CorpusError, load_corpus

SUBCOMMANDS = ("open", "check")


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
    from reader.check import check

    corpus = load_corpus(args.path)
    if not args.annotations.is_dir():
        raise CorpusError(f"no annotations folder: {args.annotations}")
    reports = check(args.annotations, corpus)
    bad = [r for r in reports if r.problems]
    for report in reports:
        status = "ok" if not report.problems else f"{len(report.problems)} problem(s)"
        print(f"{report.path}: {report.spans} spans, {status}")
        for problem in report.problems:
            print(f"  - {problem}")
    print(f"{len(reports)} annotation file(s), {len(bad)} with problems")
    return 1 if bad else 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command, parser, run = "open", _open_parser, cmd_open
    if argv and argv[0] in SUBCOMMANDS:
        command, argv = argv[0], argv[1:]
        parser, run = {"open": (_open_parser, cmd_open), "check": (_check_parser, cmd_check)}[command]
    args = parser().parse_args(argv)
    try:
        return run(args)
    except CorpusError as exc:
        print(f"epireader: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
