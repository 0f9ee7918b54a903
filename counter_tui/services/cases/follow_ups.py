"""A 差评's follow-up (回访, docs/rules.md §11) as it is read: by its clerk and chief
(``open_follow_ups``), on the case detail, in the overdue report. Changing one is
``services/tracking/ratings.py``'s. A bundle step's 差评 is the comprehensive window's:
followed up by whoever holds the bundle case and by the chief of its office
(docs/rules.md §21.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from peewee import Expression, Select

from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.ratings import (
    AppealOutcome,
    FollowUpResult,
    PoorReason,
    RatingLevel,
)
from counter_tui.services.auth import INTAKE_ROLES, StaffSession, require_role
from counter_tui.services.cases.rating_requests import (
    department_of_request,
    held_by,
    with_services,
)
from counter_tui.services.clock import to_local
from counter_tui.store.models import Case, RatingFollowUp, RatingRequest


def item_name(request: RatingRequest) -> str:
    """What the service was about: the case's item, the one asked about, or the bundle
    (its name: 开办餐饮店); "" when none."""
    if request.bundle_case_id is not None:
        return str(request.bundle_case.bundle.name)
    if request.case_id is not None:
        return str(request.case.item.name)
    if request.consultation_id is not None and request.consultation.item_id is not None:
        return str(request.consultation.item.name)
    return ""


@dataclass(frozen=True)
class FollowUp:
    """A 差评's follow-up, as its clerk and the chief see it."""

    request_id: int
    case_number: str  # "" for a consultation
    consultation_id: int | None  # the question rated, None for a case's service
    item_name: str
    applicant: str
    clerk: str  # who was rated
    clerk_id: int  # their staff id: only they appeal (docs/rules.md §11)
    level: RatingLevel
    reason: PoorReason | None  # None before migration 0017
    text: str
    rated_at: datetime  # local
    due_on: date | None  # None: opened before migration 0017, without a deadline
    contact: str
    result: FollowUpResult | None  # None while open
    closed_at: datetime | None  # local
    appeal: str
    appeal_outcome: AppealOutcome | None
    appeal_note: str  # the chief's, with the outcome
    bundle_case: str = ""  # the bundle case's number, for a step of one (then no case)

    def overdue(self, today: date) -> bool:
        """Still open past its day (red on the lists, in the overdue report)."""
        return self.result is None and self.due_on is not None and self.due_on < today

    @property
    def appeal_pending(self) -> bool:
        return bool(self.appeal) and self.appeal_outcome is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "request": self.request_id,
            "case": self.case_number or None,
            "bundle_case": self.bundle_case or None,
            "item": self.item_name,
            "clerk": self.clerk,
            "level": int(self.level),
            "reason": self.reason.value if self.reason else None,
            "rated_at": self.rated_at.isoformat(timespec="minutes"),
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "contacted": bool(self.contact),
            "appeal": self.appeal_outcome.value if self.appeal_outcome else bool(self.appeal),
        }


def follow_up_open() -> Expression:
    """The condition on RatingFollowUp of one still open."""
    return RatingFollowUp.closed_at.is_null()


def _view(row: RatingFollowUp) -> FollowUp:
    request = row.request
    case = request.case if request.case_id is not None else None
    consultation = request.consultation if request.consultation_id is not None else None
    bundle_case = request.bundle_case if request.bundle_case_id is not None else None
    if bundle_case is not None:  # one applicant for every case of it
        case = bundle_case.cases.order_by(Case.id).first()
    applicant = case.applicant_name if case else (consultation.visitor if consultation else "")
    return FollowUp(
        request_id=request.id,
        case_number=case.number if case and bundle_case is None else "",
        consultation_id=consultation.id if consultation else None,
        item_name=item_name(request),
        applicant=applicant,
        clerk=request.staff.name,
        clerk_id=request.staff_id,
        level=RatingLevel(request.level),
        reason=PoorReason(request.reason) if request.reason else None,
        text=request.text,
        rated_at=to_local(request.rated_at),
        due_on=row.due_on,
        contact=row.contact,
        result=FollowUpResult(row.result) if row.result else None,
        closed_at=to_local(row.closed_at) if row.closed_at else None,
        appeal=row.appeal,
        appeal_outcome=AppealOutcome(row.appeal_outcome) if row.appeal_outcome else None,
        appeal_note=row.appeal_note,
        bundle_case=bundle_case.number if bundle_case else "",
    )


def _joined() -> Select:
    return with_services(RatingFollowUp.select(RatingFollowUp, RatingRequest).join(RatingRequest))


def _open_for(session: StaffSession) -> Expression:
    """The open follow-ups ``session`` sees: the whole department's for its chief; a
    clerk's, of the services they were rated for and of those whose case or bundle case
    they hold (after a handover, both the clerk rated, who may appeal, and the new
    holder)."""
    require_role(session, *INTAKE_ROLES)
    where = follow_up_open() & (department_of_request() == session.department_id)
    if session.role not in APPROVER_ROLES:
        mine = held_by(session.staff_id) | (RatingRequest.staff == session.staff_id)
        where &= mine
    return where


def open_follow_ups(session: StaffSession) -> list[FollowUp]:
    """Open follow-ups as ``_open_for`` chooses them, the oldest rating first."""
    rows = _joined().where(_open_for(session)).order_by(RatingRequest.rated_at)
    return [_view(row) for row in rows]


@dataclass(frozen=True)
class FollowUpCount:
    """Home's line (docs/rules.md §11): the open follow-ups ``open_follow_ups`` lists,
    and of them the appeals waiting for this chief's decision (0 for a clerk)."""

    open: int
    appeals: int


def count_follow_ups(session: StaffSession) -> FollowUpCount:
    """How many open follow-ups ``session`` sees, and the appeals that wait for them:
    a chief decides the department's, never their own."""
    where = _open_for(session)
    found = _joined().where(where).count()
    appeals = 0
    if found and session.role in APPROVER_ROLES:
        waiting = (RatingFollowUp.appeal != "") & (RatingFollowUp.appeal_outcome == "")
        waiting &= RatingRequest.staff != session.staff_id
        appeals = _joined().where(where & waiting).count()
    return FollowUpCount(found, appeals)


def _oldest_first(where: Expression) -> list[FollowUp]:
    rows = _joined().where(where).order_by(RatingRequest.id)
    return [_view(row) for row in rows]


def follow_ups_of_case(case_id: int) -> list[FollowUp]:
    """Every follow-up of a case's services, oldest first (the case detail)."""
    return _oldest_first(RatingRequest.case == case_id)


def follow_ups_of_bundle_case(bundle_case_id: int) -> list[FollowUp]:
    """Every follow-up of a bundle case's steps, oldest first (its detail, docs/rules.md
    §21.1)."""
    return _oldest_first(RatingRequest.bundle_case == bundle_case_id)


def overdue_follow_ups(
    today: date, staff_id: int | None = None, department_id: int | None = None
) -> list[FollowUp]:
    """Open follow-ups past their day (the overdue report): the rated clerk's own, or a
    department's."""
    where = follow_up_open() & (RatingFollowUp.due_on < today)
    if staff_id is not None:
        where &= RatingRequest.staff == staff_id
    elif department_id is not None:
        where &= department_of_request() == department_id
    rows = _joined().where(where).order_by(RatingFollowUp.due_on, RatingRequest.id)
    return [_view(row) for row in rows]
