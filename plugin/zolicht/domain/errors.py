"""Errors that carry what went wrong for a person to read: the field and the rule."""

from __future__ import annotations


class ZolichtError(Exception):
    """Base of every error zolicht raises on purpose."""


class InvalidInput(ZolichtError):
    """Input broke a rule. Nothing was changed. ``message`` is plain Dutch."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFound(InvalidInput):
    """Something named in the input does not exist."""


class Conflict(InvalidInput):
    """The input clashes with what is already recorded (for example a slug in use)."""


class ConsentNotAllowed(InvalidInput):
    """Someone tried to consent or revoke who has no say over this document."""
