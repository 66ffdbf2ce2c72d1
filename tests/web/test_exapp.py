"""The external-app manifest and the settings AppAPI hands zolicht."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from zolicht.web.server import settings_from_env

INFO = Path(__file__).resolve().parents[2] / "plugin" / "appinfo" / "info.xml"


def test_the_manifest_declares_the_app_and_routes_every_page_through_appapi() -> None:
    root = ET.parse(INFO).getroot()
    assert root.findtext("id") == "zolicht" and root.findtext("version")
    routes = [r.findtext("url") or "" for r in root.iter("route")]
    levels = {r.findtext("access_level") for r in root.iter("route")}
    assert levels == {"USER"}
    for path in ("", "gezin/jansen", "gezin/jansen/logboek", "netwerk/jansen", "hulpverlener",
                 "api/v1/families/jansen/sharing"):
        assert any(re.search(pattern, path) for pattern in routes), path
    assert not any(re.search(pattern, "inloggen") for pattern in routes)


def test_appapi_settings_are_picked_up() -> None:
    settings = settings_from_env({
        "APP_SECRET": "s3cret", "NEXTCLOUD_URL": "https://cloud.example.nl",
        "ZOLICHT_NEXTCLOUD_USER": "zolicht", "ZOLICHT_NEXTCLOUD_APP_PASSWORD": "pw",
        "ZOLICHT_DATA_DIR": "/tmp/zolicht-test"})
    assert settings.app_secret == "s3cret" and settings.secure_cookies
    assert settings.root_path == "/index.php/apps/app_api/proxy/zolicht"
    assert settings.nextcloud is not None and settings.nextcloud.url == "https://cloud.example.nl"
