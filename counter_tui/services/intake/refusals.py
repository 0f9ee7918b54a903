"""Refusing to accept (不予受理, docs/rules.md §6), with the chief representative's sign-off
where the department requires it.

Where ``Department.chief_signs_refusals`` is set, a clerk's refusal is a *proposal*: an
event ``refusal_proposed`` with the reason, the case staying where it was. The chief
signs it (``sign_refusal``: the case is refused and the decision issued) or sends it
back (``reject_refusal``); the clerk may withdraw it (``cancel_refusal``). A proposal
is pending while it is the latest of these events and the case can still be refused:
the event log is the record, nothing is stored twice. A chief refuses directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.checklist import (
    REFUSAL_GROUNDS,
    RefusalKind,
    RefusalReason,
    refusal_reason,
)
from counter_tui.domain.errors import N_
from counter_tui.domain.lifecycle import Action, CaseState
from counter_tui.domain.numbering import DocumentKind
from counter_tui.services.auth import StaffSession, require_role
from counter_tui.services.cases.change import (
    CaseChange,
    case_change,
    case_service,
    check_allowed,
    check_taken_whole,
    move,
    record_move,
)
from counter_tui.services.cases.checklist import check_not_deemed
from counter_tui.services.cases.documents import IssuedDocument, issue_document, remedy_facts
from counter_tui.services.cases.text import typed_text
from counter_tui.services.clock import to_local
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.store.events import append_event, event_data
from counter_tui.store.models import Case, Event, Staff

_REFUSABLE = (CaseState.RECEIVED.value, CaseState.AWAITING_SUPPLEMENT.value)
_PROPOSED, _REJECTED, _CANCELLED = "refusal_proposed", "refusal_rejected", "refusal_cancelled"
_REFUSAL_EVENTS = (_PROPOSED, _REJECTED, _CANCELLED, Action.REFUSE.value)


@dataclass(frozen=True)
class PendingRefusal:
    """A clerk's refusal waiting for the chief representative's signature."""

    case_number: str
    reason: RefusalReason
    proposed_by: str  # the clerk's name
    proposed_by_id: int
    proposed_at: datetime  # local


@dataclass(frozen=True)
class RefusalOutcome:
    """``document`` when the case was refused; ``pending`` when it waits for the chief."""

    document: IssuedDocument | None
    pending: PendingRefusal | None


def _reason_data(reason: RefusalReason) -> dict[str, str]:
    return {
        "reason_kind": reason.kind.value,
        "competent_body": reason.competent_body,
        "details": reason.details,
    }


def pending_refusal(case: Case) -> PendingRefusal | None:
    """The proposal waiting for the chief's signature, if any."""
    if case.state not in _REFUSABLE:
        return None
    last = (  # the case's last event of its refusal, with who wrote it
        Event.select(Event, Staff)
        .join(Staff)
        .where((Event.case == case.id) & Event.kind.in_(_REFUSAL_EVENTS))
        .order_by(Event.id.desc())
        .first()
    )
    if last is None or last.kind != _PROPOSED:
        return None
    data = event_data(last)
    return PendingRefusal(
        case_number=case.number,
        reason=RefusalReason(
            kind=RefusalKind(data["reason_kind"]),
            competent_body=data["competent_body"],
            details=data["details"],
        ),
        proposed_by=last.staff.name,
        proposed_by_id=last.staff_id,
        proposed_at=to_local(last.at),
    )


def check_no_pending_refusal(case: Case) -> None:
    """Another decision waits until the chief has signed or returned the refusal."""
    if pending_refusal(case) is not None:
        raise ServiceError(
            "refusal.pending",
            N_(
                "A refusal of this case is waiting for the chief representative's "
                "signature: no other decision until it is signed, returned or withdrawn"
            ),
        )


def _refuse(
    change: CaseChange, reason: RefusalReason, clerk: Staff, signed_by: Staff | None
) -> IssuedDocument:
    """The change's staff member refuses the case and issues the decision; ``clerk``
    proposed it."""
    case, when = change.case, change.when
    move(case, Action.REFUSE, when.at)
    case.save()
    document = issue_document(
        DocumentKind.REFUSAL,
        change,
        {
            **_reason_data(reason),
            "signed_by": signed_by.name if signed_by else None,
            "remedies": remedy_facts(case.department),
        },
        clerk=clerk,
    )
    data = {
        **_reason_data(reason),
        "document": document.number,
        "proposed_by": clerk.id,
        "signed_by": signed_by.id if signed_by else None,
    }
    record_move(case, Action.REFUSE, change.staff, when.at, data)
    return document


@case_service()
def refuse(
    change: CaseChange,
    kind: RefusalKind | str,
    *,
    competent_body: str = "",
    details: str = "",
) -> RefusalOutcome:
    """Refuse to accept a received case (or one waiting for its supplement) on one of
    Art. 32(1)'s grounds: no licence needed, or outside the remit (naming the competent
    organ); ``details`` adds the facts. Where the
    department requires the chief's sign-off and a clerk refuses, the refusal waits for
    it (``RefusalOutcome.pending``); otherwise the case is refused and the 不予受理决定书
    issued (``RefusalOutcome.document``)."""
    reason = refusal_reason(kind, typed_text(competent_body), typed_text(details))
    case, staff = change.case, change.staff
    check_taken_whole(change)
    check_allowed(case, Action.REFUSE)
    check_not_deemed(change)
    check_no_pending_refusal(case)
    if case.department.chief_signs_refusals and staff.role not in APPROVER_ROLES:
        data = _reason_data(reason)
        append_event(_PROPOSED, case=case, staff=staff, data=data, at=change.when.at)
        return RefusalOutcome(document=None, pending=pending_refusal(case))
    signed_by = staff if staff.role in APPROVER_ROLES else None
    document = _refuse(change, reason, staff, signed_by)
    return RefusalOutcome(document=document, pending=None)


def _pending(case: Case) -> PendingRefusal:
    pending = pending_refusal(case)
    if pending is None:
        raise ServiceError(
            "refusal.none_pending", N_("No refusal of this case is waiting for a signature")
        )
    return pending


def sign_refusal(
    session: StaffSession, case_number: str, *, at: datetime | None = None
) -> IssuedDocument:
    """The chief representative signs a clerk's refusal: the case is refused and the
    decision issued, naming the clerk and the chief."""
    with case_change(session, case_number, at, chief=True) as change:
        pending = _pending(change.case)
        if pending.reason.kind not in REFUSAL_GROUNDS:
            raise ServiceError(
                "refusal.not_a_ground",
                N_(
                    "This refusal was proposed because the applicant is not eligible, "
                    "which is not a ground for refusing to accept: return it, and the "
                    "clerk accepts the application and decides not to grant it (Art. 38)"
                ),
            )
        check_not_deemed(change)
        clerk = Staff.get_by_id(pending.proposed_by_id)
        return _refuse(change, pending.reason, clerk, change.staff)


def reject_refusal(
    session: StaffSession, case_number: str, note: str = "", *, at: datetime | None = None
) -> None:
    """The chief representative returns a clerk's refusal unsigned; the case goes on."""
    with case_change(session, case_number, at, chief=True) as change:
        _pending(change.case)
        data = {"note": typed_text(note)}
        append_event(_REJECTED, case=change.case, staff=change.staff, data=data, at=change.when.at)


def cancel_refusal(session: StaffSession, case_number: str, *, at: datetime | None = None) -> None:
    """The clerk who proposed a refusal withdraws it before the chief signs."""
    with case_change(session, case_number, at) as change:
        pending = _pending(change.case)
        if pending.proposed_by_id != change.staff.id:
            raise PermissionDenied(
                "refusal.not_yours",
                N_("Only {name}, who proposed this refusal, can withdraw it"),
                name=pending.proposed_by,
            )
        append_event(_CANCELLED, case=change.case, staff=change.staff, at=change.when.at)


def pending_refusals(session: StaffSession) -> list[PendingRefusal]:
    """The refusals of the chief representative's department waiting for a signature,
    the oldest first."""
    require_role(session, *APPROVER_ROLES)
    cases = Case.select().where(
        (Case.department == session.department_id) & Case.state.in_(_REFUSABLE)
    )
    found = [p for case in cases if (p := pending_refusal(case)) is not None]
    return sorted(found, key=lambda p: p.proposed_at)
