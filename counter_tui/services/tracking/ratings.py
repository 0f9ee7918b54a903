"""Ratings (好差评, docs/rules.md §11): one per case, five levels; 不满意 and 非常不满意 are
差评 and open a follow-up (整改回访) that stays open until it is closed with a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import Expression

from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.errors import N_
from counter_tui.domain.lifecycle import CaseState
from counter_tui.domain.ratings import RatingLevel, is_poor
from counter_tui.domain.tracking import RATEABLE
from counter_tui.services.auth import INTAKE_ROLES, StaffSession, require_role
from counter_tui.services.cases.change import case_change
from counter_tui.services.cases.text import one_of, required_text, typed_text
from counter_tui.services.clock import to_local
from counter_tui.services.errors import ServiceError
from counter_tui.store.events import append_event
from counter_tui.store.models import Case, Rating, Staff


@dataclass(frozen=True)
class FollowUp:
    """A 差评 whose follow-up is open."""

    case_number: str
    item_name: str
    applicant: str
    owner: str
    level: RatingLevel
    comment: str
    rated_at: datetime  # local


def rate(
    session: StaffSession,
    case_number: str,
    level: int | RatingLevel,
    comment: str = "",
    *,
    at: datetime | None = None,
) -> bool:
    """Record the applicant's rating of a finished case, once. Returns True when it is a
    差评 and a follow-up is now open."""
    level = one_of(
        RatingLevel, level, "rating.level", N_("A rating is one of the five levels, 1 to 5")
    )
    with case_change(session, case_number, at) as change:
        case, staff, when = change.case, change.staff, change.when
        if CaseState(case.state) not in RATEABLE:
            raise ServiceError("rating.state", N_("A case is rated once it has its outcome"))
        if Rating.get_or_none(Rating.case == case) is not None:
            raise ServiceError("rating.once", N_("This case has already been rated"))
        Rating.create(case=case, level=level.value, comment=typed_text(comment), rated_at=when.at)
        append_event(
            "rated",
            case=case,
            staff=staff,
            data={"level": level.value, "comment": typed_text(comment)},
            at=when.at,
        )
        return is_poor(level)


def close_follow_up(
    session: StaffSession, case_number: str, note: str, *, at: datetime | None = None
) -> None:
    """Close a 差评's follow-up with what was done about it."""
    note = required_text(note, "follow_up.note", N_("A follow-up is closed with a note"))
    with case_change(session, case_number, at) as change:
        case, staff, when = change.case, change.staff, change.when
        rating = Rating.get_or_none(Rating.case == case)
        if rating is None or not is_poor(RatingLevel(rating.level)):
            raise ServiceError("follow_up.none", N_("This case has no poor rating to follow up"))
        if rating.follow_up_closed_at is not None:
            raise ServiceError("follow_up.closed", N_("This follow-up is already closed"))
        rating.follow_up_note = note
        rating.follow_up_closed_by = staff
        rating.follow_up_closed_at = when.at
        rating.save()
        append_event("follow_up_closed", case=case, staff=staff, data={"note": note}, at=when.at)


def follow_up_open() -> Expression:
    """The condition on Rating of a 差评 whose follow-up is still open."""
    return Rating.follow_up_closed_at.is_null() & Rating.level.in_(
        [level.value for level in RatingLevel if is_poor(level)]
    )


def open_follow_ups(session: StaffSession) -> list[FollowUp]:
    """Open follow-ups: the whole department's for its chief, a clerk's own cases'."""
    require_role(session, *INTAKE_ROLES)
    where = follow_up_open() & (Case.department == session.department_id)
    if session.role not in APPROVER_ROLES:
        where &= Case.owner == session.staff_id
    rows = (
        Rating.select(Rating, Case, Staff)
        .join(Case)
        .join(Staff, on=(Case.owner == Staff.id))
        .where(where)
        .order_by(Rating.rated_at)
    )
    return [
        FollowUp(
            case_number=rating.case.number,
            item_name=rating.case.item.name,
            applicant=rating.case.applicant_name,
            owner=rating.case.owner.name,
            level=RatingLevel(rating.level),
            comment=rating.comment,
            rated_at=to_local(rating.rated_at),
        )
        for rating in rows
    ]
