"""Paths and request bodies the scenarios share."""

from __future__ import annotations

from typing import Any

import httpx

SHARES = "/ocs/v2.php/apps/files_sharing/api/v1/shares"
FORMS = "/ocs/v2.php/apps/forms/api/v3/forms"

FILE_PROPS = (
    b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">'
    b"<d:prop><d:resourcetype/><d:getetag/><oc:fileid/><oc:size/></d:prop></d:propfind>"
)
"""What zolicht asks of a folder."""

SHAREE_PROPS = (
    b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">'
    b"<d:prop><d:resourcetype/><d:getetag/><oc:fileid/><oc:size/><oc:permissions/>"
    b"</d:prop></d:propfind>"
)
XML = {"Content-Type": "application/xml"}


def data(response: httpx.Response, *keys: str | int) -> Any:
    """``ocs.data`` (then ``keys``) of a JSON answer, or None when it is not there."""
    try:
        value: Any = response.json()["ocs"]["data"]
        for key in keys:
            value = value[key]
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return value
