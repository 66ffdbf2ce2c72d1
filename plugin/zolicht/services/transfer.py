"""A whole family as one YAML file, in and out, without losing anything.

Export embeds each document's content (base64), so the file stands on its own; import also
accepts ``file:`` paths relative to the YAML file (and never outside its folder). Every
field is checked before anything is written; errors name the field by its path, for
example ``people[2].email``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from zolicht import messages as M
from zolicht import safe_yaml
from zolicht.context import Context
from zolicht.domain.audit import utc
from zolicht.domain.consent import requirement
from zolicht.domain.contacts import (
    DEFAULT_TAPER,
    ContactPlan,
    Moment,
    MomentKind,
    OccurrenceChange,
    Series,
    offset_after,
)
from zolicht.domain.errors import Conflict, InvalidInput
from zolicht.domain.method import MethodRecord
from zolicht.domain.method import to_data as method_to_data
from zolicht.domain.model import (
    Access,
    Circle,
    Consent,
    Document,
    DocumentKind,
    Family,
    FamilyStatus,
    Grant,
    Person,
    Sensitivity,
)
from zolicht.services import validation as check
from zolicht.services.contacts import MAX_STRIPS, check_change, neutral_title, parse_start
from zolicht.services.family import (
    checked_document,
    document_or_fail,
    person_or_fail,
    read_source,
)
from zolicht.services.fields import Fields
from zolicht.services.grants import check_member
from zolicht.services.method import check_data as check_method

FORMAT_VERSION = 1


# -- export ----------------------------------------------------------------------------------
def export_family(ctx: Context, slug: str) -> str:
    with ctx.store.reading() as tx:
        family = tx.families.load(slug)
        contents = {d.sha256: tx.families.blob(d.sha256) for d in family.documents}
        plan = tx.contacts(slug).load()
    data = family_to_data(family, contents)
    if plan != ContactPlan():
        data["contacts"] = plan_to_data(plan)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def plan_to_data(plan: ContactPlan) -> dict[str, Any]:
    return _drop_empty({
        "closing": plan.closing.isoformat() if plan.closing else None,
        "taper": list(plan.taper), "strips": plan.strips, "strips_used": plan.strips_used,
        "series": [_drop_empty({
            "key": s.key, "title": s.title, "start": f"{s.first:%Y-%m-%d %H:%M}",
            "minutes": s.minutes, "every_weeks": s.every_weeks, "until": s.until.isoformat(),
            "with": list(s.participants), "where": s.location,
            "changes": [_drop_empty({
                "day": c.on.isoformat(),
                "moved_to": f"{c.moved_to:%Y-%m-%d %H:%M}" if c.moved_to else None})
                for c in s.changes]}) for s in plan.series],
        "moments": [_drop_empty({
            "key": m.key, "kind": m.kind.value, "title": m.title,
            "start": f"{m.start:%Y-%m-%d %H:%M}", "minutes": m.minutes,
            "with": list(m.participants), "where": m.location,
            "cancelled": m.cancelled or None}) for m in plan.moments],
    })


def family_to_data(family: Family, contents: dict[str, bytes]) -> dict[str, Any]:
    data = {
        "zolicht": FORMAT_VERSION,
        "family": {"slug": family.slug, "name": family.name, "status": family.status.value},
        "people": [_drop_empty({
            "key": p.key, "name": p.name, "role": p.role, "circle": p.circle.value,
            "born": p.birth_date.isoformat() if p.birth_date else None,
            "authority": p.has_authority or None, "not_capable": p.not_capable or None,
            "email": p.email, "phone": p.phone, "nextcloud_user": p.nextcloud_user,
            "notify": None if p.notify else False,
        }) for p in family.people],
        "documents": [{
            "key": d.key, "title": d.title, "kind": d.kind.value, "about": d.subject,
            "sensitivity": d.sensitivity.value, "file_name": d.file_name, "sha256": d.sha256,
            "content_base64": base64.b64encode(contents[d.sha256]).decode(),
        } for d in family.documents],
        "grants": [_drop_empty({
            "document": g.document, "member": g.member, "access": g.access.value,
            "created": g.created_at.isoformat() if g.created_at else None,
            "until": g.expires_on.isoformat() if g.expires_on else None,
            "consents": [{"by": c.person, "at": c.given_at.isoformat()} for c in g.consents],
            "refused_by": sorted(g.refused_by),
        }) for g in family.grants],
    }
    method = method_to_data(family.method)
    return data | {"method": method} if method else data


def _drop_empty(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v not in (None, [], "")}


# -- import ----------------------------------------------------------------------------------
TOP_FIELDS = ("zolicht", "family", "people", "documents", "grants", "contacts", "method")


def import_file(ctx: Context, source: Path) -> Family:
    """Import the family in YAML file ``source`` (at most ``safe_yaml.MAX_BYTES``)."""
    content = read_source("file", source, limit=safe_yaml.MAX_BYTES + 1)
    return import_family(ctx, safe_yaml.decode(content), source.parent)


def import_family(ctx: Context, text: str, base_dir: Path) -> Family:
    family, contents, plan = read_family(text, base_dir, ctx.today())
    with ctx.store.transaction() as tx:
        tx.families.create(family.slug, family.name, family.status, ctx.now())
        tx.families.add_people(family.slug, family.people)
        tx.families.add_documents(
            family.slug, [(d, contents[d.sha256]) for d in family.documents]
        )
        tx.families.save_grants(family.slug, family.grants, ctx.now())
        if family.method != MethodRecord():
            tx.families.save_method(family.slug, family.method)
        if plan is not None:
            contacts = tx.contacts(family.slug)
            contacts.save_settings(plan)
            for series in plan.series:
                contacts.save_series(series)
            for moment in plan.moments:
                contacts.save_moment(moment)
        ctx.record(tx, "family.import", family.slug,
                   reason=f"{len(family.people)} people, {len(family.documents)} documents, "
                          f"{len(family.grants)} grants")
        return tx.families.load(family.slug)


def parse_family(text: str, base_dir: Path, today: date) -> tuple[Family, dict[str, bytes]]:
    """The family described by ``text``, fully checked, with its documents' contents."""
    family, contents, _ = read_family(text, base_dir, today)
    return family, contents


def read_family(text: str, base_dir: Path,
                today: date) -> tuple[Family, dict[str, bytes], ContactPlan | None]:
    """Everything in a family's YAML, fully checked: the family, its documents' contents
    and its contact plan (None when the file has no ``contacts:``)."""
    top = Fields(safe_yaml.load(text), "", TOP_FIELDS)
    if top.integer("zolicht", FORMAT_VERSION) != FORMAT_VERSION:
        raise InvalidInput("zolicht", M.FORMAT_VERSION_RULE.format(version=FORMAT_VERSION))
    head = Fields(top.required("family"), "family", ("slug", "name", "status"))
    family = Family(
        slug=check.key("family.slug", head.text("slug")),
        name=check.text("family.name", head.text("name")),
        status=head.choice("status", FamilyStatus, FamilyStatus.ACTIVE),
    )
    family = replace(family, people=_people(top, today))
    contents: dict[str, bytes] = {}
    for path, item in top.items("documents"):
        document, content = _document(item, path, family, base_dir)
        contents[document.sha256] = content
        family = replace(family, documents=family.documents + (document,))
    family = replace(family, grants=_grants(top, family, today))
    if top.get("method") is not None:
        family = replace(family, method=check_method(top.get("method"), family))
    return family, contents, parse_contacts(top.get("contacts"), family)


def parse_contacts(data: object, family: Family) -> ContactPlan | None:
    """The ``contacts:`` section, checked like the contact commands check their input."""
    if data is None:
        return None
    f = Fields(data, "contacts", ("closing", "taper", "strips", "strips_used", "series",
                                  "moments"))
    taper = f.texts("taper")
    for path, offset in taper:
        try:
            offset_after(date(2000, 1, 1), offset)
        except ValueError:
            raise InvalidInput(path, M.TAPER_RULE.format(value=check.shown(offset))) from None
    series = tuple(_series(path, item, family) for path, item in f.items("series"))
    moments = tuple(_contact_moment(path, item, family) for path, item in f.items("moments"))
    return ContactPlan(series, moments, f.date("closing"),
                       tuple(t for _, t in taper) or DEFAULT_TAPER,
                       _count(f, "strips"), _count(f, "strips_used"))


def _count(f: Fields, name: str) -> int:
    value = f.integer(name, 0)
    if not 0 <= value <= MAX_STRIPS:
        raise InvalidInput(f.at(name), M.STRIPS_RULE.format(limit=MAX_STRIPS))
    return value


def _timing(f: Fields, family: Family) -> tuple[str, str, datetime, int,
                                                            tuple[str, ...], str]:
    who = f.texts("with")
    for field, key in who:
        person_or_fail(family, key, field)
    minutes = f.integer("minutes", 60)
    if not 5 <= minutes <= 600:
        raise InvalidInput(f.at("minutes"), M.MINUTES_RULE)
    where = f.optional_text("where")
    return (check.key(f.at("key"), f.text("key")),
            neutral_title(f.text("title"), f.at("title")),
            parse_start(f.text("start"), f.at("start")), minutes, tuple(k for _, k in who),
            check.text(f.at("where"), where, check.LOCATION_LIMIT) if where else "")


def _series(path: str, item: object, family: Family) -> Series:
    f = Fields(item, path, ("key", "title", "start", "minutes", "every_weeks", "until",
                            "with", "where", "changes"))
    key, title, start, minutes, who, where = _timing(f, family)
    every = f.integer("every_weeks")
    if not 1 <= every <= 8:
        raise InvalidInput(f.at("every_weeks"), M.EVERY_WEEKS_RULE)
    until = check.parse_date(f.at("until"), f.required("until"))
    series = Series(key, title, start, minutes, every, until, who, where)
    for change_path, change_item in f.items("changes"):
        series = series.with_change(_occurrence_change(change_path, change_item, series))
    return series


def _occurrence_change(path: str, item: object, series: Series) -> OccurrenceChange:
    f = Fields(item, path, ("day", "moved_to"))
    moved_to = f.optional_text("moved_to")
    change = OccurrenceChange(check.parse_date(f.at("day"), f.required("day")),
                              parse_start(moved_to, f.at("moved_to")) if moved_to else None)
    check_change(series, change, f.at("day"), f.at("moved_to"))
    return change


def _contact_moment(path: str, item: object, family: Family) -> Moment:
    f = Fields(item, path, ("key", "kind", "title", "start", "minutes", "with", "where",
                            "cancelled"))
    key, title, start, minutes, who, where = _timing(f, family)
    kind = f.choice("kind", MomentKind, MomentKind.CONTACT)
    return Moment(key, kind, title, start, minutes, who, where, f.boolean("cancelled"))


def _people(top: Fields, today: date) -> tuple[Person, ...]:
    people: dict[str, Person] = {}
    for path, item in top.items("people"):
        f = Fields(item, path, ("key", "name", "role", "circle", "born", "authority",
                                "not_capable", "email", "phone", "nextcloud_user", "notify"))
        person = check.person(Person(
            key=f.text("key"), name=f.text("name"), role=f.text("role"),
            circle=f.choice("circle", Circle), birth_date=f.date("born"),
            has_authority=f.boolean("authority"), not_capable=f.boolean("not_capable"),
            email=f.optional_text("email"), phone=f.optional_text("phone"),
            nextcloud_user=f.optional_text("nextcloud_user"),
            notify=f.boolean("notify") if "notify" in f.data else True,
        ), today, prefix=path + ".")
        if person.key in people:
            raise Conflict(f.at("key"), M.PERSON_EXISTS.format(value=person.key))
        check.distinct_name(f.at("name"), person, people.values())
        people[person.key] = person
    return tuple(people.values())


def _document(item: object, path: str, family: Family,
              base_dir: Path) -> tuple[Document, bytes]:
    f = Fields(item, path, ("key", "title", "kind", "about", "sensitivity", "file_name",
                            "sha256", "file", "content_base64"))
    if f.get("content_base64") is not None:
        try:
            content = base64.b64decode(f.text("content_base64"), validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput(f.at("content_base64"), M.CONTENT_BASE64) from None
    else:
        content = read_source(f.at("file"), _inside(base_dir, f.text("file"), path))
    sha256 = hashlib.sha256(content).hexdigest()
    if f.optional_text("sha256") not in (None, sha256):
        raise InvalidInput(f.at("sha256"), M.CONTENT_HASH_MISMATCH)
    document = checked_document(family, Document(
        key=f.text("key"), title=f.text("title"),
        kind=f.choice("kind", DocumentKind, DocumentKind.PSYCHO_EDUCATION),
        subject=f.text("about"),
        sensitivity=f.choice("sensitivity", Sensitivity, Sensitivity.SENSITIVE),
        file_name=f.text("file_name"), sha256=sha256, size=len(content),
    ), prefix=path + ".")
    return document, content


def _grants(top: Fields, family: Family, today: date) -> tuple[Grant, ...]:
    grants: dict[tuple[str, str], Grant] = {}
    for path, item in top.items("grants"):
        grant = _grant(item, path, family, today)
        if (grant.document, grant.member) in grants:
            raise Conflict(path + ".member", M.GRANT_EXISTS.format(member=grant.member,
                                                                   document=grant.document))
        grants[grant.document, grant.member] = grant
    return tuple(grants.values())


def _grant(item: object, path: str, family: Family, today: date) -> Grant:
    f = Fields(item, path, ("document", "member", "access", "created", "until", "consents",
                            "refused_by"))
    document = document_or_fail(family, f.text("document"), f.at("document"))
    subject = person_or_fail(family, document.subject)
    member = person_or_fail(family, f.text("member"), f.at("member"))
    _check_member_at(path, member, subject, family, today)
    consents = []
    for consent_path, entry in f.items("consents"):
        c = Fields(entry, consent_path, ("by", "at"))
        by = _consenter(family, subject, c.text("by"), c.at("by"))
        consents.append(Consent(by, _moment(c.at("at"), c.text("at"), today)))
    refused = [_consenter(family, subject, key, field) for field, key in f.texts("refused_by")]
    created = f.optional_text("created")
    return Grant(
        document=document.key, member=member.key,
        access=f.choice("access", Access, Access.READ),
        consents=tuple(consents), refused_by=frozenset(refused),
        created_at=_moment(f.at("created"), created, today) if created else None,
        expires_on=f.date("until"),
    )


def _check_member_at(path: str, member: Person, subject: Person, family: Family,
                     today: date) -> None:
    try:
        check_member(member, subject, requirement(subject, family.people, today))
    except InvalidInput as error:
        raise InvalidInput(path + ".member", error.message) from None


def _consenter(family: Family, subject: Person, key: str, field: str) -> str:
    """Someone who can ever consent about ``subject``: the subject, or a holder of authority."""
    person = person_or_fail(family, key, field)
    if person.circle is Circle.PROFESSIONAL:
        raise InvalidInput(field, M.CONSENT_PROFESSIONAL)
    if person.key != subject.key and not person.has_authority:
        raise InvalidInput(field, M.CONSENT_NO_AUTHORITY)
    return person.key


def _moment(field: str, value: str, today: date) -> datetime:
    try:
        moment = utc(datetime.fromisoformat(value))
    except ValueError:
        raise InvalidInput(field, M.DATE_RULE.format(value=check.shown(value))) from None
    if moment.date() > today:
        raise InvalidInput(field, M.DATE_IN_FUTURE.format(value=moment.isoformat()))
    return moment


def _inside(base_dir: Path, relative: str, path: str) -> Path:
    """``relative`` below ``base_dir``; a path that escapes it is refused."""
    candidate = (base_dir / relative).resolve()
    if "\x00" in relative or not candidate.is_relative_to(base_dir.resolve()):
        raise InvalidInput(path + ".file", M.FILE_MISSING.format(value=check.shown(relative)))
    return candidate
