"""Extension of the legal limit (延期, Art. 42, docs/rules.md §8): requested by the clerk with
a reason for an item that allows it, approved or rejected by the chief representative,
once per case, at most 10 working days, decided before the legal limit runs out; an
approval issues the 延期通知 to the applicant and moves the legal due date by exactly that
many working days. The promised limit (承诺时限) is not extended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.errors import N_
from counter_tui.domain.numbering import DocumentKind
from counter_tui.domain.tracking import EXTENDABLE
from counter_tui.services.auth import StaffSession, require_role
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.change import CaseChange, case_change, check_another_approver
from counter_tui.services.cases.deadlines import case_deadline
from counter_tui.services.cases.documents import IssuedDocument, issue_document
from counter_tui.services.cases.text import required_text
from counter_tui.services.clock import to_local
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.store.events import append_event
from counter_tui.store.models import Case, Extension, Staff

MAX_EXTENSION_DAYS = 10
EXTENDABLE_STATES = tuple(state.value for state in EXTENDABLE)


@dataclass(frozen=True)
class PendingExtension:
    case_number: str
    item_name: str
    applicant: str
    days: int
    reason: str
    requested_by: str
    requested_at: datetime  # local
    due: date  # the legal due date the extension would move


def _check_extendable(change: CaseChange) -> date:
    """The case's legal due date, when an extension can still be asked for or granted."""
    case, today = change.case, change.when.today
    if not case.item.extendable:
        raise ServiceError(
            "extension.item",
            N_(
                "“{item}” cannot be extended: its time limit is set by its own law, "
                "not by Article 42 of the Administrative Licensing Law"
            ),
            item=case.item.name,
        )
    if case.state not in EXTENDABLE_STATES:
        raise ServiceError(
            "extension.state",
            N_("Only a case being decided can be extended"),
        )
    deadline = case_deadline(change.calendar, case, today)
    if deadline is None:  # the states above all have a running clock
        raise ServiceError("extension.state", N_("Only a case being decided can be extended"))
    legal = deadline.legal.due.date
    if today > legal:
        raise ServiceError(
            "extension.overdue",
            N_(
                "The legal time limit ran out on {due}: an extension must be decided before it does"
            ),
            due=legal.isoformat(),
        )
    return legal


def request_extension(
    session: StaffSession,
    case_number: str,
    days: int,
    reason: str,
    *,
    at: datetime | None = None,
) -> None:
    """The clerk asks the chief representative to extend the legal limit by ``days``."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ServiceError(
            "extension.days",
            N_("An extension is from 1 to {most} working days"),
            most=MAX_EXTENSION_DAYS,
        )
    reason = required_text(reason, "extension.reason", N_("An extension states its reason"))
    with case_change(session, case_number, at) as change:
        case, staff, when = change.case, change.staff, change.when
        _check_extendable(change)
        check_another_approver(staff, case.department)
        if Extension.get_or_none(Extension.case == case) is not None:
            raise ServiceError(
                "extension.once",
                N_("This case has already had its one request for an extension"),
            )
        Extension.create(
            case=case, days=days, reason=reason, requested_by=staff, requested_at=when.at
        )
        append_event(
            "extension_requested",
            case=case,
            staff=staff,
            data={"days": days, "reason": reason},
            at=when.at,
        )


def _pending(case: Case) -> Extension:
    extension = Extension.get_or_none((Extension.case == case) & Extension.approved.is_null())
    if extension is None:
        raise ServiceError(
            "extension.none_pending", N_("No extension of this case waits for a decision")
        )
    return extension


def approve_extension(
    session: StaffSession, case_number: str, *, at: datetime | None = None
) -> IssuedDocument:
    """The chief representative approves: the legal limit grows by the days asked for and
    the applicant gets the extension notice (old legal due date → new one)."""
    with case_change(session, case_number, at, chief=True) as change:
        case, chief, when = change.case, change.staff, change.when
        extension = _pending(case)
        if extension.requested_by_id == chief.id:
            raise PermissionDenied(
                "approval.same_person",
                N_(
                    "You asked for this extension: another approver of the department (the "
                    "chief representative or a deputy) must approve it"
                ),
            )
        old_due = _check_extendable(change)
        extension.approved = True
        extension.approved_by = chief
        extension.decided_at = when.at
        extension.save()
        deadline = case_deadline(change.calendar, case, when.today)
        assert deadline is not None  # _check_extendable found the clock running
        document = issue_document(
            DocumentKind.EXTENSION_NOTICE,
            change,
            {
                "accepted_on": case.accepted_on,
                "days": extension.days,
                "reason": extension.reason,
                "old_due": old_due,
                "new_due": deadline.legal.due.date,
                "provisional": deadline.legal.due.provisional,
                "signed_by": chief.name,
                # Art. 42: approved by the organ's head; at the centre, by the approver under
                # the organ's written delegation named in the department's profile.
                "authority": {
                    "organ": case.department.name,
                    "delegation": case.department.delegation,
                },
            },
            clerk=extension.requested_by,
        )
        append_event(
            "extension_approved",
            case=case,
            staff=chief,
            data={
                "days": extension.days,
                "due": deadline.legal.due.date,
                "document": document.number,
            },
            at=when.at,
        )
        return document


def reject_extension(
    session: StaffSession, case_number: str, reason: str, *, at: datetime | None = None
) -> None:
    """The chief representative does not extend; the case keeps its limit."""
    reason = required_text(
        reason, "extension.reject_reason", N_("Say why the extension is not approved")
    )
    with case_change(session, case_number, at, chief=True) as change:
        case, chief, when = change.case, change.staff, change.when
        extension = _pending(case)
        extension.approved = False
        extension.approved_by = chief
        extension.decided_at = when.at
        extension.save()
        append_event(
            "extension_rejected", case=case, staff=chief, data={"reason": reason}, at=when.at
        )


def pending_extensions(session: StaffSession, today: date) -> list[PendingExtension]:
    """The department's extension requests waiting for this approver's decision: not the
    ones they asked for themselves (another approver decides those)."""
    require_role(session, *APPROVER_ROLES)
    calendar = load_calendar()
    rows = (
        Extension.select(Extension, Case, Staff)
        .join(Case)
        .switch(Extension)
        .join(Staff, on=(Extension.requested_by == Staff.id))
        .where(
            Extension.approved.is_null()
            & (Extension.requested_by != session.staff_id)
            & (Case.department == session.department_id)
            & Case.state.in_(EXTENDABLE_STATES)
        )
        .order_by(Extension.requested_at)
    )
    out = []
    for extension in rows:
        case = extension.case
        deadline = case_deadline(calendar, case, today)
        out.append(
            PendingExtension(
                case_number=case.number,
                item_name=case.item.name,
                applicant=case.applicant_name,
                days=extension.days,
                reason=extension.reason,
                requested_by=extension.requested_by.name,
                requested_at=to_local(extension.requested_at),
                due=deadline.legal.due.date if deadline else today,
            )
        )
    return out
