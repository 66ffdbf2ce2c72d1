"""The Forms API v3 in devcloud: who may do what, and the real error messages."""

from __future__ import annotations

import httpx

from tests.devcloud.conftest import Cloud

FORMS = "/ocs/v2.php/apps/forms/api/v3/forms"
JSON = {"OCS-APIRequest": "true", "Accept": "application/json"}


def client(cloud: Cloud, uid: str, password: str) -> httpx.Client:
    return httpx.Client(base_url=cloud.url, auth=(uid, password), headers=JSON)


def test_a_form_shared_with_a_group_takes_answers_from_members_only(cloud: Cloud) -> None:
    owner_pw = cloud.user("lotte")
    sanne_pw = cloud.user("sanne", groups=("gezin",))
    oma_pw = cloud.user("oma")
    with client(cloud, "lotte", owner_pw) as owner:
        created = owner.post(FORMS)
        assert created.status_code == 201
        form = created.json()["ocs"]["data"]
        assert form["permissions"] == ["edit", "results", "results_delete", "submit"]
        fid = form["id"]
        assert owner.patch(f"{FORMS}/{fid}", json={"keyValuePairs": {
            "title": "Stap 1"}}).json()["ocs"]["data"] == fid
        question = owner.post(f"{FORMS}/{fid}/questions", json={"type": "long",
                                                                "text": "Wie helpt?"})
        assert question.status_code == 201
        qid = question.json()["ocs"]["data"]["id"]
        owner.patch(f"{FORMS}/{fid}/questions/{qid}", json={"keyValuePairs": {
            "isRequired": True}})
        choice = owner.post(f"{FORMS}/{fid}/questions", json={"type": "dropdown",
                                                              "text": "Relatie"}).json()
        cid = choice["ocs"]["data"]["id"]
        options = owner.post(f"{FORMS}/{fid}/questions/{cid}/options",
                             json={"optionTexts": ["Oma", "Buur"]})
        assert options.status_code == 201 and len(options.json()["ocs"]["data"]) == 2
        share = owner.post(f"{FORMS}/{fid}/shares", json={"shareType": 1, "shareWith": "gezin",
                                                          "permissions": ["submit"]})
        assert share.status_code == 201
        bad = owner.post(f"{FORMS}/{fid}/shares", json={"shareType": 1, "shareWith": "gezin",
                                                        "permissions": ["results"]})
        assert bad.status_code == 400
        assert bad.json()["ocs"]["meta"]["message"] == "Invalid permission given"
        old = owner.post(f"{FORMS}/{fid}/questions", json={"type": "datetime"})
        assert old.json()["ocs"]["meta"]["message"] == "Datetime question type no longer supported"
    with client(cloud, "sanne", sanne_pw) as sanne:
        shared = sanne.get(f"{FORMS}?type=shared").json()["ocs"]["data"]
        assert [f["id"] for f in shared] == [fid]
        empty = sanne.post(f"{FORMS}/{fid}/submissions", json={"answers": {str(qid): []}})
        assert empty.status_code == 400
        done = sanne.post(f"{FORMS}/{fid}/submissions",
                          json={"answers": {str(qid): ["Oma Ria <script>x</script>"]}})
        assert done.status_code == 201
        again = sanne.post(f"{FORMS}/{fid}/submissions", json={"answers": {str(qid): ["x"]}})
        assert again.status_code == 403
        results = sanne.get(f"{FORMS}/{fid}/submissions")
        assert results.status_code == 403  # submit only: she cannot read the answers
    with client(cloud, "oma", oma_pw) as oma:
        denied = oma.get(f"{FORMS}/{fid}")
        assert denied.status_code == 403
        assert denied.json()["ocs"]["meta"]["message"] == \
            "User has no permissions to get this form"
        assert oma.get(f"{FORMS}/99999").status_code == 404
    with client(cloud, "lotte", owner_pw) as owner:
        answers = owner.get(f"{FORMS}/{fid}/submissions").json()["ocs"]["data"]
    assert [a["text"] for a in answers["submissions"][0]["answers"]] == [
        "Oma Ria <script>x</script>"]
