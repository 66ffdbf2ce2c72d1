"""A form definition made concrete for one family: what its Nextcloud Form should hold. Pure.

Each question carries a stable ``name`` (Forms' own "technical name" field). zolicht finds
its questions on the server by that name, so a changed text is an update of the same
question and its answers stay with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from zolicht.domain.model import Circle, Document, DocumentKind, Family
from zolicht.forms.definitions import FormDefinition, Question

SEPARATOR = "__"
"""Joins a question key with the document and member keys it was repeated for."""
TOPIC_KINDS = {DocumentKind.PSYCHO_EDUCATION, DocumentKind.AFSPRAKEN,
               DocumentKind.NETWORK_MAP, DocumentKind.SIGNALERINGSPLAN}
"""Documents the family may want to tell their network about (step 5)."""


@dataclass(frozen=True)
class QuestionSpec:
    name: str
    type: str
    text: str
    description: str = ""
    required: bool = False
    options: tuple[str, ...] = ()
    extra: str = "{}"
    """Forms' ``extraSettings`` as canonical JSON, so that specs compare by value."""

    @property
    def extra_settings(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.extra)
        return loaded


@dataclass(frozen=True)
class FormSpec:
    key: str
    version: int
    audience: str
    title: str
    description: str
    questions: tuple[QuestionSpec, ...]

    def question(self, name: str) -> QuestionSpec | None:
        return next((q for q in self.questions if q.name == name), None)


Expanded = dict[tuple[int, str], list[QuestionSpec]]
"""Questions as expanded for one document (by the question's id and the document's key),
kept by a caller that makes several copies of a form for one family."""


def instantiate(definition: FormDefinition, family: Family, decider: str = "",
                documents: frozenset[str] | None = None,
                expanded: Expanded | None = None) -> FormSpec:
    """The form for ``family``; for a ``decider`` audience, the copy for the person with key
    ``decider``, asking only about ``documents`` (those they decide about). ``expanded``:
    the expansions of earlier copies for this family, reused (and added to)."""
    topics = [d for d in family.documents if d.kind in TOPIC_KINDS
              and (documents is None or d.key in documents)]
    questions: list[QuestionSpec] = []
    for question in definition.questions:
        if expanded is None or "document" not in question.for_each:
            questions += _expand(question, family, topics)
            continue
        for topic in topics:
            key = (id(question), topic.key)
            if key not in expanded:
                expanded[key] = _expand(question, family, [topic])
            questions += expanded[key]
    return FormSpec(
        key=form_key(definition.form, decider),
        version=definition.version,
        audience=definition.audience,
        title=f"{definition.title} ({family.name})"[:256],
        description=definition.description,
        questions=tuple(questions),
    )


def form_key(form: str, person: str = "") -> str:
    """The key of a family's form: the definition's, with the person for a copy of one's
    own (a decider's, a youth's)."""
    return f"{form}{SEPARATOR}{person}" if person else form


def definition_of(key: str) -> str:
    """The definition a family's form key was made from."""
    return key.split(SEPARATOR, 1)[0]


def _expand(question: Question, family: Family,
            topics: list[Document]) -> list[QuestionSpec]:
    documents: list[Document | None] = list(topics) if "document" in question.for_each \
        else [None]
    members = list(family.involved(Circle.NETWORK)) \
        if "network_member" in question.for_each else [None]
    extra = json.dumps(_extra(question), sort_keys=True)
    specs = []
    for document in documents:
        for member in members:
            name = SEPARATOR.join(k for k in (question.key, document and document.key,
                                              member and member.key) if k)
            fill = {"{title}": document.title if document else "",
                    "{name}": member.name if member else ""}
            specs.append(QuestionSpec(
                name=name,
                type=question.type,
                text=_fill(question.text, fill)[:2048],
                description=_fill(question.description, fill),
                required=question.required,
                options=tuple(_fill(o, fill)[:1024] for o in question.options),
                extra=extra,
            ))
    return specs


def _fill(text: str, values: dict[str, str]) -> str:
    """Replace placeholders literally: titles and names may contain braces themselves."""
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def _extra(question: Question) -> dict[str, Any]:
    if question.scale is None:
        return {}
    lowest, highest, label_lowest, label_highest = question.scale
    return {"optionsLowest": lowest, "optionsHighest": highest,
            "optionsLabelLowest": label_lowest, "optionsLabelHighest": label_highest}


def split_name(name: str) -> tuple[str, str, str]:
    """(question key, document key, member key) of an expanded question's name."""
    parts = name.split(SEPARATOR)
    return parts[0], parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else ""
