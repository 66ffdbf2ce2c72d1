"""What pages and the API read besides the family itself: the professional's overview of a
family, and the sharing history a viewer may read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from zolicht.clock import local
from zolicht.domain.contacts import occurrences
from zolicht.services import audit
from zolicht.services import contacts as contact_plans
from zolicht.web import views
from zolicht.web.site import Membership, Site
from zolicht.wording import cell_text


def overview(site: Site, m: Membership) -> dict[str, Any]:
    """A family on the professional's page: status, consents still missing, the last change
    in Nextcloud and the next contact moment."""
    family, today = m.family, site.today()
    waiting = views.waiting(family, today)
    with site.store.reading() as tx:
        last = tx.remote(family.slug).last_change()
    last = local(last) if last else None
    plan = contact_plans.load(site.context("overview"), family.slug)
    upcoming = [o for o in occurrences(plan, today, today + views.UPCOMING)
                if not o.cancelled]
    return {"slug": family.slug, "name": family.name, "status": family.status.value,
            "waiting": [f"{c.member.name} · {c.document.title}: "
                        f"{cell_text(family, c)}" for c in waiting],
            "last_apply": last, "next": upcoming[0] if upcoming else None}


def sharing_history(site: Site, me: Membership, uid: str) -> list[tuple[datetime, str]]:
    """Who shared what, when, as far as ``me`` may read it (``uid`` reads the log)."""
    events = [e.event for e in audit.events(site.context(uid), me.family.slug)]
    return views.audit_lines(me.family, events, me.person, site.today())
