"""Checks on everything people type or import. Each raises ``InvalidInput(field, rule)``.

Pure: the day to compare dates with is passed in.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import TypeVar

from zolicht import messages as M
from zolicht.domain.consent import ADULT_AGE, age_on
from zolicht.domain.errors import InvalidInput
from zolicht.domain.model import Circle, Person

E = TypeVar("E", bound=StrEnum)

KEY = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")
PHONE = re.compile(r"\+?[0-9 ()\-]{6,24}")
NEXTCLOUD_USER = re.compile(r"[A-Za-z0-9 _.@\-']{1,64}")
CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
OLDEST_BIRTH_DATE = date(1900, 1, 1)
NAME_LIMIT = 120
TITLE_LIMIT = 200
FILE_NAME_LIMIT = 120


def shown(value: object, limit: int = 40) -> str:
    """A value as it may be echoed in a message: quoted, escaped, shortened."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def key(field: str, value: str) -> str:
    if not KEY.fullmatch(value):
        raise InvalidInput(field, M.KEY_FORMAT.format(value=shown(value)))
    return value


def text(field: str, value: str, limit: int = NAME_LIMIT) -> str:
    value = value.strip()
    if not value:
        raise InvalidInput(field, M.TEXT_EMPTY)
    if len(value) > limit:
        raise InvalidInput(field, M.TEXT_TOO_LONG.format(limit=limit, length=len(value)))
    if CONTROL.search(value):
        raise InvalidInput(field, M.TEXT_CONTROL)
    return value


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
    value = value.strip()
    if not check.fullmatch(value) or CONTROL.search(value):
        raise InvalidInput(field, rule.format(value=shown(value)))
    return value


def email(field: str, value: str | None) -> str | None:
    if value is not None and len(value) > 254:
        raise InvalidInput(field, M.EMAIL_RULE.format(value=shown(value)))
    return optional(field, value, EMAIL, M.EMAIL_RULE)


def phone(field: str, value: str | None) -> str | None:
    return optional(field, value, PHONE, M.PHONE_RULE)


def nextcloud_user(field: str, value: str | None) -> str | None:
    return optional(field, value, NEXTCLOUD_USER, M.NEXTCLOUD_USER_RULE)


def parse_date(field: str, value: object) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(field, M.DATE_RULE.format(value=shown(value))) from None


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
        name=text(prefix + "name", person.name),
        role=text(prefix + "role", person.role, 60),
        circle=choice(prefix + "circle", person.circle, Circle),
        birth_date=birth_date(prefix + "born", person.birth_date, today),
        has_authority=person.has_authority,
        not_capable=person.not_capable,
        email=email(prefix + "email", person.email),
        phone=phone(prefix + "phone", person.phone),
        nextcloud_user=nextcloud_user(prefix + "nextcloud_user", person.nextcloud_user),
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
