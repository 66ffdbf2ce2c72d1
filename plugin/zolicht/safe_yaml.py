"""YAML that people give zolicht, read so that it cannot hurt.

PyYAML's ``safe_load`` still expands anchors and aliases (a file of 500 bytes can grow
past gigabytes), recurses once per level of nesting, and turns plain values into dates,
octal numbers and booleans (``born: 2017-02-30`` raises, ``no`` becomes False). This reader
walks PyYAML's event stream itself, without recursion, and refuses before building
anything big:

- a text of more than ``MAX_BYTES`` (2 MiB) in UTF-8;
- any anchor (``&``) or alias (``*``), named by its line;
- any explicit tag (``!!timestamp``, ``!!python/object``, ``!``);
- nesting deeper than ``MAX_DEPTH`` levels;
- a field name that is not plain text, or the same field twice in one mapping;
- more than one document in the stream.

Plain values become ``None`` (empty, ``~``, ``null``), ``True``/``False`` (``true``,
``false``), ``int`` (decimal, at most 18 digits, no leading zero) or ``float`` (with a
decimal point); everything else, and every quoted value, stays a string. This is a subset
of what PyYAML's own dumper quotes, so what zolicht exports reads back unchanged. Dates
stay strings, for the caller's own checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)

from zolicht import messages as M
from zolicht.domain.errors import InvalidInput
from zolicht.domain.text import Hidden, shown

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 20
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it (fast), else PyYAML's own."""
NULLS = frozenset(("", "~", "null", "Null", "NULL"))
BOOLEANS = {"true": True, "True": True, "TRUE": True,
            "false": False, "False": False, "FALSE": False}
INTEGER = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})")
DECIMAL = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?")
FIELD = "yaml"

Value = None | bool | int | float | str | list["Value"] | dict[str, "Value"]


class Refused(InvalidInput):
    """The YAML breaks one of the rules above; ``line`` is 1-based, 0 for the whole text."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(FIELD, M.YAML_AT_LINE.format(line=line, rule=reason) if line else reason)
        self.line, self.reason = line, reason


def decode(content: bytes) -> str:
    """The text of a YAML file's bytes: at most ``MAX_BYTES``, strict UTF-8 (a BOM is
    dropped)."""
    _fits(len(content))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Refused(0, M.YAML_NOT_UTF8.format(position=error.start + 1)) from None


def load(text: str) -> Value:
    """The one document in ``text`` as plain Python values; ``Refused`` when it breaks a
    rule or is not YAML."""
    root: list[Value] = []
    stack: list[_Open] = []
    try:
        for event in events(text):
            _add(event, root, stack)
    except yaml.YAMLError as error:
        raise Refused(_line(error), M.YAML_MALFORMED.format(problem=_problem(error))) from None
    return root[0] if root else None


def events(text: str) -> Iterator[Event]:
    """PyYAML's events for ``text``, refusing what the module docstring lists. Syntax
    errors come through as ``yaml.YAMLError``."""
    _fits(len(text))
    try:
        _fits(len(text.encode("utf-8")))
    except UnicodeEncodeError as error:
        raise Refused(0, M.TEXT_HIDDEN.format(kind=M.HIDDEN_KINDS[Hidden.UNUSABLE],
                                              position=error.start + 1)) from None
    depth = documents = 0
    for event in yaml.parse(text, Loader=LOADER):
        line = _line_of(event)
        if isinstance(event, AliasEvent) or (
                isinstance(event, NodeEvent) and event.anchor is not None):
            raise Refused(line, M.YAML_ANCHOR)
        if isinstance(event, ScalarEvent | CollectionStartEvent) and event.tag is not None:
            raise Refused(line, M.YAML_TAG)
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise Refused(line, M.YAML_TOO_DEEP.format(limit=MAX_DEPTH))
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        elif isinstance(event, DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise Refused(line, M.YAML_MORE_DOCUMENTS)
        yield event


def _fits(size: int) -> None:
    if size > MAX_BYTES:
        raise Refused(0, M.YAML_TOO_BIG.format(limit=MAX_BYTES // (1024 * 1024)))


@dataclass
class _Open:
    """A list or mapping being filled; for a mapping, the field name waiting for a value."""

    value: list[Value] | dict[str, Value]
    key: str | None = None
    keys_seen: set[str] = field(default_factory=set)


def _add(event: Event, root: list[Value], stack: list[_Open]) -> None:
    if isinstance(event, CollectionEndEvent):
        stack.pop()
        return
    if not isinstance(event, ScalarEvent | CollectionStartEvent):
        return
    top = stack[-1] if stack else None
    if top is not None and isinstance(top.value, dict) and top.key is None:
        top.key = _field_name(event, top)
        return
    value: Value = _scalar(event) if isinstance(event, ScalarEvent) else (
        {} if isinstance(event, MappingStartEvent) else [])
    if top is None:
        root.append(value)
    elif isinstance(top.value, list):
        top.value.append(value)
    else:
        top.value[str(top.key)] = value
        top.key = None
    if isinstance(value, dict | list):
        stack.append(_Open(value))


def _field_name(event: Event, mapping: _Open) -> str:
    line = _line_of(event)
    if not isinstance(event, ScalarEvent):
        raise Refused(line, M.YAML_KEY_NOT_TEXT)
    if event.value in mapping.keys_seen:
        raise Refused(line, M.YAML_DUPLICATE_KEY.format(name=shown(event.value)))
    mapping.keys_seen.add(event.value)
    return str(event.value)


def _scalar(event: ScalarEvent) -> Value:
    text = str(event.value)
    if not event.implicit[0]:
        return text
    if text in NULLS:
        return None
    if text in BOOLEANS:
        return BOOLEANS[text]
    if INTEGER.fullmatch(text):
        return int(text)
    if DECIMAL.fullmatch(text):
        return float(text)
    return text


def _line_of(event: Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 0


def _line(error: yaml.YAMLError) -> int:
    mark = getattr(error, "problem_mark", None)
    return mark.line + 1 if mark is not None else 0


def _problem(error: yaml.YAMLError) -> str:
    """PyYAML's own words for what is wrong (it writes odd characters as escapes)."""
    problem = getattr(error, "problem", None) or getattr(error, "reason", None) or "?"
    return " ".join(str(problem).split())[:200]
