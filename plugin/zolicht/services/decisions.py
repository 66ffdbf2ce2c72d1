"""A yes or a stop about one member seeing one document: recorded, applied to Nextcloud at
once, and told as it is. The use case the command line and the web pages share.

``decide`` records the decision through :mod:`zolicht.services.grants`, then makes
Nextcloud match it (``reconcile.apply_after``: only that document's group memberships when
that is enough, else the whole family, which also takes any pending work along), and
returns a :class:`Decided`: done, or what still waits and why (the member has no account
yet; rate limited or Nextcloud unreachable, with the time zolicht tries again; refused).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from zolicht import messages as M
from zolicht import reconcile
from zolicht.clock import local
from zolicht.context import Context
from zolicht.domain.errors import NotFound
from zolicht.domain.model import Access, Family
from zolicht.nextcloud import NextcloudError
from zolicht.services import grants, notify
from zolicht.store.work import Busy

Runs = Callable[[], AbstractContextManager[reconcile.Run]]
"""A one-family reconcile run for the length of a block (its session is the caller's)."""


class State(StrEnum):
    """What became of applying a decision to Nextcloud."""

    DONE = "done"
    """Nextcloud has everything about the document."""
    NOT_CONFIGURED = "not_configured"
    """No Nextcloud is set: recorded only."""
    RATE_LIMITED = "rate_limited"
    """Nextcloud's rate limit held part of it back; tried again at ``retry_at``."""
    UNREACHABLE = "unreachable"
    """Nextcloud could not be reached (or was busy); tried again at ``retry_at``."""
    FAILED = "failed"
    """Nextcloud refused, or the apply could not be tried (a refused server version, the
    family held by another process for too long); ``error`` says what."""


class Waiting(StrEnum):
    """Why the member does not (yet) have in Nextcloud what was recorded."""

    NO_ACCOUNT = "no_account"
    """The member has neither an e-mail address nor a Nextcloud account."""
    NEXTCLOUD = "nextcloud"
    """Applying did not succeed (see :attr:`Decided.applied`); it is tried again."""


@dataclass(frozen=True)
class Terms:
    """What a yes agrees to: read or edit, and until which day."""

    access: Access = Access.READ
    until: date | None = None


@dataclass(frozen=True)
class Applied:
    state: State
    retry_at: datetime | None = None
    """When zolicht tries again, in Dutch time (rate limited, unreachable); None when
    nothing is scheduled."""
    error: str | None = None

    @property
    def temporary(self) -> bool:
        """What is missing comes by itself later (rate limited, or Nextcloud away)."""
        return self.state in (State.RATE_LIMITED, State.UNREACHABLE)

    def reason(self) -> str:
        """Why it waits and when zolicht tries again, in Dutch; empty when done or when no
        Nextcloud is set."""
        if self.state is State.FAILED:
            return M.PENDING_FAILED.format(error=self.error)
        if not self.temporary:
            return ""
        time = f"{self.retry_at:%H:%M}" if self.retry_at else "?"
        limited = self.state is State.RATE_LIMITED
        return (M.PENDING_RATE_LIMITED if limited else M.PENDING_UNREACHABLE).format(time=time)


@dataclass(frozen=True)
class Decided:
    """A yes or a stop, recorded, and whether Nextcloud already has it."""

    document: str
    member: str
    on: bool
    """A yes (True) or a stop."""
    recorded: grants.Outcome
    """The record after the decision, and what the consent rules now say."""
    applied: Applied
    at: datetime
    """When it was applied (or tried), in Dutch time."""

    @property
    def waiting(self) -> Waiting | None:
        """What still stands between the record and what the member sees in Nextcloud;
        None when nothing does: done, nothing was ever shared with them, or a yes that
        still waits for someone else's (nothing in Nextcloud changes for it)."""
        member = self.recorded.family.person(self.member)
        reachable = member is not None and member.has_account
        allowed = self.recorded.decision.allowed
        if allowed and not reachable:
            return Waiting.NO_ACCOUNT
        if (self.applied.state is State.DONE or not reachable
                or (self.on and not allowed)):
            return None
        return Waiting.NEXTCLOUD


def decide(ctx: Context, runs: Runs | None, slug: str, document: str, member: str, by: str,
           on: bool, terms: Terms | None = None,
           check: grants.Check | None = None, raise_errors: bool = False,
           applier: Context | None = None) -> Decided:
    """Record ``by``'s yes (``on``) or stop for ``member`` seeing ``document`` in family
    ``slug``, and apply it to Nextcloud at once.

    A yes is given on ``terms``; without them, on the terms already asked (read, without
    end, when nothing was asked; :func:`asked` as ``check`` requires a request). ``check``
    sees the family as the decision is recorded (in the same transaction) and raises to
    refuse it: nothing is written then. ``runs`` gives the reconcile run; None when no
    Nextcloud is set. An apply that cannot be tried at all (a refused server version, the
    family busy) is an outcome (``State.FAILED``), unless ``raise_errors``: then its error
    propagates, after the decision was recorded. ``applier``: who the apply's audit events
    name as actor, when not ``ctx``'s.
    """
    if not on:
        recorded = grants.revoke(ctx, slug, document, member, by, check_family=check)
    else:
        access, until = (terms.access.value, terms.until) if terms else (None, None)
        recorded = grants.grant(ctx, slug, document, member, by, access, until,
                                check_family=check)
    applied = apply(applier or ctx, runs, slug, (document, member), raise_errors,
                    asking=recorded.asked)
    return Decided(document, member, on, recorded, applied, local(ctx.now()))


def apply(ctx: Context, runs: Runs | None, slug: str,
          decision: tuple[str, str] | None = None, raise_errors: bool = False,
          asking: frozenset[str] = frozenset()) -> Applied:
    """Make Nextcloud match family ``slug`` now. After a ``decision`` (document, member):
    the one-document fast path when it can be used, else the whole family (so whenever the
    family has pending work, which then goes along); done once nothing about that document
    waits. Without one: the whole family, done once all of it is.

    Then, through Nextcloud's notifications (:mod:`zolicht.services.notify`), the
    consenters in ``asking`` are told that a question waits, and each network member who
    can newly see something that something new is there; a failure there changes nothing.
    """
    if runs is None:
        return Applied(State.NOT_CONFIGURED)
    try:
        with runs() as run:
            outcome: reconcile.Outcome | None = None
            try:
                outcome = reconcile.apply_after(ctx, run, slug, decision)
            finally:
                notify.after_apply(ctx, run.client, slug, outcome, asking)
    except (NextcloudError, Busy) as error:
        if raise_errors:
            raise
        return Applied(State.FAILED, error=str(error))
    if not (outcome.waiting_for(decision[0]) if decision else not outcome.complete):
        return Applied(State.DONE)
    return applied_of(ctx, slug, outcome)


def applied_of(ctx: Context, slug: str, outcome: reconcile.Outcome) -> Applied:
    """What waits after a family's apply that did not finish, and until when (the family's
    pending work says)."""
    if not outcome.temporary:
        return Applied(State.FAILED, error=outcome.error)
    with ctx.store.reading() as tx:
        pending = tx.pending.of(slug)
    state = State.RATE_LIMITED if outcome.deferred else State.UNREACHABLE
    return Applied(state, local(pending.not_before) if pending else None, outcome.error)


def asked(document: str, member: str) -> grants.Check:
    """A ``check`` for :func:`decide`: a yes only on an existing request (NotFound else)."""
    def check(family: Family) -> None:
        if family.grant(document, member) is None:
            raise NotFound("member", M.NO_SUCH_GRANT.format(member=member, document=document))
    return check
