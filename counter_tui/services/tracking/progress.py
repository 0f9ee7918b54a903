"""A case after acceptance (docs/rules.md §8, §10): forwarded to the department's back office
and its review recorded; reviewed at the window and sent to the chief representative
(一审一核); completed, or the licence denied; withdrawn at the applicant's request.

Each function is one write transaction: who acts is checked, the case moves through the
lifecycle table, and its event names the staff member.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType

from counter_tui.domain.errors import N_, Items
from counter_tui.domain.lifecycle import Action, CaseState
from counter_tui.domain.ratings import ServiceKind
from counter_tui.services.auth import StaffSession
from counter_tui.services.cases.change import (
    CaseChange,
    carried,
    case_change,
    check_allowed,
    check_another_approver,
    step,
)
from counter_tui.services.cases.checklist import checklist_lines, open_deferred
from counter_tui.services.cases.documents import IssuedDocument
from counter_tui.services.cases.rating_requests import ask_for_rating
from counter_tui.services.cases.text import one_of, required_text, typed_text
from counter_tui.services.cases.written_decisions import (
    DECIDED_COLUMNS,
    DeliveryDue,
    delivery_due,
    issue_decision,
)
from counter_tui.services.errors import ServiceError
from counter_tui.store.events import append_event
from counter_tui.store.models import Case


class ReviewResult(StrEnum):
    """The back office's opinion (审查意见)."""

    FAVOURABLE = "favourable"  # 同意
    UNFAVOURABLE = "unfavourable"  # 不同意


class Delivery(StrEnum):
    """How the result (办理结果) reached the applicant."""

    HANDED_OVER = "handed_over"  # 窗口领取
    POSTED = "posted"  # 邮寄送达
    WITH_BUNDLE = "with_bundle"  # 统一出件: with its bundle's other results (§21)


REVIEW_RESULT_LABELS: Mapping[ReviewResult, str] = MappingProxyType(
    {ReviewResult.FAVOURABLE: N_("favourable"), ReviewResult.UNFAVOURABLE: N_("unfavourable")}
)
DELIVERY_LABELS: Mapping[Delivery, str] = MappingProxyType(
    {
        Delivery.HANDED_OVER: N_("handed over at the window"),
        Delivery.POSTED: N_("posted"),
        Delivery.WITH_BUNDLE: N_("handed over with the bundle at the comprehensive window"),
    }
)


def _check_back_office_decides(case: Case, action: Action) -> None:
    """Under 一审一核 the window's review goes to the chief representative: the clerk
    cannot complete or deny such a case alone."""
    check_allowed(case, action)
    if case.item.window_decides:
        raise ServiceError(
            "approval.required",
            N_(
                "{item} is decided at the window under 一审一核: request the chief "
                "representative's approval instead"
            ),
            item=case.item.name,
        )


def forward_review(
    session: StaffSession, case_number: str, note: str = "", *, at: datetime | None = None
) -> None:
    """Send an accepted case to the department's back office for review (审查)."""
    with case_change(session, case_number, at) as change:
        step(change, Action.FORWARD_REVIEW, {"note": typed_text(note)})


def record_review(
    session: StaffSession,
    case_number: str,
    result: ReviewResult | str,
    note: str = "",
    *,
    at: datetime | None = None,
) -> None:
    """The back office's opinion is back: the case returns to the window (accepted) to be
    completed or denied. An unfavourable opinion states its reason."""
    result = one_of(ReviewResult, result, "review.result", N_("{value} is not a review result"))
    if result is ReviewResult.UNFAVOURABLE:
        note = required_text(note, "review.reason", N_("An unfavourable review states why"))
    with case_change(session, case_number, at) as change:
        data = {"result": result.value, "note": typed_text(note)}
        step(change, Action.RECORD_REVIEW, data)


def request_approval(
    session: StaffSession, case_number: str, opinion: str = "", *, at: datetime | None = None
) -> None:
    """一审: the clerk has reviewed an accepted case the window decides, and sends it with
    their opinion to the chief representative, who approves or denies it (一核)."""
    with case_change(session, case_number, at) as change:
        check_allowed(change.case, Action.REQUEST_APPROVAL)
        if not change.case.item.window_decides:
            raise ServiceError(
                "approval.not_window_decided",
                N_("{item} is decided by the department's back office: forward it for review"),
                item=change.case.item.name,
            )
        check_another_approver(change.staff, change.case.department)
        data = {"opinion": typed_text(opinion), **carried(change.case, "accepted_on")}
        step(change, Action.REQUEST_APPROVAL, data)


def complete(
    session: StaffSession,
    case_number: str,
    delivery: Delivery | str,
    note: str = "",
    result_number: str = "",
    *,
    at: datetime | None = None,
) -> IssuedDocument:
    """The licence is granted: completed, the decision (准予行政许可决定书, or the
    办理结果通知书 of another item) issued with the licence or result number, and returned
    to print. Handed over at the window, it is delivered today; posted, its delivery is
    recorded when it arrives (``record_delivery``). Deferred (容缺) materials must have
    been supplied first."""
    delivery = one_of(
        Delivery, delivery, "complete.delivery", N_("{value} is not a way of delivery")
    )
    result_number = typed_text(result_number)
    with case_change(session, case_number, at) as change:
        _check_back_office_decides(change.case, Action.COMPLETE)
        check_delivery_way(change.case, delivery)
        if deferred := open_deferred(checklist_lines(change.case)):
            raise ServiceError(
                "complete.deferred",
                N_("Deferred materials ({materials}) must be supplied before the result is issued"),
                materials=Items(deferred),
            )
        document = issue_decision(change, granted=True, result_number=result_number)
        change.case.completed_on = change.when.today
        if delivery is Delivery.HANDED_OVER:
            change.case.delivered_on = change.when.today
        data = {"delivery": delivery.value, "note": typed_text(note), "document": document.number}
        data.update(carried(change.case, *DECIDED_COLUMNS, "delivered_on"))
        step(change, Action.COMPLETE, data)
        return document


def record_denial(
    session: StaffSession, case_number: str, reason: str, *, at: datetime | None = None
) -> IssuedDocument:
    """The department has decided not to grant the licence (不予许可): recorded at the
    window with its reason, and the 不予行政许可决定书 issued (Art. 38(2)) and returned to
    print."""
    reason = required_text(reason, "denial.reason", N_("A denial states its reason"))
    with case_change(session, case_number, at) as change:
        _check_back_office_decides(change.case, Action.DENY)
        document = issue_decision(change, granted=False, reason=reason)
        change.case.completed_on = change.when.today
        data = {"reason": reason, "document": document.number}
        step(change, Action.DENY, {**data, **carried(change.case, *DECIDED_COLUMNS)})
        return document


_DECIDED = (CaseState.COMPLETED.value, CaseState.DENIED.value)


def record_delivery(
    session: StaffSession,
    case_number: str,
    delivery: Delivery | str,
    on: date | None = None,
    *,
    at: datetime | None = None,
) -> DeliveryDue:
    """The decision reached the applicant (送达) on ``on`` (default today): recorded
    once, not before the decision nor after today. Returns whether it came later than
    Art. 44's 10 working days, for the clerk to be warned."""
    delivery = one_of(
        Delivery, delivery, "complete.delivery", N_("{value} is not a way of delivery")
    )
    with case_change(session, case_number, at) as change:
        return deliver(change, delivery, on)


def check_delivery_way(case: Case, delivery: Delivery) -> None:
    """A bundle case's results are handed over together at the comprehensive window
    (统一出件, docs/rules.md §21), and only theirs."""
    if case.bundle_case_id is not None and delivery is not Delivery.WITH_BUNDLE:
        raise ServiceError(
            "delivery.with_bundle",
            N_(
                "Case {case} is one item of the bundle case {bundle}: its result is handed "
                "over with the others at the comprehensive window"
            ),
            case=case.number,
            bundle=case.bundle_case.number,
        )
    if case.bundle_case_id is None and delivery is Delivery.WITH_BUNDLE:
        raise ServiceError(
            "delivery.not_bundle", N_("Only a case of a bundle is handed over with a bundle")
        )


def deliver(change: CaseChange, delivery: Delivery, on: date | None = None) -> DeliveryDue:
    """``record_delivery`` inside a change its caller holds; a bundle's cases only in
    the bundle's delivery."""
    check_delivery_way(change.case, delivery)
    if delivery is Delivery.WITH_BUNDLE and change.papers is None:
        raise ServiceError(
            "delivery.bundle_step",
            N_("The results of a bundle are handed over at the comprehensive window"),
        )
    case, today = change.case, change.when.today
    if case.state not in _DECIDED or case.decided_on is None:
        raise ServiceError(
            "delivery.undecided", N_("Only a decision is delivered: this case is not decided")
        )
    if case.delivered_on is not None:
        raise ServiceError(
            "delivery.recorded",
            N_("The decision was delivered on {day}"),
            day=case.delivered_on.isoformat(),
        )
    day: date | None = today if on is None else on
    if isinstance(day, datetime) or not isinstance(day, date):
        day = None
    if day is None or not case.decided_on <= day <= today:
        raise ServiceError(
            "delivery.day",
            N_("The delivery date lies between the decision ({decided}) and today"),
            decided=case.decided_on.isoformat(),
        )
    due = delivery_due(change, day)
    case.delivered_on = day
    case.save()
    data = {"delivery": delivery.value, "on": day, "late": due.late}
    append_event("delivered", case=case, staff=change.staff, data=data, at=change.when.at)
    if delivery is Delivery.HANDED_OVER:  # at the window: the final rating (rules.md §11)
        window = change.session.window_id
        ask_for_rating(window, change.staff, ServiceKind.DELIVERED, change.when.at, case=case)
    return due


def withdraw(
    session: StaffSession, case_number: str, reason: str, *, at: datetime | None = None
) -> None:
    """The applicant withdraws the application (撤回申请) before the decision. A draft is
    discarded instead (its applicant never handed anything over)."""
    reason = required_text(reason, "withdraw.reason", N_("A withdrawal records the reason given"))
    with case_change(session, case_number, at) as change:
        if change.case.state == CaseState.DRAFT.value:
            raise ServiceError("withdraw.draft", N_("A draft is discarded, not withdrawn"))
        step(change, Action.WITHDRAW, {"reason": reason})
