"""Refusing to accept (不予受理, DESIGN §2.3), with the chief representative's sign-off
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

from peewee import SQL

from counter_tui.domain.checklist import RefusalKind, RefusalReason, refusal_reason
from counter_tui.domain.errors import N_
from counter_tui.domain.lifecycle import Action, CaseState
from counter_tui.domain.numbering import DocumentKind
from counter_tui.services.auth import StaffSession, require_role
from counter_tui.services.cases.change import (
    Moment,
    case_change,
    check_allowed,
    check_not_deemed,
    move,
    typed_text,
)
from counter_tui.services.cases.documents import IssuedDocument, issue_document
from counter_tui.services.clock import to_local
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.store.events import append_event, event_data
from counter_tui.store.models import Case, Event, Staff
from counter_tui.store.prepared import Prepared, save_changes, slot

_REFUSABLE = (CaseState.RECEIVED.value, CaseState.AWAITING_SUPPLEMENT.value)
_PROPOSED, _REJECTED, _CANCELLED = "refusal_proposed", "refusal_rejected", "refusal_cancelled"
_REFUSAL_EVENTS = (_PROPOSED, _REJECTED, _CANCELLED, Action.REFUSE.value)
# The case's last event of its refusal, with who wrote it.
_LAST_REFUSAL_EVENT = Prepared(
    lambda: (
        Event.select(Event, Staff)
        .join(Staff)
        .where((Event.case == slot()) & Event.kind.in_([slot() for _kind in _REFUSAL_EVENTS]))
        .order_by(Event.id.desc())
        .limit(SQL("1"))
    )
)


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
    last = _LAST_REFUSAL_EVENT.first(case.id, *_REFUSAL_EVENTS)
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
    case: Case,
    reason: RefusalReason,
    issuer: Staff,
    clerk: Staff,
    signed_by: Staff | None,
    when: Moment,
    session: StaffSession,
) -> IssuedDocument:
    move(case, Action.REFUSE, when.at)
    save_changes(case)
    document = issue_document(
        DocumentKind.REFUSAL,
        case,
        issuer,
        session,
        when,
        {**_reason_data(reason), "signed_by": signed_by.name if signed_by else None},
        clerk=clerk,
    )
    append_event(
        Action.REFUSE.value,
        case=case,
        staff=issuer,
        data={
            **_reason_data(reason),
            "document": document.number,
            "proposed_by": clerk.id,
            "signed_by": signed_by.id if signed_by else None,
        },
        at=when.at,
    )
    return document


def refuse(
    session: StaffSession,
    case_number: str,
    kind: RefusalKind | str,
    *,
    competent_body: str = "",
    details: str = "",
    at: datetime | None = None,
) -> RefusalOutcome:
    """Refuse to accept a received case (or one waiting for its supplement). Outside the
    remit names the competent body; not eligible and other reasons say why. Where the
    department requires the chief's sign-off and a clerk refuses, the refusal waits for
    it (``RefusalOutcome.pending``); otherwise the case is refused and the 不予受理决定书
    issued (``RefusalOutcome.document``)."""
    reason = refusal_reason(kind, typed_text(competent_body), typed_text(details))
    with case_change(session, case_number, at) as (case, staff, when):
        check_allowed(case, Action.REFUSE)
        check_not_deemed(case, when.today)
        check_no_pending_refusal(case)
        if case.department.chief_signs_refusals and staff.role != "chief":
            append_event(_PROPOSED, case=case, staff=staff, data=_reason_data(reason), at=when.at)
            return RefusalOutcome(document=None, pending=pending_refusal(case))
        signed_by = staff if staff.role == "chief" else None
        document = _refuse(case, reason, staff, staff, signed_by, when, session)
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
    with case_change(session, case_number, at, chief=True) as (case, chief, when):
        pending = _pending(case)
        check_not_deemed(case, when.today)
        clerk = Staff.get_by_id(pending.proposed_by_id)
        return _refuse(case, pending.reason, chief, clerk, chief, when, session)


def reject_refusal(
    session: StaffSession, case_number: str, note: str = "", *, at: datetime | None = None
) -> None:
    """The chief representative returns a clerk's refusal unsigned; the case goes on."""
    with case_change(session, case_number, at, chief=True) as (case, chief, when):
        _pending(case)
        append_event(_REJECTED, case=case, staff=chief, data={"note": typed_text(note)}, at=when.at)


def cancel_refusal(session: StaffSession, case_number: str, *, at: datetime | None = None) -> None:
    """The clerk who proposed a refusal withdraws it before the chief signs."""
    with case_change(session, case_number, at) as (case, staff, when):
        pending = _pending(case)
        if pending.proposed_by_id != staff.id:
            raise PermissionDenied(
                "refusal.not_yours",
                N_("Only {name}, who proposed this refusal, can withdraw it"),
                name=pending.proposed_by,
            )
        append_event(_CANCELLED, case=case, staff=staff, at=when.at)


def pending_refusals(session: StaffSession) -> list[PendingRefusal]:
    """The refusals of the chief representative's department waiting for a signature,
    the oldest first."""
    require_role(session, "chief")
    cases = Case.select().where(
        (Case.department == session.department_id) & Case.state.in_(_REFUSABLE)
    )
    found = [p for case in cases if (p := pending_refusal(case)) is not None]
    return sorted(found, key=lambda p: p.proposed_at)
