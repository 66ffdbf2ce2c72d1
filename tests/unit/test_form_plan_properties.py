"""Properties of the pure form planner (``reconcile.forms.plan_forms``): whatever a form
looks like in Nextcloud, its operations, applied by a small in-memory model of Forms, make
it exactly the wanted form, so that planning again finds nothing to do; a question that is
still wanted with the same type is changed in place (its answers stay), never archived."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from zolicht.forms.instance import FormSpec, QuestionSpec
from zolicht.nextcloud.forms import (
    GROUP_SHARE,
    USER_SHARE,
    FormShare,
    ObservedForm,
    ObservedQuestion,
)
from zolicht.reconcile import ops as O
from zolicht.reconcile.forms import SUBMIT_ONLY, DesiredForm, plan_forms

KEY = "stap-1"
names = st.sampled_from(["a", "b", "c", "d"])
types = st.sampled_from(["short", "long", "multiple_unique"])
texts = st.sampled_from(["Wie?", "Wat?", "Hoe vaak?"])


@st.composite
def wanted_forms(draw: st.DrawFn) -> DesiredForm:
    questions = tuple(
        QuestionSpec(name, draw(types), draw(texts), draw(st.sampled_from(["", "uitleg"])),
                     draw(st.booleans()), tuple(draw(st.lists(texts, max_size=2))))
        for name in draw(st.lists(names, unique=True, max_size=4)))
    spec = FormSpec(KEY, 1, "family", draw(texts), "", questions)
    share_type = draw(st.sampled_from([GROUP_SHARE, USER_SHARE]))
    return DesiredForm(spec, share_type, draw(st.sampled_from(["zl-s-g", "zl-u1"])),
                       draw(st.sampled_from([0, 1])))


@st.composite
def observed_forms(draw: st.DrawFn, wanted: DesiredForm) -> ObservedForm:
    """A form that may be anything between empty, stale, tampered with and right."""
    ids = iter(range(1, 100))
    questions = []
    for name in draw(st.lists(names, max_size=5)):  # names may repeat: duplicates happen
        spec = wanted.spec.question(name)
        right = spec is not None and draw(st.booleans())
        questions.append(as_observed(spec, next(ids)) if right and spec else ObservedQuestion(
            next(ids), name, draw(types), draw(texts), "", draw(st.booleans()),
            [(next(ids), t) for t in draw(st.lists(texts, max_size=2))], "{}"))
    shares = [FormShare(next(ids), draw(st.sampled_from([GROUP_SHARE, USER_SHARE])),
                        draw(st.sampled_from(["zl-s-g", "zl-u1", "stranger"])),
                        draw(st.sampled_from([SUBMIT_ONLY, ("results", "submit")])))
              for _ in range(draw(st.integers(0, 3)))]
    settings_ = wanted.settings() if draw(st.booleans()) else {**wanted.settings(),
                                                               "title": "oud"}
    return ObservedForm(7, settings_, 0, questions, shares)


def as_observed(spec: QuestionSpec, qid: int) -> ObservedQuestion:
    return ObservedQuestion(qid, spec.name, spec.type, spec.text, spec.description,
                            spec.required, [(qid * 10 + n, t) for n, t in
                                            enumerate(spec.options)], spec.extra)


def carry_out(ops: list[O.Op], wanted: DesiredForm,
              form: ObservedForm | None) -> ObservedForm:
    """What Forms holds after zolicht's executor did ``ops``, as the executor does them."""
    spec, fresh = wanted.spec, iter(range(1000, 2000))
    for op in ops:
        match op:
            case O.CreateForm() if type(op) is O.CreateForm:
                form = ObservedForm(99, wanted.settings())  # created, then patched
            case O.UpdateForm():
                assert form is not None
                form.settings = wanted.settings()
            case O.AddQuestion():
                assert form is not None
                question = spec.question(op.question)
                assert question is not None
                form.questions.append(as_observed(question, next(fresh)))
            case O.UpdateQuestion():
                assert form is not None
                question = spec.question(op.question)
                assert question is not None
                form.questions = [as_observed(question, q.id) if q.id == op.question_id else q
                                  for q in form.questions]
            case O.ArchiveQuestion() if type(op) is O.ArchiveQuestion:
                assert form is not None
                form.questions = [q for q in form.questions if q.id != op.question_id]
            case O.OrderQuestions():
                assert form is not None
                order = [q.name for q in spec.questions]
                form.questions.sort(key=lambda q: order.index(q.name))
            case O.ShareForm():
                assert form is not None
                form.shares.append(FormShare(next(fresh), wanted.share_type,
                                             wanted.share_with, SUBMIT_ONLY))
            case O.UnshareForm():
                assert form is not None
                form.shares = [s for s in form.shares if s.id != op.share_id]
            case _:
                raise AssertionError(f"unexpected operation {op}")
    assert form is not None
    return form


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_forms_operations_make_it_the_wanted_form(data: st.DataObject) -> None:
    wanted = data.draw(wanted_forms())
    before = data.draw(st.none() | observed_forms(wanted))
    ops = plan_forms([wanted], {KEY: before} if before else {}, set())
    keeper: dict[str, int] = {}  # per wanted question: the first of its type in Nextcloud
    for q in before.questions if before else []:
        if (spec := wanted.spec.question(q.name)) and spec.type == q.type:
            keeper.setdefault(q.name, q.id)
    archived = {op.question_id for op in ops if type(op) is O.ArchiveQuestion}
    assert not archived & set(keeper.values()), "a question still wanted lost its answers"

    after = carry_out(ops, wanted, replace(before, questions=list(before.questions),
                                           shares=list(before.shares)) if before else None)
    assert [(q.name, q.type, q.text) for q in after.questions] == [
        (q.name, q.type, q.text) for q in wanted.spec.questions]
    assert [(s.share_type, s.share_with, s.permissions) for s in after.shares] == [
        (wanted.share_type, wanted.share_with, SUBMIT_ONLY)]
    assert plan_forms([wanted], {KEY: after}, set()) == []


@given(wanted_forms())
def test_a_settled_form_is_not_planned(wanted: DesiredForm) -> None:
    assert plan_forms([wanted], {}, {KEY}) == []
