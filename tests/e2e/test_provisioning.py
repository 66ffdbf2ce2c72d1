"""The family's choices, applied to Nextcloud and checked by reading as each member."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.e2e.conftest import World, cli_uses
from tests.e2e.harness import devcloud_only
from zolicht import reconcile
from zolicht.domain import names
from zolicht.domain.model import Access, Circle
from zolicht.domain.visibility import readers
from zolicht.nextcloud import Nextcloud
from zolicht.reconcile.ops import Kind
from zolicht.services import audit, grants
from zolicht.services import family as families

SHARES = "/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json"
SCHOOL = "uitleg-school-en-concentratie.md"


def test_every_member_sees_exactly_what_the_rules_allow(world: World) -> None:
    outcome = world.apply()
    assert outcome.complete, outcome.error
    expected = world.expected()
    assert world.visible() == expected
    assert expected["oma-ria"] == {SCHOOL, "drukte-en-prikkels.md", "minder-energie.md"}
    assert expected["ans"] == set() and expected["joost"] == set()
    hidden = "rust-in-geldzaken.md"
    for person in ("oma-ria", "kevin", "mark", "sanne"):
        assert world.read(world.uid(person), hidden) == 404


def test_one_group_share_per_document_and_access_level_and_a_membership_per_reader(
        world: World) -> None:
    """Access is a membership: each document is shared once per access level, with a
    group of its own; the professionals share the family folder; nothing else is shared."""
    world.apply()
    family = world.family()
    space = family.space
    shares = [s for s in world.shares() if s["path"].startswith(f"/{names.root(space)}")]
    assert all(s["share_type"] == 1 and not s["permissions"] & 16 for s in shares), shares
    by_target = Counter((s["path"], s["share_with"]) for s in shares)
    assert set(by_target.values()) == {1}
    groups = {s["share_with"]: (s["path"], s["permissions"]) for s in shares}
    professionals = names.circle_group(space, Circle.PROFESSIONAL)
    assert groups.pop(professionals) == (f"/{names.root(space)}", 3)
    allowed = readers(family, world.ctx.today())
    members = {p.key: p for p in family.people if p.circle is not Circle.PROFESSIONAL
               and (p.email or p.nextcloud_user)}
    edited = {doc for doc, who in allowed.items()
              if any(access is Access.EDIT for key, access in who.items() if key in members)}
    assert edited == {"energie"}  # Oma Ria may change it
    for document in family.documents:
        read = names.document_group(space, document.key, Access.READ)
        edit = names.document_group(space, document.key, Access.EDIT)
        path = groups.pop(read)[0]
        assert path.endswith(f"/{document.file_name}")
        assert (groups.pop(edit, None) is not None) == (document.key in edited)
        joined = world.cloud.ocs("GET", f"/cloud/groups/{read}", world.service.auth)["users"]
        assert set(joined) == {members[k].uid for k in allowed[document.key] if k in members}
    assert groups == {}
    made = [e.event for e in audit.events(world.ctx, "jansen")
            if e.event.action == "share.create"]
    assert len(made) == len(shares)
    assert {e.member for e in made} == {s["share_with"] for s in shares}


def test_a_revoke_takes_the_document_away_at_once(world: World) -> None:
    world.apply()
    oma = world.uid("oma-ria")
    assert world.read(oma, SCHOOL) == 200
    grants.revoke(world.ctx, "jansen", "school-concentratie", "oma-ria", by="sanne")
    world.apply()
    assert world.read(oma, SCHOOL) == 404
    assert SCHOOL not in world.listing(oma)
    assert world.visible() == world.expected()


def test_grant_and_revoke_from_the_cli_apply_immediately(world: World,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    world.apply()
    cli_uses(world, monkeypatch)
    joost = world.uid("joost")
    assert run_cli("consent", "jansen", "school-concentratie", "joost", "--by", "sanne").code == 0
    assert world.read(joost, SCHOOL) == 200
    assert run_cli("revoke", "jansen", "school-concentratie", "joost", "--by", "petra").code == 0
    assert world.read(joost, SCHOOL) == 404


def test_a_second_apply_writes_nothing_and_reads_little(world: World) -> None:
    world.apply()
    settling = world.client()
    world.apply(client=settling)  # reads the folders the first apply wrote to, once more
    client = world.client()
    outcome = world.apply(client=client)
    assert outcome.plan.empty
    assert client.counter.writes == 0
    # the family folder, the service account's shares, accounts with their groups, the
    # zolicht groups, and Forms' list of its forms; the seven forms themselves are not
    # read again while nothing changed them
    assert client.counter.reads == 5, client.counter.log
    assert settling.counter.reads > 5 and settling.counter.writes == 0


def test_reads_do_not_grow_with_the_number_of_documents(world: World, tmp_path: Path) -> None:
    world.apply()
    world.apply()  # settles: the folders written to are read once more
    first = world.client()
    world.apply(client=first)
    add_documents(world, tmp_path, 10)  # 8 + 10 new shares: under the limit of 20
    world.apply()
    world.apply()
    second = world.client()
    world.apply(client=second)
    assert second.counter.reads == first.counter.reads and second.counter.writes == 0


def test_drift_is_reported_and_removed(world: World) -> None:
    """Shares nobody in the family chose, and a stranger in one of the family's groups."""
    world.apply()
    space = world.family().space
    root = names.root(space)
    kevin, stranger = world.uid("kevin"), world.stranger()
    geldzaken = names.document_group(space, "geldzaken", Access.READ)
    with world.cloud.client(world.service.auth) as service:
        path = f"/{root}/Psycho-educatie/rust-in-geldzaken.md"
        assert service.post(SHARES, data={"path": path, "shareType": 0, "shareWith": kevin,
                                          "permissions": 1}).status_code == 200
        assert service.post(SHARES, data={"path": path, "shareType": 3}).status_code == 200
        assert service.post(SHARES, data={
            "path": f"/{root}/Psycho-educatie", "shareType": 1,
            "shareWith": names.circle_group(space, Circle.NETWORK),
            "permissions": 1}).status_code == 200
        assert service.post(f"/ocs/v2.php/cloud/users/{stranger}/groups",
                            data={"groupid": geldzaken}).status_code == 200
    assert "rust-in-geldzaken.md" in world.listing(kevin)
    assert "rust-in-geldzaken.md" in world.listing(stranger)
    planned = world.plan()
    shared = [d for d in planned.drift if d.share_id]
    assert sorted(d.share_type for d in shared) == [0, 1, 3]
    assert {d.created_by for d in shared} == {world.service.uid}
    assert [(d.where, d.who) for d in planned.drift if not d.share_id] == [
        (geldzaken, stranger)]
    world.apply()
    assert world.visible() == world.expected()
    assert world.listing(stranger) == set()
    events = [e.event for e in audit.events(world.ctx, "jansen")]
    removed = [e for e in events if e.action == "share.delete"]
    assert len(removed) == 3 and {e.reason for e in removed} == {"drift"}
    closed = [e for e in events if e.action == "access.close"]
    assert [(e.document, e.member, e.reason) for e in closed] == [
        ("geldzaken", stranger, "drift")]
    assert world.plan().drift == ()


def test_a_member_without_the_share_bit_cannot_reshare(world: World) -> None:
    world.apply()
    oma = world.auth(world.uid("oma-ria"))
    assert oma is not None
    with world.cloud.client(oma) as client:
        answer = client.post(SHARES, data={"path": f"/{SCHOOL}", "shareType": 3})
    assert answer.status_code in (403, 404), answer.text
    shares = world.shares()
    assert shares and all(s["share_type"] == 1 and not s["permissions"] & 16 for s in shares)
    assert not any(s["share_type"] == 3 for s in shares)


@devcloud_only
def test_vulnerable_nextcloud_versions_are_refused(tmp_path: Path, world: World) -> None:
    from zolicht.devcloud.server import running
    from zolicht.nextcloud import NextcloudConfig

    with running(tmp_path / "old", version="33.0.2") as (url, _server):
        client = Nextcloud(NextcloudConfig(url, "admin", "admin"))
        with pytest.raises(reconcile.RefusedServer, match="33.0.2"):
            reconcile.apply_family(world.ctx, reconcile.Run(client), "jansen")
        assert client.counter.writes == 0
        client.close()


def per_family_apply(world: World) -> tuple[reconcile.Outcome, Nextcloud]:
    """Apply Jansen as a change is applied: reading only that family."""
    client = world.client()
    run = world.run(client=client, per_family=True)
    return reconcile.apply_family(world.ctx, run, "jansen"), client


def add_documents(world: World, folder: Path, count: int) -> None:
    for i in range(count):
        source = folder / f"extra-{i}.md"
        source.write_text(f"# Extra {i}\n")
        families.add_document(world.ctx, "jansen", f"extra-{i}", source, f"Extra {i}", "sanne")


def test_a_one_family_run_reads_only_that_family(world: World) -> None:
    assert per_family_apply(world)[0].complete
    assert world.visible() == world.expected()
    per_family_apply(world)  # settles: the folders written to are read once more
    outcome, quiet = per_family_apply(world)
    assert outcome.plan.empty
    for n in range(3):
        world.new_family(f"ander{n}")
        world.apply(f"ander{n}")
    outcome, later = per_family_apply(world)
    assert outcome.plan.empty
    assert quiet.counter.writes == later.counter.writes == 0
    # the folder, its shares (of the folder, and of what is in it and in each subfolder),
    # the family's groups with their sizes, and each of its accounts with their groups
    assert later.counter.reads == quiet.counter.reads == 15, later.counter.log
    grants.grant(world.ctx, "jansen", "prikkels", "kevin", by="petra")
    outcome, change = per_family_apply(world)
    assert [op.kind for op in outcome.plan.ops] == [Kind.ADD_TO_GROUP]
    assert outcome.done == 1 and change.counter.writes == 1
    assert world.visible() == world.expected()


def test_a_one_family_runs_reads_do_not_grow_with_documents(world: World,
                                                             tmp_path: Path) -> None:
    per_family_apply(world)
    per_family_apply(world)  # settles: the folders written to are read once more
    outcome, before = per_family_apply(world)
    assert outcome.plan.empty
    add_documents(world, tmp_path, 5)
    world.apply()
    per_family_apply(world)
    outcome, after = per_family_apply(world)
    assert outcome.plan.empty and after.counter.writes == 0
    assert after.counter.reads == before.counter.reads, after.counter.log


def test_a_stored_plan_is_shared_by_the_consent_rules(world: World, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    world.apply()
    cli_uses(world, monkeypatch)
    result = run_cli("render", "signaleringsplan", "jansen", "--store",
                     "--out", str(tmp_path / "plan.docx"))
    assert result.code == 0, result
    name = next(d.file_name for d in world.family().documents
                if d.key.startswith("signaleringsplan-"))
    folder = f"/remote.php/dav/files/{world.service.uid}/{names.root(world.family().space)}"
    listing = world.http.request("PROPFIND", f"{folder}/Signaleringsplan/",
                                 auth=world.service.auth)
    assert name in listing.text
    assert world.read(world.uid("sanne"), name) == 200  # the youth it is about (14)
    assert world.read(world.uid("petra"), name) == 200  # her parent with authority
    assert world.read(world.uid("lotte"), name) == 200  # the professional
    assert world.read(world.uid("oma-ria"), name) == 404  # nobody granted it to the network
    assert world.read(world.uid("mark"), name) == 404  # a parent without authority
    assert world.visible() == world.expected()


def test_plan_apply_and_drift_say_names_in_dutch(world: World,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The professional reads the family's name and people's names, not only slugs and
    account ids, and what each operation does in Dutch."""
    cli_uses(world, monkeypatch)
    kevin = world.uid("kevin")
    planned = run_cli("plan", "jansen")
    assert planned.code == 0, planned.out
    lines = planned.out.splitlines()
    assert lines[0].startswith("Gezin Jansen (jansen): ")
    assert f"  account maken {kevin} voor Kevin" in lines
    assert any(line.endswith(f"voor Kevin ({kevin})") for line in lines)
    english = {k.name.lower().replace("_", " ") for k in Kind} - {"mkdir"}
    assert not [line for line in lines if any(f"  {word} " in line for word in english)]
    applied = run_cli("apply", "jansen", "--yes")
    assert "\nGezin Jansen (jansen): klaar, " in applied.out, applied.out
    path = f"/{names.root(world.family().space)}/Psycho-educatie/rust-in-geldzaken.md"
    with world.cloud.client(world.service.auth) as service:
        assert service.post(SHARES, data={"path": path, "shareType": 0, "shareWith": kevin,
                                          "permissions": 1}).status_code == 200
    drift = run_cli("drift", "jansen").out
    assert f"met Kevin ({kevin}) door " in drift and drift.startswith("Gezin Jansen (jansen): ")
