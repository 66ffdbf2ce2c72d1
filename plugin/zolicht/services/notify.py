"""Telling people that something waits for them in zolicht, through Nextcloud's own
notifications (the bell, push, and its e-mail reminder of unread ones), never what.

- A parent or youth whose yes is missing for a new request gets :data:`M.NOTIFY_ASKED`
  with a link to their family page.
- A network member who can newly see something after an apply gets
  :data:`M.NOTIFY_SHARED` with a link to their member page: one message per apply, however
  many documents came.

A message never holds a title, a document's name or anyone's name: a title can be a
secret, and a notification is shown on lock screens and mailed. Nobody is notified who
switched it off (``Person.notify``), has no account, or was never to be involved.
Sending never changes a decision's outcome: a failure is logged (account id and the
error's kind, nothing about the document) and left to the work queue, whose worker tries
again with a growing wait (``store.work.backoff``) and gives up after a few tries.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Protocol

from zolicht import messages as M
from zolicht import reconcile
from zolicht.context import Context
from zolicht.domain.model import Circle, Family, Person
from zolicht.reconcile.ops import AddToGroup
from zolicht.store.work import backoff

log = logging.getLogger(__name__)


class Sender(Protocol):
    """Nextcloud's notifications (``zolicht.nextcloud.notifications.Notifications``)."""

    def send(self, uid: str, short: str, long: str = "") -> None: ...


class Client(Protocol):
    """A Nextcloud client (``zolicht.nextcloud.Nextcloud``), as the service account."""

    @property
    def notifications(self) -> Sender: ...


def after_apply(ctx: Context, client: Client, slug: str,
                outcome: reconcile.Outcome | None, asking: Iterable[str] = ()) -> int:
    """After a decision was recorded and applied (``outcome`` None: the apply failed before
    it had one): notify the consenters in ``asking`` (keys: whose yes the decision newly
    waits for) and every network member the apply let see something new. Returns how many
    were sent; never raises. (An apply that let nobody see anything new, with nobody to
    ask, reads nothing: a worker calls this after every family it applied.)"""
    asking = tuple(asking)
    if not asking and (outcome is None or not joined(outcome)):
        return 0
    try:
        sender = client.notifications
        with ctx.store.reading() as tx:
            family = tx.families.load(slug)
        sent = asked(ctx, sender, family, asking)
        if outcome is not None:
            sent += shared(ctx, sender, family, outcome)
        return sent
    except Exception as error:  # a notification never breaks a decision
        log.warning("notifications for a family not sent: %s", type(error).__name__)
        return 0


def asked(ctx: Context, sender: Sender, family: Family, keys: Iterable[str]) -> int:
    """Tell each of ``keys`` that a question waits for them (their family page)."""
    wanted = set(keys)
    people = [p for p in family.people if p.key in wanted and p.circle is Circle.FAMILY]
    return _send(ctx, sender, family, people, M.NOTIFY_ASKED, "gezin")


def shared(ctx: Context, sender: Sender, family: Family, outcome: reconcile.Outcome) -> int:
    """Tell each network member who joined a document's group in this apply, once."""
    uids = joined(outcome)
    people = [p for p in family.people if p.circle is Circle.NETWORK and p.uid in uids]
    return _send(ctx, sender, family, people, M.NOTIFY_SHARED, "netwerk")


def joined(outcome: reconcile.Outcome) -> set[str]:
    """The accounts that joined a document's group in this apply (and stayed)."""
    undone = outcome.undone()
    return {op.uid for op in outcome.plan.ops
            if isinstance(op, AddToGroup) and op.document and op not in undone}


def link(ctx: Context, page: str, slug: str) -> str:
    """What the message says after its first sentence: where to look."""
    if not ctx.public_url:
        return M.NOTIFY_LOOK_IN_ZOLICHT
    return M.NOTIFY_LOOK.format(link=f"{ctx.public_url}/{page}/{slug}")


def _send(ctx: Context, sender: Sender, family: Family, people: list[Person], short: str,
          page: str) -> int:
    sent = 0
    for person in people:
        if not (person.notify and person.has_account and person.uid) or family.never_involved(
                person.key):
            continue
        try:
            sender.send(person.uid, short, link(ctx, page, family.slug))
        except Exception as error:  # logged; the worker tries again
            log.warning("notification to %s not sent: %s", person.uid, type(error).__name__)
            _later(ctx, family.slug, person.uid, short, link(ctx, page, family.slug))
            continue
        sent += 1
    return sent


def _later(ctx: Context, slug: str, uid: str, short: str, long: str) -> None:
    """Leave a notification Nextcloud did not take to the work queue (never raises)."""
    try:
        now = ctx.now()
        with ctx.store.transaction() as tx:
            tx.jobs.notify(slug, json.dumps({"uid": uid, "short": short, "long": long}),
                           now + backoff(1), now)
    except Exception as error:  # the database away too: the next event tells again
        log.warning("notification to %s not kept for later: %s", uid, type(error).__name__)
