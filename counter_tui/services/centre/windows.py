"""The centre's windows, administered (docs/rules.md §17): added and changed by an
administrator or the command line. The A and B clerks follow the handover's rules
(``staffing.place_clerks``). A department has one 一号窗口 at most: making another window
its 一号窗口 moves the mark there, and the event names the window that lost it."""

from __future__ import annotations

from counter_tui.domain.centre import check_phone, check_window_number
from counter_tui.domain.errors import N_
from counter_tui.services.auth import StaffSession, acting_admin
from counter_tui.services.centre.changes import apply_changes, given, shown
from counter_tui.services.centre.departments import department_by_code
from counter_tui.services.errors import ServiceError
from counter_tui.services.handover.staffing import (
    WindowView,
    list_windows,
    place_clerks,
    staff_by_code,
    window_by_number,
)
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import Staff, Window, database_proxy


def _clerk(code: str | None, current: Staff | None) -> Staff | None:
    """The clerk named by ``code``: None keeps ``current``, "" is nobody."""
    if code is None:
        return current
    return staff_by_code(code) if code.strip() else None


def _take_first_mark(window: Window) -> int | None:
    """Make ``window`` its department's 一号窗口: the window that was, loses the mark
    (its number is returned)."""
    previous = Window.get_or_none(
        (Window.department == window.department_id) & Window.first_window & (Window.id != window.id)
    )
    if previous is None:
        return None
    previous.first_window = False
    previous.save()
    return previous.number


def _view(number: int) -> WindowView:
    return next(view for view in list_windows() if view.number == number)


def add_window(
    session: StaffSession | None,
    number: int | str,
    department: str,
    *,
    phone: str = "",
    clerk_a: str | None = None,
    clerk_b: str | None = None,
    first: bool = False,
) -> WindowView:
    """A new window of ``department``, with its A and B clerk when given."""
    number = check_window_number(number)
    phone = check_phone(phone)
    with write_transaction(database_proxy):
        admin = acting_admin(session)
        if Window.select().where(Window.number == number).exists():
            raise ServiceError("window.exists", N_("Window {number} already exists"), number=number)
        window = Window(number=number, department=department_by_code(department), phone=phone)
        place_clerks(window, _clerk(clerk_a, None), _clerk(clerk_b, None))
        window.save()
        moved_from = None
        if first:
            window.first_window = True
            moved_from = _take_first_mark(window)
            window.save()
        data = {
            "window": number,
            "department": window.department.code,
            "phone": phone,
            "a": shown(window.clerk_a),
            "b": shown(window.clerk_b),
            "first_window": bool(first),
            "first_window_from": moved_from,
        }
        append_event("window_added", staff=admin, data=data)
    return _view(number)


def set_window(
    session: StaffSession | None,
    number: int | str,
    *,
    department: str | None = None,
    phone: str | None = None,
    clerk_a: str | None = None,
    clerk_b: str | None = None,
    first: bool | None = None,
) -> WindowView:
    """Change what is given (None: as it is; a clerk's code "": nobody). A window that
    moves to another department stops being a 一号窗口 unless ``first`` says so, and its
    clerks must be of the new department."""
    number = check_window_number(number)
    phone = None if phone is None else check_phone(phone)
    with write_transaction(database_proxy):
        admin = acting_admin(session)
        window = window_by_number(number)
        values = given(
            department=None if department is None else department_by_code(department),
            phone=phone,
        )
        if "department" in values and values["department"].id != window.department_id:
            values["first_window"] = bool(first)
        elif first is not None:
            values["first_window"] = first
        changed = apply_changes(window, values)
        a, b = _clerk(clerk_a, window.clerk_a), _clerk(clerk_b, window.clerk_b)
        before = {"clerk_a": shown(window.clerk_a), "clerk_b": shown(window.clerk_b)}
        if "department" in changed or clerk_a is not None or clerk_b is not None:
            place_clerks(window, a, b)
        for field, value in before.items():
            if value != shown(getattr(window, field)):
                changed[field] = [value, shown(getattr(window, field))]
        if not changed:
            return _view(number)
        window.save()
        data: dict[str, object] = {"window": number, "changed": changed}
        if window.first_window and ("first_window" in changed or "department" in changed):
            data["first_window_from"] = _take_first_mark(window)
        append_event("window_set", staff=admin, data=data)
    return _view(number)
