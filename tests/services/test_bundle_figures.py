"""Bundle cases in the figures (一件事, docs/rules.md §21.1 "Reports"): received, completed
(the last decision), on time and late by the case figures' own rule, a clerk's and a
department's scope, and the groupings; bundle cases taken through the real services."""

from datetime import date

import pytest
from bundle_checks import BUNDLE

from counter_tui.services.auth import session_of
from counter_tui.services.bundles import intake as bundles
from counter_tui.services.reports.bundles import bundle_counts
from counter_tui.services.reports.figures import ReportScope, centre_report, report_scope
from counter_tui.services.tracking import progress, suspensions
from counter_tui.store.models import BundleCase, Case, Item, Staff, Window

pytestmark = [pytest.mark.both_engines, pytest.mark.usefixtures("demo_db")]

# Working days after the demo's today (Friday 2026-11-27), when every bundle is taken.
MONDAY = date(2026, 11, 30)
TUESDAY = date(2026, 12, 1)
WEDNESDAY = date(2026, 12, 2)
LATE = date(2026, 12, 15)  # past GH-001's promised 5 working days
PERIOD = (date(2026, 11, 27), date(2026, 12, 31))
ZERO = {"bundles_received": 0, "bundles_completed": 0, "bundles_on_time": 0, "bundles_late": 0}


def _cases(number: str) -> dict[str, Case]:
    """The bundle case's cases by their item's code."""
    query = (
        Case.select(Case, Item)
        .join(Item)
        .switch(Case)
        .join(BundleCase)
        .where(BundleCase.number == number)
    )
    return {case.item.code: case for case in query}


def _owner(case: Case):
    return session_of(Staff.get_by_id(case.owner_id))


def _decide(case: Case, day: date, on, *, deny: bool = False) -> None:
    if deny:
        progress.record_denial(_owner(case), case.number, "规划条件不符", at=on(day, 14))
    else:
        progress.complete(_owner(case), case.number, "with_bundle", at=on(day, 14))


@pytest.fixture
def accepted(taken, desk, on, demo_today):
    """``accepted()``: a bundle case accepted whole today; its number."""

    def make() -> str:
        number = taken()
        bundles.accept_bundle(session_of(desk), number, at=on(demo_today))
        return number

    return make


@pytest.fixture
def centre_of_bundles(accepted, desk, on, demo_today) -> dict[str, str]:
    """Every kind of bundle case, taken today by the test's comprehensive window."""
    session = session_of(desk)
    made = {}
    # Every case decided by its promised day (one of them denied): on time.
    made["on_time"] = accepted()
    cases = _cases(made["on_time"])
    _decide(cases["GH-005"], MONDAY, on)
    _decide(cases["HB-002"], MONDAY, on)
    _decide(cases["GH-001"], TUESDAY, on, deny=True)
    # GH-001 decided after its promised 5 working days: the bundle is late, and its
    # completion day is that last decision.
    made["late"] = accepted()
    cases = _cases(made["late"])
    _decide(cases["GH-005"], MONDAY, on)
    _decide(cases["HB-002"], MONDAY, on)
    _decide(cases["GH-001"], LATE, on)
    # One case withdrawn after the last decision: ended, without moving the day.
    made["withdrawn"] = accepted()
    cases = _cases(made["withdrawn"])
    _decide(cases["GH-005"], MONDAY, on)
    _decide(cases["HB-002"], TUESDAY, on)
    progress.withdraw(_owner(cases["GH-001"]), cases["GH-001"].number, "申请人撤回", at=on(LATE))
    # Every case withdrawn: ended, but decided by nobody.
    made["all_withdrawn"] = accepted()
    for case in _cases(made["all_withdrawn"]).values():
        progress.withdraw(_owner(case), case.number, "项目取消", at=on(MONDAY))
    # One case still open.
    made["open"] = accepted()
    cases = _cases(made["open"])
    _decide(cases["GH-005"], MONDAY, on)
    _decide(cases["HB-002"], MONDAY, on)
    # A draft, and a draft given up: neither was received.
    made["draft"] = bundles.start_bundle_case(session, BUNDLE, at=on(demo_today))
    made["given_up"] = bundles.start_bundle_case(session, BUNDLE, at=on(demo_today))
    bundles.discard_bundle(session, made["given_up"], at=on(demo_today))
    return made


def _counts(*args, **scope) -> dict:
    return dict(bundle_counts(*args, **scope))


def test_received_completed_on_time_and_late_in_the_period(centre_of_bundles, desk):
    own = {"staff_id": desk.id}
    # Received: the five accepted, not the draft nor the one given up in draft.
    # Completed: the on-time one, the late one and the one with a case withdrawn.
    assert _counts(None, *PERIOD, **own) == {
        None: {
            "bundles_received": 5,
            "bundles_completed": 3,
            "bundles_on_time": 2,
            "bundles_late": 1,
        }
    }
    # Up to the Tuesday: the late bundle's last decision (15 December) is yet to come;
    # the one whose last case was withdrawn later is complete by its last decision.
    assert _counts(None, PERIOD[0], TUESDAY, **own) == {
        None: {
            "bundles_received": 5,
            "bundles_completed": 2,
            "bundles_on_time": 2,
            "bundles_late": 0,
        }
    }
    # After the day they were taken, only completions.
    assert _counts(None, MONDAY, PERIOD[1], **own) == {
        None: {
            "bundles_received": 0,
            "bundles_completed": 3,
            "bundles_on_time": 2,
            "bundles_late": 1,
        }
    }
    # The day of the last decision of the on-time bundle alone.
    assert _counts(None, TUESDAY, TUESDAY, **own)[None]["bundles_completed"] == 2


def test_a_suspension_moves_a_bundles_case_due_date_as_the_case_figures_say(accepted, desk, on):
    """The on-time rule is the case figures' own: GH-001 decided on the same late day as
    the late bundle's, but after an expert appraisal stopped its clock for two weeks, is
    on time — for the case figures and for its bundle."""
    number = accepted()
    cases = _cases(number)
    _decide(cases["GH-005"], MONDAY, on)
    _decide(cases["HB-002"], MONDAY, on)
    case = cases["GH-001"]
    suspensions.suspend(_owner(case), case.number, "appraisal", 10, "专家论证", at=on(MONDAY))
    suspensions.resume(_owner(case), case.number, at=on(date(2026, 12, 14)))
    _decide(Case.get_by_id(case.id), LATE, on)
    assert _counts(None, *PERIOD, staff_id=desk.id) == {
        None: {**ZERO, "bundles_received": 1, "bundles_completed": 1, "bundles_on_time": 1}
    }
    clerk = ReportScope(staff_id=case.owner_id)
    figures = centre_report(LATE, LATE, today=LATE, scope=clerk).total
    assert (figures.completed, figures.on_time, figures.late) == (1, 1, 0)


def test_the_report_carries_the_bundles_and_their_rate(centre_of_bundles, desk):
    report = centre_report(*PERIOD, today=PERIOD[1], scope=report_scope(session_of(desk)))
    total = report.total
    assert (total.bundles_received, total.bundles_completed) == (5, 3)
    assert total.bundle_on_time_rate == pytest.approx(2 / 3)
    data = report.as_dict()
    assert {k: v for k, v in data["bundles"].items() if k != "by_department"} == {
        "received": 5,
        "completed": 3,
        "on_time": 2,
        "late": 1,
        "on_time_rate": 0.6667,
    }
    assert [row["key"] for row in data["bundles"]["by_department"]] == ["ZT"]
    assert data["total"]["bundle_on_time_rate"] == 0.6667
    # Nothing completed: no rate.
    early = centre_report(
        PERIOD[0], PERIOD[0], today=PERIOD[0], scope=report_scope(session_of(desk))
    )
    assert early.total.bundles_completed == 0 and early.as_dict()["bundles"]["on_time_rate"] is None


def _demo_desk() -> tuple[Staff, Window]:
    window = Window.get(Window.comprehensive & (Window.number != 98))
    return Staff.get_by_id(window.clerk_a_id), window


def test_grouped_by_department_staff_and_window_and_not_by_item(centre_of_bundles, desk):
    """The demo's two bundle cases, taken at its own comprehensive window in November,
    are received there and none is complete; the test's are its window's."""
    november = (date(2026, 11, 1), PERIOD[1])
    demo_clerk, demo_window = _demo_desk()
    mine = {"bundles_received": 5, "bundles_completed": 3, "bundles_on_time": 2, "bundles_late": 1}
    demo = {**ZERO, "bundles_received": 2}
    window = Window.get(Window.number == 98)
    assert _counts("department", *november) == {
        desk.department_id: mine,
        demo_clerk.department_id: demo,
    }
    assert _counts("staff", *november) == {desk.id: mine, demo_clerk.id: demo}
    assert _counts("window", *november) == {window.id: mine, demo_window.id: demo}
    both = {name: mine[name] + demo[name] for name in mine}
    assert _counts("item", *november) == {None: both}
    # In the report by item they are one row, in no item's group.
    report = centre_report(*november, by="item", today=PERIOD[1])
    (row,) = [row for row in report.rows if row.figures.bundles_received]
    assert (row.key, row.label, row.figures.bundles_received) == ("", "—", 7)
    by_window = centre_report(*november, by="window", today=PERIOD[1])
    received = {row.key: row.figures.bundles_received for row in by_window.rows}
    assert received["98"] == 5 and received[str(demo_window.number)] == 2


def test_a_clerk_counts_their_own_and_a_department_its_staffs(centre_of_bundles, desk):
    november = (date(2026, 11, 1), PERIOD[1])
    demo_clerk, _window = _demo_desk()
    assert _counts(None, *november, staff_id=demo_clerk.id)[None]["bundles_received"] == 2
    assert _counts(None, *november, department_id=desk.department_id)[None] == {
        "bundles_received": 5,
        "bundles_completed": 3,
        "bundles_on_time": 2,
        "bundles_late": 1,
    }
    # A department whose staff took none counts none, whatever its cases in bundles.
    planning = Case.get(Case.bundle_case.is_null(False)).department_id
    assert _counts(None, *november, department_id=planning) == {}
    # Through the report's scope: the demo clerk's own report shows theirs only.
    own = centre_report(*november, today=PERIOD[1], scope=report_scope(session_of(demo_clerk)))
    assert (own.total.bundles_received, own.total.bundles_completed) == (2, 0)


def test_a_draft_and_one_given_up_in_draft_are_never_received(desk, on, demo_today):
    session = session_of(desk)
    bundles.start_bundle_case(session, BUNDLE, at=on(demo_today))
    given_up = bundles.start_bundle_case(session, BUNDLE, at=on(demo_today))
    bundles.discard_bundle(session, given_up, at=on(demo_today))
    assert _counts(None, demo_today, demo_today, staff_id=desk.id) == {}
    report = centre_report(demo_today, demo_today, today=demo_today, scope=report_scope(session))
    assert report.total.bundles_received == 0
