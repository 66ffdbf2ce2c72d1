"""Many provisioned families from one, for ``scale.py``: the state a real provisioning of
one family left (stored, then applied over HTTP) copied for the others, with its
identifiers rewritten, straight into devcloud's SQLite file and data directory and into
zolicht's PostgreSQL database.

Provisioning 10,000 families over HTTP takes some 16 hours on the development machine;
copying one family 10,000 times takes minutes. A copy is what provisioning it would have
left: in zolicht's database the family's record (people, documents, grants, consents,
refusals, its events in the audit trail, chained) and what zolicht remembers of Nextcloud
(files with etags and file ids, folders, shares, groups and accounts, forms with their
fingerprints, the operation journal); in devcloud its accounts (and their welcome mails),
groups and memberships, its folder with files and file cache, its shares and its forms.
Every name made from the family's ``space`` or from its people's accounts is rewritten
(see ``zolicht.domain.names``), and so are file ids, share ids, form ids, row ids, etags,
form hashes and run ids; the rest (titles, texts, times) is the template's.

A table that holds anything of the template family this module does not know how to copy
stops the copy (``Unknown``) rather than leaving the copies without it. devcloud must not
be running while its file is written.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import shutil
import sqlite3
import string
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import psycopg

from zolicht.domain import names
from zolicht.domain.audit import GENESIS, AuditEvent, chain_anchor, chain_hash
from zolicht.domain.model import Access, Family
from zolicht.reconcile.desired import desired_state
from zolicht.reconcile.forms import DesiredForm, desired_forms, fingerprint
from zolicht.store.repository import new_token


class Unknown(Exception):
    """The template family left something this module does not know how to copy."""


@dataclass(frozen=True)
class Template:
    """The family copied: its identifiers, and its forms as zolicht wants them."""

    family_id: int
    slug: str
    space: str
    accounts: dict[str, str]
    """Person key → account id (``names.account_id``), for every person."""
    documents: tuple[str, ...]
    forms: dict[str, DesiredForm]
    """Form key → the form as zolicht wants it (its fingerprint is recorded)."""

    @staticmethod
    def of(family: Family, family_id: int, on: date, service_user: str,
           definitions: list[Any]) -> Template:
        desired = desired_state(family, on, service_user)
        forms = desired_forms(family, definitions, on, desired.accounts)
        return Template(family_id, family.slug, family.space,
                        {p.key: p.account for p in family.people if p.account},
                        tuple(d.key for d in family.documents),
                        {f.spec.key: f for f in forms})

    def renames(self, space: str, accounts: dict[str, str]) -> dict[str, str]:
        """Each name of the template in Nextcloud → the same name for another family."""
        found = {self.space: space}
        found.update((old, accounts[key]) for key, old in self.accounts.items())
        for document in self.documents:
            for access in Access:
                found[names.document_group(self.space, document, access)] = \
                    names.document_group(space, document, access)
        return found

    def pattern(self) -> re.Pattern[str]:
        """Any of the template's names, longest first (a group id before its space)."""
        olds = sorted(self.renames(self.space, self.accounts), key=len, reverse=True)
        return re.compile("|".join(re.escape(old) for old in olds))


@dataclass(frozen=True)
class Copy:
    """One family made from the template: ``number`` counts the copies from 0."""

    number: int
    family_id: int
    slug: str
    space: str
    accounts: dict[str, str]
    names: dict[str, str]
    pattern: re.Pattern[str]

    def rename(self, text: str | None) -> str | None:
        """``text`` with every name of the template replaced by this family's."""
        if text is None:
            return None
        return self.pattern.sub(lambda found: self.names[found.group()], text)

    def etag(self, old: str) -> str:
        """A new etag in Nextcloud's form (14 hex digits), the same on both sides."""
        return hashlib.blake2b(f"{self.space}/{old}".encode(), digest_size=7).hexdigest()


def make_copies(template: Template, first_id: int, slugs: list[str],
                taken: set[str]) -> list[Copy]:
    """A copy per slug, family ids from ``first_id``; new random spaces and accounts that
    are none of ``taken`` (or each other)."""
    pattern = template.pattern()
    made: list[Copy] = []
    for number, slug in enumerate(slugs):
        tokens = []
        while len(tokens) < 1 + len(template.accounts):
            token = new_token()
            if token not in taken:
                taken.add(token)
                tokens.append(token)
        accounts = {key: names.account_id(token)
                    for key, token in zip(template.accounts, tokens[1:], strict=True)}
        made.append(Copy(number, first_id + number, slug, tokens[0], accounts,
                         template.renames(tokens[0], accounts), pattern))
    return made


@dataclass(frozen=True)
class Shift:
    """New ids for the template's rows of a table: each copy gets a range of its own
    after every id in use (gaps between the template's ids stay gaps)."""

    low: int
    high: int
    base: int

    def delta(self, copy: Copy) -> int:
        return self.base + copy.number * (self.high - self.low + 1) - self.low

    def __call__(self, copy: Copy, old: int | None) -> int | None:
        return None if old is None else old + self.delta(copy)


def shift(low: int | None, high: int | None, in_use: int | None) -> Shift:
    if low is None or high is None:
        return Shift(0, 0, 0)
    return Shift(low, high, (in_use or 0) + 1)


# -- devcloud ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Table:
    """How a devcloud table's rows of the template are found and copied: ``where`` picks
    them (with ``temp.*`` tables of the template's ids), ``columns`` says how a column's
    value is made (SQL over the template row; a column not named is copied as it is)."""

    name: str
    where: str
    columns: dict[str, str]


DEVCLOUD = (
    Table("users", "uid IN (SELECT uid FROM temp.t_users)", {"uid": "rename(uid)"}),
    Table("groups", "gid >= :prefix AND gid < :prefix || '~'",
          {"gid": "rename(gid)", "display_name": "rename(display_name)"}),
    Table("group_members", "gid >= :prefix AND gid < :prefix || '~'",
          {"gid": "rename(gid)", "uid": "rename(uid)"}),
    Table("filecache", "fileid IN (SELECT fileid FROM temp.t_files)",
          {"fileid": "fileid + :file", "owner": "rename(owner)", "path": "rename(path)",
           "etag": "etag(etag)"}),
    Table("shares", "fileid IN (SELECT fileid FROM temp.t_files)",
          {"id": "id + :share", "uid_owner": "rename(uid_owner)",
           "uid_initiator": "rename(uid_initiator)", "share_with": "rename(share_with)",
           "fileid": "fileid + :file", "file_target": "rename(file_target)",
           "token": "no_token(token)", "parent": "parent + :share"}),
    Table("outbox", "about IN (SELECT uid FROM temp.t_users)",
          {"id": "NULL", "about": "rename(about)"}),
    Table("notifications", "uid IN (SELECT uid FROM temp.t_users)",
          {"id": "NULL", "uid": "rename(uid)"}),
    Table("forms", "id IN (SELECT id FROM temp.t_forms)",
          {"id": "id + :form", "hash": "form_hash()", "owner": "rename(owner)"}),
    Table("form_shares", "form_id IN (SELECT id FROM temp.t_forms)",
          {"id": "id + :form_share", "form_id": "form_id + :form",
           "share_with": "rename(share_with)"}),
    Table("form_questions", "form_id IN (SELECT id FROM temp.t_forms)",
          {"id": "id + :question", "form_id": "form_id + :form"}),
    Table("form_options",
          "question_id IN (SELECT id FROM form_questions WHERE form_id IN "
          "(SELECT id FROM temp.t_forms))",
          {"id": "id + :option", "question_id": "question_id + :question"}),
)
"""Every devcloud table that holds something of a provisioned family."""

SHIFTED = {"file": ("filecache", "fileid"), "share": ("shares", "id"),
           "form": ("forms", "id"), "form_share": ("form_shares", "id"),
           "question": ("form_questions", "id"), "option": ("form_options", "id")}
"""The ids a copy gets new ranges of: its name in ``DEVCLOUD``'s SQL → (table, column)."""

HASH_LETTERS = string.ascii_letters + string.digits


class Devcloud:
    """devcloud's data directory (``--data``) while devcloud is stopped."""

    def __init__(self, data: Path, template: Template, form_ids: list[int]) -> None:
        self.data = data
        self.template = template
        self.conn = sqlite3.connect(data / "devcloud.sqlite3", isolation_level=None)
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.current: Copy | None = None
        self.conn.create_function("rename", 1, lambda text: self._copy().rename(text))
        self.conn.create_function("etag", 1, lambda old: self._copy().etag(old))
        self.conn.create_function("form_hash", 0, lambda: "".join(
            secrets.choice(HASH_LETTERS) for _ in range(16)))
        self.conn.create_function("no_token", 1, _no_token)
        root = names.root(template.space)
        accounts = list(template.accounts.values())
        self.conn.execute("CREATE TEMP TABLE t_users (uid TEXT PRIMARY KEY)")
        self.conn.executemany("INSERT INTO temp.t_users SELECT uid FROM users WHERE uid = ?",
                              [(a,) for a in accounts])
        self.conn.execute("CREATE TEMP TABLE t_files (fileid INTEGER PRIMARY KEY)")
        self.conn.execute("INSERT INTO temp.t_files SELECT fileid FROM filecache WHERE "
                          "path = ? OR substr(path, 1, ?) = ? "
                          "OR owner IN (SELECT uid FROM temp.t_users)",
                          (root, len(root) + 1, root + "/"))
        self.conn.execute("CREATE TEMP TABLE t_forms (id INTEGER PRIMARY KEY)")
        self.conn.executemany("INSERT INTO temp.t_forms VALUES (?)", [(i,) for i in form_ids])
        prefix = {"prefix": names.group_prefix(template.space)}
        for table in DEVCLOUD:  # the template's rows, found once (before any copy)
            self.conn.execute(f"CREATE TEMP TABLE rows_{table.name} (r INTEGER PRIMARY KEY)")
            self.conn.execute(f"INSERT INTO temp.rows_{table.name} SELECT rowid FROM "
                              f"{table.name} WHERE {table.where}", prefix)
        self._check([root, *accounts])

    def _copy(self) -> Copy:
        assert self.current is not None
        return self.current

    def _rows(self, table: str) -> set[int]:
        return {r for (r,) in self.conn.execute(f"SELECT r FROM temp.rows_{table}")}

    def _check(self, tokens: list[str]) -> None:
        """Every row naming the template's folder or an account of it is one ``DEVCLOUD``
        copies, and ``DEVCLOUD`` names only columns that exist."""
        known = {t.name: t for t in DEVCLOUD}
        tables = [r for (r,) in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%'")]
        for name in tables:
            columns = {r[1]: r[2] for r in self.conn.execute(f"PRAGMA table_info({name})")}
            if name in known and set(known[name].columns) - set(columns):
                raise Unknown(f"devcloud table {name} lacks "
                              f"{set(known[name].columns) - set(columns)}")
            text = [c for c, kind in columns.items() if kind.upper() == "TEXT"]
            if not text:
                continue
            named = " OR ".join(f"instr({c}, ?) > 0" for c in text for _ in tokens)
            found = {r for (r,) in self.conn.execute(
                f"SELECT rowid FROM {name} WHERE {named}", [t for _ in text for t in tokens])}
            copied = self._rows(name) if name in known else set()
            if found - copied:
                raise Unknown(f"devcloud table {name}: {len(found - copied)} rows of the "
                              f"template family that {__name__} does not copy")
        if self.conn.execute("SELECT count(*) FROM form_submissions WHERE form_id IN "
                             "(SELECT id FROM temp.t_forms)").fetchone()[0]:
            raise Unknown("the template family has form submissions")

    def shifts(self) -> dict[str, Shift]:
        """New id ranges of the copies (file ids, share ids and form ids are zolicht's
        too)."""
        found = {}
        for name, (table, column) in SHIFTED.items():
            low, high = self.conn.execute(
                f"SELECT min({column}), max({column}) FROM {table} "
                f"WHERE rowid IN (SELECT r FROM temp.rows_{table})").fetchone()
            in_use = self.conn.execute(f"SELECT max({column}) FROM {table}").fetchone()[0]
            found[name] = shift(low, high, in_use)
        return found

    def write(self, made: list[Copy], shifts: dict[str, Shift]) -> None:
        """Each copy's rows (one transaction), then its files."""
        statements = []
        for table in DEVCLOUD:
            columns = [r[1] for r in self.conn.execute(f"PRAGMA table_info({table.name})")]
            values = ", ".join(table.columns.get(c, c) for c in columns)
            statements.append(
                f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT {values} "
                f"FROM {table.name} WHERE rowid IN (SELECT r FROM temp.rows_{table.name}) "
                f"ORDER BY rowid")
        self.conn.execute("BEGIN")
        for copy in made:
            self.current = copy
            deltas = {n: s.delta(copy) for n, s in shifts.items()}
            for statement in statements:
                self.conn.execute(statement, deltas)
        self.conn.execute("COMMIT")
        self.current = None
        files = self.data / "files"
        trees = [p.relative_to(files) for p in files.glob("*/" + names.root(self.template.space))]
        trees += [Path(a) for a in self.template.accounts.values() if (files / a).is_dir()]
        for copy in made:
            for tree in trees:
                shutil.copytree(files / tree, files / str(copy.rename(str(tree))))

    def close(self) -> None:
        self.conn.close()


def _no_token(token: str | None) -> None:
    if token is not None:
        raise Unknown("the template family has a share by link")


# -- zolicht's database --------------------------------------------------------------------------

Make = Callable[[Copy, Any], Any]
"""A column's value in a copy, from the template row's value."""


def postgres_tables(template: Template, shifts: dict[str, Shift],
                    run_ids: Callable[[Copy, str], str]) -> list[tuple[str, str, dict[str, Make]]]:
    """(table, which rows are the template's, how columns are made) for zolicht's tables
    that hold a family's rows, in an order that satisfies the foreign keys."""
    people, documents, grants = shifts["people"], shifts["documents"], shifts["grants"]
    file, share, form = shifts["file"], shifts["share"], shifts["form"]
    by_print = {fingerprint(f): f for f in template.forms.values()}
    of_family = f"family_id = {template.family_id}"
    of_grants = f"grant_id IN (SELECT id FROM grants WHERE {of_family})"
    family_id: Make = lambda c, _: c.family_id  # noqa: E731
    rename: Make = lambda c, v: c.rename(v)  # noqa: E731
    return [
        ("families", f"id = {template.family_id}",
         {"id": family_id, "slug": lambda c, _: c.slug, "space": lambda c, _: c.space}),
        ("people", of_family,
         {"id": people, "family_id": family_id, "account": rename}),
        ("documents", of_family,
         {"id": documents, "family_id": family_id, "subject_id": people}),
        ("grants", of_family,
         {"id": grants, "family_id": family_id, "document_id": documents,
          "member_id": people}),
        ("consents", of_grants, {"grant_id": grants, "person_id": people}),
        ("refusals", of_grants, {"grant_id": grants, "person_id": people}),
        ("remote_files", of_family,
         {"family_id": family_id, "path": rename, "etag": lambda c, v: c.etag(v),
          "fileid": lambda c, v: file(c, v) if v else v}),
        ("remote_folders", of_family,
         {"family_id": family_id, "path": rename, "etag": lambda c, v: c.etag(v)}),
        ("remote_shares", of_family,
         {"family_id": family_id, "share_id": lambda c, v: str(share(c, int(v)))}),
        ("remote_objects", of_family, {"family_id": family_id, "name": rename}),
        ("remote_forms", of_family,
         {"family_id": family_id, "form_id": form,
          "fingerprint": lambda c, v: _fingerprint(c, by_print[v])}),
        ("operations", of_family,
         {"family_id": family_id, "run_id": run_ids, "target": rename}),
    ]


SERIAL = ("families", "people", "documents", "grants")
"""Tables whose ids the copies give explicitly (their sequences are moved on after)."""


def write_postgres(conninfo: str, template: Template, made: list[Copy],
                   shifts: dict[str, Shift]) -> int:
    """The copies' rows in zolicht's database (one transaction, ``COPY``); the rows
    written."""
    written = 0
    with psycopg.connect(conninfo) as conn:
        for table in ("people", "documents", "grants"):
            low, high = conn.execute(f"SELECT min(id), max(id) FROM {table} WHERE "
                                     f"family_id = {template.family_id}").fetchone()
            shifts[table] = shift(low, high, conn.execute(
                f"SELECT max(id) FROM {table}").fetchone()[0])
        runs: dict[tuple[int, str], str] = {}

        def run_id(copy: Copy, old: str) -> str:
            return runs.setdefault((copy.number, old), secrets.token_hex(8))

        tables = postgres_tables(template, shifts, run_id)
        _check_postgres(conn, template, {name for name, _, _ in tables})
        for name, where, made_by in tables:
            cursor = conn.execute(f"SELECT * FROM {name} WHERE {where} ORDER BY 1")
            columns = [d.name for d in cursor.description or ()]
            rows = cursor.fetchall()
            if name == "operations":  # new ids from the sequence, in the template's order
                columns, rows = columns[1:], [r[1:] for r in rows]
            makers = [made_by.get(c) for c in columns]
            with conn.cursor().copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as out:
                for copy in made:
                    for row in rows:
                        out.write_row([v if m is None else m(copy, v)
                                       for m, v in zip(makers, row, strict=True)])
                    runs.clear()
            written += len(rows) * len(made)
        written += _write_audit(conn, template, made)
        for table in SERIAL:
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"(SELECT max(id) FROM {table}))")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("ANALYZE")
    return written


def _fingerprint(copy: Copy, form: DesiredForm) -> str:
    """What zolicht records of a form once it made it right, for the copy: the same form,
    shared with the copy's group or account."""
    return fingerprint(replace(form, share_with=str(copy.rename(form.share_with))))


def _check_postgres(conn: psycopg.Connection[Any], template: Template,
                    copied: Iterable[str]) -> None:
    """Every table with rows of the template family is one ``postgres_tables`` copies."""
    tables = [r for (r,) in conn.execute(
        "SELECT table_name FROM information_schema.columns WHERE column_name = 'family_id' "
        "AND table_schema = current_schema()")]
    for name in set(tables) - set(copied):
        if conn.execute(f"SELECT count(*) FROM {name} WHERE family_id = "
                        f"{template.family_id}").fetchone()[0]:
            raise Unknown(f"table {name} holds rows of the template family")
    recorded = dict(conn.execute(f"SELECT form_key, fingerprint FROM remote_forms "
                                 f"WHERE family_id = {template.family_id}").fetchall())
    wanted = {key: fingerprint(form) for key, form in template.forms.items()}
    if recorded != wanted:
        raise Unknown(f"the template's forms are recorded as {sorted(recorded)}, "
                      f"not as zolicht wants them now ({sorted(wanted)})")


def _write_audit(conn: psycopg.Connection[Any], template: Template, made: list[Copy]) -> int:
    """The template's events again for each copy, each copy's in a chain of its own (begun
    after the chains that exist, as ``AuditLog`` begins one)."""
    fields = ("at", "actor", "on_behalf_of", "action", "family", "subject", "document",
              "member", "reason")
    events = [AuditEvent(**dict(zip(fields, row, strict=True))) for row in conn.execute(
        f"SELECT {', '.join(fields)} FROM audit_events WHERE family = %s ORDER BY seq",
        (template.slug,))]
    number, anchor = conn.execute("SELECT number, anchor FROM audit_chains FOR UPDATE").fetchone()
    heads = []
    columns = ("seq", *fields, "prev_hash", "hash")
    with conn.cursor().copy(f"COPY audit_events ({', '.join(columns)}) FROM STDIN") as out:
        for copy in made:
            previous = GENESIS
            for seq, event in enumerate(events, start=1):
                event = replace(event, family=copy.slug, **{
                    f: copy.rename(getattr(event, f))
                    for f in ("on_behalf_of", "subject", "document", "member", "reason")})
                hashed = chain_hash(previous, event)
                out.write_row((seq, *(getattr(event, f) for f in fields), previous, hashed))
                previous = hashed
            number, anchor = number + 1, chain_anchor(anchor, copy.slug)
            heads.append((copy.slug, len(events), previous, number, anchor))
    with conn.cursor().copy("COPY audit_head (chain, seq, hash, number, anchor) FROM STDIN") \
            as out:
        for head in heads:
            out.write_row(head)
    conn.execute("UPDATE audit_chains SET number = %s, anchor = %s", (number, anchor))
    return len(events) * len(made)


# -- both -----------------------------------------------------------------------------------------

def clone(data: Path, server: str, database: str, template: Template,
          slugs: list[str]) -> tuple[float, float, int]:
    """Copies of ``template`` named ``slugs``, in devcloud's data directory ``data`` (not
    running) and in database ``database`` on PostgreSQL ``server`` (``user@host:port``);
    (seconds for devcloud, seconds for the database, rows written to the database)."""
    conninfo = f"postgresql://{server}/{database}"
    with psycopg.connect(conninfo) as conn:
        form_ids = [r for (r,) in conn.execute(
            "SELECT form_id FROM remote_forms WHERE family_id = %s", (template.family_id,))]
        taken = {r for (r,) in conn.execute("SELECT space FROM families")}
        taken |= {r[len(names.PREFIX):] for (r,) in conn.execute("SELECT account FROM people")}
        first_id = conn.execute("SELECT max(id) FROM families").fetchone()[0] + 1
    started = time.perf_counter()
    made = make_copies(template, first_id, slugs, taken)
    devcloud = Devcloud(data, template, form_ids)
    try:
        shifts = devcloud.shifts()
        devcloud.write(made, shifts)
    finally:
        devcloud.close()
    written = time.perf_counter()
    rows = write_postgres(conninfo, template, made, shifts)
    return written - started, time.perf_counter() - written, rows
