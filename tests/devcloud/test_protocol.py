"""OCS envelope, authentication rules, error shapes, bad requests and persistence."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import httpx
import pytest

from tests.devcloud.conftest import Cloud, serve

SHARES = "/ocs/v2.php/apps/files_sharing/api/v1/shares"


def meta(answer: httpx.Response) -> dict:  # type: ignore[type-arg]
    return answer.json()["ocs"]["meta"]  # type: ignore[no-any-return]


def test_status_and_capabilities_need_no_login(cloud: Cloud) -> None:
    with httpx.Client(base_url=cloud.url) as anonymous:
        status = anonymous.get("/status.php").json()
        assert status["installed"] is True and status["productname"] == "Nextcloud"
        caps = anonymous.get("/ocs/v1.php/cloud/capabilities?format=json").json()["ocs"]
    assert caps["meta"]["statuscode"] == 100
    assert caps["data"]["version"]["string"] == status["versionstring"]
    assert "files_sharing" not in caps["data"]["capabilities"]  # only for a logged-in user
    with cloud.client() as admin:
        caps = admin.get("/ocs/v1.php/cloud/capabilities?format=json").json()["ocs"]
    assert caps["data"]["capabilities"]["files_sharing"]["api_enabled"] is True


@pytest.mark.parametrize(("version", "http", "code", "status"), [
    ("v1", 200, 100, "ok"), ("v2", 200, 200, "ok")])
def test_envelope_success(cloud: Cloud, version: str, http: int, code: int, status: str) -> None:
    with cloud.client() as admin:
        answer = admin.get(f"/ocs/{version}.php/cloud/user?format=json")
    assert answer.status_code == http
    assert meta(answer)["statuscode"] == code and meta(answer)["status"] == status
    assert answer.json()["ocs"]["data"]["id"] == "admin"
    assert answer.headers["content-type"] == "application/json; charset=utf-8"
    if version == "v1":
        assert meta(answer)["totalitems"] == "" and meta(answer)["itemsperpage"] == ""


def test_provisioning_errors_are_400_on_v2_and_200_on_v1(cloud: Cloud) -> None:
    cloud.user("alice")
    with cloud.client() as admin:
        v2 = admin.post("/ocs/v2.php/cloud/users?format=json",
                        data={"userid": "alice", "password": "whatever-pw-1"})
        v1 = admin.post("/ocs/v1.php/cloud/users?format=json",
                        data={"userid": "alice", "password": "whatever-pw-1"})
    assert v2.status_code == 400 and meta(v2) == {
        "status": "failure", "statuscode": 102, "message": "User already exists"}
    assert v1.status_code == 200 and meta(v1)["statuscode"] == 102
    assert v2.json()["ocs"]["data"] == []


def test_xml_is_the_default_format(cloud: Cloud) -> None:
    with cloud.client() as admin:
        answer = admin.get("/ocs/v1.php/cloud/users")
    assert answer.headers["content-type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(answer.text)
    assert root.findtext("meta/statuscode") == "100"
    assert [e.text for e in root.findall("data/users/element")] == ["admin"]


def test_the_ocs_header_is_required(cloud: Cloud) -> None:
    with cloud.client(ocs=False) as admin:
        answer = admin.get("/ocs/v2.php/cloud/users")
    assert answer.status_code == 412 and answer.json() == {"message": "CSRF check failed"}


def test_authentication_failures(cloud: Cloud) -> None:
    with cloud.client(auth=None) as anonymous:
        missing = anonymous.get("/ocs/v2.php/cloud/user?format=json")
    with cloud.client(auth=("admin", "wrong")) as wrong:
        bad = wrong.get("/ocs/v1.php/cloud/user?format=json")
        dav = wrong.request("PROPFIND", "/remote.php/dav/files/admin/")
    assert missing.status_code == 401 and meta(missing)["statuscode"] == 997
    assert meta(missing)["message"] == "Current user is not logged in"
    assert bad.status_code == 401 and meta(bad)["message"] == "Unauthorised"
    assert bad.headers["www-authenticate"] == 'Basic realm="Authorisation Required"'
    assert dav.status_code == 401
    assert "Sabre\\DAV\\Exception\\NotAuthenticated" in dav.text


def test_app_passwords(cloud: Cloud) -> None:
    password = cloud.user("service")
    with cloud.client(("service", password)) as real:
        token = real.get("/ocs/v2.php/core/getapppassword?format=json").json()["ocs"]["data"][
            "apppassword"]
    assert len(token) == 72
    with cloud.client(("service", token)) as app:
        assert app.get("/ocs/v2.php/cloud/user?format=json").json()["ocs"]["data"]["id"] == \
            "service"
        again = app.get("/ocs/v2.php/core/getapppassword?format=json")
        assert again.status_code == 403
        assert app.request("PROPFIND", "/remote.php/dav/files/service/").status_code == 207


def test_unknown_route_and_wrong_method(cloud: Cloud) -> None:
    with cloud.client() as admin:
        v2 = admin.get("/ocs/v2.php/cloud/nothing?format=json")
        v1 = admin.get("/ocs/v1.php/cloud/nothing?format=json")
        wrong_method = admin.patch("/ocs/v2.php/cloud/users")
    assert v2.status_code == 404 and meta(v2)["statuscode"] == 998
    assert v1.status_code == 200 and meta(v1)["statuscode"] == 998
    assert wrong_method.status_code == 405 and wrong_method.content == b""


def test_sabre_error_body(cloud: Cloud) -> None:
    with cloud.client(ocs=False) as admin:
        answer = admin.get("/remote.php/dav/files/admin/missing.txt")
    assert answer.status_code == 404
    root = ET.fromstring(answer.text)
    ns = {"d": "DAV:", "s": "http://sabredav.org/ns"}
    assert root.tag == "{DAV:}error"
    assert root.findtext("s:exception", namespaces=ns) == "Sabre\\DAV\\Exception\\NotFound"
    assert root.findtext("s:message", namespaces=ns) == \
        "File with name //missing.txt could not be located"


def test_propfind_properties_and_depth(cloud: Cloud) -> None:
    with cloud.client(ocs=False) as admin:
        admin.request("MKCOL", "/remote.php/dav/files/admin/A")
        admin.request("MKCOL", "/remote.php/dav/files/admin/A/B")
        admin.put("/remote.php/dav/files/admin/A/B/c.txt", content=b"abc")
        body = (b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org'
                b'/ns"><d:prop><oc:fileid/><oc:permissions/><oc:share-types/><d:getetag/>'
                b'<d:getlastmodified/><oc:size/><oc:nonsense/></d:prop></d:propfind>')
        depth = {d: admin.request("PROPFIND", "/remote.php/dav/files/admin/A",
                                  headers={"Depth": d}, content=body)
                 for d in ("0", "1", "infinity")}
    assert all(a.status_code == 207 for a in depth.values())
    counts = {d: a.text.count("<d:response>") for d, a in depth.items()}
    assert counts == {"0": 1, "1": 2, "infinity": 2}  # Nextcloud treats infinity as 1
    text = depth["0"].text
    assert "<oc:permissions>RGDNVCK</oc:permissions>" in text
    assert "<oc:size>3</oc:size>" in text
    assert "HTTP/1.1 404 Not Found" in text and "<oc:nonsense/>" in text


BAD_REQUESTS = [
    ("PROPFIND", "/remote.php/dav/files/admin/", b"<d:propfind xmlns:d='DAV:'><unclosed", 400),
    ("PROPFIND", "/remote.php/dav/files/admin/", b"<notpropfind/>", 400),
    ("GET", "/remote.php/dav/files/admin/../../etc/passwd", None, 404),
    ("GET", "/remote.php/dav/files/admin/..%2F..%2Fetc%2Fpasswd", None, 400),
    ("PUT", "/remote.php/dav/files/admin/..%2Fescape.txt", b"x", 400),
    ("GET", "/remote.php/dav/files/other/", None, 404),
    ("MKCOL", "/remote.php/dav/files/admin/a/b/c", None, 409),
    ("MOVE", "/remote.php/dav/files/admin/nothing", None, 404),
]


@pytest.mark.parametrize(("method", "path", "body", "status"), BAD_REQUESTS)
def test_bad_dav_requests_get_sabre_errors(cloud: Cloud, method: str, path: str,
                                           body: bytes | None, status: int) -> None:
    with cloud.client(ocs=False) as admin:
        answer = admin.request(method, path, content=body)
    assert answer.status_code == status, answer.text
    assert "<s:exception>" in answer.text
    assert not list(cloud.data.rglob("escape.txt"))


@pytest.mark.parametrize(("params", "status", "message"), [
    ({"path": "/x", "shareType": 99}, 404, "Wrong path, file/folder does not exist"),
    ({"shareType": 0}, 404, "Please specify a file or folder path"),
    ({"path": "/F", "shareType": 99}, 400, "Unknown share type"),
    ({"path": "/F", "shareType": "abc"}, 400, "Unknown share type"),
    ({"path": "/F", "shareType": 0, "shareWith": "nobody"}, 404,
     "Please specify a valid account to share with"),
    ({"path": "/F", "shareType": 0, "shareWith": "admin"}, 403, "Cannot share with yourself"),
    ({"path": "/F", "shareType": 1, "shareWith": "nogroup"}, 404, "Please specify a valid group"),
    ({"path": "/F", "shareType": 4, "shareWith": "not-mail"}, 404,
     "Please specify a valid email address"),
    ({"path": "/F", "shareType": 0, "shareWith": "bob", "permissions": 64}, 403,
     "Valid permissions are required for sharing"),
    ({"path": "/F", "shareType": 3, "expireDate": "morgen"}, 404,
     "Invalid date. Format must be YYYY-MM-DD"),
    ({"path": "/F", "shareType": 3, "expireDate": "2001-01-01"}, 404,
     "Expiration date is in the past"),
    ({"path": "/F", "shareType": 3, "label": "x" * 256}, 400, "Maximum label length is 255"),
    ({"path": "/..", "shareType": 0, "shareWith": "bob"}, 404,
     "Wrong path, file/folder does not exist"),
    ({"path": "/", "shareType": 0, "shareWith": "bob"}, 403, "You cannot share your root folder"),
])
def test_bad_share_requests_get_the_real_message(cloud: Cloud, params: dict,  # type: ignore[type-arg]
                                                 status: int, message: str) -> None:
    cloud.user("bob")
    with cloud.client() as admin:
        admin.request("MKCOL", "/remote.php/dav/files/admin/F")
        answer = admin.post(SHARES + "?format=json", data=params)
    assert (answer.status_code, meta(answer)["message"]) == (status, message)


def test_ten_megabytes_of_nonsense(cloud: Cloud) -> None:
    nonsense = bytes(range(256)) * 40960
    with cloud.client() as admin:
        ocs = admin.post(SHARES + "?format=json", content=nonsense,
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        dav = admin.request("PROPFIND", "/remote.php/dav/files/admin/", content=nonsense)
        json_body = admin.post("/ocs/v2.php/cloud/users?format=json", content=nonsense,
                               headers={"Content-Type": "application/json"})
    assert ocs.status_code == 404 and meta(ocs)["message"] == "Please specify a file or folder path"
    assert dav.status_code == 400
    # unparseable JSON counts as no parameters: no user id, password or e-mail
    assert json_body.status_code == 400 and meta(json_body)["statuscode"] == 108


def test_malformed_basic_auth_is_a_401(cloud: Cloud) -> None:
    with httpx.Client(base_url=cloud.url) as client:
        answer = client.get("/ocs/v2.php/cloud/user", headers={
            "Authorization": "Basic !!!notbase64", "OCS-APIRequest": "true"})
    assert answer.status_code == 401


def test_wrong_public_password_twenty_times(cloud: Cloud) -> None:
    with cloud.client() as admin:
        admin.request("MKCOL", "/remote.php/dav/files/admin/F")
        link = admin.post(SHARES + "?format=json",
                          data={"path": "/F", "shareType": 3, "password": "goed-wachtwoord"})
    token = link.json()["ocs"]["data"]["token"]
    statuses = []
    with httpx.Client(base_url=cloud.url, auth=("anonymous", "fout")) as attacker:
        for _ in range(20):
            statuses.append(attacker.request("PROPFIND", f"/public.php/dav/files/{token}/")
                            .status_code)
    assert set(statuses[:10]) == {401}
    assert statuses[-1] == 503  # Nextcloud's throttler gives up: MaxDelayReached
    assert all(s in (401, 503) for s in statuses)


def test_wrong_login_twenty_times_is_throttled(cloud: Cloud) -> None:
    statuses = []
    with cloud.client(auth=("admin", "wrong")) as attacker:
        for _ in range(20):
            statuses.append(attacker.get("/ocs/v2.php/cloud/user").status_code)
    assert statuses[0] == 401 and statuses[-1] == 429
    assert all(s in (401, 429) for s in statuses)


def test_data_survives_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "persist"
    for cloud in serve(data):
        password = cloud.user("blijft")
        with cloud.client(("blijft", password), ocs=False) as client:
            client.put("/remote.php/dav/files/blijft/bewaard.txt", content=b"nog hier")
        with cloud.client(("blijft", password)) as client:
            token = client.post(SHARES + "?format=json", data={
                "path": "/bewaard.txt", "shareType": 3}).json()["ocs"]["data"]["token"]
    for cloud in serve(data):
        with cloud.client(("blijft", password), ocs=False) as client:
            assert client.get("/remote.php/dav/files/blijft/bewaard.txt").content == b"nog hier"
        with cloud.client(("blijft", password)) as client:
            links = client.get(SHARES + "?format=json").json()["ocs"]["data"]
            assert [link["token"] for link in links] == [token]
        with cloud.client() as admin:
            assert "blijft" in admin.get("/ocs/v2.php/cloud/users?format=json").json()[
                "ocs"]["data"]["users"]



def test_share_update_rules(cloud: Cloud) -> None:
    password = cloud.user("bob")
    with cloud.client() as admin:
        admin.request("MKCOL", "/remote.php/dav/files/admin/F")
        created = admin.post(SHARES + "?format=json", data={
            "path": "/F", "shareType": 0, "shareWith": "bob", "permissions": 1})
        share_id = created.json()["ocs"]["data"]["id"]
        url = f"{SHARES}/{share_id}?format=json"
        updated = admin.put(url, data={"permissions": 3, "note": "lees dit"})
        assert updated.status_code == 200
        assert updated.json()["ocs"]["data"]["permissions"] == 3
        assert updated.json()["ocs"]["data"]["note"] == "lees dit"
        nothing = admin.put(url, data={})
        assert (nothing.status_code, meta(nothing)["message"]) == (
            400, "Wrong or no update parameter given")
        missing = admin.put(f"{SHARES}/99999?format=json", data={"permissions": 1})
        assert (missing.status_code, meta(missing)["message"]) == (
            404, "Wrong share ID, share does not exist")
        got = admin.get(url).json()["ocs"]["data"]
        assert isinstance(got, list) and got[0]["id"] == share_id
    with cloud.client(("bob", password)) as bob:
        incoming = bob.put(url, data={"permissions": 31})
    assert (incoming.status_code, meta(incoming)["message"]) == (
        403, "You are not allowed to edit incoming shares")


def test_link_and_email_share_objects(cloud: Cloud) -> None:
    with cloud.client() as admin:
        admin.request("MKCOL", "/remote.php/dav/files/admin/F")
        link = admin.post(SHARES + "?format=json", data={
            "path": "/F", "shareType": 3, "publicUpload": "true"}).json()["ocs"]["data"]
        mail = admin.post(SHARES + "?format=json", data={
            "path": "/F", "shareType": 4, "shareWith": "ria@example.nl"}).json()["ocs"]["data"]
        hidden = admin.put(f"{SHARES}/{link['id']}?format=json",
                           data={"hideDownload": "true", "label": "Upload"})
    assert link["permissions"] == 31 and link["share_with_displayname"] == "(Shared link)"
    assert link["url"].endswith("/index.php/s/" + link["token"]) and link["share_type"] == 3
    assert mail["share_with"] == "ria@example.nl" and mail["permissions"] == 17
    assert mail["token"] and mail["share_type"] == 4
    assert hidden.json()["ocs"]["data"]["hide_download"] == 1
    assert hidden.json()["ocs"]["data"]["label"] == "Upload"


def test_welcome_mail_goes_to_the_outbox(cloud: Cloud) -> None:
    with cloud.client() as admin:
        answer = admin.post("/ocs/v2.php/cloud/users?format=json",
                            data={"userid": "ria", "email": "ria@example.nl"})
        no_mail = admin.post("/ocs/v2.php/cloud/users?format=json", data={"userid": "kees"})
    assert answer.status_code == 200
    assert meta(no_mail)["statuscode"] == 108
    sent = cloud.server.conn.execute("SELECT recipient, kind FROM outbox").fetchall()
    assert [tuple(row) for row in sent] == [("ria@example.nl", "welcome")]
