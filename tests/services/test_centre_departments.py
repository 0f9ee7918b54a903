"""Departments administered (docs/rules.md §17): listed, added and changed by an
administrator or the command line's authority; unique codes and short names; a code that
case numbers carry does not change. Every refusal writes nothing."""

import pytest
from hostile import assert_refused

from counter_tui.services.centre.departments import (
    add_department,
    list_departments,
    set_department,
)
from counter_tui.store.events import event_data
from counter_tui.store.models import Department, Event

pytestmark = pytest.mark.both_engines


def _last_event() -> Event:
    return Event.select().order_by(Event.id.desc()).get()


def test_the_list_names_each_department_and_its_approvers(demo_db: str) -> None:
    lines = {line.code: line for line in list_departments()}
    assert sorted(lines) == ["GA", "GH", "HB", "ZW"]
    assert lines["ZW"].approvers == ("zwchief",)  # the centre's own office: no deputy
    assert lines["GA"].name == "示范市公安局" and lines["GA"].short_name == "公安"
    assert lines["GA"].chief_signs_refusals and not lines["GH"].chief_signs_refusals
    assert lines["GA"].approvers == ("gachief", "gadeputy")


def test_an_administrator_adds_a_department_named_in_the_event(demo_db: str, sign) -> None:
    line = add_department(
        sign("admin"),
        " sw ",
        "国家税务总局示范市税务局",
        "税务",
        reconsideration_body="国家税务总局浙江省税务局",
        delegation="示税发〔2026〕1号",
        chief_signs_refusals=True,
    )
    assert (line.code, line.short_name, line.approvers) == ("SW", "税务", ())
    row = Department.get(Department.code == "SW")
    assert row.reconsideration_body == "国家税务总局浙江省税务局"
    assert row.delegation == "示税发〔2026〕1号" and row.chief_signs_refusals
    event = _last_event()
    assert (event.kind, event.staff.code) == ("department_added", "admin")
    assert event_data(event)["code"] == "SW"


def test_the_command_line_adds_with_no_staff_member_named(demo_db: str) -> None:
    add_department(None, "SC", "示范市市场监督管理局", "市监")
    event = _last_event()
    assert event.kind == "department_added" and event.staff is None


@pytest.mark.parametrize(
    ("args", "rule"),
    [
        (("GA", "另一个局", "另一"), "department.code_taken"),
        (("SW", "示范市税务局", "公安"), "department.short_name_taken"),
        (("1X", "示范市税务局", "税务"), "centre.department_code"),
        (("TOOLONGCODE", "示范市税务局", "税务"), "centre.department_code"),
        (("SW", "  ", "税务"), "centre.required"),
        (("SW", "示范市税务局", "税 务"), "centre.short_name"),
        (("SW", "示范市税务局", "税务〔"), "centre.short_name"),
        (("SW", "示范市\x1b[2J税务局", "税务"), "centre.text"),
        (("SW", "局" * 101, "税务"), "centre.text"),
        (("S\ud800", "示范市税务局", "税务"), "centre.department_code"),
    ],
)
def test_bad_departments_are_refused_and_nothing_written(
    demo_db: str, args: tuple[str, str, str], rule: str
) -> None:
    assert_refused(lambda: add_department(None, *args), rule)


def test_a_clerk_or_chief_cannot_administer_departments(demo_db: str, sign) -> None:
    for who in ("ga01", "gachief"):
        assert_refused(
            lambda w=who: add_department(sign(w), "SW", "示范市税务局", "税务"), "auth.role"
        )
        assert_refused(lambda w=who: set_department(sign(w), "GA", name="改名"), "auth.role")


def test_set_changes_what_is_given_and_records_before_and_after(demo_db: str, sign) -> None:
    before = Department.get(Department.code == "GA").delegation
    set_department(sign("admin"), "ga", delegation="示公发〔2026〕3号", chief_signs_refusals=False)
    row = Department.get(Department.code == "GA")
    assert row.delegation == "示公发〔2026〕3号" and not row.chief_signs_refusals
    assert row.name == "示范市公安局"  # not given: as it was
    event = _last_event()
    assert event.kind == "department_set"
    assert event_data(event)["changed"] == {
        "delegation": [before, "示公发〔2026〕3号"],
        "chief_signs_refusals": [True, False],
    }
    count = Event.select().count()
    set_department(sign("admin"), "GA", name="示范市公安局")  # nothing changes: nothing written
    assert Event.select().count() == count


def test_a_code_that_case_numbers_carry_does_not_change(demo_db: str) -> None:
    assert_refused(lambda: set_department(None, "GA", new_code="GAX"), "department.code_in_use")
    add_department(None, "SW", "示范市税务局", "税务")
    set_department(None, "SW", new_code="TAX")  # no items, no cases yet
    assert Department.get_or_none(Department.code == "TAX") is not None
    assert_refused(lambda: set_department(None, "TAX", new_code="HB"), "department.code_taken")
    assert_refused(
        lambda: set_department(None, "TAX", short_name="环保"), "department.short_name_taken"
    )
    assert_refused(lambda: set_department(None, "NONE", name="x"), "department.unknown")
