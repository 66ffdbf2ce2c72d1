"""The Forms API v3 in devcloud: who may do what, and the real error messages."""

from __future__ import annotations

from typing import Any

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
        assert form["permissions"] == ["edit", "embed", "results", "results_delete", "submit"]
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
        results = sanne.get(f"{FORMS}/{fid}/submissions")  # submit only: just her own
        assert [s["userId"] for s in results.json()["ocs"]["data"]["submissions"]] == ["sanne"]
    with client(cloud, "oma", oma_pw) as oma:
        denied = oma.get(f"{FORMS}/{fid}")
        assert denied.status_code == 403
        assert denied.json()["ocs"]["meta"]["message"] == ""
        missing = oma.get(f"{FORMS}/99999")
        assert missing.status_code == 404 and missing.content == b""
    with client(cloud, "lotte", owner_pw) as owner:
        answers = owner.get(f"{FORMS}/{fid}/submissions").json()["ocs"]["data"]
    assert [a["text"] for a in answers["submissions"][0]["answers"]] == [
        "Oma Ria <script>x</script>"]


def ocs_data(answer: httpx.Response) -> Any:
    assert answer.status_code in (200, 201), answer.text
    return answer.json()["ocs"]["data"]


def test_questions_options_and_shares_can_be_changed_as_in_forms(cloud: Cloud) -> None:
    owner_pw = cloud.user("lotte")
    cloud.user("sanne", groups=("gezin",))
    with client(cloud, "lotte", owner_pw) as owner:
        fid = ocs_data(owner.post(FORMS))["id"]
        first = ocs_data(owner.post(f"{FORMS}/{fid}/questions", json={"type": "short",
                                                                      "text": "Een"}))["id"]
        second = ocs_data(owner.post(f"{FORMS}/{fid}/questions",
                                     json={"type": "multiple_unique", "text": "Twee"}))["id"]
        assert ocs_data(owner.patch(f"{FORMS}/{fid}/questions", json={
            "newOrder": [second, first]})) == {str(second): {"order": 1},
                                               str(first): {"order": 2}}
        partial = owner.patch(f"{FORMS}/{fid}/questions", json={"newOrder": [first]})
        assert partial.status_code == 400
        order = owner.patch(f"{FORMS}/{fid}/questions/{first}",
                            json={"keyValuePairs": {"order": 1}})
        assert order.json()["ocs"]["meta"]["message"] == \
            "Please use reorderQuestions() to change order"
        options = ocs_data(owner.post(f"{FORMS}/{fid}/questions/{second}/options",
                                      json={"optionTexts": ["Ja", "Nee", "Soms"]}))
        ja, nee, soms = (o["id"] for o in options)
        base = f"{FORMS}/{fid}/questions/{second}/options"
        assert ocs_data(owner.patch(f"{base}/{nee}", json={"keyValuePairs": {
            "text": "Nooit"}})) == nee
        assert ocs_data(owner.delete(f"{base}/{soms}")) == soms
        assert owner.delete(f"{base}/{soms}").status_code == 404
        assert ocs_data(owner.patch(f"{base}/reorder", json={"newOrder": [nee, ja]}))
        question = ocs_data(owner.get(f"{FORMS}/{fid}/questions/{second}"))
        assert [o["text"] for o in question["options"]] == ["Nooit", "Ja"]
        share = ocs_data(owner.post(f"{FORMS}/{fid}/shares", json={
            "shareType": 1, "shareWith": "gezin", "permissions": ["submit"]}))
        other = owner.patch(f"{FORMS}/{fid}/shares/{share['id']}",
                            json={"keyValuePairs": {"shareWith": "iemand"}})
        assert other.status_code == 403
        assert ocs_data(owner.patch(f"{FORMS}/{fid}/shares/{share['id']}", json={
            "keyValuePairs": {"permissions": ["submit", "results"]}})) == share["id"]
        assert owner.patch(f"{FORMS}/{fid}/shares/{share['id']}", json={
            "keyValuePairs": {"permissions": ["results"]}}).status_code == 400
        form = ocs_data(owner.get(f"{FORMS}/{fid}"))
        assert form["shares"][0]["permissions"] == ["results", "submit"]


def test_choice_answers_are_stored_as_option_text_and_exported(cloud: Cloud) -> None:
    owner_pw = cloud.user("lotte")
    sanne_pw = cloud.user("sanne", groups=("gezin",))
    with client(cloud, "lotte", owner_pw) as owner:
        fid = ocs_data(owner.post(FORMS))["id"]
        owner.patch(f"{FORMS}/{fid}", json={"keyValuePairs": {"title": "Stap 3",
                                                               "allowEditSubmissions": True}})
        qid = ocs_data(owner.post(f"{FORMS}/{fid}/questions",
                                  json={"type": "dropdown", "text": "Relatie"}))["id"]
        ja = ocs_data(owner.post(f"{FORMS}/{fid}/questions/{qid}/options",
                                 json={"optionTexts": ["Oma", "Buur"]}))[0]["id"]
        owner.post(f"{FORMS}/{fid}/shares", json={"shareType": 1, "shareWith": "gezin"})
    with client(cloud, "sanne", sanne_pw) as sanne:
        wrong = sanne.post(f"{FORMS}/{fid}/submissions", json={"answers": {str(qid): [9999]}})
        assert wrong.status_code == 400 and "not a valid option" in \
            wrong.json()["ocs"]["meta"]["message"]
        two = sanne.post(f"{FORMS}/{fid}/submissions", json={"answers": {str(qid): [ja, ja]}})
        assert two.status_code == 400
        assert sanne.post(f"{FORMS}/{fid}/submissions",
                          json={"answers": {str(qid): [ja]}}).status_code == 201
    with client(cloud, "lotte", owner_pw) as owner:
        listing = ocs_data(owner.get(f"{FORMS}/{fid}/submissions"))
        submission = listing["submissions"][0]
        assert [a["text"] for a in submission["answers"]] == ["Oma"]
        download = owner.get(f"{FORMS}/{fid}/submissions", params={"fileFormat": "csv"})
        assert download.headers["content-type"].startswith("text/csv")
        lines = download.text.splitlines()
        assert lines[0] == '"User display name","Timestamp","Relatie"'
        assert lines[1].startswith('"sanne"') and lines[1].endswith('"Oma"')
        name = ocs_data(owner.post(f"{FORMS}/{fid}/submissions/export",
                                   json={"path": "", "fileFormat": "csv"}))
        assert name == "Stap 3 (responses).csv"
        assert owner.get(f"/remote.php/dav/files/lotte/{name}").text == download.text
        foreign = owner.put(f"{FORMS}/{fid}/submissions/{submission['id']}",
                            json={"answers": {str(qid): [ja]}})
        assert foreign.json()["ocs"]["meta"]["message"] == \
            "Can only update your own submissions"
        assert ocs_data(owner.delete(f"{FORMS}/{fid}/submissions/{submission['id']}")) == \
            submission["id"]
        assert ocs_data(owner.get(f"{FORMS}/{fid}/submissions"))["submissions"] == []


def test_submit_multiple_lets_the_same_person_send_a_form_again(cloud: Cloud) -> None:
    """As Forms' ``FormsService::canSubmit`` (read in Forms' source): once per user unless
    ``submitMultiple`` is set; the owner may always submit; ``canSubmit`` in the form says
    which applies to whoever asks."""
    owner_pw = cloud.user("lotte")
    sanne_pw = cloud.user("sanne", groups=("gezin",))
    with client(cloud, "lotte", owner_pw) as owner:
        fid = ocs_data(owner.post(FORMS))["id"]
        qid = ocs_data(owner.post(f"{FORMS}/{fid}/questions", json={
            "type": "short", "text": "Naam"}))["id"]
        ocs_data(owner.post(f"{FORMS}/{fid}/shares", json={
            "shareType": 1, "shareWith": "gezin", "permissions": ["submit"]}))
        assert ocs_data(owner.get(f"{FORMS}/{fid}"))["submitMultiple"] is False
    answer = {"answers": {str(qid): ["Oma Ria"]}}
    with client(cloud, "sanne", sanne_pw) as sanne:
        assert ocs_data(sanne.get(f"{FORMS}/{fid}"))["canSubmit"] is True
        assert sanne.post(f"{FORMS}/{fid}/submissions", json=answer).status_code == 201
        assert ocs_data(sanne.get(f"{FORMS}/{fid}"))["canSubmit"] is False
        again = sanne.post(f"{FORMS}/{fid}/submissions", json=answer)
        assert again.status_code == 403
        assert again.json()["ocs"]["meta"]["message"] == "Already submitted"
    with client(cloud, "lotte", owner_pw) as owner:
        for _ in range(2):  # the owner is never held to once
            assert owner.post(f"{FORMS}/{fid}/submissions", json=answer).status_code == 201
        assert ocs_data(owner.patch(f"{FORMS}/{fid}", json={"keyValuePairs": {
            "submitMultiple": True}})) == fid
    with client(cloud, "sanne", sanne_pw) as sanne:
        assert ocs_data(sanne.get(f"{FORMS}/{fid}"))["canSubmit"] is True
        assert sanne.post(f"{FORMS}/{fid}/submissions", json=answer).status_code == 201
        mine = ocs_data(sanne.get(f"{FORMS}/{fid}/submissions"))["submissions"]
        assert [s["userId"] for s in mine] == ["sanne", "sanne"]
