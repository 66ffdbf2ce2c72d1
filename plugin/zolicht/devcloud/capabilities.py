"""``/cloud/capabilities``: the version, and for a logged-in user what the server can do
(an anonymous caller sees no capabilities of the parts devcloud imitates)."""

from __future__ import annotations

from typing import Any

from zolicht.devcloud.call import Call, Reply, route

REFERENCE_REGEX = (r"(\s|\n|^)(https?:\/\/)([-A-Z0-9+_.]+(?::[0-9]+)?(?:\/[-A-Z0-9+&@#%?=~_|!:"
                   r",.;()]*)*)(\s|\n|$)")
DISABLED = {"enabled": False}
ENABLED = {"enabled": True}


def sharing() -> dict[str, Any]:
    public = {"enabled": True, "password": {"enforced": False, "askForOptionalPassword": False},
              "expire_date": DISABLED, "multiple_links": True,
              "expire_date_internal": DISABLED, "expire_date_remote": DISABLED,
              "send_mail": False, "upload": True, "upload_files_drop": True,
              "custom_tokens": False}
    by_mail = {"enabled": True, "send_password_by_mail": True, "upload_files_drop": ENABLED,
               "password": {"enabled": True, "enforced": False},
               "expire_date": {"enabled": True, "enforced": False}}
    return {"api_enabled": True, "public": public, "resharing": True,
            "user": {"send_mail": False, "expire_date": ENABLED}, "group_sharing": True,
            "group": {"enabled": True, "expire_date": ENABLED}, "default_permissions": 31,
            "federation": {"outgoing": True, "incoming": True, "expire_date": ENABLED,
                           "expire_date_supported": ENABLED},
            "sharee": {"query_lookup_default": False, "always_show_unique": True},
            "sharebymail": by_mail}


def of_user() -> dict[str, Any]:
    return {
        "core": {"pollinterval": 60, "webdav-root": "remote.php/webdav", "reference-api": True,
                 "reference-regex": REFERENCE_REGEX, "mod-rewrite-working": False,
                 "user": {"language": "", "locale": "", "timezone": "UTC"}},
        "dav": {"chunking": "1.0", "public_shares_chunking": False, "bulkupload": "1.0",
                "absence-supported": True, "absence-replacement": True},
        "files_sharing": sharing(),
        "provisioning_api": {"version": "1.22.0", "AccountPropertyScopesVersion": 2,
                             "AccountPropertyScopesFederatedEnabled": True,
                             "AccountPropertyScopesPublishedEnabled": False},
    }


@route("GET", r"/cloud/capabilities", public=True)
def capabilities(call: Call) -> Any:
    v = call.server.version
    return Reply({
        "version": {"major": v.major, "minor": v.minor, "micro": v.micro, "string": v.string,
                    "edition": "", "extendedSupport": False},
        "capabilities": of_user() if call.uid else {},
    }, 200, etag=True)
