"""``zolicht plan``, ``apply``, ``drift``, ``worker`` and ``doctor``: Nextcloud made to
match the families' record, and checked for what zolicht needs."""

from __future__ import annotations

import json
import os
import sys
import threading
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.progress import Progress

from zolicht import messages as M
from zolicht import reconcile
from zolicht.bootstrap import Root
from zolicht.cli import dutch
from zolicht.cli.present import drift_line, names, outcome_lines, plan_json, plan_lines
from zolicht.cli.runtime import nextcloud_run, open_context, root, say
from zolicht.context import Context
from zolicht.domain.errors import InvalidInput
from zolicht.nextcloud import Nextcloud, NextcloudError
from zolicht.nextcloud.webhooks import (
    FINGERPRINT_HEADER,
    NODE_WRITTEN,
    SHARE_CREATED,
    SHARE_DELETED,
    SHARE_UPDATED,
    fingerprint,
)
from zolicht.reconcile import worker
from zolicht.services import family as families
from zolicht.services import notify, webhooks

if TYPE_CHECKING:
    from zolicht.doctor import Finding

SHARE_EVENTS = (SHARE_CREATED, SHARE_UPDATED, SHARE_DELETED)

Target = Annotated[Optional[str], typer.Argument(help="Family slug")]
All = Annotated[bool, typer.Option("--all", help="Every family")]


def slugs(ctx: Context, family: str | None, every: bool) -> list[str]:
    if every:
        return [s.slug for s in families.list_families(ctx)]
    if family is None:
        raise InvalidInput("family", M.FAMILY_OR_ALL)
    return [family]


def plan_command(family: Target = None, every: All = False,
                 as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Show what apply would change in Nextcloud, without changing anything."""
    with nextcloud_run() as nc, open_context() as ctx:
        plans = [(reconcile.plan_family(ctx, nc, slug), names(ctx, slug))
                 for slug in slugs(ctx, family, every)]
    if as_json:
        sys.stdout.write(json.dumps([plan_json(p) for p, _ in plans], indent=2) + "\n")
        return
    for p, called in plans:
        for line in plan_lines(p, called):
            say(line)


def apply_command(
    family: Target = None, every: All = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask")] = False,
    accept_advisory: Annotated[Optional[list[str]], typer.Option(
        "--accept-advisory", help="Provision a server affected by this advisory anyway "
                                  "(its name, e.g. CVE-2026-45285; recorded in the audit "
                                  "trail)")] = None,
    queue: Annotated[bool, typer.Option(
        "--queue", help="Leave the applies to the workers (zolicht worker), which share "
                        "them")] = False,
) -> None:
    """Make Nextcloud match the families' choices; revocations go first."""
    if queue:
        with open_context() as ctx:
            targets = slugs(ctx, family, every)
            with ctx.store.transaction() as tx:
                for slug in targets:
                    tx.jobs.apply(slug, ctx.now())
        say(M.APPLY_QUEUED.format(count=len(targets)))
        return
    failed = 0
    with nextcloud_run(accepted=accept_advisory or ()) as nc, open_context() as ctx:
        targets = slugs(ctx, family, every)
        if not yes and not dutch.confirm(M.APPLY_CONFIRM.format(count=len(targets))):
            raise typer.Exit(1)
        with Progress(transient=True) as progress:
            task = progress.add_task("apply", total=len(targets))
            outcomes = []
            for slug in targets:
                outcomes.append(reconcile.apply_family(ctx, nc, slug))
                progress.advance(task)
        reads, writes = nc.client.counter.reads, nc.client.counter.writes
        for slug, outcome in zip(targets, outcomes, strict=True):
            failed += not outcome.complete
            say_outcome(ctx, slug, outcome)
            notify.after_apply(ctx, nc.client, slug, outcome)
    say(M.APPLY_SUMMARY.format(families=len(outcomes), failed=failed, reads=reads,
                               writes=writes))
    if failed:
        raise typer.Exit(1)


def drift_command(family: Target = None) -> None:
    """List shares in the family folders that no grant explains, without fixing them."""
    found = 0
    with nextcloud_run() as nc, open_context() as ctx:
        for slug in slugs(ctx, family, family is None):
            called = names(ctx, slug)
            for d in reconcile.plan_family(ctx, nc, slug).drift:
                found += 1
                say(drift_line(called, d))
    if not found:
        say(M.NO_DRIFT)


def say_outcome(ctx: Context, slug: str, outcome: reconcile.Outcome) -> None:
    for line in outcome_lines(ctx, slug, outcome):
        say(line)


def worker_command(
    once: Annotated[bool, typer.Option("--once", help="One round, then stop")] = False,
    interval: Annotated[float, typer.Option(help="Seconds between rounds")] = 5.0,
) -> None:
    """Do the queued work: apply families (asked for with apply --queue, or waiting for
    Nextcloud after a rate limit or outage) and send notifications that failed. Run any
    number of workers on one PostgreSQL database; no family is done by two at once."""
    one, sweep = worker_runs(root())
    with open_context() as ctx:
        if once:
            for slug, outcome in worker.run_due(ctx, one, new_sweep=sweep,
                                                after=notify.after_apply).items():
                say_outcome(ctx, slug, outcome)
            return
        say(M.WORKER_STARTED.format(interval=interval))
        worker.work(ctx, one, threading.Event(), interval, new_sweep=sweep,
                    watch_every=root().settings.share_watch, after=notify.after_apply)


def worker_runs(composition: Root) -> tuple[worker.NewRun, worker.NewRun]:
    """The runs a worker applies families in, each with a session of its own (the worker
    closes it): a one-family run, and a full run for a round with many families due
    (``worker.run_due``)."""
    return (lambda: composition.run(per_family=True), lambda: composition.run())


def doctor_command(
    fix: Annotated[bool, typer.Option("--fix", help="Register Nextcloud's webhooks")] = False,
) -> None:
    """Check what zolicht needs from Nextcloud, and say how to fix what is missing."""
    from zolicht import doctor

    with root().connected() as client:
        found = doctor.findings(doctor.gather(client, root().settings.accepted_advisories))
        found += webhook_findings(client, fix)
    say(M.DOCTOR_HEADER.format(url=client.config.url, user=client.user))
    for finding in found:
        say(f"[{finding.level.value}] {finding.text}")
    fails = sum(f.level is doctor.Level.FAIL for f in found)
    say(M.DOCTOR_SUMMARY.format(fail=fails,
                                warn=sum(f.level is doctor.Level.WARN for f in found)))
    if fails:
        raise typer.Exit(1)


def webhook_findings(client: Nextcloud, fix: bool) -> list[Finding]:
    """Whether Nextcloud calls zolicht when a family folder changes; with ``fix``, the
    webhooks registered first (once: a second run changes nothing)."""
    from zolicht.doctor import Finding, Level

    url = root().settings.public_url
    if not url:
        return [Finding(Level.WARN, M.DOCTOR_WEBHOOKS_NO_URL)]
    uri = url.rstrip("/") + webhooks.PATH
    key = webhooks.secret(client.config.app_password, os.environ.get(
        "ZOLICHT_WEBHOOK_SECRET", ""))
    try:
        if fix:
            ensured = webhooks.register_as_account(client, url, key)
            present = set(ensured.made + ensured.kept)
            absent = set(ensured.not_offered)
        else:
            mine = fingerprint(key)
            present = {r.event for r in client.webhooks.listing(uri)
                       if r.headers.get(FINGERPRINT_HEADER) == mine}
            absent = set()
    except NextcloudError as error:
        return [Finding(Level.WARN, M.DOCTOR_WEBHOOKS_FAILED.format(problem=error))]
    if NODE_WRITTEN not in present:
        return [Finding(Level.WARN, M.DOCTOR_WEBHOOKS_MISSING)]
    found = [Finding(Level.OK, M.DOCTOR_WEBHOOKS.format(uri=uri))]
    if absent or not present >= set(SHARE_EVENTS):
        found.append(Finding(Level.WARN, M.DOCTOR_WEBHOOKS_NO_SHARES))
    return found
