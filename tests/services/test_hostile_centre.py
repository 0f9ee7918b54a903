"""Hypothesis-drawn hostile text (issue 8) through the centre's administration: a
department's code, names, reconsideration body and delegation; a window's phone and
number; a staff member's code, name and PIN. Each is kept as the rules of
docs/rules.md §17 make it, or refused by the rule that names it, changing nothing."""

import pytest
from hostile import HOSTILE_SETTINGS, assert_refused, hostile_text, undone
from hypothesis import example, given

from counter_tui.domain.centre import CentreError, check_name
from counter_tui.domain.errors import DomainError
from counter_tui.services.centre.departments import add_department, set_department
from counter_tui.services.centre.staff import add_staff, reset_pin
from counter_tui.services.centre.windows import add_window
from counter_tui.store.models import Department, Staff, Window, storable_text

pytestmark = pytest.mark.both_engines

# The rules a hostile value may meet: the value's own check, or (for a code that reads as
# one that exists or does not) the lookup's.
RULES = {
    "centre.required", "centre.text", "centre.department_code", "centre.short_name",
    "centre.window_number", "centre.phone", "centre.staff_code", "centre.pin_length",
    "centre.pin_guessable", "department.code_taken", "department.short_name_taken",
    "department.unknown", "staff.code_taken", "window.exists",
}  # fmt: skip


def _kept_or_refused(call) -> object | None:
    """``call()``'s result, or None when it was refused by one of RULES, changing nothing."""
    try:
        return call()
    except DomainError as error:
        assert error.rule in RULES, error.rule
        assert_refused(call, error.rule)
        return None


def _as_name(text: str) -> str | None:
    try:
        return check_name(storable_text(text), required=False)
    except CentreError:
        return None


@HOSTILE_SETTINGS
@given(code=hostile_text, name=hostile_text, short=hostile_text, body=hostile_text)
@example(code="sw\x00", name="[red]税务局[/]", short="税\u202e务", body="\ud800")
def test_hostile_departments(demo_db: str, code: str, name: str, short: str, body: str) -> None:
    with undone():
        line = _kept_or_refused(
            lambda: add_department(None, code, name, short, reconsideration_body=body)
        )
        if line is not None:
            row = Department.get(Department.code == line.code)
            assert row.name == _as_name(name) and row.reconsideration_body == _as_name(body)
            assert row.short_name == line.short_name
        _kept_or_refused(lambda: set_department(None, "GA", delegation=body, name=name))


@HOSTILE_SETTINGS
@given(code=hostile_text, name=hostile_text, pin=hostile_text)
@example(code="ga06\x00", name="新人\x1b[2J", pin="80246\ud800")
def test_hostile_staff(demo_db: str, code: str, name: str, pin: str) -> None:
    with undone():
        line = _kept_or_refused(lambda: add_staff(None, code, name, "clerk", pin, "GA"))
        if line is not None:
            assert Staff.get(Staff.code == line.code).must_change_pin
            assert line.name == _as_name(name)
        _kept_or_refused(lambda: reset_pin(None, "ga01", pin))


@HOSTILE_SETTINGS
@given(number=hostile_text, phone=hostile_text, department=hostile_text)
@example(number="８", phone="0571\x00-1", department="ga\x1b")
def test_hostile_windows(demo_db: str, number: str, phone: str, department: str) -> None:
    with undone():
        view = _kept_or_refused(lambda: add_window(None, number, department, phone=phone))
        if view is not None:
            assert Window.get(Window.number == view.number).phone == phone.strip()
