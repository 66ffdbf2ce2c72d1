"""A family's deployed forms, the submissions read back, proposals and notes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, delete, insert, select, update

from zolicht.domain.proposals import (
    Answer,
    Draft,
    Proposal,
    ProposalKind,
    ProposalState,
    Submission,
)
from zolicht.store.tables import (
    family_id_of,
    form_submissions,
    notes,
    proposals,
    remote_forms,
)


@dataclass(frozen=True)
class RecordedForm:
    """A form zolicht created, and what it looked like when zolicht last made it right."""

    id: int
    last_updated: int = 0
    """Forms' ``lastUpdated`` then; 0 when not yet settled."""
    fingerprint: str = ""
    """Of the desired form then; a changed definition or family changes it."""


def every_form_id(conn: Connection) -> set[int]:
    """The ids of the forms any family records (a form no family records is a copy or a
    leftover)."""
    return set(conn.execute(select(remote_forms.c.form_id)).scalars())


class FormRecords:
    def __init__(self, conn: Connection, slug: str, family_id: int | None = None) -> None:
        self.conn = conn
        self.family_id = family_id_of(conn, slug) if family_id is None else family_id

    # -- deployed forms ------------------------------------------------------------------------
    def forms(self) -> dict[str, RecordedForm]:
        rows = self.conn.execute(select(remote_forms)
                                 .where(remote_forms.c.family_id == self.family_id))
        return {r.form_key: RecordedForm(r.form_id, r.last_updated, r.fingerprint)
                for r in rows}

    def every_form_id(self) -> set[int]:
        return every_form_id(self.conn)

    def record_form(self, key: str, form: RecordedForm) -> None:
        self.forget_form(key)
        self.conn.execute(insert(remote_forms).values(
            family_id=self.family_id, form_key=key, form_id=form.id,
            last_updated=form.last_updated, fingerprint=form.fingerprint))

    def forget_form(self, key: str) -> None:
        self.conn.execute(delete(remote_forms).where(and_(
            remote_forms.c.family_id == self.family_id, remote_forms.c.form_key == key)))

    # -- submissions -----------------------------------------------------------------------------
    def known_submissions(self, key: str) -> set[int]:
        rows = self.conn.execute(select(form_submissions.c.submission_id).where(and_(
            form_submissions.c.family_id == self.family_id,
            form_submissions.c.form_key == key)))
        return {r.submission_id for r in rows}

    def keep_submission(self, submission: Submission) -> bool:
        """Store a submission as read; one already stored is left as it was first read.
        True when it was new."""
        if submission.id in self.known_submissions(submission.form):
            return False
        self.conn.execute(insert(form_submissions).values(
            family_id=self.family_id, form_key=submission.form, submission_id=submission.id,
            user_id=submission.user_id, submitted_at=submission.submitted_at,
            answers=json.dumps([[a.question, a.text, a.value] for a in submission.answers]),
            processed=False))
        return True

    def submissions(self, unprocessed_only: bool = False) -> list[Submission]:
        query = select(form_submissions).where(form_submissions.c.family_id == self.family_id)
        if unprocessed_only:
            query = query.where(form_submissions.c.processed.is_(False))
        rows = self.conn.execute(query.order_by(form_submissions.c.submitted_at,
                                                form_submissions.c.submission_id))
        return [Submission(r.form_key, r.submission_id, r.user_id, r.submitted_at,
                           tuple(Answer(*a) for a in json.loads(r.answers))) for r in rows]

    def mark_processed(self, submission: Submission) -> None:
        self.conn.execute(update(form_submissions).where(and_(
            form_submissions.c.family_id == self.family_id,
            form_submissions.c.form_key == submission.form,
            form_submissions.c.submission_id == submission.id)).values(processed=True))

    # -- proposals -------------------------------------------------------------------------------
    def propose(self, submission: Submission, by: str, draft: Draft, at: datetime) -> int:
        result = self.conn.execute(insert(proposals).values(
            family_id=self.family_id, kind=draft.kind.value, form_key=submission.form,
            submission_id=submission.id, submitted_by=by, payload=json.dumps(draft.payload),
            state=ProposalState.OPEN.value, created_at=at))
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    def propose_from_document(self, source: str, by: str, draft: Draft, at: datetime) -> int:
        """A proposal from a Word document read back (``source`` names the kind); it has
        no form submission, so its submission number is 0."""
        result = self.conn.execute(insert(proposals).values(
            family_id=self.family_id, kind=draft.kind.value, form_key=source,
            submission_id=0, submitted_by=by[:64], payload=json.dumps(draft.payload),
            state=ProposalState.OPEN.value, created_at=at))
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    def proposals(self, state: ProposalState | None = None) -> list[Proposal]:
        query = select(proposals).where(proposals.c.family_id == self.family_id)
        if state is not None:
            query = query.where(proposals.c.state == state.value)
        return [_proposal(r) for r in self.conn.execute(query.order_by(proposals.c.id))]

    def proposal(self, proposal_id: int) -> Proposal | None:
        row = self.conn.execute(select(proposals).where(and_(
            proposals.c.family_id == self.family_id, proposals.c.id == proposal_id))).first()
        return None if row is None else _proposal(row)

    def decide(self, proposal_id: int, state: ProposalState, by: str, at: datetime,
               outcome: str) -> None:
        self.conn.execute(update(proposals).where(proposals.c.id == proposal_id).values(
            state=state.value, decided_by=by, decided_at=at, outcome=outcome))

    # -- notes -----------------------------------------------------------------------------------
    def add_note(self, at: datetime, author: str, source: str, text: str) -> None:
        self.conn.execute(insert(notes).values(family_id=self.family_id, at=at, author=author,
                                               source=source, text=text))

    def notes(self) -> list[tuple[datetime, str, str, str]]:
        rows = self.conn.execute(select(notes).where(notes.c.family_id == self.family_id)
                                 .order_by(notes.c.at, notes.c.id))
        return [(r.at, r.author, r.source, r.text) for r in rows]


def _proposal(row: Row[Any]) -> Proposal:
    return Proposal(row.id, ProposalKind(row.kind), row.form_key, row.submission_id,
                    row.submitted_by, json.loads(row.payload), ProposalState(row.state),
                    row.created_at, row.decided_at, row.decided_by, row.outcome)
