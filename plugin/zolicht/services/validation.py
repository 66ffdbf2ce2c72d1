"""Checks on everything people type or import. Each raises ``InvalidInput(field, rule)``.

Pure: the day to compare dates with is passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import TypeVar

from zolicht import messages as M
from zolicht.domain.consent import ADULT_AGE, age_on
from zolicht.domain.errors import InvalidInput
from zolicht.domain.model import Circle, Person
from zolicht.domain.text import first_hidden, looks_like, mixed_alphabets, normalised
from zolicht.domain.text import shown as shown  # callers use check.shown

E = TypeVar("E", bound=StrEnum)

KEY = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")
PHONE = re.compile(r"\+?[0-9 ()\-]{6,24}")
NEXTCLOUD_USER = re.compile(r"[A-Za-z0-9 _.@\-']{1,64}")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
OLDEST_BIRTH_DATE = date(1900, 1, 1)
NAME_LIMIT = 120
TITLE_LIMIT = 200
FILE_NAME_LIMIT = 120
LOCATION_LIMIT = 200
EMAIL_LIMIT = 254
NOTE_LIMIT = 50_000


def key(field: str, value: str) -> str:
    if not KEY.fullmatch(value):
        raise InvalidInput(field, M.KEY_FORMAT.format(value=shown(value)))
    return value


def text(field: str, value: str, limit: int = NAME_LIMIT, allowed: str = "") -> str:
    """``value`` without spaces around it, in NFC; refused when empty, too long or holding
    a character from ``zolicht.domain.text`` other than those ``allowed``."""
    stripped = value.strip()
    visible(field, stripped, allowed, start=len(value) - len(value.lstrip()))
    stripped = normalised(stripped)
    if not stripped:
        raise InvalidInput(field, M.TEXT_EMPTY)
    if len(stripped) > limit:
        raise InvalidInput(field, M.TEXT_TOO_LONG.format(limit=limit, length=len(stripped)))
    return stripped


def visible(field: str, value: str, allowed: str = "", start: int = 0) -> None:
    found = first_hidden(value, allowed, start)
    if found is not None:
        raise InvalidInput(field, M.TEXT_HIDDEN.format(kind=M.HIDDEN_KINDS[found.kind],
                                                       position=found.position))


def name(field: str, value: str) -> str:
    """A person's name: text, in one alphabet (not Latin mixed with Greek or Cyrillic)."""
    value = text(field, value)
    mixed = mixed_alphabets(value)
    if mixed is not None:
        raise InvalidInput(field, M.NAME_MIXED_ALPHABETS.format(
            position=mixed.position, odd=M.ALPHABET_NAMES[mixed.odd],
            main=M.ALPHABET_NAMES[mixed.main]))
    return value


def distinct_name(field: str, person: Person, others: Iterable[Person]) -> None:
    """Refuse a name that looks like another person's in the family without being it."""
    twin = next((o for o in others if o.key != person.key and looks_like(person.name, o.name)),
                None)
    if twin is not None:
        raise InvalidInput(field, M.NAME_LOOKS_LIKE.format(key=twin.key))


def note(field: str, value: str) -> str:
    """Free text of several lines: as ``text``, but new lines and tabs may be in it."""
    return text(field, value, NOTE_LIMIT, allowed="\n\r\t")


def file_name(field: str, value: str) -> str:
    if (
        value in {".", ".."}
        or value != value.strip()
        or "/" in value
        or "\\" in value
    ):
        raise InvalidInput(field, M.FILE_NAME_RULE.format(value=shown(value)))
    return text(field, value, FILE_NAME_LIMIT)


def optional(field: str, value: str | None, check: re.Pattern[str], rule: str) -> str | None:
    if value is None or not value.strip():
        return None
    value = text(field, value, EMAIL_LIMIT)
    if not check.fullmatch(value):
        raise InvalidInput(field, rule.format(value=shown(value)))
    return value


def email(field: str, value: str | None) -> str | None:
    if value is not None and len(value) > EMAIL_LIMIT:
        raise InvalidInput(field, M.EMAIL_RULE.format(value=shown(value)))
    return optional(field, value, EMAIL, M.EMAIL_RULE)


def phone(field: str, value: str | None) -> str | None:
    return optional(field, value, PHONE, M.PHONE_RULE)


def nextcloud_user(field: str, value: str | None) -> str | None:
    return optional(field, value, NEXTCLOUD_USER, M.NEXTCLOUD_USER_RULE)


def parse_date(field: str, value: object) -> date:
    """A date written as YYYY-MM-DD, and only so."""
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise InvalidInput(field, M.DATE_RULE.format(value=shown(value)))
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, M.DATE_DOES_NOT_EXIST.format(value=shown(value))) from None


def birth_date(field: str, value: date | None, today: date) -> date | None:
    if value is None:
        return None
    if value > today:
        raise InvalidInput(field, M.DATE_IN_FUTURE.format(value=value.isoformat()))
    if value < OLDEST_BIRTH_DATE:
        raise InvalidInput(field, M.DATE_TOO_OLD.format(value=value.isoformat()))
    return value


def not_before(field: str, value: date | None, today: date) -> date | None:
    if value is not None and value < today:
        raise InvalidInput(field, M.DATE_IN_PAST.format(value=value.isoformat()))
    return value


def choice(field: str, value: object, kind: type[E]) -> E:
    try:
        return kind(str(value))
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise InvalidInput(
            field, M.CHOICE_RULE.format(choices=choices, value=shown(value))
        ) from None


def person(person: Person, today: date, prefix: str = "") -> Person:
    """Check every field of ``person`` and the rules between them; return it cleaned."""
    cleaned = Person(
        key=key(prefix + "key", person.key),
        name=name(prefix + "name", person.name),
        role=text(prefix + "role", person.role, 60),
        circle=choice(prefix + "circle", person.circle, Circle),
        birth_date=birth_date(prefix + "born", person.birth_date, today),
        has_authority=person.has_authority,
        not_capable=person.not_capable,
        email=email(prefix + "email", person.email),
        phone=phone(prefix + "phone", person.phone),
        nextcloud_user=nextcloud_user(prefix + "nextcloud_user", person.nextcloud_user),
        notify=person.notify,
    )
    if cleaned.has_authority and cleaned.circle is Circle.PROFESSIONAL:
        raise InvalidInput(prefix + "authority", M.AUTHORITY_PROFESSIONAL)
    if (
        cleaned.has_authority
        and cleaned.birth_date is not None
        and age_on(cleaned.birth_date, today) < ADULT_AGE
    ):
        raise InvalidInput(prefix + "authority", M.AUTHORITY_MINOR)
    if cleaned.not_capable and cleaned.birth_date is None:
        raise InvalidInput(prefix + "not_capable", M.NOT_CAPABLE_NEEDS_BIRTH_DATE)
    return cleaned
