"""Forms 5.3 as a real Nextcloud 32 showed it (tests/contract recording forms)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.devcloud.conftest import Cloud

FORMS = "/ocs/v2.php/apps/forms/api/v3/forms"
JSON = {"OCS-APIRequest": "true", "Accept": "application/json"}


@pytest.fixture
def owner(cloud: Cloud) -> Iterator[httpx.Client]:
    password = cloud.user("owner")
    with httpx.Client(base_url=cloud.url, auth=("owner", password), headers=JSON) as client:
        yield client


def test_state_may_only_be_changed_on_its_own(owner: httpx.Client) -> None:
    form = owner.post(FORMS).json()["ocs"]["data"]
    both = owner.patch(f"{FORMS}/{form['id']}",
                       json={"keyValuePairs": {"state": 1, "title": "Both"}})
    alone = owner.patch(f"{FORMS}/{form['id']}", json={"keyValuePairs": {"state": 1}})
    after = owner.get(f"{FORMS}/{form['id']}").json()["ocs"]["data"]
    assert (both.status_code, both.json()["ocs"]["meta"]["message"]) == (
        403, "State may only be changed on its own")
    assert alone.status_code == 200 and (after["state"], after["title"]) == (1, "")


def test_a_new_form_has_no_state_yet_and_editing_locks_it(owner: httpx.Client) -> None:
    created = owner.post(FORMS).json()["ocs"]["data"]
    assert created["state"] is None and created["lockedBy"] is None
    assert created["permissions"] == ["edit", "embed", "results", "results_delete", "submit"]
    owner.patch(f"{FORMS}/{created['id']}", json={"keyValuePairs": {"title": "T"}})
    read = owner.get(f"{FORMS}/{created['id']}").json()["ocs"]["data"]
    assert read["state"] == 0 and read["lockedBy"] == "owner" and read["lockedUntil"] > 0
    hashed = owner.patch(f"{FORMS}/{created['id']}", json={"keyValuePairs": {"hash": "x"}})
    assert hashed.json()["ocs"]["meta"]["message"] == "Not allowed to update hash"


def test_a_submission_is_answered_with_null_and_lists_are_newest_first(
        cloud: Cloud, owner: httpx.Client) -> None:
    first, second = (owner.post(FORMS).json()["ocs"]["data"]["id"] for _ in range(2))
    question = owner.post(f"{FORMS}/{first}/questions",
                          json={"type": "short", "text": "Naam"}).json()["ocs"]["data"]
    assert question["extraSettings"] == {}
    form = owner.get(f"{FORMS}/{first}").json()["ocs"]["data"]
    assert form["questions"][0]["extraSettings"] == []  # Forms' empty PHP array
    listed = owner.get(FORMS, params={"type": "owned"}).json()["ocs"]["data"]
    assert [f["id"] for f in listed] == [second, first]
    submitted = owner.post(f"{FORMS}/{first}/submissions",
                           json={"answers": {str(question["id"]): ["Sam"]}})
    assert submitted.status_code == 201 and submitted.json()["ocs"]["data"] is None


def test_shares_name_who_they_are_for_and_sharees_see_them(
        cloud: Cloud, owner: httpx.Client) -> None:
    password = cloud.user("sharee")
    with cloud.client() as admin:
        admin.put("/ocs/v2.php/cloud/users/sharee", data={"key": "displayname",
                                                          "value": "Sharee Person"})
    form = owner.post(FORMS).json()["ocs"]["data"]["id"]
    share = owner.post(f"{FORMS}/{form}/shares", json={
        "shareType": 0, "shareWith": "sharee", "permissions": ["submit"]}).json()["ocs"]["data"]
    assert share["displayName"] == "Sharee Person"
    with httpx.Client(base_url=cloud.url, auth=("sharee", password), headers=JSON) as sharee:
        seen = sharee.get(f"{FORMS}/{form}").json()["ocs"]["data"]
    assert [s["id"] for s in seen["shares"]] == [share["id"]] and "submissionCount" not in seen
