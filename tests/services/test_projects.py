"""Key projects (重点项目, docs/rules.md §23): the register kept by administrators and chief
representatives, cases and bundle cases linked by their owner or a keeper, the board with
the queue's clocks and the next step, the list with its counts and worst light."""

from dataclasses import replace
from datetime import date

import pytest
from case_checks import PERSON, event_kinds, taken_case
from hostile import HOSTILE_SETTINGS, assert_refused, hostile_text, undone
from hypothesis import example, given

from counter_tui.domain.deadlines import Light
from counter_tui.domain.errors import DomainError
from counter_tui.domain.identifiers import validate_uscc
from counter_tui.domain.lifecycle import CaseState
from counter_tui.services.cases.detail import case_detail
from counter_tui.services.cases.queue import DEPARTMENT, QUEUE_STATES, queue
from counter_tui.services.centre.staff import set_staff
from counter_tui.services.demo.key_project import PROJECT
from counter_tui.services.intake import draft
from counter_tui.services.projects.board import key_projects, project_board
from counter_tui.services.projects.links import (
    link_bundle_case,
    link_case,
    unlink_bundle_case,
    unlink_case,
)
from counter_tui.services.projects.register import add_project, close_project, set_project
from counter_tui.services.projects.steps import NEXT_STEPS, NextStep, next_step
from counter_tui.services.tracking import progress
from counter_tui.store.events import event_data
from counter_tui.store.models import (
    Bundle,
    BundleCase,
    Case,
    Event,
    KeyProject,
    Staff,
    utc_now,
)

pytestmark = pytest.mark.both_engines

USCC = "91330100MA2B3C4D5X"  # not valid: its check character is wrong
NAME = "城东智能制造产业园项目"


def _uscc() -> str:
    from counter_tui.domain.identifiers import uscc_check_char

    first = "91330100MA2B3C4D5"
    return first + uscc_check_char(first)


def _add(session, name: str = NAME, **values) -> int:
    fields = {
        "name": name,
        "company": "示范市城东智造投资有限公司",
        "uscc": _uscc(),
        "level": "区重点",
        "liaison": "gh01",
        "leader": "城东区区长 李华",
        **values,
    }
    return add_project(session, **fields).id


def _refused(call, rule: str) -> DomainError:
    before = (Event.select().count(), list(KeyProject.select().dicts()), _links())
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.rule == rule
    assert (Event.select().count(), list(KeyProject.select().dicts()), _links()) == before
    return caught.value


def _links() -> list[tuple[str, int | None]]:
    rows = Case.select(Case.number, Case.key_project).where(Case.key_project.is_null(False))
    return sorted(rows.tuples())


def _last_event(kind: str) -> Event:
    return Event.select().where(Event.kind == kind).order_by(Event.id.desc()).get()


# ── the register ─────────────────────────────────────────────────────────────


def test_an_administrator_or_a_chief_registers_changes_and_closes_a_project(
    demo_db: str, sign, demo_today, on
) -> None:
    ident = _add(sign("admin"), name=f" {NAME}  ", uscc=_uscc().lower())
    row = KeyProject.get_by_id(ident)
    assert (row.name, row.uscc, row.level, row.liaison.code) == (NAME, _uscc(), "区重点", "gh01")
    assert row.created_by.code == "admin" and row.closed_on is None
    added = _last_event("key_project_added")
    assert added.case_id is None and added.staff.code == "admin"
    assert event_data(added)["key_project"] == ident and event_data(added)["liaison"] == "gh01"

    view = set_project(sign("hbchief"), NAME, level="市重点", liaison="hbchief")
    assert (view.level, view.liaison_code, view.liaison) == ("市重点", "hbchief", "郑卫东")
    changed = _last_event("key_project_set")
    assert changed.staff.code == "hbchief"
    assert event_data(changed) == {
        "key_project": ident,
        "changed": {"level": ["区重点", "市重点"], "liaison": ["gh01", "hbchief"]},
    }
    count = Event.select().count()
    set_project(sign("hbchief"), ident, level="市重点")  # nothing to change: nothing written
    assert Event.select().count() == count

    view = close_project(sign("ghchief"), str(ident), at=on(demo_today))
    assert view.closed_on == demo_today and not view.open
    assert event_data(_last_event("key_project_closed"))["closed_on"] == demo_today.isoformat()
    _refused(lambda: close_project(sign("admin"), NAME), "project.closed")


@pytest.mark.parametrize("who", ["ga01", "gadeputy"])
def test_clerks_and_deputies_do_not_keep_the_register(demo_db: str, sign, who: str) -> None:
    _refused(lambda: _add(sign(who)), "auth.role")
    ident = _add(sign("admin"))
    _refused(lambda: set_project(sign(who), ident, level="省重点"), "auth.role")
    _refused(lambda: close_project(sign(who), ident), "auth.role")


def test_a_one_time_pin_keeps_and_links_nothing(demo_db: str, sign) -> None:
    ident = _add(sign("admin"))
    number = taken_case("ga01")
    for who in ("admin", "ghchief", "ga01"):
        session = replace(sign(who), must_change_pin=True)
        _refused(lambda s=session: _add(s, name="另一个项目"), "auth.must_change_pin")
        _refused(lambda s=session: close_project(s, ident), "auth.must_change_pin")
        _refused(lambda s=session: link_case(s, number, NAME), "auth.must_change_pin")


def test_a_chief_made_a_clerk_since_signing_in_no_longer_keeps_it(demo_db: str, sign) -> None:
    session = sign("ghchief")
    set_staff(None, "ghchief", role="clerk")
    _refused(lambda: _add(session), "project.keeper")


def test_bad_values_are_refused_with_the_field_named_and_nothing_written(
    demo_db: str, sign
) -> None:
    admin = sign("admin")
    error = _refused(lambda: _add(admin, uscc=USCC), "project.uscc")
    assert error.params["problem"].rule == "uscc.checksum"
    error = _refused(lambda: _add(admin, uscc="9133"), "project.uscc")
    assert error.params["problem"].rule == "uscc.length"
    _refused(lambda: _add(admin, uscc=""), "project.uscc")
    _refused(lambda: _add(admin, name="  "), "centre.required")
    _refused(lambda: _add(admin, company=""), "centre.required")
    _refused(lambda: _add(admin, level=""), "centre.required")
    _refused(lambda: _add(admin, liaison="nobody"), "project.liaison")
    Staff.update(active=False).where(Staff.code == "gh03").execute()
    _refused(lambda: _add(admin, liaison="gh03"), "project.liaison")
    _add(admin, leader="")  # a leader may be named later
    _refused(lambda: _add(admin), "project.name_taken")
    _refused(lambda: set_project(admin, "没有这个项目", level="市重点"), "project.unknown")
    _add(admin, name="另一个项目")
    _refused(lambda: set_project(admin, "另一个项目", name=NAME), "project.name_taken")


def test_the_command_line_names_who_registers_it(demo_db: str) -> None:
    _refused(lambda: _add(None), "project.by")
    _refused(lambda: _add(None, by="gh01"), "project.by")  # a clerk
    _refused(lambda: _add(None, by="nobody"), "project.by")
    ident = _add(None, by="admin")
    assert KeyProject.get_by_id(ident).created_by.code == "admin"
    added = _last_event("key_project_added")
    assert added.staff_id is None and event_data(added)["by"] == "admin"
    close_project(None, NAME, by="ghchief")
    assert event_data(_last_event("key_project_closed"))["by"] == "ghchief"


@HOSTILE_SETTINGS
@given(text=hostile_text)
@example(text="[red]x[/] [@click=app.quit]退出[/] {name} %s")
@example(text="长" * 10_000)
@example(text="重点\x00项目")
@example(text="重点\x1b[2J项目")
def test_hostile_text_is_kept_as_typed_or_refused_whole(demo_db: str, sign, text: str) -> None:
    with undone():
        admin = sign("admin")
        kept = " ".join(text.split())
        if not kept:
            assert_refused(lambda: _add(admin, name=text), "centre.required")
        elif len(kept) > 100 or not kept.isprintable():
            assert_refused(lambda: _add(admin, name=text), "centre.text")
            assert_refused(lambda: _add(admin, company=text), "centre.text")
        else:
            ident = _add(admin, name=text, company=text, level=text, leader=text)
            board = project_board(text, date(2026, 11, 27))
            assert board.project.id == ident
            assert (board.project.name, board.project.company) == (kept, kept)
            assert (board.project.level, board.project.leader) == (kept, kept)
        assert_refused(lambda: link_case(admin, "GA20990101-0001", text), "case.not_found")


# ── links ────────────────────────────────────────────────────────────────────


def test_the_owner_links_their_case_at_intake_and_it_shows_in_its_timeline(
    demo_db: str, sign, demo_today
) -> None:
    ident = _add(sign("admin"))
    clerk = sign("ga01")
    number = draft.start_draft(clerk, "GA-010")
    link_case(clerk, number, NAME)  # at intake, a draft
    assert Case.get(Case.number == number).key_project_id == ident
    draft.update_applicant(clerk, number, PERSON)
    assert event_kinds(number)[-2:] == ["key_project_linked", "applicant_updated"]
    linked = _last_event("key_project_linked")
    assert linked.staff.code == "ga01"
    assert event_data(linked) == {"key_project": ident, "project": NAME}
    unlink_case(clerk, number)
    assert Case.get(Case.number == number).key_project_id is None
    assert event_kinds(number)[-1] == "key_project_unlinked"
    timeline = case_detail(clerk, number, demo_today).timeline
    assert [entry.kind for entry in timeline][-1] == "key_project_unlinked"


def test_who_links_the_owner_any_chief_or_an_administrator(demo_db: str, sign) -> None:
    _add(sign("admin"))
    number = taken_case("ga01")
    for who in ("ga02", "gadeputy", "hb01"):  # not the owner, not a keeper
        _refused(lambda who=who: link_case(sign(who), number, NAME), "project.link_who")
    link_case(sign("hbchief"), number, NAME)  # a chief of another department
    _refused(lambda: unlink_case(sign("ga02"), number), "project.link_who")
    unlink_case(sign("admin"), number)
    link_case(sign("ga01"), number, NAME)


def test_one_case_serves_one_project_and_a_closed_one_takes_no_new_cases(
    demo_db: str, sign
) -> None:
    admin = sign("admin")
    _add(admin)
    _add(admin, name="另一个项目")
    number, other = taken_case("ga01"), taken_case("ga01")
    link_case(admin, number, NAME)
    _refused(lambda: link_case(admin, number, NAME), "project.already_linked")
    _refused(lambda: link_case(admin, number, "另一个项目"), "project.other_project")
    _refused(lambda: unlink_case(admin, other), "project.not_linked")
    _refused(lambda: link_case(admin, other, "没有这个项目"), "project.unknown")
    _refused(lambda: link_case(admin, "GA20990101-0001", NAME), "case.not_found")
    close_project(admin, NAME)
    _refused(lambda: link_case(admin, other, NAME), "project.closed")
    unlink_case(admin, number)  # a mistake can still be mended


def _bundle_case(owner: str, numbers: list[str]) -> str:
    """A bundle case of ``numbers`` taken by ``owner`` (written as the bundle intake will:
    the rows only; the bundles' own services are another part of issue 23)."""
    bundle = Bundle.create(code="B-TEST", name="开办企业一件事", created_at=utc_now())
    row = BundleCase.create(
        number="YJS20261127-0001",
        bundle=bundle,
        owner=Staff.get(Staff.code == owner),
        created_at=utc_now(),
    )
    Case.update(bundle_case=row.id).where(Case.number.in_(numbers)).execute()
    return row.number


def test_a_bundle_case_is_linked_whole_and_its_cases_never_alone(demo_db: str, sign) -> None:
    ident = _add(sign("admin"))
    numbers = [taken_case("ga01"), taken_case("hb01", item="HB-002", accept=False)]
    bundle = _bundle_case("ga02", numbers)
    _refused(lambda: link_case(sign("ga01"), numbers[0], NAME), "project.bundle_item")
    _refused(lambda: link_bundle_case(sign("ga01"), bundle, NAME), "project.link_who")
    link_bundle_case(sign("ga02"), bundle.lower(), NAME)  # the clerk who took it
    assert BundleCase.get(BundleCase.number == bundle).key_project_id == ident
    for number in numbers:
        assert Case.get(Case.number == number).key_project_id == ident
        assert event_kinds(number)[-1] == "key_project_linked"
        last = Event.select().where(Event.case == Case.get(Case.number == number))
        data = event_data(last.order_by(Event.id.desc()).get())
        assert data == {"key_project": ident, "project": NAME, "bundle": bundle}
    _refused(lambda: link_bundle_case(sign("admin"), bundle, NAME), "project.already_linked")
    _refused(lambda: unlink_case(sign("ga01"), numbers[0]), "project.bundle_item")
    unlink_bundle_case(sign("gachief"), bundle)
    assert BundleCase.get(BundleCase.number == bundle).key_project_id is None
    assert all(Case.get(Case.number == n).key_project_id is None for n in numbers)
    _refused(lambda: unlink_bundle_case(sign("admin"), bundle), "project.not_linked")
    _refused(lambda: link_bundle_case(sign("admin"), "YJS0", NAME), "project.no_bundle_case")


def test_a_bundle_case_with_a_case_on_another_project_is_refused_whole(demo_db: str, sign) -> None:
    admin = sign("admin")
    _add(admin)
    _add(admin, name="另一个项目")
    numbers = [taken_case("ga01"), taken_case("ga01")]
    link_case(admin, numbers[1], "另一个项目")  # before it joined the bundle
    bundle = _bundle_case("ga01", numbers)
    _refused(lambda: link_bundle_case(admin, bundle, NAME), "project.other_project")


# ── the board and the list ───────────────────────────────────────────────────


def test_the_next_step_follows_the_state() -> None:
    assert next_step(CaseState.AWAITING_SUPPLEMENT, delivered=False) is NextStep.SUPPLEMENT
    assert next_step(CaseState.RECEIVED, delivered=False) is NextStep.ACCEPTANCE
    assert next_step(CaseState.IN_REVIEW, delivered=False) is NextStep.REVIEW
    assert next_step(CaseState.AWAITING_APPROVAL, delivered=False) is NextStep.APPROVAL
    assert next_step(CaseState.ACCEPTED, delivered=False) is NextStep.DECISION
    assert next_step(CaseState.DENIED, delivered=False) is NextStep.DELIVERY
    assert next_step(CaseState.COMPLETED, delivered=True) is None
    assert next_step(CaseState.REFUSED, delivered=False) is None
    # A bundle's case waits for the bundle's one delivery (统一出件).
    assert next_step(CaseState.COMPLETED, delivered=False, in_bundle=True) is (
        NextStep.BUNDLE_DELIVERY
    )
    assert next_step(CaseState.COMPLETED, delivered=True, in_bundle=True) is None
    assert next_step(CaseState.ACCEPTED, delivered=False, in_bundle=True) is NextStep.DECISION
    assert set(NEXT_STEPS.values()) | {NextStep.BUNDLE_DELIVERY} == set(NextStep)


def test_the_board_says_a_decided_bundle_case_waits_for_the_bundles_delivery(
    demo_db: str, demo_today
) -> None:
    """The demo's 三案同审 has one case decided and not yet handed over."""
    board = project_board(PROJECT["name"], demo_today)
    decided = [
        line for line in board.lines if line.bundle_case and line.state is CaseState.COMPLETED
    ]
    assert decided and {line.next_step for line in decided} == {NextStep.BUNDLE_DELIVERY}


def test_the_demo_project_is_valid_and_its_board_spans_two_departments(
    demo_db: str, sign, demo_today
) -> None:
    assert validate_uscc(PROJECT["uscc"]) == PROJECT["uscc"]
    board = project_board(PROJECT["name"], demo_today)
    assert board.project.liaison_code == "ghchief" and board.project.level == "市重点"
    assert board.centre == "示范市行政服务中心"
    assert {line.department_short for line in board.lines} == {"规划", "环保"}
    assert len(board.lines) >= 3
    departments = [line.department for line in board.lines]
    assert departments == sorted(departments)
    # Each open line's light and due date are the queue's, for the same case.
    chiefs = {"规划": sign("ghchief"), "环保": sign("hbchief")}
    open_lines = [line for line in board.lines if line.state in QUEUE_STATES]
    assert open_lines
    for line in open_lines:
        queued = queue(chiefs[line.department_short], demo_today, scope=DEPARTMENT)
        [same] = [q for q in queued if q.number == line.number]
        assert (line.light.value if line.light else None) == same.light
        assert line.legal_due == (same.deadline.legal.due.date if same.deadline else None)
        assert same.key_project == PROJECT["name"]
        assert line.next_step is next_step(line.state, delivered=False)


def test_a_decided_case_shows_its_clocks_as_of_its_decision(
    demo_db: str, sign, demo_today, on
) -> None:
    _add(sign("admin"))
    number = taken_case("ga01", at=on(date(2026, 11, 2)))
    link_case(sign("ga01"), number, NAME)
    progress.complete(sign("ga01"), number, "handed_over", at=on(date(2026, 11, 4)))
    [line] = project_board(NAME, demo_today).lines
    assert line.state is CaseState.COMPLETED and line.completed_on == date(2026, 11, 4)
    assert line.light is None and line.on_time is True
    assert line.legal_due == case_detail(sign("ga01"), number, demo_today).deadline.legal.due.date
    assert line.next_step is None  # handed over at the window: delivered


def test_the_list_counts_each_project_and_its_worst_light(
    demo_db: str, sign, demo_today, on
) -> None:
    admin = sign("admin")
    _add(admin)
    _add(admin, name="已建成项目")
    late = taken_case("ga01", at=on(date(2026, 10, 12)))  # long past its limit
    fresh = taken_case("ga01", at=on(demo_today))
    decided = taken_case("ga01", at=on(date(2026, 11, 2)))
    progress.complete(sign("ga01"), decided, "handed_over", at=on(date(2026, 11, 4)))
    waiting = taken_case("ga01", accept=False)
    for number in (fresh, decided, waiting):
        link_case(admin, number, NAME)
    link_case(admin, late, "已建成项目")
    close_project(admin, "已建成项目", at=on(demo_today))
    lines = {line.project.name: line for line in key_projects(demo_today)}
    ours = lines[NAME]
    assert (ours.cases, ours.open_cases, ours.completed_cases) == (3, 2, 1)
    assert ours.worst_light is Light.GREEN
    closed = lines["已建成项目"]
    assert (closed.cases, closed.open_cases, closed.worst_light) == (1, 1, None)
    assert lines[PROJECT["name"]].worst_light is Light.RED  # the demo's: a late case
    names = [line.project.name for line in key_projects(demo_today)]
    assert names[-1] == "已建成项目"  # the closed ones after the open ones
    unlink_case(admin, late)  # off the closed project, onto the open one
    link_case(admin, late, NAME)
    assert {line.project.name: line for line in key_projects(demo_today)}[
        NAME
    ].worst_light is Light.RED


def test_a_board_is_found_by_name_or_id_and_an_unknown_one_is_a_clear_error(
    demo_db: str, sign, demo_today
) -> None:
    ident = _add(sign("admin"))
    assert project_board(ident, demo_today).project.name == NAME
    assert project_board(str(ident), demo_today).project.name == NAME
    assert project_board(f"  {NAME} ", demo_today).project.id == ident
    assert project_board(NAME, demo_today).lines == ()
    for unknown in ("没有这个项目", "9" * 30, str(ident + 1000)):
        with pytest.raises(DomainError) as caught:
            project_board(unknown, demo_today)
        assert caught.value.rule == "project.unknown"


def test_the_demo_boards_bundle_cases_name_their_bundle(demo_db: str, demo_today) -> None:
    """The demo's two bundle cases serve the project: each of their lines names its
    bundle case by number, and no other line names one."""
    board = project_board(PROJECT["name"], demo_today)
    numbers = {line.number: line.bundle_case for line in board.lines}
    bundled = dict(
        Case.select(Case.number, BundleCase.number)
        .join(BundleCase)
        .where(Case.number.in_(list(numbers)))
        .tuples()
    )
    assert len(bundled) == 6
    assert numbers == {number: bundled.get(number, "") for number in numbers}
