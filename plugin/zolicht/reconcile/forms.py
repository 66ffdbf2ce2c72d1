"""The family's Nextcloud Forms: what should exist, what does, and the operations between. Pure.

Every form belongs to the service account and is shared with one group, or for a
decider's form (step 5) or a youth's own form with that one person, with ``submit`` only:
family members (or, for the check-in, network members) can fill it in but cannot read
each other's answers; the professional reads them through zolicht. Step 5 names documents
in its questions, so each person who decides about documents gets a copy asking only about
those (a father without authority gets none). Someone the family said must never be
involved gets no copy of any form and is asked about in no question.

Questions are matched by their ``name``. A question whose definition changed is updated in
place, so its answers stay; a question that is no longer wanted is archived (its answers
copied into the family record) before it is removed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from zolicht.domain import names
from zolicht.domain.consent import age_on, requirement
from zolicht.domain.model import Circle, Document, Family, FamilyStatus
from zolicht.forms.definitions import FormDefinition
from zolicht.forms.instance import TOPIC_KINDS, Expanded, FormSpec, QuestionSpec, instantiate
from zolicht.nextcloud.forms import (
    GROUP_SHARE,
    USER_SHARE,
    ObservedForm,
    ObservedQuestion,
)
from zolicht.reconcile.desired import Account
from zolicht.reconcile.ops import (
    AddQuestion,
    ArchiveQuestion,
    CreateForm,
    Op,
    OrderQuestions,
    ShareForm,
    UnshareForm,
    UpdateForm,
    UpdateQuestion,
)

SUBMIT_ONLY = ("submit",)
ADULT = 18
OPEN, CLOSED = 0, 1


@dataclass(frozen=True)
class DesiredForm:
    spec: FormSpec
    share_type: int
    share_with: str
    """The group, or for a decider's form the account, that fills it in."""
    state: int

    def settings(self) -> dict[str, Any]:
        """The form-level fields zolicht decides, as Forms' ``keyValuePairs``."""
        return {"title": self.spec.title, "description": self.spec.description,
                "state": self.state, "submitMultiple": True, "isAnonymous": False,
                "allowEditSubmissions": False,
                "access": {"permitAllUsers": False, "showToAllUsers": False}}


def fingerprint(form: DesiredForm) -> str:
    """Changes whenever anything zolicht wants of the form changes."""
    wanted = [form.settings(), form.share_type, form.share_with,
              [q.__dict__ for q in form.spec.questions]]
    return hashlib.sha256(json.dumps(wanted, sort_keys=True).encode()).hexdigest()


def desired_forms(family: Family, definitions: list[FormDefinition], on: date,
                  accounts: tuple[Account, ...]) -> list[DesiredForm]:
    state = CLOSED if family.status is FamilyStatus.CLOSED else OPEN
    forms = []
    for definition in definitions:
        if definition.audience == "decider":
            forms += _deciders_forms(family, definition, on, accounts, state)
            continue
        if definition.audience == "youth":
            forms += _youth_forms(family, definition, on, accounts, state)
            continue
        circle = Circle.NETWORK if definition.audience == "network" else Circle.FAMILY
        forms.append(DesiredForm(instantiate(definition, family), GROUP_SHARE,
                                 names.circle_group(family.space, circle), state))
    return forms


def _deciders_forms(family: Family, definition: FormDefinition, on: date,
                    accounts: tuple[Account, ...], state: int) -> list[DesiredForm]:
    """A copy per person with an account who decides about any topic document."""
    forms = []
    deciding = {d.key: consenters(family, d, on) for d in family.documents
                if d.kind in TOPIC_KINDS}
    expanded: Expanded = {}
    for account in accounts:
        if family.never_involved(account.person):
            continue
        decides = frozenset(key for key, who in deciding.items() if account.person in who)
        if decides:
            spec = instantiate(definition, family, account.person, decides, expanded)
            forms.append(DesiredForm(spec, USER_SHARE, account.uid, state))
    return forms


def _youth_forms(family: Family, definition: FormDefinition, on: date,
                 accounts: tuple[Account, ...], state: int) -> list[DesiredForm]:
    """A copy of their own for each family member under 18 with an account."""
    forms = []
    for account in accounts:
        person = family.person(account.person)
        if person is None or person.circle is not Circle.FAMILY \
                or person.birth_date is None or age_on(person.birth_date, on) >= ADULT \
                or family.never_involved(person.key):
            continue
        spec = instantiate(definition, family, person.key)
        forms.append(DesiredForm(spec, USER_SHARE, account.uid, state))
    return forms


def consenters(family: Family, document: Document, on: date) -> frozenset[str]:
    subject = family.person(document.subject)
    return requirement(subject, family.people, on).consenters if subject else frozenset()


def plan_forms(wanted: list[DesiredForm], observed: dict[str, ObservedForm],
               settled: set[str]) -> list[Op]:
    """Operations for every form not ``settled`` (unchanged on both sides since zolicht
    last made it right)."""
    ops: list[Op] = []
    for form in wanted:
        key = form.spec.key
        if key in settled:
            continue
        current = observed.get(key)
        if current is None:
            ops.append(CreateForm(key))
            ops += [AddQuestion(key, question=q.name) for q in form.spec.questions]
            ops.append(ShareForm(key, uid=form.share_with))
            continue
        if current.settings != form.settings():
            ops.append(UpdateForm(key))
        ops += _questions(form.spec, current)
        ops += _shares(form, current)
    return ops


def _questions(spec: FormSpec, current: ObservedForm) -> list[Op]:
    ops: list[Op] = []
    kept: list[str] = []
    for question in current.questions:
        wanted = spec.question(question.name)
        if wanted is None or wanted.type != question.type or question.name in kept:
            ops.append(ArchiveQuestion(spec.key, question=question.name,
                                       question_id=question.id))
            continue
        kept.append(question.name)
        if not matches(question, wanted):
            ops.append(UpdateQuestion(spec.key, question=question.name,
                                      question_id=question.id))
    added = [q.name for q in spec.questions if q.name not in kept]
    ops += [AddQuestion(spec.key, question=name) for name in added]
    if kept + added != [q.name for q in spec.questions]:
        ops.append(OrderQuestions(spec.key))
    return ops


def _shares(form: DesiredForm, current: ObservedForm) -> list[Op]:
    ops: list[Op] = []
    kept = False
    for share in current.shares:
        right = (share.share_type, share.share_with, share.permissions) == (
            form.share_type, form.share_with, SUBMIT_ONLY)
        if right and not kept:
            kept = True
        else:
            ops.append(UnshareForm(form.spec.key, uid=share.share_with, share_id=share.id))
    if not kept:
        ops.append(ShareForm(form.spec.key, uid=form.share_with))
    return ops


def matches(current: ObservedQuestion, wanted: QuestionSpec) -> bool:
    return (current.text, current.description, current.required, current.extra) == (
        wanted.text, wanted.description, wanted.required, wanted.extra) and \
        [text for _, text in current.options] == list(wanted.options)


def question_pairs(wanted: QuestionSpec, current: ObservedQuestion | None) -> dict[str, Any]:
    """The ``keyValuePairs`` that make ``current`` (None: a new question) match ``wanted``."""
    pairs: dict[str, Any] = {}
    if current is None or current.name != wanted.name:
        pairs["name"] = wanted.name
    if current is not None and current.text != wanted.text:
        pairs["text"] = wanted.text
    if (current.description if current else "") != wanted.description:
        pairs["description"] = wanted.description
    if (current.required if current else False) != wanted.required:
        pairs["isRequired"] = wanted.required
    if (current.extra if current else "{}") != wanted.extra:
        pairs["extraSettings"] = wanted.extra_settings
    return pairs
