"""Reading one YAML mapping from people with every check: known fields only, types,
list lengths, texts, dates and choices; each refusal names the field by its path (for
example ``people[2].email``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from zolicht import messages as M
from zolicht import safe_yaml
from zolicht.domain.errors import InvalidInput
from zolicht.services import validation as check

LIST_LIMITS = {"people": 500, "documents": 1000, "grants": 10_000}
LIST_LIMIT = 500
"""At most this many entries in any other list (moments, consents, ``with``...), so that
no file within the size limit can keep the checks busy for long."""
PLAIN_NAME = re.compile(r"[A-Za-z0-9_]{1,40}")

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)
TYPE_NAMES: dict[type, str] = {str: "text", int: "number", list: "list", dict: "fields"}


def expect(path: str, value: object, kind: type[T]) -> T:
    """``value`` when it has the type ``kind``; else a refusal that says what it is."""
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    rule = M.WRONG_TYPE.format(expected=M.EXPECTED[TYPE_NAMES[kind]],
                               found=M.FOUND[type(value).__name__])
    if kind is str and isinstance(value, bool | int | float):
        rule += M.QUOTE_HINT
    raise InvalidInput(path or safe_yaml.FIELD, rule)


class Fields:
    """One YAML mapping being read, with the path used in error messages."""

    def __init__(self, data: object, path: str, known: tuple[str, ...]) -> None:
        self.data: dict[str, Any] = expect(path, data, dict)
        self.path = path
        for name in self.data:
            if name not in known:
                raise InvalidInput(self.at(name if PLAIN_NAME.fullmatch(name) else
                                           check.shown(name)),
                                   M.YAML_UNKNOWN_FIELD.format(known=", ".join(known)))

    def at(self, name: str) -> str:
        """The path of field ``name``, as error messages name it."""
        return f"{self.path}.{name}" if self.path else name

    def get(self, name: str) -> Any:
        return self.data.get(name)

    def required(self, name: str) -> Any:
        if self.data.get(name) is None:
            raise InvalidInput(self.at(name), M.YAML_MISSING_FIELD)
        return self.data[name]

    def text(self, name: str) -> str:
        return expect(self.at(name), self.required(name), str)

    def optional_text(self, name: str) -> str | None:
        return None if self.data.get(name) is None else self.text(name)

    def integer(self, name: str, default: int | None = None) -> int:
        if self.data.get(name) is None and default is not None:
            return default
        return expect(self.at(name), self.required(name), int)

    def boolean(self, name: str) -> bool:
        value = self.data.get(name, False)
        if not isinstance(value, bool):
            raise InvalidInput(self.at(name), M.BOOL_RULE.format(value=check.shown(value)))
        return value

    def date(self, name: str) -> date | None:
        value = self.data.get(name)
        return None if value is None else check.parse_date(self.at(name), value)

    def choice(self, name: str, kind: type[E], default: E | None = None) -> E:
        value = self.text(name) if default is None else self.optional_text(name)
        return check.choice(self.at(name), default if value is None else value, kind)

    def items(self, name: str) -> Iterator[tuple[str, Any]]:
        """The entries of list ``name`` (none when it is missing), each with its path."""
        prefix = self.at(name)
        value = self.data.get(name)
        entries = [] if value is None else expect(prefix, value, list)
        limit = LIST_LIMITS.get(name, LIST_LIMIT)
        if len(entries) > limit:
            raise InvalidInput(prefix, M.TOO_MANY.format(limit=limit, count=len(entries)))
        for i, item in enumerate(entries):
            yield f"{prefix}[{i}]", item

    def texts(self, name: str) -> list[tuple[str, str]]:
        """A list of texts, each with its path."""
        return [(path, expect(path, item, str)) for path, item in self.items(name)]
