"""The command line in Dutch: click's and typer's own words, the help of every command and
option (from ``messages``), the Dutch choices, and a yes/no question answered in Dutch.

click and typer translate their words with :mod:`gettext` (``_`` and ``ngettext``, bound
in each module); :func:`install` puts a look-up in ``messages.CLICK_WORDS`` in their place,
so no ``.mo`` file is needed. The help is set on the click commands typer built, so the
commands' docstrings stay developer documentation.
"""

from __future__ import annotations

import gettext
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

import typer
import typer.core
import typer.rich_utils as rich
from typer import _click as click

from zolicht import messages as M
from zolicht.domain.errors import InvalidInput
from zolicht.domain.text import shown


def words(message: str) -> str:
    """``message`` in Dutch, or as it is when zolicht has no Dutch for it."""
    return M.CLICK_WORDS.get(message, message)


def plural_words(singular: str, plural: str, n: int) -> str:
    return words(singular if n == 1 else plural)


_installed = False


def install() -> None:
    """Make click and typer speak Dutch (once per process)."""
    global _installed
    if _installed:
        return
    from typer._click import formatting, parser

    for module in (parser, typer.core, rich):
        if getattr(module, "_", None) is gettext.gettext:
            module._ = words  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = plural_words  # type: ignore[attr-defined]
    for constant in ("DEPRECATED_STRING", "DEFAULT_STRING", "ENVVAR_STRING",
                     "REQUIRED_LONG_STRING", "ARGUMENTS_PANEL_TITLE", "OPTIONS_PANEL_TITLE",
                     "COMMANDS_PANEL_TITLE", "ERRORS_PANEL_TITLE", "ABORTED_TEXT",
                     "RICH_HELP"):
        setattr(rich, constant, words(getattr(rich, constant)))
    write_usage = formatting.HelpFormatter.write_usage

    def usage(self: formatting.HelpFormatter, prog: str, args: str = "",
              prefix: str | None = None) -> None:
        write_usage(self, prog, args, M.USAGE if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = usage  # type: ignore[method-assign]
    help_option = typer.core.TyperCommand.get_help_option

    def dutch_help_option(self: Any, ctx: Any) -> Any:
        option = help_option(self, ctx)
        if option is not None:
            option.help = words("Show this message and exit.")
        return option

    for cls in (typer.core.TyperCommand, typer.core.TyperGroup):
        cls.get_help_option = dutch_help_option  # type: ignore[method-assign]
    format_error: Callable[[Any], None] = rich.rich_format_error

    def dutch_error(error: Any) -> None:
        english = error.format_message
        error.format_message = lambda: error_text(english())
        format_error(error)

    rich.rich_format_error = dutch_error  # type: ignore[assignment]
    _installed = True


def error_text(english: str) -> str:
    """click's error message in Dutch, as far as ``messages.CLICK_ERRORS`` knows it."""
    for pattern, dutch in M.CLICK_ERRORS:
        english = re.sub(pattern, dutch, english)
    return english


def commands(command: click.Command, path: str = "") -> Iterator[tuple[str, click.Command]]:
    """Every command and group under ``command``, with its path after ``zolicht``."""
    yield path, command
    if isinstance(command, typer.core.TyperGroup):
        for name, sub in command.commands.items():
            yield from commands(sub, f"{path} {name}".strip())


def param_key(path: str, param: click.Parameter) -> str:
    name = param.opts[0] if isinstance(param, typer.core.TyperOption) \
        else (param.name or "").upper()
    return f"{path} {name}".strip()


def set_help(top: click.Command) -> None:
    """Give every command, group, option and argument its Dutch help from ``messages``;
    what has no entry there gets no help (never the English of the code)."""
    for path, command in commands(top):
        command.help = M.HELP.get(path)
        command.short_help = None
        command.options_metavar = M.OPTIONS_METAVAR
        if isinstance(command, typer.core.TyperGroup):
            command.subcommand_metavar = M.COMMAND_METAVAR
        for param in command.params:
            text = M.OPTION_HELP.get(param_key(path, param))
            param.help = text  # type: ignore[attr-defined]


def choice(field: str, value: str, kind: str) -> str:
    """The record's value for ``value`` of option ``field``: a Dutch word from
    ``messages.CHOICES[kind]``, or the English value itself."""
    dutch = M.CHOICES[kind]
    if value in dutch:
        return dutch[value]
    if value in dutch.values():
        return value
    raise InvalidInput(field, M.CHOICE_RULE.format(choices=", ".join(dutch),
                                                     value=shown(value)))


def dutch_name(kind: str, value: str) -> str:
    """The Dutch word for a value of the record (the value itself when there is none)."""
    return next((word for word, english in M.CHOICES[kind].items() if english == value),
                value)


def confirm(question: str) -> bool:
    """Ask ``question``; yes is j, ja, y or yes, anything else (or nothing) is no."""
    typer.echo(f"{question} {M.YES_NO}: ", nl=False)
    answer = sys.stdin.readline().strip().lower()
    return answer in M.YES_WORDS
