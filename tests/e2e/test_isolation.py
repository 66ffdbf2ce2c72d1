"""Families whose display names, slugs and people's keys collide, and names that could be
read as a path or as markup: each family gets a space of its own, and every account reads
exactly what its own family chose, checked by reading as every account."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SMALL, Placed, World
from zolicht import reconcile
from zolicht.domain import names
from zolicht.reconcile.ops import Kind
from zolicht.services import grants

FAMILIES = {
    # slug: (display name, people's keys: parent, youth, professional, network ×2,
    #        the one network member the parent lets read the document about the parent)
    "jansen": ("Gezin Jansen", ("ouder", "jongere", "hulpverlener", "oma-ria", "buur"),
               "oma-ria"),
    # "jansen-oma" + "ria" and "jansen" + "oma-ria" join to the same "jansen-oma-ria"
    "jansen-oma": ("Gezin Jansen", ("ouder", "jongere", "hulpverlener", "ria", "buur"),
                   "buur"),
    "pad": ("Gezin Jansen/Psycho-educatie", SMALL, "oma"),
    "opmaak": ("../<script>alert('gezin')</script>", SMALL, "oma"),
}


@pytest.fixture
def families(bare_world: World) -> World:
    for slug, (name, keys, member) in FAMILIES.items():
        bare_world.small_family(slug, name, keys)
        grants.grant(bare_world.ctx, slug, "over-ouder", member, by=keys[0])
    for slug in FAMILIES:
        outcome = bare_world.apply(slug)
        assert outcome.complete, (slug, outcome.error)
    return bare_world


def families_of(world: World) -> dict[str, set[str]]:
    """Account → the families it belongs to."""
    found: dict[str, set[str]] = {}
    for slug in world.slugs():
        for person in world.family(slug).people:
            found.setdefault(person.uid, set()).add(slug)
    return found


def test_every_account_reads_exactly_its_own_familys_matrix_under_names_of_nothing(
        families: World) -> None:
    seen = families.seen()
    assert seen == families.allowed()
    belongs = families_of(families)
    for uid, documents in seen.items():
        assert {d.family for d in documents} <= belongs[uid], uid
    # every account is one family's: no id is shared, whatever the slugs and keys
    assert all(len(slugs) == 1 for slugs in belongs.values())
    ria = families.uid("ria", "jansen-oma")
    assert seen[ria] == set() and seen[families.uid("oma-ria")] == {
        Placed("jansen", "over-ouder", "rust.md")}
    # and the names in Nextcloud say nothing about the families
    service = families.service.auth
    home = families.http.request("PROPFIND", f"/remote.php/dav/files/{service[0]}/",
                                 headers={"Depth": "1"}, auth=service)
    spaces = {families.family(slug).space for slug in FAMILIES}
    assert len(spaces) == len(FAMILIES)
    for space in spaces:
        assert f"/{names.root(space)}/" in home.text
    for word in ("Gezin", "Jansen", "script", ".."):
        assert word not in home.text
    groups = [gid for space in spaces
              for gid in families.cloud.groups(names.group_prefix(space), service)]
    assert len(groups) == len(set(groups)) > 4 * 4
    for slug in FAMILIES:
        assert not any(slug in gid for gid in groups), slug
        for person in families.family(slug).people:
            assert person.nextcloud_user or (slug not in person.uid
                                             and person.key not in person.uid)


def test_a_yes_in_one_family_never_opens_the_others_file(families: World) -> None:
    """The two "Gezin Jansen" families have a document of the same name about a youth; the
    yes for Oma Ria in the first opens the first family's file to her alone."""
    grants.grant(families.ctx, "jansen", "over-jongere", "oma-ria", by="jongere")
    grants.grant(families.ctx, "jansen", "over-jongere", "oma-ria", by="ouder")
    run = families.run(per_family=True)
    outcome = reconcile.apply_after(families.ctx, run, "jansen", ("over-jongere", "oma-ria"))
    assert outcome.complete and [op.kind for op in outcome.plan.ops] == [
        Kind.ADD_TO_GROUP]
    seen = families.seen()
    assert seen == families.allowed()
    oma = families.uid("oma-ria")
    assert seen[oma] == {Placed("jansen", "over-ouder", "rust.md"),
                         Placed("jansen", "over-jongere", "uitleg.md")}
    others = {uid for uid, slugs in families_of(families).items() if "jansen" not in slugs}
    assert not any(d.family == "jansen" for uid in others for d in seen[uid])
    for slug in FAMILIES:
        assert families.plan(slug).empty, slug  # and no family's space needs repair
