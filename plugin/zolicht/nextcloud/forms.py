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
from datetime import UTC, datetime
from typing import Any

from zolicht import messages as M
from zolicht.domain.proposals import Answer, Submission
from zolicht.nextcloud.transport import Transport

FORMS = "/ocs/v2.php/apps/forms/api/v3/forms"
USER_SHARE, GROUP_SHARE = 0, 1
LOST = 403
"""Forms' answer for a form the service account no longer has rights to."""


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

    def read_submissions(self, key: str, form_id: int,
                         problems: list[str] | None = None) -> list[Submission]:
        """Every submission of form ``key`` (see ``parse_submissions``)."""
        return parse_submissions(key, self.submissions(form_id), problems)

    def submit(self, form_id: int, answers: dict[str, list[Any]]) -> None:
        self._call("POST", f"/{form_id}/submissions", {"answers": answers})


def share_of(data: dict[str, Any]) -> FormShare:
    return FormShare(int(data["id"]), int(data["shareType"]), str(data["shareWith"]),
                     tuple(sorted(str(p) for p in data.get("permissions") or [])))


def parse_submissions(key: str, data: dict[str, Any],
                      problems: list[str] | None = None) -> list[Submission]:
    """The submissions in Forms' answer ``data``, answers labelled with their question's
    name. One that cannot be read is left out and described in ``problems``."""
    questions = {int(q["id"]): (str(q.get("name") or ""), str(q.get("text") or ""))
                 for q in data.get("questions") or []}
    found = []
    for item in data.get("submissions") or []:
        try:
            found.append(_submission(key, item, questions))
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError,
                OSError) as error:  # the last two: a timestamp no date can hold
            if problems is not None:
                problems.append(M.SUBMISSION_UNREADABLE.format(form=key, reason=repr(error)))
    return found


def _submission(key: str, item: dict[str, Any],
                questions: dict[int, tuple[str, str]]) -> Submission:
    answers = tuple(Answer(*questions.get(int(a["questionId"]), ("", "")), str(a["text"]))
                    for a in item.get("answers") or [])
    at = datetime.fromtimestamp(int(item.get("timestamp") or 0), UTC).replace(tzinfo=None)
    return Submission(key, int(item["id"]), str(item.get("userId") or ""), at, answers)
