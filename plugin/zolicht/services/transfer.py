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
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from zolicht import messages as M
from zolicht.domain.audit import utc
from zolicht.domain.consent import requirement
from zolicht.domain.contacts import (
    DEFAULT_TAPER,
    ContactPlan,
    Moment,
    MomentKind,
    Series,
    offset_after,
)
from zolicht.domain.errors import Conflict, InvalidInput
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
from zolicht.domain.naming import mentions_diagnosis
from zolicht.services import Context
from zolicht.services import validation as check
from zolicht.services.family import checked_document, person_or_fail, read_source
from zolicht.services.grants import check_member
from zolicht.store.contacts import Contacts

FORMAT_VERSION = 1


# -- export ----------------------------------------------------------------------------------
def export_family(ctx: Context, slug: str) -> str:
    with ctx.store.transaction() as tx:
        family = tx.families.load(slug)
        contents = {d.sha256: tx.families.blob(d.sha256) for d in family.documents}
        plan = Contacts(tx.families.conn, slug).load()
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
            "with": list(s.participants), "where": s.location}) for s in plan.series],
        "moments": [_drop_empty({
            "key": m.key, "kind": m.kind.value, "title": m.title,
            "start": f"{m.start:%Y-%m-%d %H:%M}", "minutes": m.minutes,
            "with": list(m.participants), "where": m.location,
            "cancelled": m.cancelled or None}) for m in plan.moments],
    })


def family_to_data(family: Family, contents: dict[str, bytes]) -> dict[str, Any]:
    return {
        "zolicht": FORMAT_VERSION,
        "family": {"slug": family.slug, "name": family.name, "status": family.status.value},
        "people": [_drop_empty({
            "key": p.key, "name": p.name, "role": p.role, "circle": p.circle.value,
            "born": p.birth_date.isoformat() if p.birth_date else None,
            "authority": p.has_authority or None, "not_capable": p.not_capable or None,
            "email": p.email, "phone": p.phone, "nextcloud_user": p.nextcloud_user,
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


def _drop_empty(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v not in (None, [], "")}


# -- import ----------------------------------------------------------------------------------
def import_family(ctx: Context, text: str, base_dir: Path) -> Family:
    data = load_yaml(text)
    family, contents = family_from_data(data, base_dir, ctx.today())
    plan = parse_contacts(data.get("contacts"), family)
    with ctx.store.transaction() as tx:
        tx.families.create(family.slug, family.name, family.status, ctx.now())
        tx.families.add_people(family.slug, family.people)
        tx.families.add_documents(
            family.slug, [(d, contents[d.sha256]) for d in family.documents]
        )
        tx.families.save_grants(family.slug, family.grants, ctx.now())
        if plan is not None:
            contacts = Contacts(tx.families.conn, family.slug)
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
    return family_from_data(load_yaml(text), base_dir, today)


def load_yaml(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        problem = " ".join(str(error).split())[:200]
        raise InvalidInput("yaml", M.YAML_MALFORMED.format(problem=problem)) from None


def family_from_data(data: Any, base_dir: Path,
                     today: date) -> tuple[Family, dict[str, bytes]]:
    """The family in already-loaded YAML, fully checked, with its documents' contents."""
    top = Fields(data, "", ("zolicht", "family", "people", "documents", "grants", "contacts"))
    head = Fields(top.required("family"), "family", ("slug", "name", "status"))
    family = Family(
        slug=check.key("family.slug", head.string("slug")),
        name=check.text("family.name", head.string("name")),
        status=check.choice("family.status", head.get("status", "active"), FamilyStatus),
    )
    people = tuple(_people(top, today))
    family = replace(family, people=people)
    contents: dict[str, bytes] = {}
    for path, item in top.items("documents"):
        document, content = _document(item, path, family, base_dir)
        contents[document.sha256] = content
        family = replace(family, documents=family.documents + (document,))
    grants: list[Grant] = []
    for path, item in top.items("grants"):
        grant = _grant(item, path, family, today)
        if any((g.document, g.member) == (grant.document, grant.member) for g in grants):
            raise Conflict(path + ".member", M.GRANT_EXISTS.format(member=grant.member,
                                                                   document=grant.document))
        grants.append(grant)
    return replace(family, grants=tuple(grants)), contents


def parse_contacts(data: object, family: Family) -> ContactPlan | None:
    """The ``contacts:`` section, checked like the contact commands check their input."""
    if data is None:
        return None
    f = Fields(data, "contacts", ("closing", "taper", "strips", "strips_used", "series",
                                  "moments"))
    taper = tuple(str(t) for t in f.list("taper")) or DEFAULT_TAPER
    for i, offset in enumerate(taper):
        try:
            offset_after(date(2000, 1, 1), offset)
        except ValueError:
            raise InvalidInput(f"contacts.taper[{i}]", M.TAPER_RULE.format(
                value=check.shown(offset))) from None
    closing = f.get("closing")
    series = tuple(_series(path, item, family) for path, item in f.items("series"))
    moments = tuple(_contact_moment(path, item, family) for path, item in f.items("moments"))
    return ContactPlan(series, moments,
                       check.parse_date("contacts.closing", closing) if closing else None,
                       taper, _count(f, "strips"), _count(f, "strips_used"))


def _count(f: Fields, name: str) -> int:
    value = f.get(name, 0)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 50:
        raise InvalidInput(f"contacts.{name}", M.STRIPS_RULE.format(limit=50))
    return value


def _timing(path: str, f: Fields, family: Family) -> tuple[str, str, datetime, int,
                                                            tuple[str, ...], str]:
    who = tuple(str(w) for w in f.list("with"))
    for i, key in enumerate(who):
        person_or_fail(family, key, f"{path}.with[{i}]")
    minutes = f.get("minutes", 60)
    if not isinstance(minutes, int) or not 5 <= minutes <= 600:
        raise InvalidInput(path + ".minutes", M.MINUTES_RULE)
    try:
        start = datetime.strptime(f.string("start"), "%Y-%m-%d %H:%M")
    except ValueError:
        raise InvalidInput(path + ".start", M.START_RULE.format(
            value=check.shown(f.string("start")))) from None
    title = f.string("title")
    if mentions_diagnosis(title):
        raise InvalidInput(path + ".title", M.TITLE_NOT_NEUTRAL)
    return (check.key(path + ".key", f.string("key")),
            check.text(path + ".title", title), start, minutes, who,
            f.optional_string("where") or "")


def _series(path: str, item: object, family: Family) -> Series:
    f = Fields(item, path, ("key", "title", "start", "minutes", "every_weeks", "until",
                            "with", "where"))
    key, title, start, minutes, who, where = _timing(path, f, family)
    every = f.get("every_weeks")
    if not isinstance(every, int) or not 1 <= every <= 8:
        raise InvalidInput(path + ".every_weeks", M.EVERY_WEEKS_RULE)
    until = check.parse_date(path + ".until", f.required("until"))
    return Series(key, title, start, minutes, every, until, who, where)


def _contact_moment(path: str, item: object, family: Family) -> Moment:
    f = Fields(item, path, ("key", "kind", "title", "start", "minutes", "with", "where",
                            "cancelled"))
    key, title, start, minutes, who, where = _timing(path, f, family)
    kind = check.choice(path + ".kind", f.get("kind", "contact"), MomentKind)
    return Moment(key, kind, title, start, minutes, who, where, f.boolean("cancelled"))


def _people(top: Fields, today: date) -> Iterator[Person]:
    seen: set[str] = set()
    for path, item in top.items("people"):
        f = Fields(item, path, ("key", "name", "role", "circle", "born", "authority",
                                "not_capable", "email", "phone", "nextcloud_user"))
        born = f.get("born")
        person = check.person(Person(
            key=f.string("key"), name=f.string("name"), role=f.string("role"),
            circle=check.choice(path + ".circle", f.get("circle"), Circle),
            birth_date=check.parse_date(path + ".born", born) if born is not None else None,
            has_authority=f.boolean("authority"), not_capable=f.boolean("not_capable"),
            email=f.optional_string("email"), phone=f.optional_string("phone"),
            nextcloud_user=f.optional_string("nextcloud_user"),
        ), today, prefix=path + ".")
        if person.key in seen:
            raise Conflict(path + ".key", M.PERSON_EXISTS.format(value=person.key))
        seen.add(person.key)
        yield person


def _document(item: object, path: str, family: Family,
              base_dir: Path) -> tuple[Document, bytes]:
    f = Fields(item, path, ("key", "title", "kind", "about", "sensitivity", "file_name",
                            "sha256", "file", "content_base64"))
    if f.get("content_base64") is not None:
        try:
            content = base64.b64decode(f.string("content_base64"), validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput(path + ".content_base64", M.CONTENT_BASE64) from None
    else:
        content = read_source(path + ".file", _inside(base_dir, f.string("file"), path))
    sha256 = hashlib.sha256(content).hexdigest()
    if f.get("sha256") not in (None, sha256):
        raise InvalidInput(path + ".sha256", M.CONTENT_HASH_MISMATCH)
    document = checked_document(family, Document(
        key=f.string("key"), title=f.string("title"),
        kind=check.choice(path + ".kind", f.get("kind", "psycho_education"), DocumentKind),
        subject=f.string("about"),
        sensitivity=check.choice(path + ".sensitivity", f.get("sensitivity", "sensitive"),
                                 Sensitivity),
        file_name=f.string("file_name"), sha256=sha256, size=len(content),
    ), prefix=path + ".")
    return document, content


def _grant(item: object, path: str, family: Family, today: date) -> Grant:
    f = Fields(item, path, ("document", "member", "access", "created", "until", "consents",
                            "refused_by"))
    document = family.document(f.string("document"))
    if document is None:
        raise InvalidInput(path + ".document",
                           M.UNKNOWN_DOCUMENT.format(value=f.string("document"),
                                                     family=family.slug))
    subject = person_or_fail(family, document.subject)
    member = person_or_fail(family, f.string("member"), path + ".member")
    _check_member_at(path, member, subject, family, today)
    consents = []
    for consent_path, entry in f.items("consents"):
        c = Fields(entry, consent_path, ("by", "at"))
        by = _consenter(family, subject, c.string("by"), consent_path + ".by")
        consents.append(Consent(by, _moment(consent_path + ".at", c.get("at"), today)))
    refused = [
        _consenter(family, subject, str(key), f"{path}.refused_by[{i}]")
        for i, key in enumerate(f.list("refused_by"))
    ]
    created = f.get("created")
    until = f.get("until")
    return Grant(
        document=document.key, member=member.key,
        access=check.choice(path + ".access", f.get("access", "read"), Access),
        consents=tuple(consents), refused_by=frozenset(refused),
        created_at=_moment(path + ".created", created, today) if created else None,
        expires_on=check.parse_date(path + ".until", until) if until is not None else None,
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


def _moment(field: str, value: object, today: date) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            raise InvalidInput(field, M.DATE_RULE.format(value=check.shown(value))) from None
    moment = utc(moment)
    if moment.date() > today:
        raise InvalidInput(field, M.DATE_IN_FUTURE.format(value=moment.isoformat()))
    return moment


def _inside(base_dir: Path, relative: str, path: str) -> Path:
    """``relative`` below ``base_dir``; a path that escapes it is refused."""
    candidate = (base_dir / relative).resolve()
    if "\x00" in relative or not candidate.is_relative_to(base_dir.resolve()):
        raise InvalidInput(path + ".file", M.FILE_MISSING.format(value=check.shown(relative)))
    return candidate


class Fields:
    """One YAML mapping being read, with the path used in error messages."""

    def __init__(self, data: object, path: str, known: tuple[str, ...]) -> None:
        if not isinstance(data, dict):
            raise InvalidInput(path or "yaml", M.YAML_NOT_MAPPING)
        for name in data:
            if name not in known:
                raise InvalidInput(self._at(path, str(name)),
                                   M.YAML_UNKNOWN_FIELD.format(known=", ".join(known)))
        self.data, self.path = data, path

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    def required(self, name: str) -> Any:
        if self.data.get(name) is None:
            raise InvalidInput(self._at(self.path, name), M.YAML_MISSING_FIELD)
        return self.data[name]

    def string(self, name: str) -> str:
        return str(self.required(name))

    def optional_string(self, name: str) -> str | None:
        value = self.data.get(name)
        return None if value is None else str(value)

    def boolean(self, name: str) -> bool:
        value = self.data.get(name, False)
        if not isinstance(value, bool):
            raise InvalidInput(self._at(self.path, name),
                               M.BOOL_RULE.format(value=check.shown(value)))
        return value

    def list(self, name: str) -> list[Any]:
        value = self.data.get(name) or []
        if not isinstance(value, list):
            raise InvalidInput(self._at(self.path, name), M.YAML_NOT_LIST)
        return value

    def items(self, name: str) -> Iterator[tuple[str, Any]]:
        prefix = self._at(self.path, name)
        for i, item in enumerate(self.list(name)):
            yield f"{prefix}[{i}]", item

    @staticmethod
    def _at(path: str, name: str) -> str:
        return f"{path}.{name}" if path else name

