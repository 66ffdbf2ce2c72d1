"""Reading and writing a family's contact plan."""

from __future__ import annotations

from sqlalchemy import Connection, and_, delete, insert, select

from zolicht.domain.contacts import (
    DEFAULT_TAPER,
    ContactPlan,
    Moment,
    MomentKind,
    OccurrenceChange,
    Series,
)
from zolicht.store.tables import (
    contact_moments,
    contact_plans,
    family_id_of,
    series_exceptions,
)


class Contacts:
    def __init__(self, conn: Connection, slug: str, family_id: int | None = None) -> None:
        self.conn = conn
        self.family_id = family_id_of(conn, slug) if family_id is None else family_id

    def load(self) -> ContactPlan:
        head = self.conn.execute(select(contact_plans).where(
            contact_plans.c.family_id == self.family_id)).first()
        series: list[Series] = []
        moments: list[Moment] = []
        changes = self._changes()
        for r in self.conn.execute(select(contact_moments).where(
                contact_moments.c.family_id == self.family_id).order_by(contact_moments.c.start)):
            who = tuple(p for p in r.participants.split(",") if p)
            if r.every_weeks:
                series.append(Series(r.key, r.title, r.start, r.minutes, r.every_weeks, r.until,
                                     who, r.location, tuple(changes.get(r.key, ()))))
            else:
                moments.append(Moment(r.key, MomentKind(r.kind), r.title, r.start, r.minutes,
                                      who, r.location, r.cancelled))
        if head is None:
            return ContactPlan(tuple(series), tuple(moments))
        return ContactPlan(tuple(series), tuple(moments), head.closing,
                           tuple(head.taper.split(",")) if head.taper else (),
                           head.strips, head.strips_used)

    def _changes(self) -> dict[str, list[OccurrenceChange]]:
        """Series key → its changed occurrences, in day order."""
        found: dict[str, list[OccurrenceChange]] = {}
        for r in self.conn.execute(select(series_exceptions).where(
                series_exceptions.c.family_id == self.family_id).order_by(
                series_exceptions.c.occurs_on)):
            found.setdefault(r.series_key, []).append(OccurrenceChange(r.occurs_on, r.moved_to))
        return found

    def save_settings(self, plan: ContactPlan) -> None:
        self.conn.execute(delete(contact_plans).where(
            contact_plans.c.family_id == self.family_id))
        self.conn.execute(insert(contact_plans).values(
            family_id=self.family_id, closing=plan.closing,
            taper=",".join(plan.taper or DEFAULT_TAPER), strips=plan.strips,
            strips_used=plan.strips_used))

    def save_series(self, series: Series) -> None:
        self._write(series.key, kind=MomentKind.CONTACT.value, title=series.title,
                    start=series.first, minutes=series.minutes,
                    every_weeks=series.every_weeks, until=series.until,
                    participants=",".join(series.participants), location=series.location,
                    cancelled=False)
        self.conn.execute(delete(series_exceptions).where(and_(
            series_exceptions.c.family_id == self.family_id,
            series_exceptions.c.series_key == series.key)))
        for change in series.changes:
            self.conn.execute(insert(series_exceptions).values(
                family_id=self.family_id, series_key=series.key, occurs_on=change.on,
                moved_to=change.moved_to))

    def save_moment(self, moment: Moment) -> None:
        self._write(moment.key, kind=moment.kind.value, title=moment.title,
                    start=moment.start, minutes=moment.minutes, every_weeks=None, until=None,
                    participants=",".join(moment.participants), location=moment.location,
                    cancelled=moment.cancelled)

    def _write(self, key: str, **values: object) -> None:
        """Insert or replace the row of ``key``."""
        self.conn.execute(delete(contact_moments).where(and_(
            contact_moments.c.family_id == self.family_id, contact_moments.c.key == key)))
        self.conn.execute(insert(contact_moments).values(
            family_id=self.family_id, key=key, **values))
