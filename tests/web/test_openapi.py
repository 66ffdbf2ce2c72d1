"""The JSON API's schema names every status a route can answer: asked by nobody, by a
stranger to the family (another family's parent) and with a forged request, every
operation answers one of the statuses its schema lists."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.web.conftest import OTHER, Web

SAMPLE = {"slug": "jansen", "key": "petra", "name": "Petra Jansen", "document":
          "school-concentratie", "member": "kevin", "proposal": "1", "kind": "afspraken",
          "day": "2026-12-01"}
"""A value for each path parameter the API has; anything else is a test failure."""
PUBLIC = {("get", "/api/v1/openapi.json")}


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, operation) for path, item in schema["paths"].items()
            for method, operation in item.items() if path.startswith("/api/v1/")]


def address(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLE[m[1]], path)


def ask(client: httpx.Client, method: str, path: str, token: str = "") -> int:
    headers = {"X-CSRF-Token": token} if token else {}
    return client.request(method.upper(), address(path), headers=headers, json={}).status_code


def test_every_answer_to_nobody_a_stranger_and_a_forgery_is_in_the_schema(web: Web) -> None:
    schema = web.anonymous().get("/api/v1/openapi.json").json()
    found = operations(schema)
    assert len(found) > 40  # the professional's whole job, the family's and the network's
    stranger = web.signed_in("petra", OTHER)
    token = web.csrf(stranger)
    wrong: list[str] = []
    for method, path, operation in found:
        declared = {int(code) for code in operation["responses"]}
        answers = {"nobody": ask(web.anonymous(), method, path),
                   "stranger": ask(stranger, method, path, token)}
        if method != "get":
            answers["forged"] = ask(stranger, method, path)
        wrong += [f"{method} {path} ({who}): {status} not in {sorted(declared)}"
                  for who, status in answers.items() if status not in declared]
        if answers["nobody"] != 401 or ("{slug}" in path
                                         and answers["stranger"] not in (403, 404, 422)):
            wrong.append(f"{method} {path}: {answers}")
    assert wrong == [], "\n".join(wrong)
