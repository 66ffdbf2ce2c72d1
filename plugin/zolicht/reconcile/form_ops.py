"""Reading a family's forms from Nextcloud, remembering them once they are right, and
keeping their answers before a question or form goes (``form_execute.py`` carries out the
form operations)."""

from __future__ import annotations

from zolicht.context import Context
from zolicht.nextcloud import Gone, Refused
from zolicht.nextcloud.forms import LOST, Forms, ObservedForm
from zolicht.reconcile.forms import DesiredForm, fingerprint
from zolicht.store.forms import RecordedForm


def observe_forms(forms: Forms, recorded: dict[str, RecordedForm],
                  wanted: list[DesiredForm],
                  owned: dict[int, int]) -> tuple[dict[str, ObservedForm], set[str]]:
    """(forms read, forms settled). ``owned`` is Forms' list of the service account's
    forms (id → ``lastUpdated``). A form is settled, and not read, when neither Forms nor
    the record changed it since zolicht last made it right; else it costs one request."""
    found: dict[str, ObservedForm] = {}
    settled: set[str] = set()
    for form in wanted:
        record = recorded.get(form.spec.key)
        if record is None or record.id not in owned:
            continue
        if (owned[record.id], fingerprint(form)) == (record.last_updated, record.fingerprint):
            settled.add(form.spec.key)
            continue
        try:
            found[form.spec.key] = forms.read(record.id)
        except Gone:
            pass
        except Refused as error:
            if error.http_status != LOST:
                raise
    return found, settled


def settle(ctx: Context, slug: str, wanted: list[DesiredForm],
           observed: dict[str, ObservedForm], owned: dict[int, int]) -> None:
    """Remember each form that is now right, with Forms' ``lastUpdated`` for it."""
    with ctx.store.transaction() as tx:
        records = tx.forms(slug)
        for form in wanted:
            current = observed.get(form.spec.key)
            if current is not None and current.id in owned:
                records.record_form(form.spec.key, RecordedForm(
                    current.id, owned[current.id], fingerprint(form)))


def archive_answers(ctx: Context, forms: Forms, slug: str, key: str, form_id: int) -> None:
    """Copy every submission into the family record before a question is removed."""
    submissions = forms.read_submissions(key, form_id)
    with ctx.store.transaction() as tx:
        records = tx.forms(slug)
        for submission in submissions:
            records.keep_submission(submission)
