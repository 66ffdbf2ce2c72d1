"""The Forms API v3 as zolicht uses it: forms, questions, options, shares, submissions."""

from __future__ import annotations

from typing import Any

from tests.contract.scenarios.common import FORMS, data
from tests.contract.session import Actor, Session


def scenario(s: Session) -> None:
    owner, member, sharee = s.user("owner"), s.user("member"), s.user("sharee")
    stranger = s.user("stranger")
    group = s.group("network", "member")
    form = str(data(s.ocs(owner, "POST", FORMS, "create a form"), "id"))
    base = f"{FORMS}/{form}"
    settings(s, owner, base)
    questions = build(s, owner, base)
    shares = [data(s.ocs(owner, "POST", f"{base}/shares", "share with a user (submit)",
                         json={"shareType": 0, "shareWith": sharee.uid,
                               "permissions": ["submit"]}), "id"),
              data(s.ocs(owner, "POST", f"{base}/shares", "share with a group (submit)",
                         json={"shareType": 1, "shareWith": group,
                               "permissions": ["submit"]}), "id")]
    second = str(data(s.ocs(owner, "POST", FORMS, "create a second form"), "id"))
    s.ocs(owner, "POST", f"{FORMS}/{second}/shares", "share the second form with the user",
          json={"shareType": 0, "shareWith": sharee.uid, "permissions": ["submit"]})
    s.ocs(owner, "GET", FORMS, "the owner's forms", params={"type": "owned"})
    s.ocs(sharee, "GET", FORMS, "forms shared with the user, newest first",
          params={"type": "shared"})
    s.ocs(member, "GET", FORMS, "forms shared with the group member", params={"type": "shared"})
    s.ocs(sharee, "GET", base, "the sharee reads the form")
    s.ocs(stranger, "GET", base, "a stranger reads the form")
    s.ocs(owner, "GET", FORMS, "a wrong listing type", params={"type": "mine"})
    submissions(s, owner, member, sharee, base, questions)
    for share_id in shares:
        s.ocs(owner, "DELETE", f"{base}/shares/{share_id}", "unshare")
    s.ocs(owner, "DELETE", f"{base}/shares/{shares[0]}", "unshare again")
    s.ocs(sharee, "GET", FORMS, "the unshared form is gone for the user",
          params={"type": "shared"})
    s.ocs(stranger, "DELETE", base, "a stranger deletes the form")
    s.ocs(owner, "DELETE", base, "delete the form")
    s.ocs(owner, "GET", base, "the deleted form")


def settings(s: Session, owner: Actor, base: str) -> None:
    s.ocs(owner, "GET", base, "read the new form")
    patch(s, owner, base, "title, description and settings", {
        "title": "Signaleringsplan", "description": "Hoe gaat het?", "isAnonymous": False,
        "submitMultiple": False, "allowEditSubmissions": False,
        "access": {"permitAllUsers": False, "showToAllUsers": False}})
    patch(s, owner, base, "close the form (state alone)", {"state": 1})
    patch(s, owner, base, "state together with another key", {"state": 0, "title": "Both"})
    patch(s, owner, base, "open it again (state alone)", {"state": 0})
    patch(s, owner, base, "a key that may not be changed", {"hash": "abc"})
    patch(s, owner, base, "no keys at all", {})


def patch(s: Session, who: Actor, url: str, label: str, pairs: dict[str, Any]) -> None:
    s.ocs(who, "PATCH", url, label, json={"keyValuePairs": pairs})


def build(s: Session, owner: Actor, base: str) -> list[str]:
    """Three questions (one required, one with options); returns their ids."""
    ids = [str(data(s.ocs(owner, "POST", f"{base}/questions", f"add a {kind} question",
                          json={"type": kind, "text": text}), "id"))
           for kind, text in (("short", "Naam"), ("multiple_unique", "Keuze"),
                              ("long", "Toelichting"), ("short", "Weg ermee"))]
    s.ocs(owner, "POST", f"{base}/questions", "a question of an unknown type",
          json={"type": "essay", "text": "?"})
    patch(s, owner, f"{base}/questions/{ids[0]}", "make the first question required",
          {"isRequired": True})
    patch(s, owner, f"{base}/questions/{ids[0]}", "change a question's order directly",
          {"order": 3})
    created = s.ocs(owner, "POST", f"{base}/questions/{ids[1]}/options", "add options",
                    json={"optionTexts": ["Ja", "Nee", "Misschien"]})
    options = [str(o["id"]) for o in data(created) or []]
    if len(options) == 3:
        url = f"{base}/questions/{ids[1]}/options"
        patch(s, owner, f"{url}/{options[1]}", "rename an option", {"text": "Liever niet"})
        s.ocs(owner, "DELETE", f"{url}/{options[2]}", "delete an option")
    s.ocs(owner, "DELETE", f"{base}/questions/{ids[3]}", "delete a question")
    s.ocs(owner, "PATCH", f"{base}/questions", "reorder the questions",
          json={"newOrder": [int(ids[2]), int(ids[0]), int(ids[1])]})
    s.ocs(owner, "GET", base, "the form with its questions")
    return ids[:3] + options[:1]


def submissions(s: Session, owner: Actor, member: Actor, sharee: Actor, base: str,
                ids: list[str]) -> None:
    name, choice, notes, option = (ids + ["0"] * 4)[:4]
    url = f"{base}/submissions"
    s.ocs(sharee, "POST", url, "a submission without the required answer",
          json={"answers": {notes: ["Alleen toelichting"]}})
    s.ocs(sharee, "POST", url, "a choice that is not an option",
          json={"answers": {name: ["Sam"], choice: [999999]}})
    s.ocs(sharee, "POST", url, "a submission", json={"answers": {
        name: ["Sam"], choice: [int(option)], notes: ["Gaat goed"]}})
    s.ocs(sharee, "POST", url, "a second submission", json={"answers": {name: ["Sam"]}})
    s.next_second()  # submissions are listed newest first, by their time in seconds
    s.ocs(member, "POST", url, "the group member submits", json={"answers": {name: ["Kim"]}})
    s.ocs(owner, "GET", url, "the owner reads the submissions")
    s.ocs(sharee, "GET", url, "the sharee reads the submissions")
