"""The `epireader` command: a click group whose default command opens the reader.

`epireader PATH` is `epireader open PATH`; the other commands are listed by
`epireader --help`. Imports no Textual (and no jieba) unless a command needs it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from reader.cli.agree import agree_command
from reader.cli.check import check_command
from reader.cli.common import domain_errors, quiet_broken_pipe, say
from reader.cli.curate import curate_command
from reader.cli.evaluate import eval_command
from reader.cli.export import export_command
from reader.cli.extract import extract_command
from reader.cli.import_ import import_command
from reader.cli.index import index_command
from reader.cli.read import open_command
from reader.cli.stats import stats_command
from reader.cli.teach import teach_command

HELP_OPTIONS = ("-h", "--help")


class DefaultGroup(click.Group):
    """A group that runs ``default`` when the first argument is not one of its
    commands or options: `epireader seeds/` reads as `epireader open seeds/`."""

    def __init__(self, *args: Any, default: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default = default

    def route(self, args: Sequence[str]) -> list[str]:
        """``args`` with the default command put in front when none is named."""
        args = list(args)
        own_options = {opt for p in self.params for opt in (*p.opts, *p.secondary_opts)}
        if args and args[0] not in self.commands and args[0] not in {*own_options, *HELP_OPTIONS}:
            return [self.default, *args]
        return args

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, self.route(args))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # in the order they were added, not sorted

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with domain_errors():
                return super().invoke(ctx)
        except BrokenPipeError:
            quiet_broken_pipe()
            return 0


@click.group(
    cls=DefaultGroup,
    default="open",
    context_settings={"help_option_names": list(HELP_OPTIONS)},
    subcommand_metavar="PATH | COMMAND [ARGS]...",
)
def cli() -> None:
    """Read and tag Chinese news pages.

    `epireader PATH` opens the reader on PATH, a folder of .txt pages or one page
    (the same as `epireader open PATH`; `epireader -- -odd-name.txt` for a name that
    starts with a dash). `epireader COMMAND --help` describes each command.
    """


for command in (
    open_command,
    check_command,
    extract_command,
    index_command,
    eval_command,
    export_command,
    import_command,
    stats_command,
    agree_command,
    curate_command,
    teach_command,
):
    cli.add_command(command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command in ``argv`` (default: sys.argv[1:]); returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = cli.main(args, prog_name="epireader", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        exc.show()
        return exc.exit_code
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "epireader"
        message = " ".join(exc.format_message().split())
        say(f"{where}: {message} (see {where} --help)", err=True)
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        # click has already ended the line a ^C may have left half-written.
        click.echo("epireader: interrupted", err=True)
        return 130
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
