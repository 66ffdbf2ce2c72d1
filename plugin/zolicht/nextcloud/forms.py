"""The Nextcloud Forms app, API v3 (Forms 5 and later), as zolicht uses it.

JSON bodies throughout, as the Forms documentation recommends: ``keyValuePairs`` and the
answer arrays are nested. Every call goes through the client's transport and counters.
Calls that create something (a form, a question, options, a share, a submission) are
never repeated after a lost answer: a second one would be a duplicate.

Forms (since 5.2.3) refuses a form PATCH that carries ``state`` with any other key (HTTP
403, "State may only be changed on its own"), so ``update`` sends ``state`` in a PATCH of
its own, after the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zolicht.nextcloud.transport import Transport

FORMS = "/ocs/v2.php/apps/forms/api/v3/forms"
USER_SHARE, GROUP_SHARE = 0, 1


@dataclass(frozen=True)
class FormShare:
    id: int
    share_type: int
    share_with: str
    permissions: tuple[str, ...]


class Forms:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def _call(self, method: str, path: str = "", body: dict[str, Any] | None = None,
              idempotent: bool | None = None) -> Any:
        return self.transport.ocs(method, FORMS + path, idempotent, json=body)

    def _patch(self, path: str, body: dict[str, Any]) -> None:
        """PATCH sets values, so it may be repeated."""
        self._call("PATCH", path, body, idempotent=True)

    def owned(self) -> list[dict[str, Any]]:
        listing: list[dict[str, Any]] = self._call("GET", "?type=owned")
        return listing

    def delete(self, form_id: int) -> None:
        self._call("DELETE", f"/{form_id}")

    def get(self, form_id: int) -> dict[str, Any]:
        form: dict[str, Any] = self._call("GET", f"/{form_id}")
        return form

    def create(self) -> int:
        return int(self._call("POST")["id"])

    def update(self, form_id: int, pairs: dict[str, Any]) -> None:
        others = {key: value for key, value in pairs.items() if key != "state"}
        if others:
            self._patch(f"/{form_id}", {"keyValuePairs": others})
        if "state" in pairs:
            self._patch(f"/{form_id}", {"keyValuePairs": {"state": pairs["state"]}})

    def add_question(self, form_id: int, kind: str, text: str) -> int:
        created = self._call("POST", f"/{form_id}/questions", {"type": kind, "text": text})
        return int(created["id"])

    def update_question(self, form_id: int, question_id: int, pairs: dict[str, Any]) -> None:
        self._patch(f"/{form_id}/questions/{question_id}", {"keyValuePairs": pairs})

    def delete_question(self, form_id: int, question_id: int) -> None:
        self._call("DELETE", f"/{form_id}/questions/{question_id}")

    def order_questions(self, form_id: int, order: list[int]) -> None:
        self._patch(f"/{form_id}/questions", {"newOrder": order})

    def add_options(self, form_id: int, question_id: int, texts: list[str]) -> list[int]:
        created = self._call("POST", f"/{form_id}/questions/{question_id}/options",
                             {"optionTexts": texts})
        return [int(o["id"]) for o in created]

    def rename_option(self, form_id: int, question_id: int, option_id: int, text: str) -> None:
        self._patch(f"/{form_id}/questions/{question_id}/options/{option_id}",
                    {"keyValuePairs": {"text": text}})

    def delete_option(self, form_id: int, question_id: int, option_id: int) -> None:
        self._call("DELETE", f"/{form_id}/questions/{question_id}/options/{option_id}")

    def share(self, form_id: int, share_type: int, share_with: str,
              permissions: list[str]) -> FormShare:
        data = self._call("POST", f"/{form_id}/shares", {
            "shareType": share_type, "shareWith": share_with, "permissions": permissions})
        return share_of(data)

    def unshare(self, form_id: int, share_id: int) -> None:
        self._call("DELETE", f"/{form_id}/shares/{share_id}")

    def submissions(self, form_id: int) -> dict[str, Any]:
        """``{"submissions": [...], "questions": [...]}`` of every submission."""
        result: dict[str, Any] = self._call("GET", f"/{form_id}/submissions")
        return result

    def submit(self, form_id: int, answers: dict[str, list[Any]]) -> None:
        self._call("POST", f"/{form_id}/submissions", {"answers": answers})


def share_of(data: dict[str, Any]) -> FormShare:
    return FormShare(int(data["id"]), int(data["shareType"]), str(data["shareWith"]),
                     tuple(sorted(str(p) for p in data.get("permissions") or [])))
