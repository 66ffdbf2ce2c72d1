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

import json
from dataclasses import dataclass, field
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


@dataclass
class ObservedQuestion:
    """A question as Forms holds it (options in their order, ``extraSettings`` as
    canonical JSON)."""

    id: int
    name: str
    type: str
    text: str
    description: str
    required: bool
    options: list[tuple[int, str]]
    extra: str


@dataclass
class ObservedForm:
    id: int
    settings: dict[str, Any]
    last_updated: int = 0
    questions: list[ObservedQuestion] = field(default_factory=list)
    shares: list[FormShare] = field(default_factory=list)

    def question(self, name: str) -> ObservedQuestion | None:
        return next((q for q in self.questions if q.name == name), None)

    @property
    def title(self) -> str:
        return str(self.settings.get("title") or "")

    @property
    def blank(self) -> bool:
        """As Forms creates a form, before zolicht gave it a title, questions or shares:
        left behind when the answer to its creation was lost."""
        return not (self.title or self.questions or self.shares)


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

    def read(self, form_id: int) -> ObservedForm:
        """The whole form: settings, questions with their options, shares."""
        return form_state(self.get(form_id))

    def last_updated(self) -> dict[int, int]:
        """The account's own forms: id → Forms' ``lastUpdated`` (seconds)."""
        return {int(f["id"]): int(f.get("lastUpdated") or 0) for f in self.owned()}

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


def form_state(data: dict[str, Any]) -> ObservedForm:
    """Read a full form as Forms returns it (``GET /forms/{id}``)."""
    settings = {key: data.get(key) for key in ("title", "description", "state",
                                                "submitMultiple", "isAnonymous",
                                                "allowEditSubmissions", "access")}
    questions = [
        ObservedQuestion(
            id=int(q["id"]), name=str(q.get("name") or ""), type=str(q["type"]),
            text=str(q.get("text") or ""), description=str(q.get("description") or ""),
            required=bool(q.get("isRequired")),
            options=[(int(o["id"]), str(o["text"])) for o in
                     sorted(q.get("options") or [], key=lambda o: (o.get("order", 0), o["id"]))],
            extra=canonical(q.get("extraSettings")))
        for q in sorted(data.get("questions") or [], key=lambda q: (q.get("order", 0), q["id"]))]
    return ObservedForm(int(data["id"]), settings, int(data.get("lastUpdated") or 0), questions,
                        [share_of(s) for s in data.get("shares") or []])


def canonical(extra: Any) -> str:
    """Forms sends an empty ``extraSettings`` as ``[]`` (a PHP empty array) or ``{}``."""
    return json.dumps(extra if isinstance(extra, dict) else {}, sort_keys=True)


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
