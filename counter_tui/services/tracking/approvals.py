"""What waits for the chief representative (F7): 一审一核 decisions, extension requests
and refusals to sign, in one list, the oldest first; and their approval or rejection,
each through the service that owns the rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType

from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.errors import N_
from counter_tui.domain.lifecycle import Action, CaseState
from counter_tui.services.auth import StaffSession, require_role
from counter_tui.services.cases.documents import IssuedDocument
from counter_tui.services.cases.text import required_text
from counter_tui.services.clock import to_local
from counter_tui.services.intake import decisions, refusals
from counter_tui.services.tracking import extensions
from counter_tui.store.events import event_data
from counter_tui.store.models import Case, Event, Staff


class ApprovalKind(StrEnum):
    DECISION = "decision"  # 一审一核: the clerk's review waits for the chief
    EXTENSION = "extension"
    REFUSAL = "refusal"


APPROVAL_LABELS: Mapping[ApprovalKind, str] = MappingProxyType(
    {
        ApprovalKind.DECISION: N_("一审一核 decision"),
        ApprovalKind.EXTENSION: N_("Extension"),
        ApprovalKind.REFUSAL: N_("Refusal"),
    }
)


@dataclass(frozen=True)
class WaitingApproval:
    kind: ApprovalKind
    case_number: str
    item_name: str
    applicant: str
    asked_by: str
    asked_at: datetime  # local
    request: str  # the clerk's opinion, the extension's days and reason, the refusal's details
    days: int = 0  # an extension's working days


def _decisions(session: StaffSession) -> list[WaitingApproval]:
    cases = Case.select().where(
        (Case.department == session.department_id)
        & (Case.state == CaseState.AWAITING_APPROVAL.value)
    )
    out = []
    for case in cases:
        asked = (
            Event.select(Event, Staff)
            .join(Staff)
            .where((Event.case == case) & (Event.kind == Action.REQUEST_APPROVAL.value))
            .order_by(Event.id.desc())
            .first()
        )
        if asked is not None and asked.staff_id == session.staff_id:
            continue  # they reviewed it: another approver decides (一审一核)
        out.append(
            WaitingApproval(
                kind=ApprovalKind.DECISION,
                case_number=case.number,
                item_name=case.item.name,
                applicant=case.applicant_name,
                asked_by=asked.staff.name if asked else "",
                asked_at=to_local(asked.at if asked else case.updated_at),
                request=event_data(asked).get("opinion", "") if asked else "",
            )
        )
    return out


def waiting_approvals(session: StaffSession, today: date) -> list[WaitingApproval]:
    """Everything of the approver's department that waits for their decision, oldest
    first: not what they asked for themselves, which waits for another approver."""
    require_role(session, *APPROVER_ROLES)
    found = _decisions(session)
    found += [
        WaitingApproval(
            kind=ApprovalKind.EXTENSION,
            case_number=p.case_number,
            item_name=p.item_name,
            applicant=p.applicant,
            asked_by=p.requested_by,
            asked_at=p.requested_at,
            request=p.reason,
            days=p.days,
        )
        for p in extensions.pending_extensions(session, today)
    ]
    for pending in refusals.pending_refusals(session):
        case = Case.get(Case.number == pending.case_number)
        found.append(
            WaitingApproval(
                kind=ApprovalKind.REFUSAL,
                case_number=case.number,
                item_name=case.item.name,
                applicant=case.applicant_name,
                asked_by=pending.proposed_by,
                asked_at=pending.proposed_at,
                request=pending.reason.details or pending.reason.competent_body,
            )
        )
    return sorted(found, key=lambda w: w.asked_at)


def approve(
    session: StaffSession,
    kind: ApprovalKind | str,
    case_number: str,
    *,
    at: datetime | None = None,
) -> IssuedDocument | None:
    """Approve what waits: the case completed (一审一核), the extension granted with its
    notice, or the refusal signed with its decision. Returns the document issued."""
    kind = ApprovalKind(kind)
    if kind is ApprovalKind.DECISION:
        return decisions.approve(session, case_number, at=at)
    if kind is ApprovalKind.EXTENSION:
        return extensions.approve_extension(session, case_number, at=at)
    return refusals.sign_refusal(session, case_number, at=at)


def reject(
    session: StaffSession,
    kind: ApprovalKind | str,
    case_number: str,
    reason: str,
    *,
    at: datetime | None = None,
) -> None:
    """Turn down what waits, with the reason: the licence denied (一审一核), the extension
    not granted, or the refusal returned to the clerk."""
    kind = ApprovalKind(kind)
    if kind is ApprovalKind.DECISION:
        decisions.deny(session, case_number, reason, at=at)
    elif kind is ApprovalKind.EXTENSION:
        extensions.reject_extension(session, case_number, reason, at=at)
    else:
        reason = required_text(
            reason, "refusal.return_reason", N_("Say why the refusal is returned unsigned")
        )
        refusals.reject_refusal(session, case_number, reason, at=at)
