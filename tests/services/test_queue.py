"""The queue: scopes and who may ask for them, filters, search, order, masking, and one
deadline computation for the list and for a single case."""

import itertools
from datetime import date

import pytest

from counter_tui.domain.deadlines import Light
from counter_tui.domain.lifecycle import CaseState
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.deadlines import case_deadline
from counter_tui.services.cases.home import home_summary
from counter_tui.services.cases.queue import (
    DEPARTMENT,
    FIRST_WINDOW,
    MINE,
    NO_CLOCK,
    QUEUE_STATES,
    WINDOW,
    queue,
    queue_scopes,
    urgency,
)
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.services.intake import decisions
from counter_tui.store.database import write_transaction
from counter_tui.store.models import Case, Extension, Item, Staff, Suspension, database_proxy

pytestmark = pytest.mark.both_engines


def numbers(lines) -> list[str]:
    return [line.number for line in lines]


def test_a_clerk_sees_their_own_and_their_windows_cases(demo_db, received, sign, demo_today):
    number = received(clerk="ga03")  # window 2: ga03 is its A clerk, ga04 its B clerk
    assert number in numbers(queue(sign("ga03"), demo_today, scope=MINE))
    assert number not in numbers(queue(sign("ga04"), demo_today, scope=MINE))
    assert number in numbers(queue(sign("ga04"), demo_today, scope=WINDOW))
    assert number not in numbers(queue(sign("ga02"), demo_today, scope=WINDOW))  # window 1


def test_only_the_chief_sees_the_whole_department(demo_db, received, sign, demo_today):
    number = received(clerk="ga03")
    assert number in numbers(queue(sign("gachief"), demo_today, scope=DEPARTMENT))
    assert number not in numbers(queue(sign("hbchief"), demo_today, scope=DEPARTMENT))
    for clerk in ("ga03", "hb01"):
        with pytest.raises(PermissionDenied) as refused:
            queue(sign(clerk), demo_today, scope=DEPARTMENT)
        assert refused.value.rule == "queue.department"
    with pytest.raises(ServiceError):
        queue(sign("ga03"), demo_today, scope="everything")


def test_the_scopes_offered_follow_the_role(demo_db, sign) -> None:
    assert queue_scopes(sign("ga03")) == (MINE, WINDOW)
    chief = sign("gachief")
    assert queue_scopes(chief)[-2:] == (DEPARTMENT, FIRST_WINDOW)
    assert queue_scopes(sign("admin")) == (MINE,)


def test_drafts_and_closed_cases_are_not_in_the_queue(demo_db, draft, sign, demo_today):
    number = draft(clerk="ga03")
    lines = queue(sign("gachief"), demo_today, scope=DEPARTMENT, limit=None)
    assert number not in numbers(lines)
    assert {line.state for line in lines} <= QUEUE_STATES
    department = sign("gachief").department_id
    open_cases = Case.select().where(
        (Case.department == department) & Case.state.in_([s.value for s in QUEUE_STATES])
    )
    assert sorted(numbers(lines)) == sorted(case.number for case in open_cases)


def test_most_urgent_first(demo_db, sign, demo_today) -> None:
    lines = queue(sign("ghchief"), demo_today, scope=DEPARTMENT)
    lights = [line.light for line in lines]
    # The demo's 规划 holds every light and cases not started yet.
    assert {"red", "yellow", "green", None} <= set(lights)
    assert [urgency(line) for line in lines] == sorted(urgency(line) for line in lines)
    # A key project's cases first (docs/rules.md §23), then by light and due date.
    flags = [not line.key_project for line in lines]
    assert flags == sorted(flags)
    rank = {"red": 0, "yellow": 1, "green": 2, None: 3}
    for flag in (False, True):
        group = [line for line in lines if (not line.key_project) == flag]
        assert [rank[line.light] for line in group] == sorted(rank[line.light] for line in group)
        started = [line for line in group if line.deadline is not None]
        for before, after in itertools.pairwise(started):
            if before.light == after.light:
                assert before.due <= after.due


def test_filters_by_light_state_and_item(demo_db, sign, demo_today) -> None:
    chief = sign("ghchief")  # the demo's 规划 has every light, and cases not started
    everything = queue(chief, demo_today, scope=DEPARTMENT)
    for light in Light:
        lines = queue(chief, demo_today, scope=DEPARTMENT, light=light)
        assert lines and {line.light for line in lines} == {light.value}
        assert numbers(lines) == [n.number for n in everything if n.light == light.value]
    waiting = queue(chief, demo_today, scope=DEPARTMENT, light=NO_CLOCK)
    assert waiting and all(line.deadline is None for line in waiting)
    state = everything[0].state
    lines = queue(chief, demo_today, scope=DEPARTMENT, states=[state])
    assert numbers(lines) == [line.number for line in everything if line.state is state]
    assert queue(chief, demo_today, scope=DEPARTMENT, states=[CaseState.DRAFT]) == []
    item = everything[0].item_code
    lines = queue(chief, demo_today, scope=DEPARTMENT, item_code=item)
    assert lines and {line.item_code for line in lines} == {item}


def test_search_by_number_name_or_id_and_ids_are_masked(
    demo_db, received, sign, demo_today
) -> None:
    number = received(clerk="ga03")
    clerk = sign("ga03")
    for query in (number, number.lower(), "王小明", "11010519491231002x"):
        assert number in numbers(queue(clerk, demo_today, search=query)), query
    assert queue(clerk, demo_today, search="没有这个人") == []
    [line] = [line for line in queue(clerk, demo_today) if line.number == number]
    assert line.applicant_id == "110105********002X"
    assert line.applicant == "王小明 110105********002X"
    assert line.owner == Staff.get(Staff.code == "ga03").name
    assert line.deadline is None and line.light is None and line.remaining is None


def test_the_limit_keeps_the_most_urgent(demo_db, sign, demo_today) -> None:
    chief = sign("hbchief")
    everything = queue(chief, demo_today, scope=DEPARTMENT, limit=None)
    assert len(everything) > 3
    # By number: a line's review clock is read at the moment of each call.
    first = queue(chief, demo_today, scope=DEPARTMENT, limit=3)
    assert [line.number for line in first] == [line.number for line in everything[:3]]


def test_home_lists_the_head_of_the_clerks_queue(demo_db, sign, demo_today) -> None:
    clerk = sign("hb01")
    summary = home_summary(clerk, demo_today, limit=2)
    mine = queue(clerk, demo_today, scope=MINE, limit=None)
    assert [line.number for line in summary.open_cases] == [line.number for line in mine[:2]]
    assert summary.open_count == len(mine)


def _suspend_and_extend(number: str, started: date, ended: date | None, days: int) -> None:
    """A suspension and an approved extension, as the action services will record them."""
    with write_transaction(database_proxy):
        case = Case.get(Case.number == number)
        clerk = case.owner
        chief = Staff.get((Staff.role == "chief") & (Staff.department == case.department))
        Suspension.create(
            case=case,
            reason="组织专家评审",
            started_on=started,
            expected_days=10,
            ended_on=ended,
            staff=clerk,
        )
        Extension.create(
            case=case,
            days=days,
            reason="情况复杂",
            requested_by=clerk,
            approved_by=chief,
            approved=True,
        )


def test_one_computation_for_the_list_and_the_single_case(
    demo_db, received, sign, on, demo_today
) -> None:
    number = received(clerk="ga03", day=date(2026, 11, 2))
    decisions.accept(sign("ga03"), number, at=on(date(2026, 11, 2)))
    calendar = load_calendar()
    before = case_deadline(calendar, Case.get(Case.number == number), demo_today)
    _suspend_and_extend(number, date(2026, 11, 9), date(2026, 11, 13), days=5)
    case = Case.get(Case.number == number)
    after = case_deadline(calendar, case, demo_today)
    # Four working days suspended (after the 9th, up to the 13th) move both clocks; the
    # five extended move the legal one only (Art. 42), not the promise.
    assert after.due.date == calendar.add_workdays(before.due.date, 4)
    assert after.legal.due.date == calendar.add_workdays(before.legal.due.date, 9)
    [line] = [line for line in queue(sign("ga03"), demo_today) if line.number == number]
    assert line.deadline == after
    # The whole department's queue: its cases' deadlines computed in one go, the
    # suspended and extended one among them, as each case's own computation gives them.
    lines = queue(sign("gachief"), demo_today, scope=DEPARTMENT, limit=None)
    assert number in {line.number for line in lines}
    for line in lines:
        one = Case.select(Case, Item).join(Item).where(Case.number == line.number).get()
        assert line.deadline == case_deadline(calendar, one, demo_today), line.number


def test_an_open_key_projects_cases_go_first_and_are_marked(demo_db, sign, demo_today) -> None:
    from counter_tui.services.projects.links import link_case
    from counter_tui.services.projects.register import add_project, close_project

    chief = sign("gachief")
    last = queue(chief, demo_today, scope=DEPARTMENT)[-1]  # the least urgent of 公安
    project = add_project(
        sign("admin"),
        name="示范市城东智能制造产业园项目",
        company="示范市城东智造投资有限公司",
        uscc="91330106MA2H7KQW39",
        level="区重点",
        liaison="gachief",
    )
    link_case(chief, last.number, project.name)
    lines = queue(chief, demo_today, scope=DEPARTMENT)
    assert lines[0].number == last.number and lines[0].key_project == project.name
    assert {line.key_project for line in lines[1:]} == {""}
    assert [urgency(line) for line in lines] == sorted(urgency(line) for line in lines)
    owner = Case.get(Case.number == last.number).owner.code  # first in its owner's own too
    assert numbers(queue(sign(owner), demo_today, scope=MINE)[:1]) == [last.number]
    close_project(sign("admin"), project.name)  # the green channel ends with the project
    lines = queue(chief, demo_today, scope=DEPARTMENT)
    assert lines[-1].number == last.number and lines[-1].key_project == ""
