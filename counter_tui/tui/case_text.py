"""One case in words: the case detail's head, its checklist lines and its timeline's
particulars, for the detail screen and for ``counter-tui case show``, which prints the same
(rich Text, no Textual: the command line does not load the interface); where a 差评's
follow-up stands, and a rated step of a bundle case (its detail, docs/rules.md §21.1)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from rich.text import Text

from counter_tui.documents.labels import copies_label, fact, listing, procedure_label
from counter_tui.domain.checklist import FORM_LABELS, REFUSAL_LABELS, STATUS_LABELS, ChecklistLine
from counter_tui.domain.deadlines import Limit
from counter_tui.domain.errors import N_
from counter_tui.domain.legal import SUSPENSION_GROUND_LABELS, SuspensionGround
from counter_tui.domain.lifecycle import OPEN_STATES
from counter_tui.domain.numbering import DOCUMENT_TITLES
from counter_tui.domain.ratings import (
    APPEAL_OUTCOME_LABELS,
    FOLLOW_UP_RESULT_LABELS,
    REASON_LABELS,
    SERVICE_LABELS,
    AppealOutcome,
    FollowUpResult,
    PoorReason,
    ServiceKind,
)
from counter_tui.i18n import _, ngettext
from counter_tui.services.bundles.reading import RatedStep
from counter_tui.services.cases.detail import CaseDetail, DecisionView, MaterialMention
from counter_tui.services.cases.follow_ups import FollowUp
from counter_tui.services.tracking.progress import DELIVERY_LABELS, REVIEW_RESULT_LABELS
from counter_tui.tui.labels import (
    LIGHT_STYLES,
    due_text,
    event_label,
    light_label,
    limit_label,
    rating_label,
    state_label,
)
from counter_tui.tui.review_text import review_line, review_words
from counter_tui.tui.widgets.text import join, plain

TIME_FORMAT = "%Y-%m-%d %H:%M"
# Keys of an event's data, in the order they are shown, with their words; SILENT ones say
# nothing to a reader. A key in neither is shown as stored (``key=value``) rather than
# hidden; tests/tui/test_queue.py fails on any such key in the demo's history.
DETAIL_WORDS: Mapping[str, str] = {
    "reason_kind": N_("Refusal"),
    "reason": N_("Reason"),
    "details": N_("Details"),
    "competent_body": N_("Competent body"),
    "note": N_("Note"),
    "comment": N_("Comment"),
    "level": N_("Rating"),
    "expected_days": N_("Expected working days"),
    "days": N_("Working days"),
    "materials": N_("Materials"),
    "outstanding": N_("Still missing"),
    "document": N_("Document"),
    "received_on": N_("Received on"),
    "notice_period_end": N_("Notice period ended"),
    "reviewer": N_("Reviewer"),
    "proposed_by": N_("Proposed by"),
    "signed_by": N_("Signed by"),
    "item": N_("Item"),
    "from_name": N_("Handed over by"),
    "to_name": N_("Taken over by"),
    "opinion": N_("Opinion"),
    "result": N_("Review result"),
    "delivery": N_("Delivery"),
    "due": N_("Due"),
    "edits": N_("Times entered"),
    "ground": N_("Ground"),
    "step": N_("Special step"),
    "basis": N_("Deemed withdrawn under"),
    "supplement_due": N_("Supplement due"),
    "on": N_("Delivered on"),
    "late": N_("Later than 10 working days (Art. 44)"),
    "decision": N_("Decision"),
    "delegation": N_("Under delegation"),
    "project": N_("Key project"),  # docs/rules.md §23
    "bundle": N_("Bundle application"),  # its number, on a link to a key project
    # A supervision order's (docs/rules.md §22); "document" is its number.
    "owner": N_("To answer"),
    "expected": N_("Expected"),
    "progress": N_("Progress"),
    "delay_reason": N_("Reason for the delay"),
    "new_date": N_("New date"),
    # The pad's (docs/rules.md §11): the service rated, a 差评's follow-up and appeal.
    "kind": N_("Service"),
    "due_on": N_("Follow-up due"),
    "outcome": N_("Outcome"),
}
SILENT = frozenset(
    {
        "version",
        "fields",
        "on_spot",
        "draft",
        "found_on",
        "handover",
        "from",
        "to",
        "added",
        "deemed",
        "referral",
        "key_project",  # its id: the project's name is shown
        "bundle_case",  # a bundle draft's bundle case id, for audit verify (docs/rules.md §21)
        "order",  # a supervision order's id: its number is shown
        "request",  # a rating request's id (docs/rules.md §11)
        # What the event set on the case's row, for audit verify (docs/architecture.md
        # §2.6): the case's head shows the row itself.
        "received",
        "item_id",
        "department",
        "window",
        "legal_days",
        "promised_days",
        "limit_unit",
        "accepted_on",
        "completed_on",
        "decided_on",
        "delivered_on",
        "started_on",
        "ended_on",
    }
)


# Stored values of the pad's events that read as words (docs/rules.md §11): the key, the
# values' enum and their labels. Another value under the key (a reason typed by a clerk)
# stays as it is.
WORDED: Mapping[str, tuple[type[StrEnum], Mapping[Any, str]]] = {
    "result": (FollowUpResult, FOLLOW_UP_RESULT_LABELS),
    "kind": (ServiceKind, SERVICE_LABELS),
    "reason": (PoorReason, REASON_LABELS),
    "outcome": (AppealOutcome, APPEAL_OUTCOME_LABELS),
}


def _value(key: str, value: Any) -> str:
    if key == "ground" and value in set(SuspensionGround):
        return _(SUSPENSION_GROUND_LABELS[SuspensionGround(value)])
    if key == "level" and isinstance(value, int):
        return rating_label(value)
    if key == "reason_kind" and value in REFUSAL_LABELS:
        return _(REFUSAL_LABELS[value])
    if key == "delivery" and value in DELIVERY_LABELS:
        return _(DELIVERY_LABELS[value])
    if key == "result" and value in REVIEW_RESULT_LABELS:
        return _(REVIEW_RESULT_LABELS[value])
    if key in WORDED and value in set(WORDED[key][0]):
        values, labels = WORDED[key]
        return _(labels[values(value)])
    if key == "decision" and isinstance(value, str):
        return event_label(value)
    if key == "materials" and isinstance(value, tuple):
        return listing(_mention(m) for m in value if isinstance(m, MaterialMention))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _mention(mention: MaterialMention) -> str:
    if not mention.status:
        return mention.name
    status = _(STATUS_LABELS[mention.status]) if mention.status in STATUS_LABELS else mention.status
    said = fact(status, mention.reason) if mention.reason else status
    return _("{name} ({status})").format(name=mention.name, status=said)


def event_details(data: Mapping[str, Any]) -> str:
    """The salient data of a timeline entry, on one line: reason, note, level, …"""
    parts = [
        fact(_(DETAIL_WORDS[key]), _value(key, data[key]))
        for key in DETAIL_WORDS
        if data.get(key) not in (None, "", (), [])
    ]
    parts += [
        f"{key}={_value(key, value)}"
        for key, value in data.items()
        if key not in DETAIL_WORDS and key not in SILENT and value not in (None, "", (), [])
    ]
    return " · ".join(parts)


class FollowUpState(StrEnum):
    """Where an open follow-up stands, as the lists say it."""

    TO_CONTACT = "to_contact"  # 待回访
    CONTACTED = "contacted"  # 已回访
    APPEAL_PENDING = "appeal_pending"  # 申诉待定: the chief decides
    APPEAL_REJECTED = "appeal_rejected"  # 申诉驳回: the follow-up goes on


_STATE_WORDS = {
    FollowUpState.TO_CONTACT: N_("to contact"),
    FollowUpState.CONTACTED: N_("contacted"),
    FollowUpState.APPEAL_PENDING: N_("appeal pending"),
    FollowUpState.APPEAL_REJECTED: N_("appeal rejected"),
}


def _state_of(line: FollowUp) -> FollowUpState:
    if line.appeal_pending:
        return FollowUpState.APPEAL_PENDING
    if line.appeal_outcome is AppealOutcome.REJECTED:
        return FollowUpState.APPEAL_REJECTED
    return FollowUpState.CONTACTED if line.contact else FollowUpState.TO_CONTACT


def follow_up_words(line: FollowUp) -> str:
    """Where a follow-up stands: its result once closed, else 待回访, 已回访, …"""
    if line.result is not None:
        return _(FOLLOW_UP_RESULT_LABELS[line.result])
    return _(_STATE_WORDS[_state_of(line)])


def rated_step_text(step: RatedStep, today: date, width: int | None = None) -> Text:
    """A bundle step rated on the pad: the service, the level, when; a 差评's reason and
    its follow-up (where it stands, its day: red once past while open). Given the
    ``width``, it goes on as many lines as it needs."""
    poor = step.follow_up is not None
    parts: list[Text | str] = [
        plain(_(SERVICE_LABELS[step.kind])),
        plain(rating_label(step.level), "bold red" if poor else "bold"),
        plain(local_time(step.rated_at)),
    ]
    if (line := step.follow_up) is not None:
        if line.reason is not None:
            parts.append(plain(fact(_("Reason"), _(REASON_LABELS[line.reason]))))
        parts.append(plain(fact(_("Follow-up"), follow_up_words(line))))
        if line.due_on is not None:
            due = fact(_("Follow-up due"), line.due_on.isoformat())
            parts.append(plain(due, LIGHT_STYLES["red"] if line.overdue(today) else ""))
    return join(parts, width=width)


def local_time(at: datetime | None) -> str:
    return "—" if at is None else at.strftime(TIME_FORMAT)


def case_head(detail: CaseDetail, width: int | None = None) -> Text:
    """The detail's head: the case, the applicant, who and when, the time limit, and its
    suspensions, extension and rating. Given the ``width`` it is shown in, the time limit
    goes on as many lines as it needs: its dates and count are never cut off."""
    item = _("{item} (version {version})").format(
        item=detail.item_name, version=detail.item_version
    )
    first = join([plain(detail.number, "bold"), plain(item), state_label(detail.state)])
    applicant = [plain(fact(_("Applicant"), f"{detail.applicant_name} {detail.applicant_id}"))]
    if detail.agent_name:
        agent = f"{detail.agent_name} {detail.agent_id}".strip()
        applicant.append(plain(fact(_("Agent"), agent)))
    window = (
        _("Window {number}").format(number=detail.window_number)
        if detail.window_number is not None
        else ""
    )
    who = join(
        [
            plain(fact(_("Clerk"), detail.owner)),
            plain(window),
            plain(fact(_("Received on"), _date(detail.received_on))),
            plain(fact(_("Accepted on"), _date(detail.accepted_on))),
            plain(fact(_("Completed on"), _date(detail.completed_on))),
        ]
    )
    lines = [first, join(applicant), who, _limit_line(detail, width)]
    extra = _extra_line(detail)
    if extra.plain:
        lines.append(extra)
    text = Text("\n", no_wrap=True, overflow="ellipsis").join(lines)
    return text


def _limit_line(detail: CaseDetail, width: int | None) -> Text:
    deadline = detail.deadline
    if deadline is None and detail.review is not None and detail.review.running:
        return review_line(detail.review, width)
    if deadline is None:
        return plain(light_label(None), LIGHT_STYLES[None])
    light = deadline.light.value
    missed = deadline.missed
    if detail.state not in OPEN_STATES:
        # Read as of the day it closed: whether the limit was kept, not a countdown
        # (issue 21 item 19).
        late = -deadline.remaining
        count = (
            _("Closed within the limit")
            if late <= 0
            else ngettext(
                "Closed {n} working day after the limit",
                "Closed {n} working days after the limit",
                late,
            ).format(n=late)
        )
    elif missed is Limit.LEGAL:
        late = -deadline.legal.remaining
        count = ngettext(
            "{n} working day past the legal limit", "{n} working days past the legal limit", late
        ).format(n=late)
    elif missed is Limit.PROMISED:
        late = -deadline.remaining
        count = ngettext(
            "{n} working day past the promise", "{n} working days past the promise", late
        ).format(n=late)
    else:
        left = deadline.remaining
        count = ngettext("{n} working day left", "{n} working days left", left).format(n=left)
    # Both clocks, the nearer first (docs/rules.md §8).
    clocks = [plain(fact(limit_label(limit), due_text(clock))) for limit, clock in deadline.both()]
    light_part = plain(light_label(light), LIGHT_STYLES[light])
    return join([light_part, *clocks, plain(count)], width=width)


def _extra_line(detail: CaseDetail) -> Text:
    """The bundle case it is an item of and the key project it serves; the decision and
    its delivery (what is left to do on a decided case), then the review against its
    promise in hours, suspensions, the extension and the rating."""
    parts: list[Text | str] = []
    if detail.bundle_case is not None:  # taken with other items (docs/rules.md §21)
        parts.append(plain(fact(_("Bundle case number"), detail.bundle_case)))
    if detail.key_project is not None:  # its cases go first (docs/rules.md §23)
        parts.append(plain(fact(_("Key project"), detail.key_project)))
    if (decision := detail.decision) is not None:
        parts.append(_decision_text(decision))
    if (review := detail.review) is not None and not review.running:
        parts.append(plain(review_words(review), LIGHT_STYLES["red"] if review.late else ""))
    for suspension in detail.suspensions:
        special = suspension.ground == SuspensionGround.SPECIAL_STEP
        reason = procedure_label(
            suspension.ground,
            suspension.reason if special else "",
            "" if special else suspension.reason,
        )
        if suspension.ended_on is None:
            said = _("Suspended since {day}, {n} working days expected: {reason}").format(
                day=suspension.started_on.isoformat(),
                n=suspension.expected_days,
                reason=reason,
            )
        else:
            said = _("Suspended {start} to {end}: {reason}").format(
                start=suspension.started_on.isoformat(),
                end=suspension.ended_on.isoformat(),
                reason=reason,
            )
        parts.append(plain(said, "yellow" if suspension.ended_on is None else ""))
    if (extension := detail.extension) is not None:
        if extension.approved is None:
            state = _("waiting for approval")
        elif extension.approved:
            state = _("approved by {name}").format(name=extension.approved_by)
        else:
            state = _("not approved")
        parts.append(
            plain(
                _("Extension of {n} working days ({state}): {reason}").format(
                    n=extension.days, state=state, reason=extension.reason
                )
            )
        )
    if (rating := detail.rating) is not None:
        parts.append(plain(fact(_("Rating"), rating_label(rating.level))))
    return join(parts)


def _decision_text(decision: DecisionView) -> Text:
    """The decision's day and number, and its delivery (送达), red when later than
    Art. 44's 10 working days."""
    said = [fact(_("Decided on"), decision.decided_on.isoformat())]
    if decision.result_number:
        said.append(fact(_("Result number"), decision.result_number))
    if decision.delivered_on is not None:
        said.append(fact(_("Delivered on"), decision.delivered_on.isoformat()))
    else:
        said.append(
            _("not yet delivered (due by {day})").format(day=decision.delivery_due.isoformat())
        )
    return plain(" · ".join(said), "red" if decision.late else "")


def _date(day: object) -> str:
    return "—" if day is None else day.isoformat()  # type: ignore[attr-defined]


def form_text(line: ChecklistLine) -> str:
    """The form and copies provided: ``原件 1份``."""
    if not line.form_provided:
        return ""
    form = _(FORM_LABELS[line.form_provided]) if line.form_provided in FORM_LABELS else ""
    return f"{form or line.form_provided} {copies_label(line.copies_provided)}"


def checklist_line(line: ChecklistLine) -> Text:
    """One material in full: name, status, form, reason, the date it is deferred to."""
    parts: list[Text | str] = [plain(line.name, "bold"), _(STATUS_LABELS[line.status])]
    if line.form_provided:
        parts.append(plain(form_text(line)))
    if line.reason:
        parts.append(plain(fact(_("Reason"), line.reason), "bold red"))
    if line.deferred_until:
        parts.append(plain(_("Until {day}").format(day=line.deferred_until.isoformat())))
    return join(parts)


def case_text(detail: CaseDetail) -> str:
    """The case as the detail screen shows it, every section in full, as plain lines."""
    lines = [case_head(detail).plain, "", _("Checklist")]
    lines += [f"  {line.position}. {checklist_line(line).plain}" for line in detail.checklist]
    lines += ["", _("Documents")]
    lines += [
        f"  {local_time(document.issued_at)}  {document.number}  "
        f"{_(DOCUMENT_TITLES[document.kind])}"
        for document in detail.documents
    ] or ["  —"]
    lines += ["", _("Timeline")]
    for entry in detail.timeline:
        said = join([plain(event_label(entry.kind)), plain(event_details(entry.data))]).plain
        lines.append(f"  {local_time(entry.at)}  {entry.staff or '—'}  {said}")
    return "\n".join(lines) + "\n"
