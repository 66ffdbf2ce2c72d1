"""``zolicht demo``: the example family provisioned on a throw-away development Nextcloud,
who is who, what each person sees and why (read back from Nextcloud as that person), and
the web pages running next to it with a sign-in link and password per person, until Ctrl-C.

Nothing here is demo-only in the product: people sign in to the pages with Nextcloud's own
Login Flow v2, at Nextcloud's login form with a short password the demo sets as admin (the
link fills in their user name there).
"""

from __future__ import annotations

import contextlib
import secrets
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

import typer

from zolicht import messages as M
from zolicht import reconcile
from zolicht.cli.runtime import root, say
from zolicht.clock import Clock, today
from zolicht.context import Context
from zolicht.domain.consent import Reason, age_on
from zolicht.domain.errors import InvalidInput
from zolicht.domain.model import Circle, Consent, Family, Person
from zolicht.domain.visibility import Cell, matrix
from zolicht.nextcloud import AlreadyExists, Nextcloud, NextcloudConfig, NextcloudError
from zolicht.services import transfer
from zolicht.store import Store
from zolicht.wording import cell_text, name_of

EXAMPLE = "gezin-jansen.yaml"
ADMIN = ("admin", "admin")
READABLE = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class SignIn:
    """How one person signs in to the pages: a link, their login name and password."""
    person: str
    link: str
    user: str
    password: str


def demo(
    once: Annotated[bool, typer.Option(
        "--once", "--eenmalig",
        help="Stop meteen na het uitprinten (voor tests en scripts)")] = False,
) -> None:
    """Start een ontwikkel-Nextcloud en de pagina's met het voorbeeldgezin; laat zien wie wie
    is, wat iedereen ziet en waarom, en hoe je als ieder van hen inlogt. Stop met Ctrl-C."""
    stop = threading.Event()

    def stopping(_signal: int, _frame: object) -> None:
        stop.set()

    if once:
        run(say, root().clock, stop, once=True)
        return
    signals = (signal.SIGINT, signal.SIGTERM)
    before = [signal.signal(sig, stopping) for sig in signals]  # also when Ctrl-C was ignored
    try:
        run(say, root().clock, stop)
    finally:
        for sig, handler in zip(signals, before, strict=True):
            signal.signal(sig, handler)
    say(M.DEMO_STOPPED)


def run(out: Callable[[str], None], clock: Clock, stop: threading.Event, *,
        once: bool = False, started: Callable[[list[SignIn]], None] | None = None) -> None:
    """The demo, printing with ``out``; unless ``once``, it keeps devcloud and the pages
    running until ``stop`` is set (or Ctrl-C). ``started`` is told the sign-ins once all
    runs. Everything is stopped and the temporary directory removed on the way out."""
    from zolicht.devcloud.server import running as devcloud

    example = example_file()
    with tempfile.TemporaryDirectory(prefix="zolicht-demo-") as tmp, \
            devcloud(Path(tmp) / "nextcloud", *ADMIN) as (url, _server):
        out(M.DEMO_CLOUD.format(url=url))
        database = f"sqlite:///{tmp}/demo.sqlite3"
        store = Store(database)
        client = Nextcloud(NextcloudConfig(url, *ADMIN))
        try:
            ctx = Context(store, clock, "demo")
            family = transfer.import_file(ctx, example)
            linked_accounts(client, family)
            outcome = reconcile.apply_family(ctx, reconcile.Run(client), family.slug)
            out(M.APPLY_DONE.format(family=family.name, count=outcome.done,
                                    drift=len(outcome.plan.drift)))
            with store.reading() as tx:
                family = tx.families.load(family.slug)
            logins = login_passwords(client, family)
            passwords = app_passwords(client, family, logins)
            on = today(clock)
            out("")
            for line in who_is_who(family, on):
                out(line)
            out("")
            for line in what_each_sees(family, on, passwords, url):
                out(line)
        finally:
            client.close()
            store.close()
        with pages(database, url, clock) as web:
            sign_ins = [sign_in(web, family, p, logins[p.key]) for p in family.people
                        if p.key in passwords]
            out("")
            for line in sign_in_lines(family, web, sign_ins):
                out(line)
            if once:
                return
            out("")
            out(M.DEMO_WAITING)
            if started is not None:
                started(sign_ins)
            while not stop.wait(0.5):
                pass


@contextmanager
def pages(database: str, nextcloud_url: str, clock: Clock) -> Iterator[str]:
    """The web pages (the app ``zolicht serve`` runs) on a free loopback port."""
    from zolicht.web.app import create_app
    from zolicht.web.server import running
    from zolicht.web.site import Site, WebSettings

    site = Site(WebSettings(database, NextcloudConfig(nextcloud_url, *ADMIN)), clock)
    try:
        with running(create_app(site)) as url:
            yield url
    finally:
        site.close()


def linked_accounts(admin: Nextcloud, family: Family) -> None:
    """A linked account (the professional's) is someone's own in a real Nextcloud; on the
    throw-away one the demo makes it, so that she can sign in too. A professional is put
    in the professionals' group, so that she may create families on the pages."""
    from zolicht.web.site import PROFESSIONALS_GROUP

    for person in family.people:
        if person.nextcloud_user and admin.users.account(person.nextcloud_user) is None:
            admin.users.create_user(person.nextcloud_user, person.email or "", person.name)
        if person.nextcloud_user and person.circle is Circle.PROFESSIONAL:
            with contextlib.suppress(AlreadyExists):
                admin.users.create_group(PROFESSIONALS_GROUP, PROFESSIONALS_GROUP)
            admin.users.add_to_group(person.nextcloud_user, PROFESSIONALS_GROUP)


def short_password() -> str:
    """Easy to read and type: three groups of four lower-case letters and digits, without
    the look-alikes (0/o, 1/l/i)."""
    return "-".join("".join(secrets.choice(READABLE) for _ in range(4)) for _ in range(3))


def login_passwords(admin: Nextcloud, family: Family) -> dict[str, str]:
    """A short login password per person with an account (by key), set as admin."""
    found: dict[str, str] = {}
    for person in family.people:
        if not person.has_account:
            continue
        password = short_password()
        try:
            admin.users.set_password(person.uid, password)
        except NextcloudError:
            continue
        found[person.key] = password
    return found


def app_passwords(admin: Nextcloud, family: Family, logins: dict[str, str]
                  ) -> dict[str, str]:
    """An app password per person with a login password (by key), asked for as them, to
    read back what Nextcloud gives them."""
    found: dict[str, str] = {}
    for person in family.people:
        password = logins.get(person.key)
        if password is None:
            continue
        try:
            member = Nextcloud(NextcloudConfig(admin.config.url, person.uid, password))
            try:
                found[person.key] = member.users.new_app_password()
            finally:
                member.close()
        except NextcloudError:
            continue
    return found


def read_as(url: str, uid: str, app_password: str) -> list[str]:
    """The file names Nextcloud lists for ``uid``: at the top of their files, and in a
    shared folder (the professionals get the family folder) as deep as it goes."""
    member = Nextcloud(NextcloudConfig(url, uid, app_password))
    try:
        found: list[str] = []
        folders = [""]
        while folders:
            for entry in member.files.propfind(folders.pop())[1:]:
                (folders if entry.is_dir else found).append(entry.path)
        return sorted(path.rstrip("/").rsplit("/", 1)[-1] for path in found)
    except NextcloudError:
        return []
    finally:
        member.close()


def who_is_who(family: Family, on: date) -> list[str]:
    lines = [M.DEMO_WHO_HEADING.format(family=family.name)]
    for p in family.people:
        extra = M.DEMO_AGE.format(age=age_on(p.birth_date, on)) if p.birth_date else ""
        if p.has_authority:
            extra += M.DEMO_AUTHORITY
        if not p.has_account:
            extra += M.DEMO_NO_ACCOUNT
        lines.append(M.DEMO_WHO_LINE.format(name=p.name, role=p.role,
                                            circle=M.DEMO_CIRCLES[p.circle.value], extra=extra))
    return lines


def what_each_sees(family: Family, on: date, passwords: dict[str, str],
                   url: str) -> list[str]:
    """Per person: what Nextcloud gives them (read back as them) and, per document that
    anyone decided about for them, whether they see it and why."""
    cells = matrix(family, on)
    documents = {d.file_name for d in family.documents}
    lines = [M.DEMO_SEES_HEADING, M.DEMO_SEES_INTRO.format(day=f"{on:%d-%m-%Y}")]
    for p in family.people:
        lines.append(M.DEMO_PERSON.format(name=p.name, circle=M.DEMO_CIRCLES[p.circle.value]))
        if p.key in passwords:
            seen = [n for n in read_as(url, p.uid, passwords[p.key]) if n in documents]
            lines.append(M.DEMO_READ_BACK.format(name=p.name,
                                                 files=", ".join(seen) or M.SEES_NOTHING))
        else:
            lines.append(M.DEMO_NO_ADDRESS if not p.has_account else M.DEMO_NO_ACCOUNT_YET)
        mine = [c for c in cells if c.member.key == p.key and told(family, c)]
        lines += [M.DEMO_CELL.format(title=c.document.title, why=why(family, c))
                  for c in mine]
        if len(mine) < len(family.documents):
            lines.append(M.DEMO_REST if mine else M.DEMO_REST_ALL)
    return lines


def told(family: Family, c: Cell) -> bool:
    """Whether a cell is worth a line: the person sees it, or someone decided about it."""
    return (c.access is not None or family.grant(c.document.key, c.member.key) is not None
            or c.decision.reason is Reason.NEVER_INVOLVED)


def why(family: Family, c: Cell) -> str:
    """Whether ``c.member`` sees ``c.document``, and why, in one plain sentence."""
    reason = c.decision.reason
    can = cell_text(family, c)
    if c.access is not None:
        grant = family.grant(c.document.key, c.member.key)
        if reason is Reason.CONSENTED and grant is not None:
            return M.DEMO_WHY_SAID_YES.format(can=can, said=said_yes(family, grant.consents))
        if reason is Reason.PROFESSIONAL:
            return M.DEMO_WHY_PROFESSIONAL.format(can=can)
        return M.DEMO_WHY_HAS_A_SAY.format(can=can)
    if reason is Reason.REFUSED:
        return M.DEMO_WHY_REFUSED.format(names=and_list(family, c.decision.refused_by))
    if reason is Reason.MISSING_CONSENT:
        return M.DEMO_WHY_WAITING.format(names=and_list(family, c.decision.missing))
    if reason is Reason.EXPIRED:
        return M.DEMO_WHY_EXPIRED
    if reason is Reason.NEVER_INVOLVED:
        return M.DEMO_WHY_NEVER
    return can


def said_yes(family: Family, consents: tuple[Consent, ...]) -> str:
    keys = {c.person for c in consents}
    return (M.DEMO_SAID_YES if len(keys) == 1 else M.DEMO_SAID_YES_MANY).format(
        names=and_list(family, [c.person for c in consents]))


def and_list(family: Family, keys: Iterable[str]) -> str:
    """"Sanne", "Sanne en Petra Jansen", "Ans, Sanne en Petra Jansen"."""
    names = list(dict.fromkeys(name_of(family, k) for k in keys))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + M.DEMO_AND + names[-1]


def page_of(family: Family, person: Person) -> str:
    if person.circle is Circle.PROFESSIONAL:
        return "/hulpverlener"
    return f"/{'gezin' if person.circle is Circle.FAMILY else 'netwerk'}/{family.slug}"


def sign_in(web: str, family: Family, person: Person, password: str) -> SignIn:
    """How ``person`` signs in: with their own e-mail address, which Nextcloud takes as the
    login name, not the account id zolicht made up; the id when they have no address."""
    login = person.email or person.uid
    query = urlencode({"naar": page_of(family, person), "gebruiker": login})
    link = f"{web}/inloggen?{query}"
    return SignIn(person.key, link, login, password)


def sign_in_lines(family: Family, web: str, sign_ins: list[SignIn]) -> list[str]:
    lines = [M.DEMO_SIGN_IN_HEADING.format(url=web), M.DEMO_SIGN_IN_HOW]
    for s in sign_ins:
        person = family.person(s.person)
        assert person is not None
        lines += [M.DEMO_SIGN_IN_PERSON.format(name=person.name,
                                               page=M.DEMO_PAGES[person.circle.value]),
                  M.DEMO_SIGN_IN_LINK.format(url=s.link),
                  M.DEMO_SIGN_IN_USER.format(user=s.user),
                  M.DEMO_SIGN_IN_PASSWORD.format(password=s.password)]
    return lines


def example_file() -> Path:
    """The demo family, from the source tree or from where pip installed the examples."""
    source_tree = Path(__file__).resolve().parents[3]
    for base in (source_tree, Path(sys.prefix) / "share" / "zolicht"):
        candidate = base / "examples" / EXAMPLE
        if candidate.is_file():
            return candidate
    raise InvalidInput("demo", M.FILE_MISSING.format(value=EXAMPLE))
