"""A member who may change a document changes it in Nextcloud: zolicht takes the change
into the record and never overwrites it."""

from __future__ import annotations

import hashlib

from tests.e2e.conftest import World
from zolicht.reconcile.ops import Kind
from zolicht.services import audit

ENERGIE = "minder-energie.md"  # Oma Ria may change it (the example's edit grant)


def test_a_members_edit_survives_the_next_plan_and_apply(world: World) -> None:
    world.apply()
    oma = world.uid("oma-ria")
    auth = world.auth(oma)
    assert auth is not None
    path = next(p for p, d in world.reach(oma).items() if d.document == "energie")
    edited = b"# Als mama minder energie heeft\n\nOma Ria: ik kom op woensdag koken.\n"
    answer = world.http.put(f"/remote.php/dav/files/{oma}/{path}", content=edited, auth=auth)
    assert answer.status_code in (201, 204), answer.text
    before = next(d.sha256 for d in world.family().documents if d.key == "energie")

    planned = world.plan()
    assert [(op.kind, op.document) for op in planned.ops] == [(Kind.ADOPT_EDIT, "energie")]
    outcome = world.apply()
    assert outcome.complete and Kind.UPLOAD not in {op.kind for op in outcome.plan.ops}

    after = hashlib.sha256(edited).hexdigest()
    assert next(d.sha256 for d in world.family().documents if d.key == "energie") == after
    with world.ctx.store.reading() as tx:
        assert tx.families.blob(after) == edited
    changed = [e.event for e in audit.events(world.ctx, "jansen")
               if e.event.action == "document.changed_in_nextcloud"]
    assert [(e.document, e.reason) for e in changed] == [
        ("energie", f"{before[:12]} -> {after[:12]}")]
    # everyone who reads it reads the new text; the next run has nothing to do
    for uid in (oma, world.uid("petra"), world.uid("lotte")):
        found = [p for p, d in world.reach(uid).items() if d.document == "energie"]
        assert len(found) == 1, uid
    assert world.plan().empty and world.visible() == world.expected()


def test_a_reader_without_an_edit_grant_cannot_change_it(world: World) -> None:
    world.apply()
    mark = world.uid("mark")  # reads "drukte-en-prikkels.md" because Petra agreed
    auth = world.auth(mark)
    assert auth is not None
    path = next(p for p, d in world.reach(mark).items() if d.document == "prikkels")
    answer = world.http.put(f"/remote.php/dav/files/{mark}/{path}", content=b"# weg\n",
                            auth=auth)
    assert answer.status_code == 403, answer.text
    assert world.plan().empty
