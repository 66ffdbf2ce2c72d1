"""Carrying out the form operations, one handler per kind.

``step.observed.forms`` is kept up to date as operations succeed (a created form, an added
question), so that later operations of the same run find the ids they need.
"""

from __future__ import annotations

from typing import Any

from zolicht.nextcloud import Gone
from zolicht.nextcloud.forms import Forms, ObservedForm, ObservedQuestion
from zolicht.reconcile.form_ops import archive_answers
from zolicht.reconcile.forms import SUBMIT_ONLY, DesiredForm, question_pairs
from zolicht.reconcile.ops import (
    AddQuestion,
    ArchiveQuestion,
    CreateForm,
    DeleteForm,
    Op,
    OrderQuestions,
    ShareForm,
    UnshareForm,
    UpdateForm,
    UpdateQuestion,
)
from zolicht.reconcile.step import Handler, Step
from zolicht.store.forms import RecordedForm


def _forms(step: Step) -> Forms:
    return step.run.client.forms


def _desired(step: Step, op: Op) -> DesiredForm:
    return next(f for f in step.wanted.forms if f.spec.key == op.target)


def _current(step: Step, op: Op) -> ObservedForm:
    return step.observed.forms[op.target]


def create_form(step: Step, op: CreateForm) -> None:
    desired = _desired(step, op)
    form_id = _forms(step).create()
    with step.ctx.store.transaction() as tx:
        tx.forms(step.slug).record_form(op.target, RecordedForm(form_id))
    _forms(step).update(form_id, desired.settings())
    step.observed.forms[op.target] = ObservedForm(form_id, desired.settings())


def update_form(step: Step, op: UpdateForm) -> None:
    current = _current(step, op)
    _forms(step).update(current.id, _changed(current.settings, _desired(step, op).settings()))


def add_question(step: Step, op: AddQuestion) -> None:
    forms, current = _forms(step), _current(step, op)
    spec = _desired(step, op).spec.question(op.question)
    assert spec is not None
    question_id = forms.add_question(current.id, spec.type, spec.text)
    forms.update_question(current.id, question_id, question_pairs(spec, None))
    option_ids = forms.add_options(current.id, question_id, list(spec.options)) \
        if spec.options else []
    current.questions.append(ObservedQuestion(
        question_id, op.question, spec.type, spec.text, spec.description, spec.required,
        list(zip(option_ids, spec.options, strict=True)), spec.extra))


def update_question(step: Step, op: UpdateQuestion) -> None:
    """Change text, settings and options in place, so the answers stay with the question."""
    forms, current = _forms(step), _current(step, op)
    spec = _desired(step, op).spec.question(op.question)
    question = current.question(op.question)
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


def archive_question(step: Step, op: ArchiveQuestion) -> None:
    current = _current(step, op)
    archive_answers(step.ctx, _forms(step), step.slug, op.target, current.id)
    _forms(step).delete_question(current.id, op.question_id)
    current.questions = [q for q in current.questions if q.id != op.question_id]


def order_questions(step: Step, op: OrderQuestions) -> None:
    current = _current(step, op)
    ids = {q.name: q.id for q in current.questions}
    _forms(step).order_questions(
        current.id, [ids[q.name] for q in _desired(step, op).spec.questions])


def share_form(step: Step, op: ShareForm) -> None:
    current, desired = _current(step, op), _desired(step, op)
    current.shares.append(_forms(step).share(current.id, desired.share_type,
                                             desired.share_with, list(SUBMIT_ONLY)))


def unshare_form(step: Step, op: UnshareForm) -> None:
    _forms(step).unshare(_current(step, op).id, op.share_id)


def delete_form(step: Step, op: DeleteForm) -> None:
    """Keep a form's answers in the record, then remove it from Forms (and the record).

    A blank form left behind is removed only if it is still blank and still nobody's: the
    answer to another run's creation may just have arrived."""
    forms = _forms(step)
    try:
        if op.reason == "orphan" and not _still_orphan(step, op.form_id):
            return
        archive_answers(step.ctx, forms, step.slug, op.target, op.form_id)
        forms.delete(op.form_id)
    except Gone:
        pass
    with step.ctx.store.transaction() as tx:
        records = tx.forms(step.slug)
        if records.forms().get(op.target, RecordedForm(0)).id == op.form_id:
            records.forget_form(op.target)


def _still_orphan(step: Step, form_id: int) -> bool:
    with step.ctx.store.reading() as tx:
        recorded = form_id in tx.forms(step.slug).every_form_id()
    return not recorded and _forms(step).read(form_id).blank


def _changed(current: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in wanted.items() if current.get(key) != value}


FORM_HANDLERS: dict[type[Op], Handler] = {
    CreateForm: create_form, UpdateForm: update_form, AddQuestion: add_question,
    UpdateQuestion: update_question, ArchiveQuestion: archive_question,
    OrderQuestions: order_questions, ShareForm: share_form, UnshareForm: unshare_form,
    DeleteForm: delete_form,
}
