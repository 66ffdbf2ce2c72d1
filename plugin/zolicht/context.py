"""What every use case runs with: where the record lives, the time, and who is acting.

Built by the composition root (``zolicht.bootstrap``) and passed down; the reconciler and
the services both take it, so neither imports the other for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from zolicht.clock import Clock, today
from zolicht.domain.audit import AuditEvent
from zolicht.store import Store, Transaction


@dataclass
class Context:
    """What every command needs: where the record lives, the time, and who is acting."""

    store: Store
    clock: Clock
    actor: str
    public_url: str = ""
    """Where people reach zolicht's pages, for links in notifications; empty: no link."""

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return today(self.clock)

    def record(self, tx: Transaction, action: str, family: str, **fields: str | None) -> None:
        tx.audit.append(AuditEvent(at=self.now(), actor=self.actor, action=action,
                                   family=family, **fields))
