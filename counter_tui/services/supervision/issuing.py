"""The issuer's side of a supervision order (督办, docs/rules.md §22): issuing it on a case, a
bundle case or a key project, and closing it. Each is one write transaction with its
event: on the case when the order is on a case, else on no case, the order named in the
event's data."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from counter_tui.domain.errors import N_
from counter_tui.domain.numbering import supervision_counter, supervision_number
from counter_tui.domain.supervision import (
    ISSUER_ROLES,
    OrderState,
    check_reply_days,
    reply_by_date,
)
from counter_tui.services.auth import StaffSession, active_staff, check_session, require_role
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.change import moment
from counter_tui.services.cases.numbers import take_next
from counter_tui.services.cases.text import required_text, typed_text
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.services.supervision.log import order_event
from counter_tui.services.supervision.reading import in_hand
from counter_tui.services.supervision.targets import Held, Target, check_open, find_target
from counter_tui.store.database import write_transaction
from counter_tui.store.models import Department, Staff, SupervisionOrder, database_proxy


def _issuer(session: StaffSession) -> Staff:
    """The staff member issuing: a chief representative or an administrator, by the role
    stored now (not the one signed in with)."""
    require_role(session, *ISSUER_ROLES)
    staff = active_staff(session)
    require_role(replace(session, role=staff.role), *ISSUER_ROLES)  # changed since signing in
    return staff


def _check_may_supervise(staff: Staff, held: Held) -> None:
    """A chief representative supervises the work of their own department: a case of it,
    or a bundle case or key project with a case of it. An administrator, any."""
    if staff.role == "admin" or staff.department_id in held.departments:
        return
    department = Department.get_or_none(Department.id == staff.department_id)
    raise PermissionDenied(
        "supervision.department",
        N_(
            "{target} is not the work of {department}: its chief representative cannot supervise it"
        ),
        target=held.label,
        department=department.name if department else "—",
    )


def _check_owner(staff: Staff, held: Held) -> Staff:
    """Whoever holds the target answers the order: someone else, and active."""
    owner = held.holder
    if owner.id == staff.id:
        raise ServiceError(
            "supervision.own",
            N_("A supervision order goes to someone else: you hold {target} yourself"),
            target=held.label,
        )
    if not owner.active:
        raise ServiceError(
            "supervision.owner_inactive",
            N_("{name}, who holds {target}, is not active: hand the work over first"),
            name=owner.name,
            target=held.label,
        )
    return owner


def issue_order(
    session: StaffSession,
    target: Target,
    reason: str,
    expected: str,
    reply_days: int | str,
    at: datetime | None = None,
) -> str:
    """督办: order progress on ``target`` — why (``reason``), what is expected, and a reply
    within ``reply_days`` working days (1 to 30, the day of issue not counted). The
    order goes to whoever holds the target. Returns its number (督办〔2026〕7号)."""
    reason = required_text(
        reason, "supervision.reason", N_("A supervision order says why it is issued")
    )
    expected = required_text(
        expected, "supervision.expected", N_("A supervision order says what is expected")
    )
    days = check_reply_days(reply_days)
    with write_transaction(database_proxy):
        staff = _issuer(session)
        held = find_target(target, lock=True)
        _check_may_supervise(staff, held)
        check_open(held)
        owner = _check_owner(staff, held)
        when = moment(at)
        key = supervision_counter(when.today)
        order = SupervisionOrder.create(
            number=supervision_number(when.today.year, take_next(key.scope, key.period)),
            **held.order_columns(),
            issued_by=staff,
            owner=owner,
            reason=reason,
            expected=expected,
            issued_at=when.at,
            reply_days=days,
            reply_by=reply_by_date(load_calendar(), when.today, days),
            state=OrderState.OPEN.value,
        )
        order_event(
            "supervision_issued",
            order,
            staff,
            when.at,
            reason=reason,
            expected=expected,
            days=days,
            due=order.reply_by.isoformat(),
            owner=owner.id,
        )
        return str(order.number)


def close_order(
    session: StaffSession, order: str, note: str = "", at: datetime | None = None
) -> None:
    """Close the order numbered ``order``: only who issued it, or an administrator. An
    answered order closes with or without a note; one still open (never answered: the
    matter settled otherwise, or issued in error) only with a note saying why."""
    check_session(session)
    note = typed_text(note)
    with write_transaction(database_proxy):
        staff = active_staff(session)
        row = in_hand(order)
        if staff.id != row.issued_by_id and staff.role != "admin":
            raise PermissionDenied(
                "supervision.issuer",
                N_("Only {name}, who issued {number}, or an administrator closes it"),
                name=row.issued_by.name,
                number=row.number,
            )
        if row.state == OrderState.OPEN.value and not note:
            raise ServiceError(
                "supervision.close_note",
                N_("{number} has no reply yet: closing it takes a note saying why"),
                number=row.number,
            )
        when = moment(at)
        row.state, row.closed_by, row.closed_at = OrderState.CLOSED.value, staff, when.at
        row.close_note = note
        row.save()
        order_event("supervision_closed", row, staff, when.at, note=note)
