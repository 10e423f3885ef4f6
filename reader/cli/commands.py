"""The commands of `epireader` and where each lives, with no click: `reader.cli.main`
decides from them, before click loads, whether a command line is `epireader PATH`."""

from __future__ import annotations

import sys

HELP_OPTIONS = ("-h", "--help")

# Each command's module is imported when that command runs (or --help lists them):
# `epireader open seeds/` does not pay for eval, export, curate … before its first
# screen (and `epireader seeds/` not even for click).
COMMANDS = {
    "open": "reader.cli.read:open_command",
    "check": "reader.cli.check:check_command",
    "extract": "reader.cli.extract:extract_command",
    "index": "reader.cli.index:index_command",
    "eval": "reader.cli.evaluate:eval_command",
    "export": "reader.cli.export:export_command",
    "import": "reader.cli.import_:import_command",
    "stats": "reader.cli.stats:stats_command",
    "agree": "reader.cli.agree:agree_command",
    "curate": "reader.cli.curate:curate_command",
    "teach": "reader.cli.teach:teach_command",
}


def interrupted(end_line: bool = False) -> int:
    """^C before anything was done: one line, and the shell's code for it.
    ``end_line``: the terminal's cursor may be after the echoed ^C (click ends that
    line itself before it gives up)."""
    print(("\n" if end_line else "") + "epireader: interrupted", file=sys.stderr, flush=True)
    return 130
