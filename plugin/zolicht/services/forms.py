"""Form answers back into the family record, and the professional's decisions on them.

``pull`` stores every new submission exactly as given and turns it into proposals; it
never changes people, documents or grants. Only ``accept`` does, one proposal at a time,
through the same commands the professional uses by hand (so the same checks apply, and a
shared document still needs every consent the consent rules ask for).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from zolicht import messages as M
from zolicht.context import Context
from zolicht.domain.errors import Conflict, InvalidInput, NotFound
from zolicht.domain.method import MapEntry
from zolicht.domain.model import Circle, Family, Person
from zolicht.domain.proposals import (
    Proposal,
    ProposalKind,
    ProposalState,
    Submission,
    member_key,
    read_submission,
    submitter,
)
from zolicht.forms.definitions import FormDefinition
from zolicht.forms.export import record_summary, summary
from zolicht.forms.instance import instantiate
from zolicht.nextcloud import Gone, Refused
from zolicht.nextcloud.forms import LOST, Forms
from zolicht.services import family as families
from zolicht.services import grants, method
from zolicht.services import validation as check
from zolicht.store import Transaction
from zolicht.store.forms import FormRecords

NETWORK_ROLE = "netwerk"
"""Role of a proposed network member whose relation was not picked from the list."""


@dataclass
class PullReport:
    read: int = 0
    """New submissions stored."""
    proposals: int = 0
    problems: list[str] = field(default_factory=list)


def pull(ctx: Context, forms: Forms, slug: str,
         definitions: Sequence[FormDefinition]) -> PullReport:
    """Read the new submissions of the family's forms and propose what they ask for.

    A submission that cannot be read, or that comes from someone outside the family, is
    reported and kept out; it never stops the others.
    """
    with ctx.store.reading() as tx:
        family = tx.families.load(slug)
        recorded = tx.forms(slug).forms()
    report = PullReport()
    fetched: list[Submission] = []
    for key, form in sorted(recorded.items()):
        try:
            fetched += forms.read_submissions(key, form.id, report.problems)
        except (Gone, Refused) as error:
            if isinstance(error, Refused) and error.http_status != LOST:
                raise
            report.problems.append(M.FORM_GONE.format(form=key))
    choices = _choices(family, definitions)
    with ctx.store.transaction() as tx:
        records = tx.forms(slug)
        report.read = sum(records.keep_submission(s) for s in fetched)
        for submission in records.submissions(unprocessed_only=True):
            report.proposals += _propose(ctx, records, family, submission, choices,
                                         report.problems)
            records.mark_processed(submission)
        ctx.record(tx, "forms.pull", slug, reason=f"submissions={report.read} "
                   f"proposals={report.proposals} problems={len(report.problems)}")
    return report


Choices = dict[str, dict[str, tuple[str, ...]]]
"""Per form, per question name: the options the question offers now."""


def _choices(family: Family, definitions: Sequence[FormDefinition]) -> Choices:
    return {d.form: {q.name: q.options for q in instantiate(d, family).questions}
            for d in definitions}


def _propose(ctx: Context, records: FormRecords, family: Family, submission: Submission,
             choices: Choices, problems: list[str]) -> int:
    def problem(text: str) -> None:
        problems.append(M.PROBLEM_IN.format(form=submission.form, id=submission.id,
                                            problem=text))

    by = submitter(family, submission.user_id,
                   {p.key: p.uid for p in family.people})
    if by is None:
        problem(M.SUBMITTER_UNKNOWN.format(user=submission.user_id or "?"))
        return 0
    reading = read_submission(family, submission, by, choices.get(submission.form, {}))
    for text in reading.problems:
        problem(text)
    for draft in reading.drafts:
        records.propose(submission, by, draft, ctx.now())
    return len(reading.drafts)


# -- the professional's decisions --------------------------------------------------------------
def proposals(ctx: Context, slug: str, state: ProposalState | None = ProposalState.OPEN
              ) -> list[Proposal]:
    with ctx.store.reading() as tx:
        return tx.forms(slug).proposals(state)


@dataclass(frozen=True)
class Accepted:
    proposal: Proposal
    person: Person | None = None
    grant: grants.Outcome | None = None
    record: str | None = None
    """For a proposal for the method record: what was recorded, in words."""


def accept(ctx: Context, slug: str, proposal_id: int, consents: Sequence[str] = (),
           key: str | None = None) -> Accepted:
    """Carry out an open proposal. ``consents``: for a wish to share, the people whose yes
    the professional records with it; ``key``: for a new member, the key to use.

    The change goes through the ordinary command first; when that refuses (bad input, a
    consenter who has no say) the proposal stays open and nothing changed.
    """
    proposal = _open_proposal(ctx, slug, proposal_id)
    payload = proposal.payload
    if proposal.kind is ProposalKind.MEMBER:
        person = families.add_person(ctx, slug, _new_member(ctx, slug, payload, key))
        result, outcome = Accepted(proposal, person=person), f"person={person.key}"
    elif proposal.kind is ProposalKind.GRANT:
        asked = grants.request(ctx, slug, payload["document"], payload["member"], consents)
        result = Accepted(proposal, grant=asked)
        outcome = "grant " + ("effective" if asked.decision.allowed else "waiting")
    elif proposal.kind is ProposalKind.RECORD:
        outcome = apply_record(ctx, slug, payload)
        with ctx.store.reading() as tx:
            family = tx.families.load(slug)
        result = Accepted(proposal, record=record_summary(family, payload))
    else:
        text = check.note("note", note_text(payload))
        with ctx.store.transaction() as tx:
            tx.forms(slug).add_note(
                ctx.now(), proposal.submitted_by, proposal.form, text)
        result, outcome = Accepted(proposal), "note"
    _decide(ctx, slug, proposal, ProposalState.ACCEPTED, outcome)
    return result


def apply_record(ctx: Context, slug: str, payload: dict[str, Any]) -> str:
    """Carry a completed Word field into the method record through the method's own
    commands (same checks, one transaction and audit event each); the outcome in short."""
    part = payload.get("part")
    if part == "task":
        family = families.load_family(ctx, slug)
        taken = {t.key for t in family.method.tasks}
        key = member_key(f"{payload['person']}-taak", taken)
        method.set_task(ctx, slug, key, str(payload["person"]), str(payload["what"]),
                        str(payload.get("when", "")))
        return f"task={key}"
    if part == "jim":
        method.set_jim(ctx, slug, **{str(payload["field"]): str(payload["value"])})
        return f"jim {payload['field']}"
    if part == "offers":
        family = families.load_family(ctx, slug)
        entry = _map_entry(family, payload)
        method.record_map(ctx, slug, [entry], DOCUMENT_SOURCE)
        return f"offers {entry.person or 'map'}"
    if part == "backup":
        method.set_backup(ctx, slug, str(payload["person"]))
        return f"backup={payload['person']}"
    raise InvalidInput("proposal", M.CHOICE_RULE.format(
        choices="task, jim, offers, backup", value=repr(part)))


DOCUMENT_SOURCE = "document"
"""The source of a network map snapshot made from a completed netwerkkaart."""


def _map_entry(family: Family, payload: dict[str, Any]) -> MapEntry:
    """The person's entry of the current map with the new offers (a new entry, close by,
    when the map has none yet)."""
    current = family.method.current_map
    key, name = str(payload.get("person", "")), str(payload.get("name", ""))
    old = next((e for e in (current.entries if current else ())
                if (key and e.person == key) or e.name == name), None)
    offers = check.text("offers", str(payload["value"]), method.TEXT_LIMIT)
    return replace(old, offers=offers) if old else MapEntry(key, name, offers=offers)


def reject(ctx: Context, slug: str, proposal_id: int) -> Proposal:
    proposal = _open_proposal(ctx, slug, proposal_id)
    _decide(ctx, slug, proposal, ProposalState.REJECTED, "rejected")
    return proposal


def _open_proposal(ctx: Context, slug: str, proposal_id: int) -> Proposal:
    with ctx.store.reading() as tx:
        tx.families.load(slug)
        found = tx.forms(slug).proposal(proposal_id)
    if found is None:
        raise NotFound("proposal", M.NO_SUCH_PROPOSAL.format(slug=slug, id=proposal_id))
    if found.state is not ProposalState.OPEN:
        raise Conflict("proposal", M.PROPOSAL_DECIDED.format(
            id=proposal_id, state=M.STATE_NAMES[found.state.value]))
    return found


def _decide(ctx: Context, slug: str, proposal: Proposal, state: ProposalState,
            outcome: str) -> None:
    with ctx.store.transaction() as tx:
        tx.forms(slug).decide(proposal.id, state, ctx.actor, ctx.now(),
                                                   outcome)
        _audit(ctx, tx, slug, proposal, state, outcome)


def _audit(ctx: Context, tx: Transaction, slug: str, proposal: Proposal,
           state: ProposalState, outcome: str) -> None:
    ctx.record(tx, f"proposal.{state.value}", slug, on_behalf_of=proposal.submitted_by,
               reason=f"#{proposal.id} {proposal.kind.value} from {proposal.form}: {outcome}")


def _new_member(ctx: Context, slug: str, payload: dict[str, Any], key: str | None) -> Person:
    with ctx.store.reading() as tx:
        taken = {p.key for p in tx.families.load(slug).people}
    return Person(
        key=key or member_key(str(payload.get("name", "")), taken),
        name=str(payload.get("name", "")),
        role=str(payload.get("relation") or NETWORK_ROLE),
        circle=Circle.NETWORK,
        email=payload.get("email") or None,
        phone=payload.get("phone") or None,
    )


def note_text(payload: dict[str, Any]) -> str:
    """The question-and-answer pairs of a note, one per paragraph, as given."""
    return "\n\n".join(f"{question}\n{answer}" for question, answer in payload["answers"])


def export(ctx: Context, slug: str, definitions: Sequence[FormDefinition]) -> str:
    """The family's answers, proposals and notes as Markdown for the dossier."""
    with ctx.store.reading() as tx:
        family = tx.families.load(slug)
        records = tx.forms(slug)
        submissions, made, notes = records.submissions(), records.proposals(), records.notes()
    return summary(family, {d.form: d.title for d in definitions}, submissions, made, notes,
                   {p.uid: p.name for p in family.people})
