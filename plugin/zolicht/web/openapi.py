"""What the JSON API's routes declare they can answer besides their success, for the OpenAPI
schema: one description per status, with the words a module adds for its own 404 or 409."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Declared = dict[int | str, dict[str, Any]]

ANSWERS: dict[int, str] = {
    400: "Bad input: nothing changed; `field` and `error` (the rule, in Dutch)",
    401: "Nobody is signed in",
    403: "Not allowed for the signed-in person (the same answer whether or not the family or "
         "the thing exists), or no valid X-CSRF-Token",
    404: "No such thing in this family",
    409: "Clashes with the record: already there, already decided, or still needed",
    422: "A field is missing or of the wrong type",
    503: "Nextcloud could not be reached or asked: nothing changed; try again later",
}


def answering_with(specific: Mapping[int, str]) -> Callable[..., Declared]:
    """``answering`` with a module's own descriptions for some statuses."""
    described = {**ANSWERS, **specific}

    def answering(*codes: int) -> Declared:
        """The statuses a route can answer besides its success."""
        return {code: {"description": described[code]} for code in codes}
    return answering


answering = answering_with({})
