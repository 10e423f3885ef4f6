"""The `epireader` command.

`epireader PATH` alone opens the reader without loading click: a person types it
most, and waits for its first screen (benchmarks/bench_reader.py). Everything else,
and PATH whose corpus cannot be opened (so that the error is reported as every
command reports it), goes through the click group in `reader.cli.group`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from reader.cli.commands import COMMANDS


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command in ``argv`` (default: sys.argv[1:]); returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if opens_the_reader_alone(args):
        from reader.cli.launch import open_alone

        code = open_alone(args[0])
        if code is not None:
            return code
    from reader.cli.group import run

    return run(args)


def opens_the_reader_alone(args: Sequence[str]) -> bool:
    """``args`` is one PATH: not a command, an option, or `--` (all for click)."""
    return len(args) == 1 and args[0] not in COMMANDS and not args[0].startswith("-")


if __name__ == "__main__":
    sys.exit(main())
