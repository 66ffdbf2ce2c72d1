"""What every command runs on: the composition root of the command being run, its
console, and the step that carries a recorded change into Nextcloud at once.

:func:`zolicht.cli.main` builds one :class:`~zolicht.bootstrap.Root` per command and
sets it here; commands reach it through :func:`root` and never read settings themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any, TypeVar

import typer
from rich.console import Console

from zolicht import messages as M
from zolicht import reconcile
from zolicht.bootstrap import Root
from zolicht.context import Context
from zolicht.services import decisions
from zolicht.services import validation as check
from zolicht.services.decisions import Applied, State

T = TypeVar("T")

out = Console(highlight=False)
"""Where commands print (tests point its ``file`` at a buffer)."""

CURRENT: ContextVar[Root] = ContextVar("zolicht_root")
"""The composition root of the command being run (set by :func:`zolicht.cli.main`)."""

EXIT_WAITING = 3
"""Exit code: the change is recorded, but Nextcloud has not done it yet (it will be tried
again by itself)."""


def root() -> Root:
    return CURRENT.get()


@contextmanager
def open_context() -> Iterator[Context]:
    """The command's context (its store is closed when the command ends)."""
    yield root().context()


def run(command: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a service command with a fresh context."""
    with open_context() as ctx:
        return command(ctx, *args, **kwargs)


def say(message: str) -> None:
    out.print(message, markup=False, soft_wrap=True)


def complain(line: str) -> None:
    Console(stderr=True, highlight=False).print(line, markup=False, soft_wrap=True)


def optional_date(field: str, value: str | None) -> date | None:
    return None if value is None else check.parse_date(field, value)


def nextcloud_run(per_family: bool = False,
                  accepted: Sequence[str] = ()) -> AbstractContextManager[reconcile.Run]:
    """One reconcile run against the configured Nextcloud; its session is closed after."""
    return root().running(per_family, accepted)


def runs() -> decisions.Runs | None:
    """One-family runs against the configured Nextcloud; None when none is set."""
    if root().nextcloud is None:
        return None
    return lambda: root().running(per_family=True)


def apply_now(slug: str, decision: tuple[str, str] | None = None) -> Applied:
    """After a change: reconcile that family at once when a Nextcloud is set (after a
    ``decision`` (document, member), possibly only that member's memberships)."""
    with open_context() as ctx:
        return decisions.apply(ctx, runs(), slug, decision, raise_errors=True)


def exit_waiting(applied: Applied) -> typer.Exit:
    """The exit for a change Nextcloud does not have yet: 3 when it is tried again by
    itself, 1 when Nextcloud refused it."""
    return typer.Exit(EXIT_WAITING if applied.temporary else 1)


def say_applied(applied: Applied) -> None:
    """After a change that is not one yes or stop: say only when Nextcloud lags behind."""
    if applied.state is State.NOT_CONFIGURED:
        say(M.NOT_APPLIED)
    elif applied.state is not State.DONE:
        say(applied.reason())
        raise exit_waiting(applied)
