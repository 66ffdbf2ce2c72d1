"""AppAPI's lifecycle endpoints: ``/heartbeat``, ``/init`` and ``/enabled``, the last two
only for Nextcloud itself (AppAPI's shared secret)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from zolicht.web.auth import appapi_user, top_menu
from zolicht.web.deps import SiteDep


def nextcloud_itself(request: Request, site: SiteDep) -> None:
    headers = {k.lower(): v for k, v in request.headers.items()}
    if appapi_user(headers, site.settings.app_secret) is None:
        raise HTTPException(401, "AppAPI's shared secret is required")


router = APIRouter(tags=["appapi"])


@router.get("/heartbeat")
def heartbeat() -> dict[str, str]:
    return {"status": "ok"}


@router.post("/init", dependencies=[Depends(nextcloud_itself)])
def init(site: SiteDep) -> Response:
    """Register zolicht's webhooks (once: a repeated init keeps them), before answering;
    no progress to report afterwards, so AppAPI sets the progress to 100 itself."""
    site.register_webhooks()
    return JSONResponse({"error": "no init step"}, 501)


@router.put("/enabled", dependencies=[Depends(nextcloud_itself)])
def enabled(site: SiteDep, enabled: int = 1) -> dict[str, str]:
    """Add the top-menu entry when enabled, remove it when disabled."""
    nextcloud = site.settings.nextcloud
    if nextcloud is None:
        return {"error": "no NEXTCLOUD_URL"}
    return {"error": top_menu(nextcloud.url, site.settings.app_secret,
                              site.settings.app_version, bool(enabled))}
