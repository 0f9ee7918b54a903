"""Consultations (咨询登记, docs/rules.md §18): a question asked at a window or on the phone,
recorded in a few keys. The clerk who takes it owns it until it is answered or referred
(首问负责); one not answered at once is due within the centre's promise in working
minutes (30 by default: the "333"), counted by the centre's working hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from peewee import JOIN

from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.errors import N_
from counter_tui.domain.ratings import ServiceKind
from counter_tui.domain.working_hours import WorkingHoursError
from counter_tui.services.auth import INTAKE_ROLES, StaffSession, active_staff, require_role
from counter_tui.services.cases.change import locked, moment
from counter_tui.services.cases.rating_requests import ask_for_rating
from counter_tui.services.cases.referred import OPEN_REFERRAL
from counter_tui.services.cases.text import one_of, required_text, typed_text
from counter_tui.services.clock import centre_timezone, to_local, to_stored
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.services.working_hours import centre_working_hours
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import Consultation, Item, Referral, Staff, database_proxy
from counter_tui.store.settings import setting

ANSWER_MINUTES_SETTING = "consultation_answer_minutes"
DEFAULT_ANSWER_MINUTES = 30  # the "333": a question answered within 30 minutes


class Channel(StrEnum):
    WALK_IN = "walk_in"  # 现场咨询
    PHONE = "phone"  # 电话咨询


class ConsultationState(StrEnum):
    OPEN = "open"  # to be answered (a call back)
    ANSWERED = "answered"
    REFERRED = "referred"  # to another department or window, which answers it


@dataclass(frozen=True)
class ConsultationLine:
    """One consultation as a list shows it; times are local."""

    id: int
    item_name: str
    question: str
    visitor: str
    phone: str
    state: ConsultationState
    asked_at: datetime
    due_at: datetime | None  # None when answered at once, or when no hours are set
    late: bool  # answered after, or still open past, the promise


def answer_minutes() -> int:
    """The centre's promise for a question answered later, in working minutes."""
    stored = setting(ANSWER_MINUTES_SETTING) or ""
    return int(stored) if stored.isdigit() and int(stored) > 0 else DEFAULT_ANSWER_MINUTES


def _due(asked_at: datetime, zone: ZoneInfo, item: Item | None) -> datetime | None:
    """The promised answer (stored UTC) for a question asked at ``asked_at`` about
    ``item``: within the item's own promise where it has one (docs/rules.md §19), else
    the centre's. None when the centre has no opening hours to count (the administrator
    is told, see problems)."""
    local = to_local(asked_at, zone).replace(tzinfo=None)
    minutes = item.answer_minutes if item is not None and item.answer_minutes else None
    try:
        due = centre_working_hours().add(local, minutes or answer_minutes())
    except WorkingHoursError:
        return None
    return to_stored(due, zone)


def take_consultation(
    session: StaffSession,
    question: str,
    *,
    item_code: str = "",
    channel: Channel | str = Channel.WALK_IN,
    visitor: str = "",
    phone: str = "",
    answer: str = "",
    at: datetime | None = None,
) -> int:
    """Record a question; answered at once when ``answer`` is given, else open and due
    within the centre's promise. Returns the consultation's id."""
    require_role(session, *INTAKE_ROLES)
    question = required_text(
        question, "consultation.question", N_("A consultation records the question asked")
    )
    channel = one_of(Channel, channel, "consultation.channel", N_("{value} is not a way of asking"))
    answer, code = typed_text(answer), typed_text(item_code)
    with write_transaction(database_proxy):
        staff = active_staff(session)
        item = None
        if code:
            item = Item.get_or_none((Item.code == code) & Item.current)
            if item is None:
                raise ServiceError(
                    "consultation.item", N_("There is no item with the code {code}"), code=code
                )
        department = item.department_id if item else staff.department_id
        if department is None:
            raise ServiceError(
                "consultation.department",
                N_("Name the item asked about: you belong to no department"),
            )
        when = moment(at)
        answered = bool(answer)
        row = Consultation.create(
            department=department,
            window=session.window_id,
            item=item,
            owner=staff,
            channel=channel.value,
            visitor=typed_text(visitor),
            phone=typed_text(phone),
            question=question,
            answer=answer,
            state=(ConsultationState.ANSWERED if answered else ConsultationState.OPEN).value,
            asked_at=when.at,
            due_at=None if answered else _due(when.at, centre_timezone(), item),
            closed_at=when.at if answered else None,
        )
        data = {"consultation": row.id, "item": code, "channel": channel.value, "state": row.state}
        append_event("consultation_taken", staff=staff, data=data, at=when.at)
        if answered and channel is Channel.WALK_IN:  # the visitor is at the window (§11)
            kind = ServiceKind.CONSULTATION
            ask_for_rating(session.window_id, staff, kind, when.at, consultation=row)
    return int(row.id)


def owned_consultation(session: StaffSession, consultation_id: int) -> tuple[Consultation, Staff]:
    """The consultation, locked, and the staff member acting: its owner, or an approver of
    its department (who also answers at the 一号窗口). Inside a write transaction."""
    staff = active_staff(session)
    row = locked(Consultation.select().where(Consultation.id == consultation_id)).first()
    if row is None:
        raise ServiceError(
            "consultation.missing", N_("There is no consultation {id}"), id=consultation_id
        )
    mine = row.owner_id == staff.id
    approver = staff.role in APPROVER_ROLES and staff.department_id == row.department_id
    if not (mine or approver):
        raise PermissionDenied(
            "consultation.owner",
            N_("Whoever took a question answers it (首问负责): this one is {owner}'s"),
            owner=row.owner.name,
        )
    return row, staff


def open_one(session: StaffSession, consultation_id: int) -> tuple[Consultation, Staff]:
    """The open consultation, locked, and the staff member acting (``owned_consultation``)."""
    row, staff = owned_consultation(session, consultation_id)
    if row.state != ConsultationState.OPEN.value:
        raise ServiceError("consultation.closed", N_("This consultation is no longer open"))
    return row, staff


def answer_consultation(
    session: StaffSession, consultation_id: int, answer: str, *, at: datetime | None = None
) -> bool:
    """Record the answer to an open question. Returns True when it came after the
    promise."""
    require_role(session, *INTAKE_ROLES)
    answer = required_text(
        answer, "consultation.answer", N_("An answer records what the visitor was told")
    )
    with write_transaction(database_proxy):
        row, staff = open_one(session, consultation_id)
        return record_answer(row, staff, answer, moment(at).at)


def record_answer(row: Consultation, staff: Staff, answer: str, at: datetime) -> bool:
    """``staff`` answers the question ``row`` at ``at``, inside the caller's transaction
    (the clerk's answer, or the 一号窗口's). Returns True when it came after the promise."""
    late = row.due_at is not None and at > row.due_at
    row.answer, row.state, row.closed_at = answer, ConsultationState.ANSWERED.value, at
    row.save()
    data = {"consultation": row.id, "late": late}
    append_event("consultation_answered", staff=staff, data=data, at=at)
    return late


def refer_consultation(
    session: StaffSession, consultation_id: int, to: str, *, at: datetime | None = None
) -> None:
    """Send an open question on to whoever can answer it (another department, a window),
    named in ``to``; it leaves the clerk's open questions."""
    require_role(session, *INTAKE_ROLES)
    to = required_text(to, "consultation.to", N_("A referral names where the question goes"))
    with write_transaction(database_proxy):
        row, staff = open_one(session, consultation_id)
        when = moment(at)
        row.answer, row.state, row.closed_at = to, ConsultationState.REFERRED.value, when.at
        row.save()
        data = {"consultation": row.id, "to": to}
        append_event("consultation_referred", staff=staff, data=data, at=when.at)


def open_consultations(
    session: StaffSession, now: datetime | None = None
) -> list[ConsultationLine]:
    """The clerk's open questions, the one due first at the top; for the chief
    representative or a deputy also those referred to their 一号窗口 and not yet answered
    or sent back there (docs/rules.md §20): their promise still runs."""
    require_role(session, *INTAKE_ROLES)
    now = now or moment().at
    zone = centre_timezone()
    wanted = (Consultation.owner == session.staff_id) & (
        Consultation.state == ConsultationState.OPEN.value
    )
    if session.role in APPROVER_ROLES:
        referred = Referral.select(Referral.consultation).where(
            (Referral.department == session.department_id)
            & Referral.consultation.is_null(False)
            & Referral.state.in_(OPEN_REFERRAL)
        )
        wanted |= Consultation.id.in_(referred)
    rows = (
        Consultation.select(Consultation, Item)
        .join(Item, join_type=JOIN.LEFT_OUTER, on=(Consultation.item == Item.id))
        .where(wanted)
        .order_by(Consultation.due_at, Consultation.id)
    )
    return [_line(row, now, zone) for row in rows]


def _line(row: Consultation, now: datetime, zone: ZoneInfo) -> ConsultationLine:
    closed = row.closed_at or now
    return ConsultationLine(
        id=row.id,
        item_name=row.item.name if row.item_id else "",
        question=row.question,
        visitor=row.visitor,
        phone=row.phone,
        state=ConsultationState(row.state),
        asked_at=to_local(row.asked_at, zone),
        due_at=to_local(row.due_at, zone) if row.due_at else None,
        late=row.due_at is not None and closed > row.due_at,
    )
