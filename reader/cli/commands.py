"""The commands of `epireader` and where each lives, with no click: `reader.cli.main`
decides from them, before click loads, whether a command line is `epireader PATH`."""

from __future__ import annotations

import sys

HELP_OPTIONS = ("-h", "--help")

# Each command's module is imported when that command runs (or --help lists them):
# `epireader seeds/` does not pay for eval, export, curate … before its first screen.
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


def interrupted() -> int:
    """^C before anything was done: one line, and the shell's code for it."""
    print("epireader: interrupted", file=sys.stderr, flush=True)
    return 130
