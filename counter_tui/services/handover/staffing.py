"""Who works at which window (docs/rules.md §13, AB角): each window's A and B clerk, who is on
duty, and absences. Marking a clerk absent hands their duty at a window to the window's
other clerk when that one is at work; the cases stay the absent clerk's (any clerk of the
department can act on them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.errors import N_
from counter_tui.services.auth import (
    INTAKE_ROLES,
    StaffSession,
    active_staff,
    check_session,
    require_role,
)
from counter_tui.services.cases.change import locked, moment
from counter_tui.services.cases.text import one_of
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import Department, Staff, Window, database_proxy


class Absence(StrEnum):
    LEAVE = "leave"  # 请假
    OUT = "out"  # 外出


ABSENCE_LABELS: Mapping[Absence, str] = MappingProxyType(
    {Absence.LEAVE: N_("on leave"), Absence.OUT: N_("out of the office")}
)


@dataclass(frozen=True)
class WindowView:
    number: int
    department: str
    phone: str
    clerk_a: str  # codes ("" when nobody)
    clerk_b: str
    on_duty: str
    clerk_a_name: str
    clerk_b_name: str
    on_duty_name: str
    clerk_a_absence: Absence | None
    clerk_b_absence: Absence | None
    department_code: str = ""
    first_window: bool = False  # the department's 一号窗口
    comprehensive: bool = False  # a 综合窗口: takes bundles of items across departments


def absence_of(staff: Staff) -> Absence | None:
    return Absence(staff.absence) if staff.absence else None


def other_clerk(window: Window | None, staff: Staff) -> Staff | None:
    if window is None:
        return None
    if window.clerk_a_id == staff.id:
        return window.clerk_b
    if window.clerk_b_id == staff.id:
        return window.clerk_a
    return None


def check_counter_staff(staff: Staff, department: Department, rule: str) -> None:
    """``staff`` works at ``department``'s counter: active, a clerk or its chief."""
    if not staff.active or staff.role not in INTAKE_ROLES or staff.department_id != department.id:
        raise ServiceError(
            rule,
            N_("{name} is not an active clerk of {department}"),
            name=staff.name,
            department=department.name,
        )


def check_window_clerk(window: Window, clerk: Staff, letter: str) -> None:
    """``clerk`` may be the A (``letter``) or B clerk of ``window`` (saved or not yet): an
    active clerk of its department, and that clerk of no other window."""
    check_counter_staff(clerk, window.department, "window.clerk")
    column = Window.clerk_a if letter == "A" else Window.clerk_b
    elsewhere = column == clerk
    if window.id is not None:
        elsewhere &= Window.id != window.id
    other = Window.get_or_none(elsewhere)
    if other is not None:
        raise ServiceError(
            "window.elsewhere",
            N_("{name} is already the {role} clerk of window {number}"),
            name=clerk.name,
            role=letter,
            number=other.number,
        )


def staff_by_code(code: str) -> Staff:
    staff = Staff.get_or_none(Staff.code == str(code).strip())
    if staff is None:
        raise ServiceError(
            "handover.unknown_staff", N_("No staff member has the code {code}"), code=code
        )
    return staff


def place_clerks(window: Window, a: Staff | None, b: Staff | None) -> None:
    """Make ``a`` and ``b`` (None: nobody) the A and B clerk of ``window``, unsaved: two
    people, active counter staff of its department, each the A clerk of one window at
    most and the B clerk of one at most. The one on duty stays when still one of them;
    else the A clerk (or the B) goes on duty."""
    clerks = [clerk for clerk in (a, b) if clerk is not None]
    if a is not None and b is not None and a.id == b.id:
        raise ServiceError("window.same", N_("The A and the B clerk must be two people"))
    for clerk, letter in ((a, "A"), (b, "B")):
        if clerk is not None:
            check_window_clerk(window, clerk, letter)
    window.clerk_a, window.clerk_b = a, b
    if window.on_duty_id not in {clerk.id for clerk in clerks}:
        window.on_duty = clerks[0] if clerks else None


def window_by_number(number: int) -> Window:
    """The window, its row locked for the change."""
    window = locked(Window.select().where(Window.number == number)).first()
    if window is None:
        raise ServiceError("window.not_found", N_("No window numbered {number}"), number=number)
    return window


def list_windows() -> list[WindowView]:
    """Every window with its clerks and who is on duty."""

    def code(staff: Staff | None) -> str:
        return staff.code if staff is not None else ""

    def name(staff: Staff | None) -> str:
        return staff.name if staff is not None else ""

    out = []
    for window in Window.select().order_by(Window.number):
        a, b, duty = window.clerk_a, window.clerk_b, window.on_duty
        out.append(
            WindowView(
                number=window.number,
                department=window.department.name,
                phone=window.phone,
                clerk_a=code(a),
                clerk_b=code(b),
                on_duty=code(duty),
                clerk_a_name=name(a),
                clerk_b_name=name(b),
                on_duty_name=name(duty),
                clerk_a_absence=absence_of(a) if a is not None else None,
                clerk_b_absence=absence_of(b) if b is not None else None,
                department_code=window.department.code,
                first_window=window.first_window,
                comprehensive=window.comprehensive,
            )
        )
    return out


def set_absence(
    session: StaffSession,
    staff_code: str,
    absence: Absence | str | None,
    *,
    at: datetime | None = None,
) -> None:
    """Mark a staff member on leave (请假) or out (外出), or back (``None``): the staff
    member themself, their department's chief representative, or an administrator. An
    absent clerk on duty at a window hands the duty to the window's other clerk when
    that one is at work."""
    if absence is not None and absence != "":
        absence = one_of(
            Absence, absence, "absence.kind", N_("An absence is leave or out, not {value}")
        )
    else:
        absence = None
    check_session(session)
    when = moment(at)
    with write_transaction(database_proxy):
        actor = active_staff(session)
        target = locked(Staff.select().where(Staff.code == str(staff_code).strip())).first()
        if target is None or not target.active:
            raise ServiceError(
                "handover.unknown_staff",
                N_("No staff member has the code {code}"),
                code=staff_code,
            )
        allowed = (
            actor.id == target.id
            or session.role == "admin"
            or (session.role in APPROVER_ROLES and actor.department_id == target.department_id)
        )
        if not allowed:
            raise PermissionDenied(
                "absence.who",
                N_("Only {name}, their chief representative or an administrator can do this"),
                name=target.name,
            )
        value = absence.value if absence is not None else None
        if target.absence == value:
            return
        target.absence = value
        target.save()
        if value is not None:
            for window in Window.select().where(Window.on_duty == target):
                other = other_clerk(window, target)
                if other is not None and other.active and not other.absence:
                    window.on_duty = other
                    window.save()
        append_event(
            "absence_set",
            staff=actor,
            data={"staff": target.code, "absence": value},
            at=when.at,
        )


def take_back_duty(session: StaffSession, at: datetime | None = None) -> None:
    """The signed-in clerk, back at their own window, is on duty there again: the window
    was left with its other clerk (an absence, a handover) and stayed so (issue 21 item
    20). Their cases stay whose they are; only who serves at the window changes. Marks
    them back from an absence too."""
    require_role(session, *INTAKE_ROLES)
    when = moment(at)
    with write_transaction(database_proxy):
        me = active_staff(session)
        window = locked(Window.select().where(Window.id == session.window_id)).first()
        if window is None or me.id not in (window.clerk_a_id, window.clerk_b_id):
            raise ServiceError(
                "duty.no_window", N_("You are neither the A nor the B clerk of a window")
            )
        if window.on_duty_id == me.id and not me.absence:
            return
        window.on_duty = me
        window.save()
        if me.absence:
            me.absence = None
            me.save()
        append_event("duty_taken_back", staff=me, data={"window": window.number}, at=when.at)
