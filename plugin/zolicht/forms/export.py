"""A family's form answers as a Markdown summary for the dossier. Pure.

Answers hold whatever people typed, HTML and Markdown included. Everything taken from an
answer or a name is escaped, so the summary shows the text exactly and a viewer that
renders Markdown (or the HTML inside it) runs nothing and changes no layout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from zolicht import messages as M
from zolicht.domain.model import Family
from zolicht.domain.proposals import (
    FLAG_DOUBT,
    NEVER_FIELD,
    Proposal,
    ProposalKind,
    Submission,
)
from zolicht.forms.instance import definition_of

HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def escape(text: str) -> str:
    """Text safe to place in Markdown: HTML entities for markup characters, a backslash
    before Markdown's own, line breaks kept as hard breaks."""
    plain = "".join(HTML.get(c, c) for c in text)
    lines = [MARKDOWN.sub(r"\\\1", line) for line in plain.splitlines()]
    return "  \n".join(lines)


def summary(family: Family, titles: dict[str, str], submissions: Sequence[Submission],
            proposals: Sequence[Proposal], notes: Sequence[tuple[datetime, str, str, str]],
            uid_names: dict[str, str]) -> str:
    """``titles``: form key → form title; ``uid_names``: Nextcloud user id → name."""
    out = [f"# {M.EXPORT_TITLE.format(family=escape(family.name))}", ""]
    for key in sorted({s.form for s in submissions}):
        out += [f"## {escape(titles.get(definition_of(key), key))}", ""]
        for submission in (s for s in submissions if s.form == key):
            who = escape(uid_names.get(submission.user_id, submission.user_id))
            heading = M.EXPORT_FILLED_IN.format(name=who, at=_when(submission.submitted_at))
            out += [f"### {heading}", ""]
            for answer in submission.answers:
                question = answer.text or answer.question or M.EXPORT_REMOVED_QUESTION
                value = M.EXPORT_PRIVATE if private_answer(answer.question) \
                    else escape(answer.value)
                out += [f"**{escape(question)}**  ", value or "-", ""]
    if not submissions:
        out += [M.EXPORT_NO_ANSWERS, ""]
    if proposals:
        out += [f"## {M.EXPORT_PROPOSALS}", ""]
        out += [f"- #{p.id} {escape(p.kind.value)} ({M.STATE_NAMES[p.state.value]}): "
                f"{escape(proposal_summary(family, p))}" for p in proposals]
        out.append("")
    if notes:
        out += [f"## {M.EXPORT_NOTES}", ""]
        for at, author, source, text in notes:
            out += [f"*{_when(at)}, {escape(source)}, {escape(author)}*  ", escape(text), ""]
    return "\n".join(out)


def private_answer(question: str) -> bool:
    """Why someone must never be involved: for the professional's proposal view only."""
    match = NEVER_FIELD.fullmatch(question)
    return match is not None and match[2] == "waarom"


def proposal_summary(family: Family, proposal: Proposal, private: bool = False) -> str:
    """One line saying what a proposal asks, with names from the record. The reason given
    for "never involve" is in it only when ``private`` (the professional's own view): it is
    printed in no summary, document or log."""
    payload = proposal.payload
    if proposal.kind in (ProposalKind.MEMBER, ProposalKind.UPDATE):
        line = (M.PROPOSAL_MEMBER if proposal.kind is ProposalKind.MEMBER
                else M.PROPOSAL_UPDATE).format(name=payload.get("name", ""))
        circle = M.SAFETY_CIRCLES.get(str(payload.get("circle") or ""))
        return M.PROPOSAL_CIRCLE.format(summary=line, circle=circle) if circle else line
    if proposal.kind is ProposalKind.NEVER:
        line = M.PROPOSAL_NEVER.format(name=payload.get("name", ""))
        reason = " ".join(str(payload.get("reason") or "").split())
        return M.PROPOSAL_NEVER_REASON.format(summary=line, reason=reason) \
            if private and reason else line
    if proposal.kind is ProposalKind.GRANT:
        member = family.person(payload["member"])
        document = family.document(payload["document"])
        return M.PROPOSAL_GRANT.format(member=member.name if member else payload["member"],
                                       document=document.title if document
                                       else payload["document"])
    if proposal.kind is ProposalKind.RECORD:
        return record_summary(family, payload)
    first = " / ".join(answer for _question, answer in payload.get("answers", []))
    text = first if len(first) <= 80 else first[:79] + "…"
    template = M.PROPOSAL_CONTACT if proposal.kind is ProposalKind.CONTACT else M.PROPOSAL_NOTE
    return template.format(text=" ".join(text.split())) + follow_up(payload)


def follow_up(payload: dict[str, Any]) -> str:
    """The marks that ask the professional to follow a note up (step 1: a doubt, a wish to
    meet a peer expert), after the note's shortened text so they always show."""
    marks = [M.PROPOSAL_DOUBT_MARK] if payload.get("flag") == FLAG_DOUBT else []
    if payload.get("peer_expert"):
        marks.append(M.PROPOSAL_PEER_MARK)
    return "".join(f" [{mark}]" for mark in marks)


def record_summary(family: Family, payload: dict[str, Any]) -> str:
    """What a proposal for the method record asks, in words."""
    person = family.person(str(payload.get("person", "")))
    name = person.name if person else str(payload.get("name", ""))
    part = payload.get("part")
    if part == "task":
        return M.PROPOSAL_TASK.format(name=name, what=payload["what"],
                                      when=payload.get("when") or "-")
    if part == "jim":
        return M.PROPOSAL_JIM.format(field=M.JIM_PARTS[payload["field"]],
                                     value=payload["value"])
    if part == "offers":
        return M.PROPOSAL_OFFERS.format(name=name, value=payload["value"])
    return M.PROPOSAL_BACKUP.format(name=name)


def _when(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M")
