"""Reading a family's forms from Nextcloud and carrying out the form operations.

``observed`` is kept up to date as operations succeed (a created form, an added question),
so that later operations of the same run find the ids they need.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from zolicht import messages as M
from zolicht.context import Context
from zolicht.domain.proposals import Answer, Submission
from zolicht.nextcloud import Gone, Refused
from zolicht.nextcloud.forms import Forms
from zolicht.reconcile.forms import (
    SUBMIT_ONLY,
    DesiredForm,
    ObservedForm,
    ObservedQuestion,
    fingerprint,
    observed_form,
    question_pairs,
)
from zolicht.reconcile.ops import Kind, Op
from zolicht.store.forms import RecordedForm

LOST = 403
"""Forms' answer for a form the service account no longer has rights to."""


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
            found[form.spec.key] = observed_form(forms.get(record.id))
        except Gone:
            pass
        except Refused as error:
            if error.http_status != LOST:
                raise
    return found, settled


def owned_forms(forms: Forms) -> dict[int, int]:
    return {int(f["id"]): int(f.get("lastUpdated") or 0) for f in forms.owned()}


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


def carry_out(ctx: Context, forms: Forms, slug: str, op: Op, wanted: dict[str, DesiredForm],
              observed: dict[str, ObservedForm]) -> None:
    if op.kind is Kind.DELETE_FORM:
        _delete(ctx, forms, slug, op)
        return
    desired = wanted[op.target]
    if op.kind is Kind.CREATE_FORM:
        form_id = forms.create()
        with ctx.store.transaction() as tx:
            tx.forms(slug).record_form(op.target, RecordedForm(form_id))
        forms.update(form_id, desired.settings())
        observed[op.target] = ObservedForm(form_id, desired.settings())
        return
    current = observed[op.target]
    if op.kind is Kind.UPDATE_FORM:
        forms.update(current.id, _changed(current.settings, desired.settings()))
    elif op.kind is Kind.ADD_QUESTION:
        _add_question(forms, current, desired, op.document)
    elif op.kind is Kind.UPDATE_QUESTION:
        _update_question(forms, current, desired, op.document)
    elif op.kind is Kind.ARCHIVE_QUESTION:
        archive_answers(ctx, forms, slug, op.target, current.id)
        forms.delete_question(current.id, int(op.ref))
        current.questions = [q for q in current.questions if q.id != int(op.ref)]
    elif op.kind is Kind.ORDER_QUESTIONS:
        ids = {q.name: q.id for q in current.questions}
        forms.order_questions(current.id, [ids[q.name] for q in desired.spec.questions])
    elif op.kind is Kind.SHARE_FORM:
        current.shares.append(forms.share(current.id, desired.share_type, desired.share_with,
                                          list(SUBMIT_ONLY)))
    elif op.kind is Kind.UNSHARE_FORM:
        forms.unshare(current.id, int(op.ref))


def _delete(ctx: Context, forms: Forms, slug: str, op: Op) -> None:
    """Keep a form's answers in the record, then remove it from Forms (and the record).

    A blank form left behind is removed only if it is still blank and still nobody's: the
    answer to another run's creation may just have arrived."""
    form_id = int(op.ref)
    try:
        if op.reason == "orphan" and not _still_orphan(ctx, forms, slug, form_id):
            return
        archive_answers(ctx, forms, slug, op.target, form_id)
        forms.delete(form_id)
    except Gone:
        pass
    with ctx.store.transaction() as tx:
        records = tx.forms(slug)
        if records.forms().get(op.target, RecordedForm(0)).id == form_id:
            records.forget_form(op.target)


def blank(form: dict[str, Any]) -> bool:
    """A form as Forms creates it, before zolicht gave it a title, questions or shares:
    left behind when the answer to its creation was lost."""
    return not (form.get("title") or form.get("questions") or form.get("shares"))


def _still_orphan(ctx: Context, forms: Forms, slug: str, form_id: int) -> bool:
    with ctx.store.reading() as tx:
        recorded = form_id in tx.forms(slug).every_form_id()
    return not recorded and blank(forms.get(form_id))


def _changed(current: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in wanted.items() if current.get(key) != value}


def _add_question(forms: Forms, current: ObservedForm, desired: DesiredForm, name: str) -> None:
    spec = desired.spec.question(name)
    assert spec is not None
    question_id = forms.add_question(current.id, spec.type, spec.text)
    forms.update_question(current.id, question_id, question_pairs(spec, None))
    option_ids = forms.add_options(current.id, question_id, list(spec.options)) \
        if spec.options else []
    current.questions.append(ObservedQuestion(
        question_id, name, spec.type, spec.text, spec.description, spec.required,
        list(zip(option_ids, spec.options, strict=True)), spec.extra))


def _update_question(forms: Forms, current: ObservedForm, desired: DesiredForm,
                     name: str) -> None:
    """Change text, settings and options in place, so the answers stay with the question."""
    spec = desired.spec.question(name)
    question = current.question(name)
    assert spec is not None and question is not None
    pairs = question_pairs(spec, question)
    if pairs:
        forms.update_question(current.id, question.id, pairs)
    for (option_id, text), wanted in zip(question.options, spec.options, strict=False):
        if text != wanted:
            forms.rename_option(current.id, question.id, option_id, wanted)
    for option_id, _text in question.options[len(spec.options):]:
        forms.delete_option(current.id, question.id, option_id)
    extra = list(spec.options[len(question.options):])
    if extra:
        forms.add_options(current.id, question.id, extra)


def read_submissions(forms: Forms, key: str, form_id: int,
                     problems: list[str] | None = None) -> list[Submission]:
    """Every submission of a form, answers labelled with their question's name. One that
    cannot be read is left out and described in ``problems``."""
    data = forms.submissions(form_id)
    questions = {int(q["id"]): (str(q.get("name") or ""), str(q.get("text") or ""))
                 for q in data.get("questions") or []}
    found = []
    for item in data.get("submissions") or []:
        try:
            found.append(_submission(key, item, questions))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            if problems is not None:
                problems.append(M.SUBMISSION_UNREADABLE.format(form=key, reason=repr(error)))
    return found


def _submission(key: str, item: dict[str, Any],
                questions: dict[int, tuple[str, str]]) -> Submission:
    answers = tuple(Answer(*questions.get(int(a["questionId"]), ("", "")), str(a["text"]))
                    for a in item.get("answers") or [])
    at = datetime.fromtimestamp(int(item.get("timestamp") or 0), UTC).replace(tzinfo=None)
    return Submission(key, int(item["id"]), str(item.get("userId") or ""), at, answers)


def archive_answers(ctx: Context, forms: Forms, slug: str, key: str, form_id: int) -> None:
    """Copy every submission into the family record before a question is removed."""
    submissions = read_submissions(forms, key, form_id)
    with ctx.store.transaction() as tx:
        records = tx.forms(slug)
        for submission in submissions:
            records.keep_submission(submission)
