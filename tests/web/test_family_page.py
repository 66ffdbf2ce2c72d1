"""The family page, "Wie mag wat zien?": each document opens in Nextcloud for a viewer who
can see it, the notice after a change shows in the card that was tapped, and per person
what they can see."""

from __future__ import annotations

import html
import re

from tests.web.conftest import Web
from zolicht.domain.visibility import readers

PAGE = "/gezin/jansen"


def cards(page: str) -> dict[str, str]:
    """Each card's HTML, by document key."""
    return dict(re.findall(r'<section class="card" id="([^"]+)"[^>]*>(.*?)</section>', page,
                           re.DOTALL))


def test_each_card_title_opens_the_document_in_nextcloud_for_who_sees_it(web: Web) -> None:
    petra = web.signed_in("petra")
    page = petra.get(PAGE).text
    family = web.world.family()
    seen = readers(family, web.site.today())
    petra_key = next(p.key for p in family.people if p.key == "petra")
    nextcloud = web.site.settings.nextcloud
    assert nextcloud is not None
    links = web.site.document_links(family)
    shown = cards(page)
    assert shown
    for key, card in shown.items():
        title = re.search(r'<h2 id="t-[^"]+">(.*?)</h2>', card)
        assert title is not None
        if petra_key in seen[key]:
            opened = re.fullmatch(r'<a href="([^"]+)">([^<]+)</a>', title[1])
            assert opened is not None, title[1]
            assert html.unescape(opened[1]) == links[key]
            assert opened[1].startswith(nextcloud.url.rstrip("/") + "/index.php/f/")
        else:
            assert "<a " not in title[1]
    api = petra.get("/api/v1/families/jansen/sharing").json()
    assert {c["document"]: c["link"] for c in api["cards"]} == {
        key: links[key] if petra_key in seen[key] else "" for key in shown}
