"""Reading supervision orders (docs/rules.md §22): an order found by its number, the
orders someone must answer (the home screen's, with their lights), those someone issued,
the centre's orders still in hand, the overdue ones of a day, and one order in full.

Who answers an order is its owner (whom it was addressed to) or whoever holds its target
now (``targets.Held.holder``: the case's owner after an A/B handover, the bundle case's
owner, the project's liaison); ``answerable_by`` is that rule as a query, and
``replies.py`` checks it for one order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from peewee import JOIN, Expression

from counter_tui.domain.calendar import WorkCalendar
from counter_tui.domain.deadlines import Light
from counter_tui.domain.errors import N_
from counter_tui.domain.supervision import (
    ACTIVE_STATES,
    OrderState,
    TargetKind,
    answered_in_time,
    days_late,
    order_light,
    parse_order_number,
)
from counter_tui.services.auth import StaffSession, active_staff, check_session
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.change import locked, moment
from counter_tui.services.clock import centre_timezone, local_today, report_moment, to_local
from counter_tui.services.errors import ServiceError
from counter_tui.services.supervision.targets import target_of
from counter_tui.store.models import (
    BundleCase,
    Case,
    Department,
    KeyProject,
    Staff,
    SupervisionOrder,
    SupervisionReply,
)

# Most urgent first: red, yellow, green (open, by their lights), then answered, then closed.
_RANK = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2}
_ANSWERED_RANK, _CLOSED_RANK = 3, 4


@dataclass(frozen=True)
class OrderLine:
    """One order as a list shows it; times local."""

    number: str
    target: TargetKind
    target_label: str  # the case's or bundle case's number, the project's name
    subject: str  # the case's item, the bundle's name, the project's company
    reason: str
    expected: str
    issued_by: str
    owner: str  # whom it was addressed to when issued
    holder: str  # who holds its target now, and answers it too (the owner but after a handover)
    department: str  # the owner's department; "" for none
    issued_at: datetime
    reply_days: int
    reply_by: date
    state: OrderState
    answered_at: datetime | None  # its first reply
    light: Light | None  # while open (the reply is awaited); None once answered or closed
    days_late: int  # working days past the reply-by day while open

    @property
    def rank(self) -> int:
        if self.light is not None:
            return _RANK[self.light]
        return _CLOSED_RANK if self.state is OrderState.CLOSED else _ANSWERED_RANK

    def as_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "target": self.target.value,
            "state": self.state.value,
            "light": self.light.value if self.light else None,
            "issued_at": _iso(self.issued_at),
            "answered_at": _iso(self.answered_at),
            "reply_by": self.reply_by.isoformat(),
        }


@dataclass(frozen=True)
class ReplyView:
    staff: str
    at: datetime  # local
    progress: str
    delay_reason: str
    new_date: date | None

    def as_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "at": _iso(self.at),
            "new_date": self.new_date.isoformat() if self.new_date else None,
        }


@dataclass(frozen=True)
class OrderDetail:
    """One order in full: its line, whether it was answered in time (None while it has
    no reply), its closing and every reply, the first first."""

    line: OrderLine
    in_time: bool | None
    closed_by: str
    closed_at: datetime | None  # local
    close_note: str
    replies: tuple[ReplyView, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.line.as_dict(),
            "in_time": self.in_time,
            "closed_by": self.closed_by or None,
            "closed_at": _iso(self.closed_at),
            "close_note": self.close_note,
            "replies": [reply.as_dict() for reply in self.replies],
        }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.replace(tzinfo=None).isoformat(timespec="minutes")


def find_order(number: str, lock: bool = False) -> SupervisionOrder:
    """The order with this number, typed as printed or with a keyboard's brackets
    (``督办[2026]7``); ServiceError when there is none."""
    wanted = parse_order_number(number) or "".join(str(number).split())
    query = SupervisionOrder.select().where(SupervisionOrder.number == wanted)
    order = (locked(query) if lock else query).first()
    if order is None:
        raise ServiceError(
            "supervision.missing", N_("There is no supervision order {number}"), number=wanted
        )
    return order


def in_hand(number: str) -> SupervisionOrder:
    """The order, locked, to change: ServiceError when it is closed already."""
    order = find_order(number, lock=True)
    if order.state == OrderState.CLOSED.value:
        raise ServiceError(
            "supervision.closed", N_("{number} is closed already"), number=order.number
        )
    return order


def answerable_by(staff_id: int) -> Expression:
    """The orders ``staff_id`` answers: addressed to them, or on a target they hold now."""
    cases = Case.select(Case.id).where(Case.owner == staff_id)
    bundles = BundleCase.select(BundleCase.id).where(BundleCase.owner == staff_id)
    projects = KeyProject.select(KeyProject.id).where(KeyProject.liaison == staff_id)
    return (
        (SupervisionOrder.owner == staff_id)
        | SupervisionOrder.case.in_(cases)
        | SupervisionOrder.bundle_case.in_(bundles)
        | SupervisionOrder.key_project.in_(projects)
    )


def first_replies(ids: Iterable[int], before: datetime | None = None) -> dict[int, datetime]:
    """The moment (stored UTC) of each order's first reply, of those made ``before`` a
    moment when given; an order without one is not in it."""
    query = SupervisionReply.select(SupervisionReply.order, SupervisionReply.at).where(
        SupervisionReply.order.in_(list(ids))
    )
    if before is not None:
        query = query.where(SupervisionReply.at < before)
    first: dict[int, datetime] = {}
    for order, at in query.order_by(SupervisionReply.at.desc()).tuples():
        first[order] = at  # the earliest comes last
    return first


class _Lines:
    """Orders into lines, as of ``today``; ``as_open``: each line is read as still
    waiting for its reply (the overdue report of a past day, when it was)."""

    def __init__(self, today: date, as_open: bool = False) -> None:
        self.today = today
        self.as_open = as_open
        self.calendar: WorkCalendar = load_calendar()
        self.zone = centre_timezone()

    def __call__(self, orders: Iterable[SupervisionOrder]) -> list[OrderLine]:
        orders = list(orders)
        first = first_replies(order.id for order in orders)
        lines = [self.line(order, first.get(order.id)) for order in orders]
        return sorted(lines, key=lambda line: (line.rank, line.reply_by, line.number))

    def line(self, order: SupervisionOrder, first_reply: datetime | None) -> OrderLine:
        held = target_of(order)
        waiting = self.as_open or order.state == OrderState.OPEN.value
        owner = order.owner
        return OrderLine(
            number=order.number,
            target=held.kind,
            target_label=held.label,
            subject=held.subject,
            reason=order.reason,
            expected=order.expected,
            issued_by=order.issued_by.name,
            owner=owner.name,
            holder=held.holder.name,
            department=owner.department.name if owner.department_id else "",
            issued_at=to_local(order.issued_at, self.zone),
            reply_days=order.reply_days,
            reply_by=order.reply_by,
            state=OrderState(order.state),
            answered_at=to_local(first_reply, self.zone) if first_reply else None,
            light=order_light(self.calendar, self.today, order.reply_by) if waiting else None,
            days_late=days_late(self.calendar, self.today, order.reply_by) if waiting else 0,
        )


def _orders(where: Expression) -> Iterable[SupervisionOrder]:
    owner = Staff.alias()
    return (
        SupervisionOrder.select(SupervisionOrder, owner, Department)
        .join(owner, on=(SupervisionOrder.owner == owner.id))
        .join(Department, JOIN.LEFT_OUTER, on=(owner.department == Department.id))
        .where(where)
    )


def _today(now: datetime | None) -> date:
    return to_local(now or moment().at).date()


def my_orders(session: StaffSession, now: datetime | None = None) -> list[OrderLine]:
    """The open and answered orders the signed-in person answers (``answerable_by``),
    most urgent first, an open one with its light (``now``: stored UTC)."""
    check_session(session)
    where = SupervisionOrder.state.in_(ACTIVE_STATES) & answerable_by(session.staff_id)
    return _Lines(_today(now))(_orders(where))


def orders_issued_by(session: StaffSession, now: datetime | None = None) -> list[OrderLine]:
    """Every order the signed-in person issued: those in hand most urgent first (an
    answered one waits for them to close it), then the closed ones."""
    check_session(session)
    return _Lines(_today(now))(_orders(SupervisionOrder.issued_by == session.staff_id))


def active_orders(today: date | None = None) -> list[OrderLine]:
    """The centre's orders in hand (open or answered), the overdue first: the command
    line's list, an administrator's tool."""
    return _Lines(today or local_today())(_orders(SupervisionOrder.state.in_(ACTIVE_STATES)))


def overdue_orders(
    today: date, staff_id: int | None = None, department_id: int | None = None
) -> tuple[OrderLine, ...]:
    """The orders without a reply past their reply-by day as of ``today`` (now, or the
    end of a past day), the most overdue first: a staff member's (those they answer) or
    a department's (addressed to its staff) when asked."""
    now = report_moment(today)
    replied = SupervisionReply.select(SupervisionReply.order).where(SupervisionReply.at < now)
    where = (
        (SupervisionOrder.reply_by < today)
        & (SupervisionOrder.issued_at < now)
        & SupervisionOrder.id.not_in(replied)
        & (SupervisionOrder.closed_at.is_null() | (SupervisionOrder.closed_at >= now))
    )
    if staff_id is not None:
        where &= answerable_by(staff_id)
    elif department_id is not None:
        where &= SupervisionOrder.owner.in_(
            Staff.select(Staff.id).where(Staff.department == department_id)
        )
    lines = _Lines(today, as_open=True)(_orders(where))
    return tuple(sorted(lines, key=lambda line: (line.department, -line.days_late, line.number)))


def order_detail(
    number: str, session: StaffSession | None = None, today: date | None = None
) -> OrderDetail:
    """One order with its replies. With a ``session``, only who issued it, who answers it,
    an administrator, or a chief representative of a department whose work it is reads
    it (the command line, an administrator's tool, reads any)."""
    order = find_order(number)
    if session is not None:
        _check_reader(session, order)
    zone = centre_timezone()
    replies = tuple(
        ReplyView(
            staff=reply.staff.name,
            at=to_local(reply.at, zone),
            progress=reply.progress,
            delay_reason=reply.delay_reason,
            new_date=reply.new_date,
        )
        for reply in order.replies.order_by(SupervisionReply.at, SupervisionReply.id)
    )
    line = _Lines(today or local_today())([order])[0]
    first = replies[0].at.date() if replies else None
    return OrderDetail(
        line=line,
        in_time=answered_in_time(first, order.reply_by) if replies else None,
        closed_by=order.closed_by.name if order.closed_by_id else "",
        closed_at=to_local(order.closed_at, zone) if order.closed_at else None,
        close_note=order.close_note,
        replies=replies,
    )


def _check_reader(session: StaffSession, order: SupervisionOrder) -> None:
    staff = active_staff(session)
    held = target_of(order)
    readers = {order.issued_by_id, order.owner_id, held.holder.id}
    chief_of_it = staff.role == "chief" and staff.department_id in held.departments
    if staff.id not in readers and staff.role != "admin" and not chief_of_it:
        raise ServiceError(
            "supervision.missing",
            N_("There is no supervision order {number}"),
            number=order.number,
        )
