"""The consultation desk's reading (docs/rules.md §18): the clerk's open questions with
their lights for the home screen, and one consultation in full for its own screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from counter_tui.domain.deadlines import Light
from counter_tui.domain.errors import N_
from counter_tui.services.auth import INTAKE_ROLES, StaffSession, active_staff, require_role
from counter_tui.services.cases.change import moment
from counter_tui.services.cases.referred import OPEN_REFERRAL
from counter_tui.services.clock import centre_timezone, to_local
from counter_tui.services.consultations.questions import (
    Channel,
    ConsultationLine,
    ConsultationState,
    answer_minutes,
    open_consultations,
)
from counter_tui.services.errors import ServiceError
from counter_tui.store.models import Consultation, Referral, Window

# Yellow once a third of the promise or less is left (10 minutes of the default 30), by
# the clock: enough to call the visitor back before the promise is broken.
YELLOW_SHARE = 3


@dataclass(frozen=True)
class OpenQuestion:
    """An open question on the home screen, with its light."""

    line: ConsultationLine
    light: Light


@dataclass(frozen=True)
class ConsultationView:
    """One consultation in full; times are local."""

    id: int
    item_code: str  # "" when no item was named
    item_name: str
    question: str
    answer: str  # the answer, or where it was referred
    visitor: str
    phone: str
    channel: Channel
    state: ConsultationState
    asked_at: datetime
    due_at: datetime | None
    owner: str
    window: int | None
    case_number: str  # the application it became, "" while none
    light: Light | None  # while open, or while the 一号窗口 holds it
    # At the 一号窗口 (docs/rules.md §20): "waiting" or "taken" while it holds the question.
    referral: str
    referral_note: str  # the clerk's note with it
    taken_by: str  # who took it there, "" while waiting


def question_light(due_at: datetime | None, now: datetime) -> Light:
    """Red past the promise, yellow when a third of it or less is left, else green (also
    without a due time). ``due_at`` and ``now`` in the same zone."""
    if due_at is None:
        return Light.GREEN
    if now > due_at:
        return Light.RED
    left = due_at - now
    return (
        Light.YELLOW if left <= timedelta(minutes=answer_minutes() / YELLOW_SHARE) else Light.GREEN
    )


def open_questions(session: StaffSession, now: datetime | None = None) -> list[OpenQuestion]:
    """The clerk's open questions, due first, each with its light (``now``: stored UTC)."""
    now = now or moment().at
    local_now = to_local(now, centre_timezone())
    return [
        OpenQuestion(line, question_light(line.due_at, local_now))
        for line in open_consultations(session, now)
    ]


def consultation_view(
    session: StaffSession, consultation_id: int, now: datetime | None = None
) -> ConsultationView:
    """One consultation the clerk took, or one of their department's (``now``: stored
    UTC, for the light)."""
    require_role(session, *INTAKE_ROLES)
    staff = active_staff(session)
    row = Consultation.get_or_none(Consultation.id == consultation_id)
    if row is None or (staff.id != row.owner_id and staff.department_id != row.department_id):
        raise ServiceError(
            "consultation.missing", N_("There is no consultation {id}"), id=consultation_id
        )
    zone = centre_timezone()
    due_at = to_local(row.due_at, zone) if row.due_at else None
    referral = (
        Referral.select()
        .where((Referral.consultation == row.id) & Referral.state.in_(OPEN_REFERRAL))
        .first()
    )
    light = None
    if row.state == ConsultationState.OPEN.value or referral is not None:
        light = question_light(due_at, to_local(now or moment().at, zone))
    window = Window.get_or_none(Window.id == row.window_id) if row.window_id else None
    return ConsultationView(
        id=row.id,
        item_code=row.item.code if row.item_id else "",
        item_name=row.item.name if row.item_id else "",
        question=row.question,
        answer=row.answer,
        visitor=row.visitor,
        phone=row.phone,
        channel=Channel(row.channel),
        state=ConsultationState(row.state),
        asked_at=to_local(row.asked_at, zone),
        due_at=due_at,
        owner=row.owner.name,
        window=window.number if window else None,
        case_number=row.case.number if row.case_id else "",
        light=light,
        referral=referral.state if referral else "",
        referral_note=referral.note if referral else "",
        taken_by=referral.taken_by.name if referral and referral.taken_by_id else "",
    )
