"""Taking applications, part 1: drafts, the applicant, who may take an application,
finding a case again."""

import pytest

from counter_tui.domain.errors import DomainError
from counter_tui.domain.lifecycle import CaseState
from counter_tui.services.cases import finding
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.services.intake import case_view, checklist, decisions
from counter_tui.services.intake.draft import (
    discard_draft,
    start_draft,
    update_applicant,
)
from counter_tui.store.events import event_data
from counter_tui.store.models import Case, CaseMaterial, Event, Item, Window

pytestmark = pytest.mark.both_engines


HOSTILE = "[red]王[/]小明\x1b[31m\u202e" + "长" * 10_000


def _events(number: str) -> list[Event]:
    return list(Event.select().join(Case).where(Case.number == number).order_by(Event.id))


def test_a_draft_is_on_the_current_version_with_a_row_per_material(
    demo_db: str, sign, on, demo_today
) -> None:
    clerk = sign("ga03")
    number = start_draft(clerk, "GA-010", at=on(demo_today))
    case = Case.get(Case.number == number)
    item = Item.get((Item.code == "GA-010") & Item.current)
    assert number.startswith("GA20261127-")
    assert case.state == "draft" and case.item_id == item.id
    assert case.owner.code == "ga03" and case.window.number == 2
    rows = CaseMaterial.select().where(CaseMaterial.case == case)
    assert sorted(r.material_id for r in rows) == sorted(m.id for m in item.materials)
    assert {r.status for r in rows} == {"pending"}
    [event] = _events(number)
    assert event.kind == "draft_started" and event.staff.code == "ga03"


def test_case_numbers_count_per_department_and_day(demo_db: str, sign, on, demo_today) -> None:
    first = start_draft(sign("ga03"), "GA-010", at=on(demo_today))
    second = start_draft(sign("ga01"), "GA-004", at=on(demo_today))
    other = start_draft(sign("hb01"), "HB-001", at=on(demo_today))
    assert int(second[-4:]) == int(first[-4:]) + 1
    assert other.startswith("HB20261127-")


def test_a_chief_may_take_an_application_without_a_window(demo_db: str, sign) -> None:
    number = start_draft(sign("gachief"), "GA-010")
    assert Case.get(Case.number == number).window is None


@pytest.mark.parametrize(("code", "rule"), [("admin", "auth.role"), ("hb01", "intake.department")])
def test_admins_and_other_departments_cannot_take_an_application(
    demo_db: str, sign, code: str, rule: str
) -> None:
    before = Case.select().count()
    with pytest.raises(PermissionDenied) as caught:
        start_draft(sign(code), "GA-010")
    assert caught.value.rule == rule
    assert Case.select().count() == before


def test_an_unknown_item_is_refused(demo_db: str, sign) -> None:
    with pytest.raises(ServiceError) as caught:
        start_draft(sign("ga03"), "GA-999")
    assert caught.value.rule == "intake.item_unknown"


def test_the_draft_keeps_everything_typed_and_reports_what_is_wrong(
    demo_db: str, draft, sign
) -> None:
    number = draft(applicant={"name": "王", "id_type": "resident_id"})
    problems = update_applicant(sign("ga03"), number, {"id_number": "1101051949", "phone": "138"})
    assert {p.field: p.error.rule for p in problems} == {
        "id_number": "resident_id.length",
        "phone": "phone.format",
    }
    case = Case.get(Case.number == number)
    assert (case.applicant_id_number, case.applicant_phone) == ("1101051949", "138")
    assert event_data(_events(number)[-1]) == {"fields": ["id_number", "phone"]}


def test_hostile_text_is_stored_intact(demo_db: str, draft, sign) -> None:
    number = draft()
    update_applicant(sign("ga03"), number, {"name": HOSTILE, "address": HOSTILE})
    view = case_view.load_case(sign("ga03"), number)
    assert view.applicant.name == HOSTILE and view.applicant.address == HOSTILE


def test_saving_the_same_values_writes_no_event(demo_db: str, draft, sign) -> None:
    number = draft()
    before = len(_events(number))
    update_applicant(sign("ga03"), number, {"name": "王小明"})
    assert len(_events(number)) == before


@pytest.mark.parametrize(
    ("values", "rule"),
    [({"nickname": "x"}, "applicant.field"), ({"name": 7}, "applicant.value")],
)
def test_bad_fields_are_refused_and_change_nothing(
    demo_db: str, draft, sign, values: dict, rule: str
) -> None:
    number = draft()
    with pytest.raises(ServiceError) as caught:
        update_applicant(sign("ga03"), number, values)
    assert caught.value.rule == rule
    assert Case.get(Case.number == number).applicant_name == "王小明"


def test_submit_refuses_an_invalid_applicant_naming_the_rule(
    demo_db: str, draft, sign, materials, person
) -> None:
    wrong_check_digit = {**person, "id_number": "110105194912310021"}
    number = draft(applicant=wrong_check_digit)
    clerk = sign("ga03")
    for material_id in materials(number)[3:]:
        checklist.mark_material(clerk, number, material_id, "not_applicable")
    checklist.mark_all_remaining_provided(clerk, number)
    with pytest.raises(DomainError) as caught:
        decisions.submit(clerk, number)
    assert caught.value.rule == "resident_id.checksum"
    case = Case.get(Case.number == number)
    assert case.state == "draft" and case.received_on is None


def test_submit_stores_the_normalised_applicant(demo_db: str, draft, sign, person) -> None:
    as_typed = {**person, "name": " 王小明 ", "id_number": "11010519491231002x",
                "phone": "+86 138 1234 5678"}  # fmt: skip
    number = draft(applicant=as_typed)
    clerk = sign("ga03")
    for line in case_view.load_case(clerk, number).checklist:
        status = "not_applicable" if line.necessity == "conditional" else "provided"
        checklist.mark_material(clerk, number, line.material_id, status)
    decisions.submit(clerk, number)
    case = Case.get(Case.number == number)
    assert (case.applicant_name, case.applicant_id_number, case.applicant_phone) == (
        "王小明",
        "11010519491231002X",
        "13812345678",
    )


def test_the_applicant_is_fixed_once_the_case_is_submitted(demo_db: str, received, sign) -> None:
    number = received()
    with pytest.raises(ServiceError) as caught:
        update_applicant(sign("ga03"), number, {"name": "李四"})
    assert caught.value.rule == "applicant.locked"


def test_a_clerk_lists_and_reopens_their_own_drafts(demo_db: str, draft, sign) -> None:
    mine = draft(clerk="ga03")
    draft(clerk="ga04")
    drafts = finding.list_drafts(sign("ga03"))
    assert mine in [d.number for d in drafts]
    assert all(Case.get(Case.number == d.number).owner.code == "ga03" for d in drafts)
    view = case_view.load_case(sign("ga03"), mine.lower())
    assert view.state is CaseState.DRAFT and view.applicant.name == "王小明"
    assert view.item_code == "GA-010" and len(view.checklist) == 7


def test_a_discarded_draft_is_withdrawn_not_deleted(demo_db: str, draft, sign) -> None:
    number = draft()
    discard_draft(sign("ga03"), number)
    assert Case.get(Case.number == number).state == "withdrawn"
    assert number not in [d.number for d in finding.list_drafts(sign("ga03"))]


def test_the_applicant_back_with_the_supplement_is_found_by_number_name_or_id(
    demo_db: str, received, sign
) -> None:
    number = received()
    clerk = sign("ga04")  # the B clerk of the same window finds it too
    assert [c.number for c in finding.find_cases(clerk, number)] == [number]
    by_name = [c.number for c in finding.find_cases(clerk, "王小明")]
    by_id = [c.number for c in finding.find_cases(clerk, "11010519491231002x")]
    assert number in by_name and number in by_id
    [found] = [c for c in finding.find_cases(clerk, number)]
    assert found.applicant_id == "110105********002X"  # masked in lists
    assert finding.find_cases(sign("hb01"), number) == []  # another department's case
    assert number in [c.number for c in finding.find_cases(sign("admin"), number)]
    assert finding.find_cases(clerk, "   ") == []


def test_another_department_cannot_open_or_change_a_case(demo_db: str, draft, sign) -> None:
    number = draft()
    for call in (
        lambda s: case_view.load_case(s, number),
        lambda s: update_applicant(s, number, {"name": "x"}),
    ):
        with pytest.raises(PermissionDenied):
            call(sign("hb01"))
    assert Case.get(Case.number == number).applicant_name == "王小明"


def test_a_case_number_that_does_not_exist(demo_db: str, sign) -> None:
    with pytest.raises(ServiceError) as caught:
        case_view.load_case(sign("ga03"), "GA20990101-0001")
    assert caught.value.rule == "case.not_found"


def test_window_is_the_clerks_window_of_the_items_department(demo_db: str, sign) -> None:
    clerk = sign("ga01")  # A at window 1, B at window 3
    number = start_draft(clerk, "GA-001")
    assert Case.get(Case.number == number).window_id == clerk.window_id
    assert Window.get_by_id(clerk.window_id).number == 1
