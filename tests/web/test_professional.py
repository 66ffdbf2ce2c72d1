"""The professional's check of a family's Nextcloud space: drift is shown, and applying
removes it, which the outsider notices by no longer being able to read the file."""

from __future__ import annotations

from tests.web.conftest import Web

FILE = "Gezin Jansen/Psycho-educatie/drukte-en-prikkels.md"
OUTSIDER, PASSWORD = "buitenstaander", "pw-buitenstaander-for-tests"
OCS = {"OCS-APIRequest": "true"}


def share_behind_zolichts_back(web: Web) -> None:
    """The service account itself shares a family file with someone outside the family."""
    made = web.world.http.post("/ocs/v2.php/cloud/users?format=json", auth=("admin", "admin"),
                               headers=OCS, data={"userid": OUTSIDER, "password": PASSWORD})
    assert made.status_code == 200, made.text
    answer = web.world.http.post(
        "/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json", auth=("admin", "admin"),
        headers=OCS,
        data={"path": "/" + FILE, "shareType": 0, "shareWith": OUTSIDER, "permissions": 1})
    assert answer.status_code == 200, answer.text


def outsider_reads(web: Web) -> int:
    return web.world.http.get(f"/remote.php/dav/files/{OUTSIDER}/drukte-en-prikkels.md",
                              auth=(OUTSIDER, PASSWORD)).status_code


def test_drift_is_shown_to_the_professional_and_removed_by_applying(web: Web) -> None:
    lotte = web.signed_in("lotte.visser")
    assert lotte.get("/api/v1/families/jansen/check").json()["drift"] == []
    share_behind_zolichts_back(web)
    assert outsider_reads(web) == 200
    check = lotte.get("/api/v1/families/jansen/check").json()
    assert [(d["path"], d["share_with"]) for d in check["drift"]] == [(FILE, OUTSIDER)]
    assert check["pending"] == 1
    page = lotte.get("/hulpverlener/jansen/controle").text
    assert FILE in page and OUTSIDER in page
    answer = lotte.post("/hulpverlener/jansen/bijwerken", data={"csrf": web.csrf(lotte)})
    assert answer.status_code == 303
    assert outsider_reads(web) == 404
    assert lotte.get("/api/v1/families/jansen/check").json() == {
        "drift": [], "pending": 0, "problems": []}
    assert "Niets gevonden." in lotte.get("/hulpverlener/jansen/controle").text
