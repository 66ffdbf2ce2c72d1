"""The WebDAV, CalDAV and Forms response parsers: what they build they read back, and whatever
Forms answers, reading its submissions never crashes."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from zolicht.nextcloud.caldav import parse_calendar
from zolicht.nextcloud.forms import parse_submissions
from zolicht.nextcloud.webdav import Entry, parse_multistatus

names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
                max_size=12).filter(lambda n: "/" not in n and n.strip() == n and n != ".")
entries = st.builds(Entry, names, st.booleans(), st.text("0123456789abcdef", max_size=8),
                    st.integers(0, 10**9), st.integers(0, 10**9))


def multistatus(root: str, found: list[Entry]) -> bytes:
    from urllib.parse import quote
    responses = "".join(
        f"<d:response><d:href>/remote.php/dav/files/u/{quote(root + '/' + e.path)}"
        f"{'/' if e.is_dir else ''}</d:href><d:propstat><d:prop>"
        f"<d:resourcetype>{'<d:collection/>' if e.is_dir else ''}</d:resourcetype>"
        f"<d:getetag>&quot;{escape(e.etag)}&quot;</d:getetag><oc:fileid>{e.fileid}</oc:fileid>"
        f"<oc:size>{e.size}</oc:size></d:prop></d:propstat></d:response>" for e in found)
    return ('<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" '
            f'xmlns:oc="http://owncloud.org/ns">{responses}</d:multistatus>').encode()


@settings(max_examples=100, deadline=None)
@given(st.lists(entries, max_size=5, unique_by=lambda e: e.path))
def test_a_multistatus_reads_back_as_the_entries_it_lists(found: list[Entry]) -> None:
    assert parse_multistatus(multistatus("zl-space", found), "zl-space") == found


json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "questionId", "text", "answers", "userId", "timestamp", "name"]),
        inner, max_size=4), max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({"questions": st.lists(st.fixed_dictionaries(
    {"id": st.integers(1, 5), "name": st.text(max_size=5)}), max_size=3),
    "submissions": st.lists(json_values, max_size=4)}))
def test_reading_submissions_never_crashes(data: dict[str, Any]) -> None:
    problems: list[str] = []
    found = parse_submissions("stap-1", data, problems)
    assert len(found) + len(problems) == len(data["submissions"])


principals = st.builds(lambda kind, name: f"{kind}/{name}", st.sampled_from(["users", "groups"]),
                       st.text("abcdefghijklmnopqrstuvwxyz0123456789-_.@", min_size=1,
                               max_size=12))
object_names = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1,
                       max_size=12).map(lambda n: n + ".ics")


def calendar_multistatus(sharees: dict[str, str], events: dict[str, str]) -> bytes:
    """A calendar PROPFIND at depth 1 as Nextcloud answers it: the calendar with its
    ``oc:invite`` list, then one response per event."""
    from urllib.parse import quote
    users = "".join(
        f"<oc:user><d:href>principal:principals/{escape(p)}</d:href>"
        f"<oc:common-name>{escape(p)}</oc:common-name><oc:invite-accepted/><oc:access>"
        f"{'<oc:read-write/>' if a == 'read-write' else '<oc:read/>'}</oc:access></oc:user>"
        for p, a in sharees.items())
    base = "/remote.php/dav/calendars/zolicht/zl-space/"
    calendar = (f"<d:response><d:href>{base}</d:href><d:propstat><d:prop>"
                f"<oc:invite>{users}</oc:invite><d:resourcetype><d:collection/>"
                "</d:resourcetype></d:prop></d:propstat></d:response>")
    objects = "".join(
        f"<d:response><d:href>{base}{quote(name)}</d:href><d:propstat><d:prop>"
        f"<d:getetag>&quot;{escape(etag)}&quot;</d:getetag><d:resourcetype/></d:prop>"
        "</d:propstat></d:response>" for name, etag in events.items())
    return ('<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" '
            f'xmlns:oc="http://owncloud.org/ns">{calendar}{objects}</d:multistatus>').encode()


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(principals, st.sampled_from(["read", "read-write"]), max_size=4),
       st.dictionaries(object_names, st.text("0123456789abcdef", max_size=8), max_size=5))
def test_a_calendar_listing_reads_back_as_its_sharees_and_events(
        sharees: dict[str, str], events: dict[str, str]) -> None:
    state = parse_calendar(calendar_multistatus(sharees, events))
    assert state.sharees == sharees and state.events == events
