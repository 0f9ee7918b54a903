"""Taking an application, part 3: the decisions at the window and their documents.

submit (材料接收凭证) → accept (受理通知书) | complete on the spot (即办, with the chief
representative's approval under 一审一核) | one-time notice (一次性告知书) → re-check of
the supplement (受理通知书 that day) | refuse (refusals.py). A received case left for 5
working days without notice or decision is deemed accepted from its receipt date.

Each function is one write transaction that checks who acts, moves the case through the
lifecycle table, issues its numbered document and appends its event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from counter_tui.domain.applicant import check_complete
from counter_tui.domain.calendar import WorkCalendar
from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.checklist import (
    DEFAULT_SUPPLEMENT_DAYS,
    ChecklistLine,
    MaterialMark,
    MaterialStatus,
    NoticeDelivery,
    check_acceptable,
    check_all_checked,
    check_deferred_by,
    check_notice_not_issued,
    check_supplement_days,
    is_satisfied,
    notice_fulfilled,
    notice_items,
    notice_period_end,
    supplement_deadline,
)
from counter_tui.domain.errors import N_, DomainError, Items
from counter_tui.domain.lifecycle import Action, CaseState
from counter_tui.domain.numbering import DocumentKind
from counter_tui.services.auth import StaffSession, require_role
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.change import (
    CaseChange,
    CaseService,
    Moment,
    carried,
    case_change,
    case_service,
    check_allowed,
    check_taken_whole,
    locked,
    moment,
    move,
    record_move,
    step,
)
from counter_tui.services.cases.checklist import (
    check_not_deemed,
    checklist_lines,
    is_overdue_for_notice,
    open_deferred,
    overdue_receipts,
)
from counter_tui.services.cases.deadlines import case_deadline
from counter_tui.services.cases.documents import (
    IssuedDocument,
    documents_of,
    issue_document,
    material_facts,
    notice_document,
)
from counter_tui.services.cases.finding import CaseSummary, listing
from counter_tui.services.cases.rating_requests import ask_after_move
from counter_tui.services.cases.text import one_of, required_text, typed_text
from counter_tui.services.cases.written_decisions import DECIDED_COLUMNS, issue_decision
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.services.intake.checklist import apply_marks
from counter_tui.services.intake.draft import applicant_of, store_applicant
from counter_tui.services.intake.refusals import check_no_pending_refusal
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import Case, CaseMaterial, Event, Staff, database_proxy
from counter_tui.store.settings import setting

Result = TypeVar("Result")

SUPPLEMENT_DAYS_SETTING = "supplement_days"


@dataclass(frozen=True)
class RecheckResult:
    """The re-check of a supplement: accepted that day, or still waiting for
    ``outstanding`` (the notice's items not yet supplied)."""

    accepted: bool
    outstanding: tuple[str, ...]
    document: IssuedDocument | None  # the 受理通知书 when accepted


def supplement_days() -> int:
    """The working days an applicant gets to supplement (the centre's setting, else the
    default of 10)."""
    value = setting(SUPPLEMENT_DAYS_SETTING)
    try:
        return check_supplement_days(int(value)) if value else DEFAULT_SUPPLEMENT_DAYS
    except (ValueError, DomainError):
        return DEFAULT_SUPPLEMENT_DAYS


@case_service()
def submit(change: CaseChange) -> IssuedDocument:
    """The papers are taken (收件): the applicant must be complete and valid (the first
    problem is raised, naming its rule) and every material that matters checked. The
    case is received today by the clerk of the change (whom the event names: a handover
    moves the owner, not this); the 材料接收凭证 lists what was handed over."""
    case, when = change.case, change.when
    check_taken_whole(change)
    check_allowed(case, Action.SUBMIT)
    store_applicant(case, check_complete(applicant_of(case), when.today))
    lines = checklist_lines(case)
    check_all_checked(lines)
    move(case, Action.SUBMIT, when.at)
    case.received_on = when.today
    case.received_by = change.staff
    case.save()
    document = issue_document(
        DocumentKind.RECEIPT,
        change,
        {"materials": [material_facts(line) for line in lines]},
    )
    append_event(
        Action.SUBMIT.value,
        case=case,
        staff=change.staff,
        # "received", not "received_on": the timeline's line of the receipt has its day.
        data={"document": document.number, "received": case.received_on},
        at=when.at,
    )
    return document


def _acceptance_notice(
    change: CaseChange, basis: str, lines: list[ChecklistLine] | None = None
) -> IssuedDocument:
    """The 受理通知书: acceptance date, legal and promised limits, the expected completion
    date in working days (provisional where a year has no official schedule), and the
    deferred materials with the applicant's commitment dates. ``lines``: the case's
    checklist as the caller has it (read here when not given)."""
    case, item = change.case, change.case.item
    deadline = case_deadline(change.calendar, case, change.when.today)
    assert deadline is not None  # accepted_on is set
    lines = checklist_lines(case) if lines is None else lines
    if basis != "deemed":  # accepted by the law, not on the applicant's undertaking
        check_deferred_by(lines, deadline.due.date)
    deferred = [
        {"name": line.name, "until": line.deferred_until}
        for line in lines
        if line.status is MaterialStatus.DEFERRED
    ]
    return issue_document(
        DocumentKind.ACCEPTANCE_NOTICE,
        change,
        {
            "basis": basis,  # direct | supplement | deemed
            "accepted_on": case.accepted_on,
            "legal_days": item.legal_limit_days,
            "promised_days": item.promised_limit_days,
            "limit_unit": item.limit_unit,
            "legal_due": deadline.legal.due.date,
            "expected_due": deadline.due.date,
            "provisional": deadline.provisional,
            "deferred": deferred,
        },
    )


def _deem(case: Case, staff: Staff | None, when: Moment, calendar: WorkCalendar) -> None:
    """Art. 32(4): accepted as of the receipt date."""
    move(case, Action.DEEM_ACCEPTED, when.at)
    case.accepted_on = case.received_on
    case.save()
    append_event(
        Action.DEEM_ACCEPTED.value,
        case=case,
        staff=staff,
        data={
            "received_on": case.received_on,
            "notice_period_end": notice_period_end(calendar, case.received_on),
            "found_on": when.today,
        },
        at=when.at,
    )


def receive_and_decide(
    session: StaffSession,
    case_number: str,
    decide: CaseService[Result],
    *args: object,
    at: datetime | None = None,
    **kwargs: object,
) -> tuple[IssuedDocument | None, Result]:
    """Take the papers of a draft (``submit``) and decide at once, in ONE change: when
    the decision is refused the draft stays a draft, never received and undecided.
    Returns the receipt (None when the case was received before) and the decision's result."""
    with case_change(session, case_number, at) as change:
        receipt = None
        if change.case.state == CaseState.DRAFT.value:
            receipt = submit.within(change)
        return receipt, decide.within(change, *args, **kwargs)


@case_service()
def accept(change: CaseChange) -> IssuedDocument:
    """Accept (受理) a received case whose materials are complete (deferred 容缺 materials
    allowed): the clock starts today and the 受理通知书 is issued. A case past its 5
    working days for a notice is accepted as of its receipt date instead (Art. 32(4))."""
    case, when = change.case, change.when
    check_taken_whole(change)
    check_allowed(case, Action.ACCEPT)
    check_no_pending_refusal(case)
    lines = checklist_lines(case)
    check_acceptable(lines)
    if is_overdue_for_notice(case, when.today, change.calendar):
        _deem(case, change.staff, when, change.calendar)
        basis = "deemed"
    else:
        move(case, Action.ACCEPT, when.at)
        case.accepted_on = when.today
        case.save()
        basis = "direct"
    document = _acceptance_notice(change, basis, lines)
    data = {"document": document.number}
    if basis == "direct":  # deemed: its deem_accepted event carries the date
        data.update(carried(case, "accepted_on"))
    append_event(
        Action.ACCEPT.value if basis == "direct" else "acceptance_notice",
        case=case,
        staff=change.staff,
        data=data,
        at=when.at,
    )
    ask_after_move(change, Action.ACCEPT)
    return document


def issue_acceptance_notice(
    session: StaffSession, case_number: str, *, at: datetime | None = None
) -> IssuedDocument:
    """The 受理通知书 of a case deemed accepted by ``deem_accepted_overdue``: it is
    accepted as of its receipt date and the applicant is told so in writing."""
    with case_change(session, case_number, at) as change:
        case = change.case
        deemed = Event.select().where(
            (Event.case == case) & (Event.kind == Action.DEEM_ACCEPTED.value)
        )
        if not deemed.exists():
            raise ServiceError(
                "acceptance.not_deemed",
                N_("Only a case deemed accepted gets its acceptance notice this way"),
            )
        if documents_of(case, DocumentKind.ACCEPTANCE_NOTICE):
            raise ServiceError(
                "acceptance.issued",
                N_("The acceptance notice of this case has been issued: reprint it instead"),
            )
        document = _acceptance_notice(change, "deemed")
        append_event(
            "acceptance_notice",
            case=case,
            staff=change.staff,
            data={"document": document.number},
            at=change.when.at,
        )
        return document


def deem_accepted_overdue(today: date | None = None, *, at: datetime | None = None) -> list[str]:
    """Every received case with no notice or decision after 5 working days is accepted as
    of its receipt date, with an event saying so (Art. 32(4)). Idempotent: a case deemed
    accepted is no longer received. Returns the numbers of the cases it accepted."""
    when = moment(at)
    if today is not None:
        when = Moment(at=when.at, today=today)
    deemed: list[str] = []
    calendar = load_calendar()
    overdue = overdue_receipts(calendar, when.today)
    # At most sign-ins there is none: one indexed look, and no writers' lock taken.
    if not Case.select(Case.id).where(overdue).exists():
        return deemed
    with write_transaction(database_proxy):
        for case in locked(Case.select().where(overdue).order_by(Case.id)):
            if is_overdue_for_notice(case, when.today, calendar):
                _deem(case, None, when, calendar)
                deemed.append(case.number)
    return deemed


@case_service()
def complete_on_spot(change: CaseChange) -> CaseState:
    """即办: an immediate item (即办件) with complete materials is done at the window.
    Where the window decides under 一审一核, the clerk's review goes to the chief
    representative (AWAITING_APPROVAL); otherwise the case is completed. Returns the
    case's new state."""
    case, when, item = change.case, change.when, change.case.item
    action = Action.REQUEST_APPROVAL if item.window_decides else Action.COMPLETE_ON_SPOT
    check_taken_whole(change)
    check_allowed(case, action)
    if item.kind != "immediate":
        raise ServiceError(
            "on_spot.not_immediate",
            N_("{item} is a promised item, not an immediate one: accept it instead"),
            item=item.name,
        )
    check_not_deemed(change)
    check_no_pending_refusal(case)
    lines = checklist_lines(case)
    check_acceptable(lines)
    if deferred := open_deferred(lines):
        raise ServiceError(
            "on_spot.deferred",
            N_(
                "Deferred materials ({materials}) must be supplied before the result is "
                "issued: accept the case instead"
            ),
            materials=Items(deferred),
        )
    state = move(case, action, when.at)
    case.accepted_on = when.today
    data: dict[str, object] = {"on_spot": True}
    if state is CaseState.COMPLETED:  # decided in writing on the spot (Art. 34(2))
        case.completed_on = when.today
        case.delivered_on = when.today  # and handed over across the counter
        data["document"] = issue_decision(change, granted=True, on_spot=True).number
        data.update(carried(case, *DECIDED_COLUMNS, "delivered_on"))
    data.update(carried(case, "accepted_on"))
    record_move(case, action, change.staff, when.at, data)
    ask_after_move(change, action)
    return state


def _reviewer(case: Case) -> Staff | None:
    event = (
        Event.select()
        .where((Event.case == case) & (Event.kind == Action.REQUEST_APPROVAL.value))
        .order_by(Event.id.desc())
        .first()
    )
    return event.staff if event is not None else None


def _check_approver(case: Case, chief: Staff, action: Action) -> Staff | None:
    """一审一核: the one who reviewed is not the one who approves. Returns the reviewer."""
    check_allowed(case, action)
    reviewer = _reviewer(case)
    if reviewer is not None and reviewer.id == chief.id:
        raise PermissionDenied(
            "approval.same_person",
            N_(
                "You reviewed this case: under 一审一核 another approver (the chief "
                "representative or a deputy) must approve it"
            ),
        )
    return reviewer


def approve(
    session: StaffSession, case_number: str, *, at: datetime | None = None
) -> IssuedDocument:
    """The chief representative approves a case the window decides (一审一核): completed,
    its decision issued (returned). The reviewing clerk cannot approve their own review."""
    with case_change(session, case_number, at, chief=True) as change:
        reviewer = _check_approver(change.case, change.staff, Action.APPROVE)
        document = issue_decision(change, granted=True, clerk=reviewer)
        change.case.completed_on = change.when.today
        data = {"reviewer": reviewer.id if reviewer else None}
        step(change, Action.APPROVE, {**data, **carried(change.case, *DECIDED_COLUMNS)})
        return document


def deny(
    session: StaffSession, case_number: str, reason: str, *, at: datetime | None = None
) -> None:
    """The chief representative decides not to grant (不予许可) a case the window decides."""
    reason = required_text(reason, "approval.reason", N_("A denial states its reason"))
    with case_change(session, case_number, at, chief=True) as change:
        reviewer = _check_approver(change.case, change.staff, Action.DENY)
        issue_decision(change, granted=False, reason=reason, clerk=reviewer)
        change.case.completed_on = change.when.today  # the day the case was decided (办结)
        step(change, Action.DENY, {"reason": reason, **carried(change.case, *DECIDED_COLUMNS)})


def pending_approvals(session: StaffSession) -> list[CaseSummary]:
    """The chief representative's department's cases waiting for approval."""
    require_role(session, *APPROVER_ROLES)
    return listing(
        (Case.department == session.department_id)
        & (Case.state == CaseState.AWAITING_APPROVAL.value),
        limit=200,
    )


@case_service()
def issue_notice(
    change: CaseChange,
    *,
    days: int | None = None,
    delivery: NoticeDelivery | str = NoticeDelivery.IN_PERSON,
    delivery_detail: str = "",
) -> IssuedDocument:
    """The one-time notice (一次性告知书, Art. 32(1)(四)): every missing or deficient
    material with what is required, the supplement deadline (``days`` working days,
    default the centre's setting), the window's phone, how it was delivered (in person,
    by post, electronically; ``delivery_detail``: the tracking number or address) and,
    where the item's own law provides it, that an application not corrected in time is
    deemed withdrawn. Once per case, within 5 working days of receipt; from then on the
    case's requirements are frozen."""
    case, when = change.case, change.when
    check_taken_whole(change)
    check_notice_not_issued(notice_document(case) is not None)
    check_allowed(case, Action.ISSUE_NOTICE)
    check_not_deemed(change)
    check_no_pending_refusal(case)
    items = notice_items(checklist_lines(case))
    terms = notice_terms(change, days, delivery, delivery_detail)
    CaseMaterial.update(on_notice=True).where(
        (CaseMaterial.case == case)
        & CaseMaterial.material.in_([line.material_id for line in items])
    ).execute()
    move(case, Action.ISSUE_NOTICE, when.at)
    case.save()
    document = issue_document(
        DocumentKind.DEFICIENCY_NOTICE,
        change,
        {"items": [material_facts(line) for line in items], **terms},
    )
    append_event(
        Action.ISSUE_NOTICE.value,
        case=case,
        staff=change.staff,
        data={"document": document.number, "materials": [ln.material_id for ln in items]},
        at=when.at,
    )
    ask_after_move(change, Action.ISSUE_NOTICE)
    return document


def notice_terms(
    change: CaseChange,
    days: int | None = None,
    delivery: NoticeDelivery | str = NoticeDelivery.IN_PERSON,
    delivery_detail: str = "",
) -> dict[str, object]:
    """What a one-time notice says besides its items: the supplement's days and date,
    how it was delivered, and the item's law on a notice not complied with."""
    delivery = one_of(
        NoticeDelivery, delivery, "notice.delivery", N_("{value} is not a way of delivery")
    )
    days = check_supplement_days(supplement_days() if days is None else days)
    due = supplement_deadline(change.calendar, change.when.today, days)
    return {
        "supplement_days": days,
        "supplement_due": due.date,
        "provisional": due.provisional,
        "delivery": delivery.value,
        "delivery_detail": typed_text(delivery_detail),
        "withdrawal_basis": change.case.item.withdrawal_basis,
    }


@case_service()
def recheck_supplement(
    change: CaseChange, marks: Mapping[int, MaterialMark] | None = None
) -> RecheckResult:
    """The applicant is back with the supplement (补正): record ``marks`` for the notice's
    items (only those: the rest is settled, and nothing can become a new deficiency).
    When every item of the notice is satisfied the case is accepted that day, its clock
    starting then, and the 受理通知书 issued; otherwise it keeps waiting."""
    case, when = change.case, change.when
    check_taken_whole(change)
    check_allowed(case, Action.SUPPLEMENT)
    check_no_pending_refusal(case)
    lines = apply_marks(change, dict(marks or {}), event="supplement_marked")
    if not notice_fulfilled(lines):
        outstanding = tuple(
            line.name for line in lines if line.on_notice and not is_satisfied(line)
        )
        append_event(
            "supplement_checked",
            case=case,
            staff=change.staff,
            data={"outstanding": len(outstanding)},
            at=when.at,
        )
        return RecheckResult(accepted=False, outstanding=outstanding, document=None)
    move(case, Action.SUPPLEMENT, when.at)
    case.accepted_on = when.today
    case.save()
    document = _acceptance_notice(change, "supplement", lines)
    append_event(
        Action.SUPPLEMENT.value,
        case=case,
        staff=change.staff,
        data={"document": document.number, **carried(case, "accepted_on")},
        at=when.at,
    )
    ask_after_move(change, Action.SUPPLEMENT)
    return RecheckResult(accepted=True, outstanding=(), document=document)
