"""The professional's check of a family's Nextcloud space: drift is shown, and applying
removes it, which the outsider notices by no longer being able to read the files."""

from __future__ import annotations

import httpx

from tests.web.conftest import Web
from zolicht.domain import names
from zolicht.domain.model import Access
from zolicht.nextcloud.errors import Refused
from zolicht.reconcile import Outcome
from zolicht.reconcile.plan import Plan
from zolicht.web.views import apply_notice

SHARED, JOINED = "drukte-en-prikkels.md", "minder-energie.md"


def behind_zolichts_back(web: Web, outsider: str) -> tuple[str, str]:
    """The service account itself shares a family file with an account outside the family,
    and puts it in the group that reads another document; returns (the file's path, the
    group)."""
    world, space = web.world, web.world.family().space
    path = f"{names.root(space)}/Psycho-educatie/{SHARED}"
    world.cloud.ocs("POST", "/apps/files_sharing/api/v1/shares", world.service.auth,
                    data={"path": "/" + path, "shareType": 0, "shareWith": outsider,
                          "permissions": 1})
    group = names.document_group(space, "energie", Access.READ)
    world.cloud.ocs("POST", f"/cloud/users/{outsider}/groups", world.service.auth,
                    data={"groupid": group})
    return path, group


def test_drift_is_shown_to_the_professional_and_removed_by_applying(web: Web) -> None:
    lotte, outsider = web.signed_in("lotte"), web.world.stranger()
    assert lotte.get("/api/v1/families/jansen/check").json() == {
        "drift": [], "pending": 0, "problems": []}
    path, group = behind_zolichts_back(web, outsider)
    assert web.world.listing(outsider) == {SHARED, JOINED}
    check = lotte.get("/api/v1/families/jansen/check").json()
    assert sorted((d["where"], d["who"]) for d in check["drift"]) == sorted(
        [(path, outsider), (group, outsider)])
    assert check["pending"] == 2
    page = lotte.get("/hulpverlener/jansen/controle").text
    assert f"{path}: gedeeld met {outsider}, door {web.world.service.uid}" in page
    assert f"{outsider} zit in groep {group} van dit gezin" in page
    answer = lotte.post("/hulpverlener/jansen/bijwerken", data={"csrf": web.csrf(lotte)})
    assert answer.status_code == 303
    assert web.world.listing(outsider) == set()
    assert lotte.get("/api/v1/families/jansen/check").json() == {
        "drift": [], "pending": 0, "problems": []}
    assert "Niets gevonden." in lotte.get("/hulpverlener/jansen/controle").text


def test_applying_while_nextcloud_is_away_never_says_it_is_done(web: Web) -> None:
    lotte = web.signed_in("lotte")
    with web.cut_off() as url, httpx.Client(base_url=url, cookies=lotte.cookies) as there:
        assert there.get("/api/v1/families/jansen/check").status_code == 503
        answer = there.post("/hulpverlener/jansen/bijwerken", data={"csrf": web.csrf(there)})
        assert answer.status_code == 303
        page = there.get("/hulpverlener/jansen/controle").text
    assert "Bijgewerkt" not in page
    assert "Nog niet alles staat in Nextcloud" in page and 'class="notice problem' in page


def test_a_refusal_is_named_and_a_complete_apply_is_done() -> None:
    refused = Refused("PUT", "/ocs/v2.php/cloud/users/x", "OCS 997 (HTTP 401)", 401, 997)
    nothing = Plan("jansen", (), (), ())
    stopped = apply_notice(Outcome(nothing, 0, failure=refused))
    assert stopped.problem and "Nextcloud weigerde: PUT /ocs/v2.php/cloud/users/x" in stopped.text
    assert apply_notice(Outcome(nothing, 0)).text.startswith("Bijgewerkt.")
    assert apply_notice(None).problem
