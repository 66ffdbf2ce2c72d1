"""What an operation's handler gets to work with, and what it hands back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zolicht.context import Context
from zolicht.domain.model import Family
from zolicht.reconcile.desired import Desired, DesiredCalendar
from zolicht.reconcile.forms import DesiredForm
from zolicht.reconcile.observe import Run
from zolicht.reconcile.plan import Observed
from zolicht.store import Transaction
from zolicht.store.remote import Remote


@dataclass(frozen=True)
class Wanted:
    """Everything a family's space should hold, derived from the record."""

    family: Family
    desired: Desired
    calendar: DesiredCalendar | None
    forms: list[DesiredForm]
    asked: int | None = None
    """The count of the family's queued apply when the record was read (``PendingWork.
    asked``): a run that completes clears that job only if nobody asked again since."""


@dataclass(frozen=True)
class Step:
    """One run's work on one family: the context, the run (with its client), the family's
    slug, what should be and what was observed (kept up to date by form operations)."""

    ctx: Context
    run: Run
    slug: str
    wanted: Wanted
    observed: Observed


Recording = Callable[[Transaction, Remote], None]
"""What an operation that succeeded leaves in the record (a share id, an etag, an audit
event); written in the transaction that marks the operation done."""

Handler = Callable[[Step, Any], "Recording | None"]
"""Carries out one kind of operation (its second argument is that kind's record)."""
