"""Form answers back into the family record, and the professional's decisions on them.

``pull`` stores every new submission exactly as given and turns it into proposals; it
never changes people, documents or grants. Only ``accept`` does, one proposal at a time,
through the same commands the professional uses by hand (so the same checks apply, and a
shared document still needs every consent the consent rules ask for).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from zolicht import messages as M
from zolicht.context import Context
from zolicht.domain.errors import Conflict, InvalidInput, NotFound
from zolicht.domain.method import (
    MapEntry,
    MethodRecord,
    NetworkMap,
    Ring,
    SafetyCircle,
    Support,
    plain_name,
)
from zolicht.domain.model import Circle, Family, Person
from zolicht.domain.proposals import (
    Proposal,
    ProposalKind,
    ProposalState,
    Submission,
    known_person,
    member_key,
    read_submission,
    refused,
    submitter,
)
from zolicht.forms.definitions import FormDefinition
from zolicht.forms.export import record_summary, summary
from zolicht.forms.instance import definition_of, instantiate
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
    reading = read_submission(family, submission, by,
                              choices.get(definition_of(submission.form), {}))
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
    known: bool = False
    """The person was in the record already (a change, not a new member)."""


def accept(ctx: Context, slug: str, proposal_id: int, consents: Sequence[str] = (),
           key: str | None = None) -> Accepted:
    """Carry out an open proposal. ``consents``: for a wish to share, the people whose yes
    the professional records with it; ``key``: for a new member, the key to use.

    The change goes through the ordinary command first; when that refuses (bad input, a
    consenter who has no say) the proposal stays open and nothing changed. Accepting a
    person from step 3 (new or known) also puts them on the network map of the day the
    form was sent, and so does a person the youth put in a safety circle (their own form);
    what the proposal does not say stays as the map had it. A name for the "never involve"
    list goes on that list, its reason kept for the professional alone (it is in no audit
    line).
    """
    proposal = _open_proposal(ctx, slug, proposal_id)
    payload = proposal.payload
    also: Callable[[Transaction], None] | None = None
    result = Accepted(proposal)
    if proposal.kind in (ProposalKind.MEMBER, ProposalKind.UPDATE):
        person = _known(ctx, slug, payload)
        if person is None:
            person = families.add_person(ctx, slug, _new_member(ctx, slug, payload, key))
            outcome = f"person={person.key}"
        else:
            outcome = f"known person={person.key}"
        result = Accepted(proposal, person=person, known=outcome.startswith("known"))
        if definition_of(proposal.form) == SOURCE_MAP or payload.get("circle"):
            also = _on_map(ctx, slug, proposal, person)
    elif proposal.kind is ProposalKind.NEVER:
        outcome = _never(ctx, slug, proposal)
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
        outcome = "note"
    _decide(ctx, slug, proposal, ProposalState.ACCEPTED, outcome, also)
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


def _known(ctx: Context, slug: str, payload: dict[str, Any]) -> Person | None:
    """The person a proposal is about when they are in the record already: by key for a
    change, by the very same name for a new member (a second submission may have named them
    first; a name that only looks like someone's is left to ``add_person`` to refuse).
    Someone put on the "never involve" list since the proposal was made is refused."""
    with ctx.store.reading() as tx:
        family = tx.families.load(slug)
    name = str(payload.get("name", ""))
    person = family.person(str(payload.get("person") or "")) or next(
        (p for p in family.people if p.name == " ".join(name.split())), None)
    if refused(family, name) or (person is not None and family.never_involved(person.key)):
        raise Conflict("proposal", M.PROPOSAL_NOW_NEVER)
    return person


def _on_map(ctx: Context, slug: str, proposal: Proposal,
            person: Person) -> Callable[[Transaction], None]:
    """Put ``person`` on the network map of the day the form was sent: that day's map
    from the same form if there is one, else a new one that starts from the latest map
    (people this submission does not mention stay as they were). Only what the proposal
    says changes: a safety circle from the youth's form leaves ring, support and offers
    as step 3 recorded them, and an unanswered question keeps the earlier answer."""
    given = given_fields(proposal.payload)
    entry = MapEntry(person.key, person.name, **given)
    source = definition_of(proposal.form)

    def write(tx: Transaction) -> None:
        record = tx.families.load(slug).method
        sent = next((s.submitted_at for s in tx.forms(slug).submissions()
                     if s.id == proposal.submission and s.form == proposal.form),
                    proposal.created_at)
        tx.families.save_method(slug, with_entry(record, entry, sent.date(), source,
                                                 frozenset(given)))
    return write


SOURCE_MAP = "stap-3"


def given_fields(payload: dict[str, Any]) -> dict[str, Any]:
    """The map entry's fields a proposal gives a value for (an empty answer gives none)."""
    given: dict[str, Any] = {}
    if payload.get("ring"):
        given["ring"] = Ring(payload["ring"])
    if payload.get("support"):
        given["support"] = tuple(Support(s) for s in payload["support"])
    if payload.get("offers"):
        given["offers"] = str(payload["offers"])
    if payload.get("long_term") is not None:
        given["long_term"] = bool(payload["long_term"])
    if payload.get("circle"):
        given["circle"] = SafetyCircle(payload["circle"])
    return given


def with_entry(record: MethodRecord, entry: MapEntry, day: date, source: str,
               given: Collection[str] | None = None) -> MethodRecord:
    """``record`` with ``entry`` on the map of ``day`` from ``source``; when that day has
    none yet, a new map that starts from the current one. The same person's entry there
    is replaced by ``entry`` or, with ``given``, merged: the fields named in ``given``
    come from ``entry``, the others stay as they were."""
    same = next((m for m in record.maps if m.made_on == day and m.source == source), None)
    if same is None:
        current = record.current_map
        same = NetworkMap(day, source, current.entries if current else ())
        maps = (*record.maps, same)
    else:
        maps = record.maps
    old = next((e for e in same.entries if _same_person(e, entry)), None)
    if old is not None and given is not None:
        entry = replace(old, person=entry.person, name=entry.name,
                        **{name: getattr(entry, name) for name in given})
    entries = tuple(e for e in same.entries if not _same_person(e, entry)) + (entry,)
    updated = replace(same, entries=entries)
    return replace(record, maps=tuple(updated if m is same else m for m in maps))


def _same_person(a: MapEntry, b: MapEntry) -> bool:
    return (bool(a.person) and a.person == b.person) or plain_name(a.name) == plain_name(b.name)


def _never(ctx: Context, slug: str, proposal: Proposal) -> str:
    """Put the name on the "never involve" list through the ordinary command (which takes
    away what the person had, and refuses a parent with authority, the youth themselves or
    a professional). The reason goes on the list only: the audit line names nobody."""
    payload = proposal.payload
    name, key = str(payload.get("name", "")), str(payload.get("person") or "")
    with ctx.store.reading() as tx:
        family = tx.families.load(slug)
    person = family.person(key) or known_person(family, name)
    if family.method.never_involved(person.key if person else "", name):
        return "never-list (already listed)"
    method.never_add(ctx, slug, name, str(payload.get("reason") or ""),
                     person=person.key if person else None)
    return "never-list"


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
            outcome: str, also: Callable[[Transaction], None] | None = None) -> None:
    with ctx.store.transaction() as tx:
        if also is not None:
            also(tx)
        tx.forms(slug).decide(proposal.id, state, ctx.actor, ctx.now(), outcome)
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


def submissions(ctx: Context, slug: str) -> list[Submission]:
    """Every answer read from the family's forms, as given, oldest first."""
    with ctx.store.reading() as tx:
        tx.families.load(slug)
        return tx.forms(slug).submissions()


def export(ctx: Context, slug: str, definitions: Sequence[FormDefinition]) -> str:
    """The family's answers, proposals and notes as Markdown for the dossier."""
    with ctx.store.reading() as tx:
        family = tx.families.load(slug)
        records = tx.forms(slug)
        submissions, made, notes = records.submissions(), records.proposals(), records.notes()
    return summary(family, {d.form: d.title for d in definitions}, submissions, made, notes,
                   {p.uid: p.name for p in family.people})
