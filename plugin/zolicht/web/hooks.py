"""``POST /nextcloud/webhook``: Nextcloud's webhooks (``webhook_listeners``) for the family
folders. Not a page: no session, no CSRF token; the call proves itself with the secret
header zolicht registered (compared in constant time). Without it: 401, with a wrong one:
403, and nothing read or done. With it, the answer is 202 whatever the body says (a
family folder or not, a body Nextcloud would never send): the family the event is about
is checked again in the background, anything else ignored, and the caller learns nothing
about which."""

from __future__ import annotations

import hmac
import json

from fastapi import APIRouter, Request
from fastapi.responses import Response

from zolicht.nextcloud.webhooks import SECRET_HEADER
from zolicht.services import webhooks
from zolicht.web.deps import SiteDep

MAX_BODY = 64 * 1024
ANSWERS: dict[int | str, dict[str, str]] = {
    202: {"description": "Taken: the family the event is about (if any) is checked again"},
    401: {"description": "No webhook secret"},
    403: {"description": "A wrong webhook secret"},
}

router = APIRouter(tags=["nextcloud"])


@router.post(webhooks.PATH, status_code=202,
             responses=ANSWERS, response_class=Response)
async def webhook(request: Request, site: SiteDep) -> Response:
    """One event from Nextcloud; the family it is about is checked again within seconds."""
    expected = site.settings.webhook_secret
    given = request.headers.get(SECRET_HEADER)
    if not expected or given is None:
        return Response(status_code=401)
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return Response(status_code=403)
    body = await request.body()
    payload = None
    if len(body) <= MAX_BODY:
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            payload = None
    site.recheck(webhooks.families_of(site.context("webhook"), payload))
    return Response(status_code=202)
