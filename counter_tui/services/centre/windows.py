"""The centre's windows, administered (docs/rules.md §17): added and changed by an
administrator or the command line. The A and B clerks follow the handover's rules
(``staffing.place_clerks``). A department has one 一号窗口 at most: making another window
its 一号窗口 moves the mark there, and the event names the window that lost it. A
comprehensive window (综合窗口) takes bundles of items across departments; it is never also
its department's 一号窗口 (the chief's desk for that department's own cases)."""

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


def _check_not_both(window: Window) -> None:
    if window.first_window and window.comprehensive:
        raise ServiceError(
            "window.first_and_comprehensive",
            N_(
                "Window {number} cannot be both its department's 一号窗口 and a comprehensive "
                "window (综合窗口)"
            ),
            number=window.number,
        )


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
    comprehensive: bool = False,
) -> WindowView:
    """A new window of ``department``, with its A and B clerk when given; its
    department's 一号窗口 (``first``) or a comprehensive window, not both."""
    number = check_window_number(number)
    phone = check_phone(phone)
    with write_transaction(database_proxy):
        admin = acting_admin(session)
        if Window.select().where(Window.number == number).exists():
            raise ServiceError("window.exists", N_("Window {number} already exists"), number=number)
        window = Window(
            number=number,
            department=department_by_code(department),
            phone=phone,
            first_window=first,
            comprehensive=comprehensive,
        )
        _check_not_both(window)
        place_clerks(window, _clerk(clerk_a, None), _clerk(clerk_b, None))
        window.save()
        moved_from = _take_first_mark(window) if first else None
        data = {
            "window": number,
            "department": window.department.code,
            "phone": phone,
            "a": shown(window.clerk_a),
            "b": shown(window.clerk_b),
            "first_window": bool(first),
            "first_window_from": moved_from,
            "comprehensive": bool(comprehensive),
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
    comprehensive: bool | None = None,
) -> WindowView:
    """Change what is given (None: as it is; a clerk's code "": nobody). A window that
    moves to another department stops being a 一号窗口 unless ``first`` says so, and its
    clerks must be of the new department. A comprehensive window stays one wherever it
    moves. A change that would make a window both is refused: the one mark comes off
    before, or in the same change as, the other goes on."""
    number = check_window_number(number)
    phone = None if phone is None else check_phone(phone)
    with write_transaction(database_proxy):
        admin = acting_admin(session)
        window = window_by_number(number)
        values = given(
            department=None if department is None else department_by_code(department),
            phone=phone,
            comprehensive=comprehensive,
        )
        if "department" in values and values["department"].id != window.department_id:
            values["first_window"] = bool(first)
        elif first is not None:
            values["first_window"] = first
        changed = apply_changes(window, values)
        _check_not_both(window)
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
