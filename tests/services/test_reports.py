"""The centre's figures on hand-built data where every number is known (tests/report_rows.py),
the bulletin's own figures, the catalog's figures and the daily overdue report."""

from datetime import date, timedelta

import pytest
from report_rows import NOVEMBER, TODAY, _at, department, insert_cases, item, known_centre

from counter_tui.domain.deadlines import Light, Limit
from counter_tui.services.auth import session_of
from counter_tui.services.calendar import load_calendar
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.services.reports.figures import (
    CENTRE,
    Figures,
    catalog_figures,
    centre_report,
    percent,
    report_scope,
)
from counter_tui.services.reports.overdue import overdue_report
from counter_tui.store.models import Case, Item, Referral, Staff

pytestmark = pytest.mark.both_engines


TA = Figures(
    received=11,
    accepted=8,
    refused=1,
    notices=1,
    completed=7,
    denied=1,
    on_spot=2,
    on_time=4,
    late=3,
    days_taken=55,
    legal_days=110,
    promised_days=60,
    open=3,
    open_yellow=1,
    open_overdue=1,
    ratings=4,
    satisfied=2,
    poor=2,
    follow_ups_open=1,
    follow_ups_closed=1,
    rating_requests=4,
    good=1,
    follow_ups_due=2,
    follow_ups_in_time=1,
    rectified=1,
)
TB = Figures(
    received=1,
    accepted=1,
    completed=1,
    on_time=1,
    days_taken=4,
    legal_days=20,
    promised_days=10,
    ratings=1,
    satisfied=1,
    rating_requests=1,
    good=1,
)
C1 = Figures(
    received=6,
    accepted=4,
    refused=1,
    notices=1,
    completed=3,
    on_spot=1,
    on_time=2,
    late=1,
    days_taken=19,
    legal_days=45,
    promised_days=25,
    open=3,
    open_yellow=1,
    open_overdue=1,
    ratings=3,
    satisfied=2,
    poor=1,
    follow_ups_open=1,
    rating_requests=3,
    good=1,
    follow_ups_due=1,
)
C2 = Figures(
    received=5,
    accepted=4,
    completed=4,
    denied=1,
    on_spot=1,
    on_time=2,
    late=2,
    days_taken=36,
    legal_days=65,
    promised_days=35,
    ratings=1,
    poor=1,
    follow_ups_closed=1,
    rating_requests=1,
    follow_ups_due=1,
    follow_ups_in_time=1,
    rectified=1,
)


def _november(by=None, scope=CENTRE):
    return centre_report(*NOVEMBER, by=by, today=TODAY, scope=scope)


def test_every_figure_of_the_known_centre(empty_db: str) -> None:
    known_centre()
    report = _november()
    assert report.total == TA + TB
    assert report.rows == ()
    total = report.total
    assert total.overdue == 4  # e open past due; b, h and i decided after their promise
    assert total.on_spot_rate == pytest.approx(2 / 8)
    assert total.on_time_rate == pytest.approx(5 / 8)
    assert total.average_days == pytest.approx(59 / 8)
    assert total.average_legal_limit == pytest.approx(130 / 8)
    assert total.average_promised_limit == pytest.approx(70 / 8)
    assert total.compression == pytest.approx(1 - 59 / 130)
    assert total.satisfaction_rate == pytest.approx(3 / 5)
    # The pad (docs/rules.md §11): every service asked was rated; 好评 1 and 2; j's
    # follow-up closed the day after, within its 7 days, put right; c's still open.
    assert total.rating_participation == pytest.approx(5 / 5)
    assert total.good_rate == pytest.approx(2 / 5)
    assert total.follow_ups_in_time_rate == pytest.approx(1 / 2)
    assert total.rectification_rate == pytest.approx(1 / 1)


def test_grouped_by_department_and_by_staff(empty_db: str) -> None:
    known_centre()
    by_department = _november("department")
    assert [(r.key, r.label, r.figures) for r in by_department.rows] == [
        ("TA", "甲局", TA),
        ("TB", "乙局", TB),
    ]
    assert by_department.total == TA + TB
    by_staff = _november("staff")
    assert [(r.key, r.label, r.figures) for r in by_staff.rows] == [
        ("c1", "张一", C1),
        ("c2", "李二", C2),
        ("c3", "王三", TB),
    ]
    by_window = _november("window")
    assert [(r.key, r.figures) for r in by_window.rows] == [("1", C1), ("2", C2), ("3", TB)]
    by_item = _november("item")
    assert [r.key for r in by_item.rows] == ["I", "P", "PB", "Q", "W"]
    assert sum((r.figures for r in by_item.rows), Figures()) == TA + TB


def test_suspension_and_extension_count_by_the_two_clocks(empty_db: str) -> None:
    """g (suspended 5 working days) is on time although completed after its plain due
    date: a suspension stops both clocks. h's approved extension moves the legal limit
    only, so h kept the law but not the promise; i, whose extension was refused, neither
    broke the law nor kept the promise."""
    known = known_centre()
    report = _november("staff")
    c2 = next(r.figures for r in report.rows if r.key == "c2")
    assert (c2.on_time, c2.late) == (2, 2)
    assert c2.days_taken == 8 + 14 + 14 + 0
    from counter_tui.services.cases.deadlines import case_deadline

    calendar = load_calendar()
    for name, promise_kept, legal_due in (
        ("g", True, date(2026, 12, 7)),
        ("h", False, date(2026, 12, 7)),
        ("i", False, date(2026, 11, 30)),
    ):
        case = known.cases[name]
        clocks = case_deadline(calendar, case, case.completed_on)
        assert (case.completed_on <= clocks.due.date) is promise_kept, name
        assert clocks.legal.due.date == legal_due, name


def test_period_bounds_are_local_days(empty_db: str) -> None:
    """The rating at 00:30 on 1 November in Shanghai (16:30 UTC on 31 October) is in
    November; the one at 00:30 on 1 December is not."""
    known_centre()
    assert _november().total.ratings == 5
    october = centre_report(date(2026, 10, 1), date(2026, 10, 31), today=TODAY)
    assert (october.total.received, october.total.ratings) == (1, 0)
    december = centre_report(date(2026, 12, 1), date(2026, 12, 31), today=TODAY)
    assert december.total.ratings == 1


def test_scopes_by_role(empty_db: str) -> None:
    known = known_centre()
    clerk = session_of(known.staff["c1"])
    scope = report_scope(clerk)
    assert _november(scope=scope).total == C1
    with pytest.raises(PermissionDenied):
        report_scope(clerk, centre=True)
    with pytest.raises(PermissionDenied):
        report_scope(clerk, department_id=known.departments["TA"].id)
    chief = session_of(known.staff["chief"])
    assert _november(scope=report_scope(chief)).total == TA
    assert report_scope(chief, centre=True) == CENTRE
    with pytest.raises(PermissionDenied):
        report_scope(chief, department_id=known.departments["TB"].id)
    admin = session_of(known.staff["admin"])
    assert report_scope(admin) == CENTRE
    tb = report_scope(admin, department_id=known.departments["TB"].id)
    assert _november(scope=tb).total == TB
    assert tb.label == "乙局"


def test_a_period_that_ends_before_it_starts_is_refused(empty_db: str) -> None:
    with pytest.raises(ServiceError) as error:
        centre_report(date(2026, 11, 30), date(2026, 11, 1), today=TODAY)
    assert error.value.rule == "report.period"
    with pytest.raises(ServiceError):
        centre_report(*NOVEMBER, by="weather", today=TODAY)


def test_an_empty_period_has_no_rates(empty_db: str) -> None:
    report = centre_report(*NOVEMBER, today=TODAY)
    assert report.total == Figures()
    assert report.total.compression is None and report.total.on_spot_rate is None
    assert percent(report.total.compression) == "—"
    assert report.as_dict()["total"]["satisfaction_rate"] is None


def test_daily_volume(empty_db: str) -> None:
    known_centre()
    daily = {d.day: (d.received, d.completed) for d in _november().daily}
    assert len(daily) == 30
    assert daily[date(2026, 11, 2)] == (5, 0)  # a, b, g, h, i
    assert daily[date(2026, 11, 20)] == (0, 2)  # h, i
    assert daily[date(2026, 11, 10)] == (1, 1)  # j, received and denied


def _bulletin_department(code: str):
    dept = department(code, f"{code}局")
    clerk = Staff.create(
        code=f"{code}01", name="办事员", role="clerk", department=dept, pin_hash="x", pin_salt="0"
    )
    return dept, clerk


def test_the_bulletins_compression(empty_db: str) -> None:
    """189 completed cases, 446 actual working days against 10,372 legal: 95.7%."""
    dept, clerk = _bulletin_department("YS")
    # 86 cases of a 20-day item and 103 of an 84-day item: 1,720 + 8,652 = 10,372.
    short, long = item("S20", dept, legal=20, promised=10), item("L84", dept, legal=84, promised=30)
    calendar = load_calendar()
    start = date(2026, 3, 2)
    rows = []
    for n in range(189):
        taken = 3 if n < 68 else 2  # 68 × 3 + 121 × 2 = 446
        accepted = calendar.add_workdays(start, n % 40)
        rows.append(
            {
                "number": f"YS{n:05d}",
                "item": (short if n < 86 else long).id,
                "state": "completed",
                "department": dept.id,
                "owner": clerk.id,
                "received_on": accepted,
                "accepted_on": accepted,
                "completed_on": calendar.add_workdays(accepted, taken),
            }
        )
    insert_cases(rows)
    report = centre_report(date(2026, 1, 1), date(2026, 12, 31), by="department", today=TODAY)
    figures = report.rows[0].figures
    assert (figures.completed, figures.days_taken, figures.legal_days) == (189, 446, 10372)
    assert percent(figures.compression) == "95.7%"


def test_the_bulletins_on_the_spot_rate(empty_db: str) -> None:
    """53,752 completed cases, 49,090 of them on the spot: 91.3%."""
    dept, clerk = _bulletin_department("JB")
    spot = item("IMM", dept, kind="immediate", legal=5, promised=0)
    promised = item("PRM", dept)
    first = date(2025, 1, 1)

    def rows():
        for n in range(53_752):
            day = first + timedelta(days=n % 365)
            on_spot = n < 49_090
            yield {
                "number": f"JB{n:06d}",
                "item": (spot if on_spot else promised).id,
                "state": "completed",
                "department": dept.id,
                "owner": clerk.id,
                "received_on": day,
                "accepted_on": day,
                "completed_on": day if on_spot else day + timedelta(days=7),
            }

    insert_cases(rows())
    report = centre_report(date(2025, 1, 1), date(2026, 1, 31), today=TODAY)
    assert (report.total.completed, report.total.on_spot) == (53_752, 49_090)
    assert percent(report.total.on_spot_rate) == "91.3%"


def test_catalog_figures(empty_db: str) -> None:
    """即办授权比例: immediate items and those the window decides, over all items."""
    known_centre()
    catalog = catalog_figures()
    total = catalog.total
    # P, Q, PB promised; I, W immediate; W decided at the window.
    assert (total.items, total.promised, total.immediate, total.window_decides) == (5, 3, 2, 1)
    assert total.decided_at_window == 2
    assert total.decided_at_window_share == pytest.approx(0.4)
    assert [(d.label, d.items, d.decided_at_window) for d in catalog.departments] == [
        ("甲局", 4, 2),
        ("乙局", 1, 0),
    ]


def test_catalog_counts_current_versions_only(empty_db: str) -> None:
    known = known_centre()
    Item.update(current=False).where(Item.code == "P").execute()
    Item.create(
        code="P",
        version=2,
        name="事项P",
        department=known.departments["TA"],
        kind="immediate",
        legal_limit_days=5,
        promised_limit_days=0,
    )
    total = catalog_figures().total
    assert (total.items, total.immediate, total.decided_at_window) == (5, 3, 3)


def test_the_overdue_report(empty_db: str) -> None:
    known_centre()
    report = overdue_report(TODAY)
    assert (report.red, report.yellow) == (1, 1)
    red, yellow = report.lines
    # e promised 3 November and the law allowed until the 17th: the graver is said.
    assert (red.number, red.light, red.missed, red.due, red.days) == (
        "CASE-e",
        Light.RED,
        Limit.LEGAL,
        date(2026, 11, 17),
        8,  # working days after 17 November up to 27 November
    )
    assert (yellow.number, yellow.light, yellow.missed, yellow.due, yellow.days) == (
        "CASE-f",
        Light.YELLOW,
        None,
        date(2026, 11, 27),  # the promise (3 days); the law allows until 1 December
        0,
    )
    assert yellow.legal_due == date(2026, 12, 1)
    assert red.applicant_id == "110105********0021"
    assert (red.department, red.window, red.owner, red.item) == ("甲局", 1, "张一", "事项P")
    assert report.groups() == [("甲局", 1, 1, 1)]
    data = report.as_dict()
    assert data["cases"][0]["applicant_id"] == "110105********0021"
    assert [case["missed"] for case in data["cases"]] == ["legal", None]
    assert "110105194912310021" not in str(data)


def test_the_overdue_report_by_scope(empty_db: str) -> None:
    known = known_centre()
    assert overdue_report(TODAY, report_scope(session_of(known.staff["c2"]))).lines == ()
    admin = session_of(known.staff["admin"])
    tb = report_scope(admin, department_id=known.departments["TB"].id)
    assert overdue_report(TODAY, tb).lines == ()
    assert len(overdue_report(TODAY, report_scope(admin)).lines) == 2


def test_progress_is_reported_step_by_step(empty_db: str) -> None:
    known_centre()
    steps: list[tuple[int, int]] = []
    centre_report(*NOVEMBER, today=TODAY, progress=lambda done, total: steps.append((done, total)))
    # …, the 一号窗口, daily, consultations, the 333, supervision orders, bundle cases, tickets
    assert steps == [(n, 12) for n in range(1, 13)]


def test_the_first_windows_figures(empty_db: str) -> None:
    """一号窗口 (docs/rules.md §20): referrals taken in November, those taken and closed in
    November by outcome, and 授权审批 — a referred case the chief decided."""
    k = known_centre()
    chief, clerk, ta = k.staff["chief"], k.staff["c1"], k.departments["TA"]

    def referral(case: str, referred: str, taken: str | None, closed: str | None, outcome=""):
        Referral.create(
            department=ta,
            case=k.cases[case],
            referred_by=clerk,
            note="请示",
            referred_at=_at(referred),
            state="closed" if closed else "taken" if taken else "waiting",
            taken_by=chief if taken else None,
            taken_at=_at(taken) if taken else None,
            outcome=outcome,
            decision="complete" if outcome == "decided" else "",
            closed_by=chief if closed else None,
            closed_at=_at(closed) if closed else None,
        )

    referral("a", "2026-11-03", "2026-11-04", "2026-11-06", "decided")
    referral("f", "2026-11-24", "2026-11-25", None)
    referral("e", "2026-11-20", None, None)  # waiting: handled by nobody yet
    referral("m", "2026-11-26", "2026-11-26", "2026-11-26", "sent_back")
    referral("k", "2026-10-29", "2026-10-30", "2026-11-02", "sent_back")  # taken in October
    Case.update(decided_by=chief).where(Case.id == k.cases["a"].id).execute()
    report = _november()
    total = report.total
    assert (
        total.first_window_taken,
        total.first_window_decided,
        total.first_window_answered,
        total.first_window_sent_back,
        total.first_window_delegated,
    ) == (3, 1, 0, 2, 1)
    by_department = {r.key: r.figures for r in _november("department").rows}
    assert by_department["TA"].first_window_taken == 3
    assert by_department["TB"].first_window_taken == 0
    by_staff = {r.key: r.figures for r in _november("staff").rows}
    assert (by_staff["tachief"].first_window_sent_back, by_staff["c1"].first_window_taken) == (
        2,
        0,
    )
    assert report.as_dict()["total"]["first_window_delegated"] == 1
