"""The professional's people and proposals: what the pages and the API show, and the
actions both take. Every change goes through the services' own commands (same checks, one
transaction, nothing changed on bad input), then the family is applied to Nextcloud the
way "Nu bijwerken" does it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from zolicht import messages as M
from zolicht.domain.consent import requirement
from zolicht.domain.errors import Conflict, InvalidInput
from zolicht.domain.model import Circle, Family, Person
from zolicht.domain.proposals import Proposal, ProposalKind, member_key
from zolicht.forms.export import proposal_summary
from zolicht.services import family as families
from zolicht.services import forms as answers
from zolicht.services import method
from zolicht.services import validation as check
from zolicht.services.forms import Accepted
from zolicht.web.deps import Identity
from zolicht.web.responses import go
from zolicht.web.site import Site
from zolicht.web.views import AccountState, Notice, apply_notice
from zolicht.wording import day, name_of, names_of, title_of


@dataclass(frozen=True)
class PersonRow:
    key: str
    name: str
    role: str
    circle: str
    """The circle in Dutch."""
    account: bool
    email: str
    phone: str
    authority: bool
    never: bool
    """On the never-involve list: offered "weer toestaan" there, not "nooit betrekken"."""
    may_be_excluded: bool
    """Not a professional, a parent with authority or a subject of documents."""
    signed_in: str = ""
    """Network members: whether Nextcloud has their account and they ever signed in
    (``none``, ``invited``, ``signed-in``); "" when not known."""
    account_text: str = ""
    """The account in words."""
    notify: bool = True
    """Whether Nextcloud's notifications reach them (no title or name is ever in one)."""


@dataclass(frozen=True)
class NeverRow:
    name: str
    since: str
    reason: str
    """Private: shown to the professional only."""


@dataclass(frozen=True)
class PeoplePage:
    family: str
    family_name: str
    people: tuple[PersonRow, ...]
    never: tuple[NeverRow, ...]


def people_page(family: Family, accounts: Mapping[str, AccountState] | None = None
                ) -> PeoplePage:
    """The professional's view of the family's people; ``accounts`` as ``Site.accounts``."""
    subjects, accounts = {d.subject for d in family.documents}, accounts or {}
    rows = tuple(PersonRow(
        p.key, p.name, p.role, M.WEB_CIRCLE_NAMES[p.circle.value], p.has_account,
        p.email or "", p.phone or "", p.has_authority, family.never_involved(p.key),
        p.circle is not Circle.PROFESSIONAL and not p.has_authority and p.key not in subjects,
        state.value if (state := accounts.get(p.key)) else "",
        _account_text(p, state), p.notify)
        for p in family.people)
    never = tuple(NeverRow(n.name, day(n.since) if n.since else "", n.reason)
                  for n in family.method.never)
    return PeoplePage(family.slug, family.name, rows, never)


def _account_text(person: Person, state: AccountState | None) -> str:
    if not person.has_account:
        return M.WEB_PEOPLE_ACCOUNT_NO
    return M.WEB_PEOPLE_ACCOUNT_STATE[state.value] if state else M.WEB_PEOPLE_ACCOUNT_YES


@dataclass(frozen=True)
class Consenter:
    key: str
    name: str


@dataclass(frozen=True)
class ProposalRow:
    id: int
    kind: str
    summary: str
    """In Dutch; a never-reason in it (private: the professional's pages only)."""
    by: str
    date: str
    consenters: tuple[Consenter, ...] = ()
    """For a wish to share: whose yes the consent rules ask for."""


def proposal_rows(family: Family, found: Sequence[Proposal], on: date) -> tuple[ProposalRow, ...]:
    rows = []
    for p in found:
        consenters: tuple[Consenter, ...] = ()
        if p.kind is ProposalKind.GRANT:
            document = family.document(str(p.payload.get("document", "")))
            subject = family.person(document.subject) if document else None
            if subject is not None:
                need = requirement(subject, family.people, on)
                consenters = tuple(Consenter(k, name_of(family, k))
                                   for k in sorted(need.consenters))
        by = family.person(p.submitted_by)
        rows.append(ProposalRow(p.id, p.kind.value, proposal_summary(family, p, private=True),
                                by.name if by else p.submitted_by, day(p.created_at.date()),
                                consenters))
    return tuple(rows)


# -- actions -------------------------------------------------------------------------------------
def error_text(error: InvalidInput) -> str:
    """The service's field and rule, in Dutch."""
    field = error.field.rsplit(".", 1)[-1]
    return M.WEB_FIELD_ERROR.format(field=M.WEB_FIELD_NAMES.get(field, field),
                                    message=error.message)


def circle_of(value: str) -> Circle:
    """A circle given in Dutch (gezin, netwerk, hulpverlening) or as the record has it."""
    return Circle(check.choice("circle", M.CHOICES["circle"].get(value, value), Circle))


def _optional(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def add(site: Site, uid: str, slug: str, name: str, role: str, circle: str,
        email: str = "", phone: str = "", born: str = "", authority: bool = False) -> Person:
    ctx = site.context(uid)
    known = families.load_family(ctx, slug).people
    if any(p.name == " ".join(name.split()) for p in known):
        raise Conflict("name", M.PERSON_EXISTS.format(value=check.shown(name)))
    taken = {p.key for p in known}
    person = Person(member_key(name, taken), name, role, circle_of(circle),
                    birth_date=check.parse_date("born", born.strip()) if born.strip() else None,
                    has_authority=authority, email=_optional(email), phone=_optional(phone))
    return families.add_person(ctx, slug, person)


def change(site: Site, uid: str, slug: str, key: str, changes: dict[str, Any]) -> Person:
    """Change role, e-mail, phone, authority or notifications; an empty e-mail or phone is
    taken away."""
    fields = {"role": "role", "email": "email", "phone": "phone", "authority": "has_authority",
              "notify": "notify"}
    given = {fields[k]: (_optional(v) if k in ("email", "phone") else v)
             for k, v in changes.items() if k in fields and v is not None}
    return families.change_person(site.context(uid), slug, key, given)


def remove(site: Site, uid: str, slug: str, key: str) -> Person:
    return families.remove_person(site.context(uid), slug, key)


def never(site: Site, uid: str, slug: str, key: str, reason: str = "") -> str:
    ctx = site.context(uid)
    person = families.person_or_fail(families.load_family(ctx, slug), key)
    return method.never_add(ctx, slug, person.name, reason.strip(), person=key).name


def allow(site: Site, uid: str, slug: str, name: str) -> str:
    return method.never_remove(site.context(uid), slug, name).name


def accept(site: Site, uid: str, slug: str, proposal: int,
           consents: Sequence[str] = ()) -> tuple[Accepted, str]:
    """Carry out the proposal with the consents the professional records; what to say."""
    done = answers.accept(site.context(uid), slug, proposal, consents)
    payload = done.proposal.payload
    if done.proposal.kind is ProposalKind.NEVER:
        return done, M.NEVER_ADDED.format(name=payload.get("name", ""))
    if done.person is not None:
        return done, (M.MEMBER_UPDATED.format(name=done.person.name) if done.known
                      else M.WEB_PERSON_ADDED.format(name=done.person.name))
    if done.grant is not None:
        family, decision = done.grant.family, done.grant.decision
        names = {"member": name_of(family, payload["member"]),
                 "document": title_of(family, payload["document"])}
        if decision.allowed:
            return done, M.WEB_DONE_ON.format(**names)
        missing = names_of(family, decision.missing) if decision.missing \
            else M.NOBODY_CAN_CONSENT
        return done, M.GRANT_STILL_MISSING.format(**names, missing=missing)
    if done.record is not None:
        return done, M.RECORD_SAVED.format(what=done.record)
    return done, M.NOTE_SAVED


def asking(done: Accepted) -> tuple[str, ...]:
    """Whose yes an accepted wish to share still waits for (to be told so)."""
    return tuple(sorted(done.grant.decision.missing)) if done.grant is not None else ()


def reject(site: Site, uid: str, slug: str, proposal: int) -> None:
    answers.reject(site.context(uid), slug, proposal)


def applied_and_back(request: Request, who: Identity, site: Site, slug: str, page: str,
                     text: str, anchor: str = "") -> Response:
    """After a page's form: ``applied``, kept to be said on ``page``, and back there."""
    site.notices.put(who.bound_to, page, applied(site, slug, text))
    return go(request, page + anchor)


def applied_json(site: Site, slug: str, text: str) -> dict[str, Any]:
    """``applied``, as the JSON API says it (``notice_json``)."""
    return notice_json(applied(site, slug, text))


def notice_json(notice: Notice) -> dict[str, Any]:
    """What the JSON API says after a change: whether Nextcloud has it all, and in words."""
    return {"applied": not notice.problem, "message": notice.text}


def applied(site: Site, slug: str, text: str, asking: Iterable[str] = ()) -> Notice:
    """``text`` after a change, once the family is applied to Nextcloud (as "Nu
    bijwerken"); what did not get there yet is said as a problem. ``asking``: the family
    members whose yes the change newly waits for (told so, see ``Site.apply``)."""
    outcome = site.apply(slug, asking)
    if outcome is not None and outcome.complete:
        return Notice(text)
    return Notice(f"{text} {M.WEB_APPLY_AFTER.format(reason=apply_notice(outcome).text)}",
                  problem=True)
