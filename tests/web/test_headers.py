"""Security headers on every response: pages and API, signed in or not, allowed or not."""

from __future__ import annotations

import httpx

from tests.web.conftest import Web

EXPECTED = {"cache-control": "no-store", "x-content-type-options": "nosniff",
            "referrer-policy": "no-referrer", "x-frame-options": "SAMEORIGIN"}


def missing(answer: httpx.Response) -> list[str]:
    found = [f"{k}: {answer.headers.get(k)}" for k, v in EXPECTED.items()
             if answer.headers.get(k) != v]
    policy = answer.headers.get("content-security-policy", "")
    if "frame-ancestors 'self'" not in policy:
        found.append(f"content-security-policy: {policy}")
    return [f"{answer.request.method} {answer.request.url.path} ({answer.status_code}) {f}"
            for f in found]


def test_every_answer_carries_the_security_headers(web: Web) -> None:
    anonymous, petra = web.anonymous(), web.signed_in("petra")
    answers = [anonymous.get("/inloggen"), anonymous.get("/gezin/jansen"),
               anonymous.get("/api/v1/me"), anonymous.get("/heartbeat"),
               anonymous.get("/bestaat-niet"), anonymous.get("/api/v1/openapi.json"),
               petra.get("/gezin/jansen"), petra.get("/gezin/jansen/logboek"),
               petra.get("/netwerk/jansen"), petra.get("/api/v1/families/jansen/sharing"),
               petra.get("/api/v1/families/jansen/audit"), petra.get("/api/v1/families/x/audit"),
               petra.put("/api/v1/families/jansen/consents/energie/joost")]
    assert [problem for answer in answers for problem in missing(answer)] == []
    page = petra.get("/gezin/jansen").headers["content-security-policy"]
    assert "default-src 'none'" in page and "script-src" not in page
