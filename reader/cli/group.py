"""The `epireader` click group: its default command opens the reader.

`epireader PATH` is `epireader open PATH`; the other commands are listed by
`epireader --help`. Imports no Textual (and no jieba) unless a command needs it.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

import click

from reader.cli.commands import COMMANDS, HELP_OPTIONS, interrupted
from reader.cli.common import domain_errors, quiet_broken_pipe, say


class DefaultGroup(click.Group):
    """A group that runs ``default`` when the first argument is not one of its
    commands or options: `epireader seeds/` reads as `epireader open seeds/`."""

    def __init__(self, *args: Any, default: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default = default

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = COMMANDS.get(cmd_name)
        if where is None:
            return super().get_command(ctx, cmd_name)
        if cmd_name not in self.commands:
            module, _, name = where.partition(":")
            self.add_command(getattr(importlib.import_module(module), name), cmd_name)
        return self.commands[cmd_name]

    def route(self, args: Sequence[str]) -> list[str]:
        """``args`` with the default command put in front when none is named."""
        args = list(args)
        own_options = {opt for p in self.params for opt in (*p.opts, *p.secondary_opts)}
        if args and args[0] not in COMMANDS and args[0] not in {*own_options, *HELP_OPTIONS}:
            return [self.default, *args]
        return args

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, self.route(args))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)  # in this order, not sorted

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


def run(args: Sequence[str]) -> int:
    """Parse ``args`` and run the command they name; returns the exit code."""
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
        return interrupted()
    return code if isinstance(code, int) else 0
