"""The centre's staff, administered (docs/rules.md §17): accounts added with a one-time PIN,
changed, deactivated and enabled again, PINs reset and locks cleared, by an
administrator or the command line. A deactivated account stays in the history and the
reports; one with open work (the handover's: cases, handovers, a window's A or B place)
is not deactivated, moved to another department or made an administrator until that work
is handed over or reassigned. The centre always keeps one active administrator."""

from __future__ import annotations

from dataclasses import dataclass

from counter_tui.domain.centre import check_chosen_pin, check_name, check_role, check_staff_code
from counter_tui.domain.errors import N_, Label
from counter_tui.services.auth import (
    INTAKE_ROLES,
    ROLE_LABELS,
    StaffSession,
    acting_admin,
    create_staff,
    set_pin,
)
from counter_tui.services.cases.change import locked
from counter_tui.services.centre.changes import apply_changes, given
from counter_tui.services.centre.departments import department_by_code
from counter_tui.services.errors import ServiceError
from counter_tui.services.handover.handover import pending_handover_count
from counter_tui.services.handover.open_work import work_cases
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import Department, Staff, Window, database_proxy, utc_now


@dataclass(frozen=True)
class StaffLine:
    code: str
    name: str
    role: str
    department: str  # its code; "" for an administrator
    active: bool
    locked: bool  # after too many wrong PINs, until the lock runs out or is cleared
    must_change_pin: bool  # holds a one-time PIN


def _line(staff: Staff) -> StaffLine:
    return StaffLine(
        code=staff.code,
        name=staff.name,
        role=staff.role,
        department=staff.department.code if staff.department_id else "",
        active=staff.active,
        locked=bool(staff.locked_until and staff.locked_until > utc_now()),
        must_change_pin=staff.must_change_pin,
    )


def list_staff(department: str | None = None) -> list[StaffLine]:
    """Every account, the deactivated ones too; of one department when given."""
    query = Staff.select().order_by(Staff.code)
    if department is not None:
        query = query.where(Staff.department == department_by_code(department))
    return [_line(staff) for staff in query]


def _target(code: str) -> Staff:
    staff = locked(Staff.select().where(Staff.code == str(code).strip())).first()
    if staff is None:
        raise ServiceError("staff.unknown", N_("No staff member has the code {code}"), code=code)
    return staff


def _check_placement(role: str, department: Department | None) -> None:
    """A clerk, deputy or chief belongs to a department; an administrator to none."""
    if role in INTAKE_ROLES and department is None:
        raise ServiceError(
            "staff.department_needed",
            N_("A {role} belongs to a department: give one"),
            role=Label(ROLE_LABELS[role]),
        )
    if role not in INTAKE_ROLES and department is not None:
        raise ServiceError(
            "staff.admin_department", N_("An administrator belongs to no department")
        )


def _check_no_open_work(staff: Staff) -> None:
    cases, _ratings = work_cases(staff)
    handovers = pending_handover_count(staff)
    windows = Window.select().where((Window.clerk_a == staff) | (Window.clerk_b == staff)).count()
    if cases or handovers or windows:
        raise ServiceError(
            "staff.open_work",
            N_(
                "{name} has open work (open cases: {cases}, handovers waiting: {handovers}, "
                "windows as A or B clerk: {windows}): hand it over and reassign the windows first"
            ),
            name=staff.name,
            cases=len(cases),
            handovers=handovers,
            windows=windows,
        )


def _check_not_last_admin(staff: Staff) -> None:
    others = Staff.select().where((Staff.role == "admin") & Staff.active & (Staff.id != staff.id))
    if staff.role == "admin" and staff.active and not others.exists():
        raise ServiceError(
            "staff.last_admin",
            N_("{name} is the last active administrator: the centre needs one"),
            name=staff.name,
        )


def add_staff(
    session: StaffSession | None,
    code: str,
    name: str,
    role: str,
    pin: str,
    department: str | None = None,
) -> StaffLine:
    """A new account with a one-time PIN from the administrator (the chosen-PIN rule):
    its holder chooses their own at the first sign-in."""
    code, name, role = check_staff_code(code), check_name(name), check_role(role)
    check_chosen_pin(pin)
    with write_transaction(database_proxy):
        admin = acting_admin(session)
        unit = department_by_code(department) if department else None
        _check_placement(role, unit)
        if Staff.select().where(Staff.code == code).exists():
            raise ServiceError(
                "staff.code_taken", N_("Another account has the code {code}"), code=code
            )
        staff = create_staff(code, name, role, pin, unit.id if unit else None, must_change_pin=True)
        data = {"staff": code, "name": name, "role": role, "department": unit and unit.code}
        append_event("staff_added", staff=admin, data=data)
        return _line(staff)


def set_staff(
    session: StaffSession | None,
    code: str,
    *,
    name: str | None = None,
    role: str | None = None,
    department: str | None = None,
) -> StaffLine:
    """Change what is given (None: as it is; department "": none). An account made an
    administrator leaves its department."""
    values = given(
        name=None if name is None else check_name(name),
        role=None if role is None else check_role(role),
    )
    with write_transaction(database_proxy):
        admin = acting_admin(session)
        staff = _target(code)
        if department is not None:
            values["department"] = department_by_code(department) if department.strip() else None
        elif values.get("role") == "admin":
            values["department"] = None
        moving = "department" in values and values["department"] != staff.department
        demoted = staff.role == "admin" and values.get("role", "admin") != "admin"
        leaves_counter = staff.role in INTAKE_ROLES and values.get("role", staff.role) == "admin"
        if demoted:
            _check_not_last_admin(staff)
        if moving or leaves_counter:
            _check_no_open_work(staff)
        changed = apply_changes(staff, values)
        _check_placement(staff.role, staff.department)
        if not changed:
            return _line(staff)
        staff.save()
        append_event("staff_set", staff=admin, data={"staff": staff.code, "changed": changed})
        return _line(staff)


def set_active(session: StaffSession | None, code: str, active: bool) -> StaffLine:
    """Deactivate an account (refused while it has open work, or is the last active
    administrator) or enable it again."""
    with write_transaction(database_proxy):
        admin = acting_admin(session)
        staff = _target(code)
        if staff.active == active:
            return _line(staff)
        if not active:
            _check_not_last_admin(staff)
            _check_no_open_work(staff)
        staff.active = active
        staff.save()
        kind = "staff_enabled" if active else "staff_disabled"
        append_event(kind, staff=admin, data={"staff": staff.code})
        return _line(staff)


def reset_pin(session: StaffSession | None, code: str, pin: str) -> StaffLine:
    """A new one-time PIN (the chosen-PIN rule), to be changed at the next sign-in; the
    lock and the failures are cleared."""
    with write_transaction(database_proxy):
        admin = acting_admin(session)
        staff = _target(code)
        set_pin(staff, pin, one_time=True)
        append_event("pin_reset", staff=admin, data={"staff": staff.code})
        return _line(staff)


def unlock_staff(session: StaffSession | None, code: str) -> bool:
    """Clear an account's lock and failed PINs; False when there was nothing to clear
    (nothing is written)."""
    with write_transaction(database_proxy):
        admin = acting_admin(session)
        staff = _target(code)
        if staff.locked_until is None and not staff.failed_attempts:
            return False
        staff.locked_until = None
        staff.failed_attempts = 0
        staff.save()
        append_event("staff_unlocked", staff=admin, data={"staff": staff.code})
        return True
