"""``zolicht demo``: the example family provisioned on a throw-away development Nextcloud,
and what each person then sees, read back from Nextcloud as that person."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from zolicht import messages as M
from zolicht import reconcile
from zolicht.cli.runtime import root, say
from zolicht.context import Context
from zolicht.domain.errors import InvalidInput
from zolicht.nextcloud import Nextcloud, NextcloudConfig, NextcloudError
from zolicht.services import transfer
from zolicht.store import Store

EXAMPLE = "gezin-jansen.yaml"


def demo() -> None:
    """Start a development Nextcloud, provision the example family, and show what each
    member sees, read back from Nextcloud as that member."""
    from zolicht.devcloud.server import running

    example = example_file()
    with tempfile.TemporaryDirectory(prefix="zolicht-demo-") as tmp, \
            running(Path(tmp) / "nextcloud") as (url, _server):
        say(M.DEMO_CLOUD.format(url=url))
        ctx = Context(Store(f"sqlite:///{tmp}/demo.sqlite3"), root().clock, "demo")
        family = transfer.import_file(ctx, example)
        client = Nextcloud(NextcloudConfig(url, "admin", "admin"))
        outcome = reconcile.apply_family(ctx, reconcile.Run(client), family.slug)
        say(M.APPLY_DONE.format(slug=family.slug, count=outcome.done,
                                drift=len(outcome.plan.drift)))
        documents = {d.file_name for d in family.documents}
        for person in family.people:
            seen = [name for name in read_as(client, person.uid) if name in documents]
            names = ", ".join(seen) if seen else M.SEES_NOTHING
            say(f"{person.name:<22} {names}")
        client.close()
        ctx.store.close()


def read_as(admin: Nextcloud, uid: str) -> list[str]:
    """Give a demo password to ``uid`` (as admin) and list their files as them."""
    password = f"demo-{uid}-password"
    try:
        admin.users.set_password(uid, password)
    except NextcloudError:
        return []
    member = Nextcloud(NextcloudConfig(admin.config.url, uid, password))
    try:
        return sorted(e.path.rsplit("/", 1)[-1] for e in member.files.propfind("")[1:])
    finally:
        member.close()


def example_file() -> Path:
    """The demo family, from the source tree or from where pip installed the examples."""
    source_tree = Path(__file__).resolve().parents[3]
    for base in (source_tree, Path(sys.prefix) / "share" / "zolicht"):
        candidate = base / "examples" / EXAMPLE
        if candidate.is_file():
            return candidate
    raise InvalidInput("demo", M.FILE_MISSING.format(value=EXAMPLE))
