"""The family's choices, applied to Nextcloud and checked by reading as each member."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.e2e.conftest import World, cli_uses
from zolicht import reconcile
from zolicht.reconcile.desired import uid_of
from zolicht.services import grants

SHARES = "/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json"


def test_every_member_sees_exactly_what_the_rules_allow(world: World) -> None:
    outcome = world.apply()
    assert outcome.failed is None, outcome.error
    expected = world.expected()
    assert world.visible() == expected
    assert expected["oma-ria"] == {"uitleg-school-en-concentratie.md", "drukte-en-prikkels.md",
                                   "minder-energie.md"}
    assert expected["ans"] == set() and expected["joost"] == set()
    hidden = "rust-in-geldzaken.md"
    for person in ("oma-ria", "kevin", "mark", "sanne"):
        assert world.read(uid_of(world.family(), world.family().person(person)), hidden) == 404


def test_a_revoke_takes_the_document_away_at_once(world: World) -> None:
    world.apply()
    assert world.read("jansen-oma-ria", "uitleg-school-en-concentratie.md") == 200
    grants.revoke(world.ctx, "jansen", "school-concentratie", "oma-ria", by="sanne")
    world.apply()
    assert world.read("jansen-oma-ria", "uitleg-school-en-concentratie.md") == 404
    assert "uitleg-school-en-concentratie.md" not in world.listing("jansen-oma-ria")
    assert world.visible() == world.expected()


def test_grant_and_revoke_from_the_cli_apply_immediately(world: World,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    world.apply()
    cli_uses(world, monkeypatch)
    assert run_cli("consent", "jansen", "school-concentratie", "joost", "--by", "sanne").code == 0
    assert world.read("jansen-joost", "uitleg-school-en-concentratie.md") == 200
    assert run_cli("revoke", "jansen", "school-concentratie", "joost", "--by", "petra").code == 0
    assert world.read("jansen-joost", "uitleg-school-en-concentratie.md") == 404


def test_a_second_apply_writes_nothing_and_reads_little(world: World) -> None:
    world.apply()
    client = world.client()
    outcome = world.apply(client=client)
    assert outcome.plan.empty
    assert client.counter.writes == 0
    # the family folder, shares, users, groups, and Forms' list of the service account's
    # forms; the seven forms themselves are not read again while nothing changed them
    assert client.counter.reads <= 5, client.counter.log


def test_reads_do_not_grow_with_the_number_of_documents(world: World, tmp_path: Path) -> None:
    from zolicht.services import family as families

    world.apply()
    first = world.client()
    world.apply(client=first)
    for i in range(15):
        source = tmp_path / f"extra-{i}.md"
        source.write_text(f"# Extra {i}\n")
        families.add_document(world.ctx, "jansen", f"extra-{i}", source, f"Extra {i}", "sanne")
    world.apply()
    second = world.client()
    world.apply(client=second)
    assert second.counter.reads == first.counter.reads and second.counter.writes == 0


def test_drift_is_reported_and_removed(world: World) -> None:
    world.apply()
    path = "/Gezin Jansen/Psycho-educatie/rust-in-geldzaken.md"
    with world.cloud.client() as admin:
        admin.post(SHARES, data={"path": path, "shareType": 0, "shareWith": "jansen-kevin",
                                 "permissions": 1})
        admin.post(SHARES, data={"path": path, "shareType": 3})
        admin.post(SHARES, data={"path": "/Gezin Jansen/Psycho-educatie", "shareType": 1,
                                 "shareWith": "zolicht-jansen-netwerk", "permissions": 1})
    assert "rust-in-geldzaken.md" in world.listing("jansen-kevin")
    planned = reconcile.plan_family(world.ctx, reconcile.Run(world.client()), "jansen")
    assert sorted(d.share_type for d in planned.drift) == [0, 1, 3]
    assert {d.created_by for d in planned.drift} == {"admin"}
    world.apply()
    assert world.visible() == world.expected()
    from zolicht.services import audit

    removed = [e.event for e in audit.events(world.ctx, "jansen")
               if e.event.action == "share.delete"]
    assert len(removed) == 3 and {e.reason for e in removed} == {"drift"}


def test_a_member_without_the_share_bit_cannot_reshare(world: World) -> None:
    world.apply()
    password = world.password("jansen-oma-ria")
    assert password is not None
    import httpx

    with httpx.Client(base_url=world.cloud.url, auth=("jansen-oma-ria", password),
                      headers={"OCS-APIRequest": "true"}) as oma:
        answer = oma.post(SHARES, data={"path": "/uitleg-school-en-concentratie.md",
                                        "shareType": 3})
    assert answer.status_code == 404
    with world.cloud.client() as admin:
        shares = admin.get(SHARES + "&reshares=true").json()["ocs"]["data"]
    assert shares and all(s["share_type"] == 0 and not s["permissions"] & 16 for s in shares)


def test_vulnerable_nextcloud_versions_are_refused(tmp_path: Path, world: World) -> None:
    from zolicht.devcloud.server import running
    from zolicht.nextcloud import Nextcloud, NextcloudConfig

    with running(tmp_path / "old", version="33.0.2") as (url, _server):
        client = Nextcloud(NextcloudConfig(url, "admin", "admin"))
        with pytest.raises(reconcile.RefusedServer, match="33.0.2"):
            reconcile.apply_family(world.ctx, reconcile.Run(client), "jansen")
        assert client.counter.writes == 0
        client.close()




def test_a_one_family_run_reads_only_that_family(world: World) -> None:
    from tests.e2e.test_faults import new_family

    first = reconcile.apply_family(world.ctx, reconcile.Run(world.client(), per_family=True),
                                   "jansen")
    assert first.failed is None and world.visible() == world.expected()
    quiet = world.client()
    assert reconcile.apply_family(world.ctx, reconcile.Run(quiet, per_family=True),
                                  "jansen").plan.empty
    for n in range(3):
        new_family(world, f"ander{n}")
        world.apply(f"ander{n}")
    later = world.client()
    assert reconcile.apply_family(world.ctx, reconcile.Run(later, per_family=True),
                                  "jansen").plan.empty
    assert quiet.counter.writes == later.counter.writes == 0
    assert later.counter.reads == quiet.counter.reads, later.counter.log
    grants.grant(world.ctx, "jansen", "prikkels", "kevin", by="petra")
    change = world.client()
    outcome = reconcile.apply_family(world.ctx, reconcile.Run(change, per_family=True), "jansen")
    assert outcome.done == 1 and change.counter.writes == 1
    assert world.visible() == world.expected()


def test_a_stored_plan_is_shared_by_the_consent_rules(world: World, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    world.apply()
    cli_uses(world, monkeypatch)
    result = run_cli("render", "signaleringsplan", "jansen", "--store",
                     "--out", str(tmp_path / "plan.docx"))
    assert result.code == 0, result
    name = next(d.file_name for d in world.family().documents
                if d.key.startswith("signaleringsplan-"))
    folder = world.http.request("PROPFIND", "/remote.php/dav/files/admin/Gezin Jansen/"
                                "Signaleringsplan/", auth=("admin", "admin"))
    assert name in folder.text
    assert world.read("jansen-sanne", name) == 200  # the youth it is about (14)
    assert world.read("jansen-petra", name) == 200  # her parent with authority
    assert world.read("lotte.visser", name) == 200  # the professional
    assert world.read("jansen-oma-ria", name) == 404  # nobody granted it to the network
    assert world.read("jansen-mark", name) == 404  # a parent without authority
    assert world.visible() == world.expected()
