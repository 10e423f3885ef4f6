"""The `epireader` command. Imports no Textual unless the reader is opened."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from reader.corpus import CorpusError, load_corpus

SUBCOMMANDS = ("open",)


def _open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="epireader",
        description="Read and tag Chinese news pages. PATH is a folder of .txt pages or one page.",
        epilog="Other commands: " + ", ".join(f"epireader {c} --help" for c in SUBCOMMANDS[1:]),
    )
    parser.add_argument("path", type=Path, help="folder of .txt pages, or a single page file")
    parser.add_argument(
        "--keywords",
        choices=("tfidf", "textrank"),
        default="tfidf",
        help="keyword method: corpus-weighted TF-IDF (default) or jieba's TextRank",
    )
    return parser


def cmd_open(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.path)
    from reader.tui.app import make_app

    make_app(corpus, keywords=args.keywords).run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "open":
        argv = argv[1:]
    args = _open_parser().parse_args(argv)
    try:
        return cmd_open(args)
    except CorpusError as exc:
        print(f"epireader: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
