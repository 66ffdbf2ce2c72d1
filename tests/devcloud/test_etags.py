"""Folder etags as Nextcloud changes them (read in its source, nextcloud/server: the file
cache's ``Propagator::propagateChange`` gives every folder above a written node a new etag;
a share's storage, a jail over the owner's, hands a recipient's write on to the owner's
propagator; ``Share20\\Manager`` changes no etag). A sweep skips a family folder whose etag
did not change (``reconcile.observe``): devcloud must change it exactly when Nextcloud does.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.devcloud.conftest import Cloud
from zolicht.nextcloud import Nextcloud, NextcloudConfig
from zolicht.nextcloud.shares import USER

FOLDER = "gezin"
FILE = f"{FOLDER}/Psycho-educatie/uitleg.md"


@pytest.fixture
def owner(cloud: Cloud) -> Iterator[Nextcloud]:
    client = Nextcloud(NextcloudConfig(cloud.url, "admin", "admin"))
    client.files.mkcol(FOLDER)
    client.files.mkcol(f"{FOLDER}/Psycho-educatie")
    client.files.put(FILE, b"eerste versie")
    yield client
    client.close()


def folder_etag(owner: Nextcloud) -> str:
    """The family folder's etag as a sweep lists it: in the owner's root."""
    return next(e.etag for e in owner.files.propfind("") if e.path == FOLDER)


def test_a_recipients_edit_gives_the_owners_folder_a_new_etag(cloud: Cloud,
                                                               owner: Nextcloud) -> None:
    password = cloud.user("lid")
    before = folder_etag(owner)
    owner.shares.create(FILE, USER, "lid", 3)  # read and edit
    assert folder_etag(owner) == before  # a share changes no etag
    member = Nextcloud(NextcloudConfig(cloud.url, "lid", password))
    try:
        member.files.put("uitleg.md", b"door het netwerklid aangevuld")
    finally:
        member.close()
    assert owner.files.get(FILE) == b"door het netwerklid aangevuld"
    assert folder_etag(owner) != before


def test_a_file_moved_out_or_deleted_gives_its_folder_a_new_etag(owner: Nextcloud) -> None:
    before = folder_etag(owner)
    owner.files.move(FILE, "elders.md")
    moved = folder_etag(owner)
    assert moved != before
    owner.files.put(FILE, b"terug")
    again = folder_etag(owner)
    assert again != moved
    owner.files.delete(FILE)
    assert folder_etag(owner) != again
