"""The ``zolicht`` command. Flags are English; what it says to people is Dutch, its help
and click's own words included (``dutch``; the help texts are in ``messages``).

Every command and group is in one table below, in the order ``zolicht --help`` lists them;
each lives in the module of its group (``family``, ``grants``, ``audit``, ``contacts``,
``method``, ``forms``, ``documents``, ``provision``, ``web``, ``demo``). Each command runs on one
``bootstrap.Root`` (settings, store, clock, Nextcloud), built once in :func:`main` and
reached through ``runtime``; what the commands say is shaped in ``present``.
"""

from __future__ import annotations

import sys

import typer

from zolicht import messages as M
from zolicht.bootstrap import build
from zolicht.cli import (
    audit,
    contacts,
    demo,
    documents,
    dutch,
    family,
    forms,
    grants,
    method,
    provision,
    web,
)
from zolicht.cli.runtime import CURRENT, complain, out
from zolicht.clock import Clock
from zolicht.domain.errors import InvalidInput
from zolicht.nextcloud import NextcloudError

__all__ = ["app", "command", "main", "out"]

app = typer.Typer(no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)

for name, function in (
    ("grant", grants.grant),
    ("consent", grants.consent),
    ("revoke", grants.revoke),
    ("matrix", grants.matrix_command),
    ("render", documents.render_command),
    ("devcloud", web.devcloud_command),
    ("plan", provision.plan_command),
    ("apply", provision.apply_command),
    ("drift", provision.drift_command),
    ("worker", provision.worker_command),
    ("doctor", provision.doctor_command),
    ("serve", web.serve_command),
    ("demo", demo.demo),
):
    app.command(name)(function)

for name, group in (
    ("family", family.family_app),
    ("person", family.person_app),
    ("document", family.document_app),
    ("audit", audit.audit_app),
    ("contact", contacts.contact_app),
    ("method", method.method_app),
    ("forms", forms.forms_app),
    ("proposals", forms.proposals_app),
    ("documents", documents.documents_app),
):
    app.add_typer(group, name=name)

command = typer.main.get_command(app)
"""The click command typer built from ``app``, with the Dutch help of ``messages``."""
dutch.set_help(command)


def main(clock: Clock | None = None) -> None:
    """The console script; ``clock`` replaces the system clock (tests).

    Bad input prints one line ``fout: FIELD: RULE`` to stderr and exits with code 2; a
    refusal from Nextcloud exits with code 1.
    """
    dutch.install()
    composed = build(clock=clock)
    token = CURRENT.set(composed)
    try:
        command(prog_name="zolicht")
    except InvalidInput as error:
        complain(M.ERROR_LINE.format(field=error.field, message=error.message))
        sys.exit(2)
    except NextcloudError as error:
        complain(M.NEXTCLOUD_ERROR.format(problem=error))
        sys.exit(1)
    finally:
        CURRENT.reset(token)
        composed.close()
