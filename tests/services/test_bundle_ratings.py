"""A bundle case's steps rated on the comprehensive window's pad (一次一评, docs/rules.md
§11, §21.1): one request a step, naming the bundle case, never one per case; the pad
shows the bundle; its delivery is the bundle's final rating; a 差评 is the comprehensive
window's to follow up; the figures count it for the office that took the bundle, and a
consultation's rating for its department, clerk, window and item."""

import json
from datetime import date, datetime, timedelta

import pytest
from bundle_checks import EIA_FORM, SITE_REPORT
from rating_pad import bind_pad

from counter_tui.domain.checklist import MaterialMark, MaterialStatus
from counter_tui.domain.errors import DomainError
from counter_tui.domain.ratings import FollowUpResult, PoorReason, RatingLevel, ServiceKind
from counter_tui.services.auth import StaffSession, session_of
from counter_tui.services.bundles import intake as bundles
from counter_tui.services.bundles.progress import deliver_bundle
from counter_tui.services.bundles.reading import bundle_ratings
from counter_tui.services.cases.follow_ups import open_follow_ups, overdue_follow_ups
from counter_tui.services.consultations.questions import take_consultation
from counter_tui.services.reports.figures import (
    GROUPINGS,
    Report,
    ReportScope,
    centre_report,
    report_scope,
)
from counter_tui.services.tracking import progress, ratings
from counter_tui.services.tracking.ratings import pad_view, rate_on_pad
from counter_tui.store.models import (
    BundleCase,
    Case,
    Department,
    Event,
    Rating,
    RatingFollowUp,
    RatingRequest,
    Staff,
)

pytestmark = [pytest.mark.both_engines, pytest.mark.usefixtures("demo_db")]

FRIDAY = date(2026, 11, 27)  # the demo's day
MONDAY = date(2026, 11, 30)
BUNDLE_NAME = "建设项目开工一件事"  # bundle_checks.py's


def _requests(number: str) -> list[tuple[str, int | None]]:
    """The bundle case's requests (kind, case) and those of its cases, oldest first."""
    bundle_case = BundleCase.get(BundleCase.number == number)
    cases = Case.select(Case.id).where(Case.bundle_case == bundle_case.id)
    query = RatingRequest.select().where(
        (RatingRequest.bundle_case == bundle_case.id) | RatingRequest.case.in_(cases)
    )
    return [(row.kind, row.case_id) for row in query.order_by(RatingRequest.id)]


def _rate_shown(pad: str, at: datetime, level: int, reason: str | None = None) -> int:
    """The applicant rates what ``pad`` shows at ``at``; the request's id."""
    shown = pad_view(pad, at=at).request
    assert shown is not None
    rate_on_pad(pad, shown.id, level, reason, at=at)
    return shown.id


def _refused(call, rule: str) -> None:
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.rule == rule


def test_accepting_a_bundle_asks_once_and_the_pad_shows_the_bundle(taken, desk, on) -> None:
    pad = bind_pad(98)
    number = taken()
    bundles.accept_bundle(session_of(desk), number, at=on(FRIDAY, 10))

    assert _requests(number) == [(ServiceKind.ACCEPTED.value, None)]
    request = RatingRequest.get(RatingRequest.bundle_case == BundleCase.get(number=number).id)
    assert (request.staff_id, request.window.number) == (desk.id, 98)
    shown = pad_view(pad, at=on(FRIDAY, 10) + timedelta(minutes=1)).request
    assert shown is not None and shown.id == request.id
    assert (shown.kind, shown.bundle_name, shown.item_name) == (
        ServiceKind.ACCEPTED,
        BUNDLE_NAME,
        "",
    )


def test_a_window_without_a_pad_asks_nothing_of_a_bundle(taken, desk, on) -> None:
    number = taken()
    bundles.accept_bundle(session_of(desk), number, at=on(FRIDAY, 10))
    assert _requests(number) == []


def test_the_combined_notice_and_the_supplement_accepted_ask_once_each(taken, desk, on) -> None:
    bind_pad(98)
    session = session_of(desk)
    number = taken(flaws=(SITE_REPORT, EIA_FORM))
    bundles.issue_bundle_notice(session, number, at=on(FRIDAY, 10))
    lines = {line.name: line for line in bundles.bundle_checklist(session, number)}
    provided = MaterialMark(MaterialStatus.PROVIDED)
    half = bundles.recheck_bundle_supplement(
        session, number, {lines[SITE_REPORT].key: provided}, at=on(FRIDAY, 11)
    )
    assert not half.accepted
    assert _requests(number) == [(ServiceKind.NOTICE.value, None)]  # nothing finished yet
    full = bundles.recheck_bundle_supplement(
        session, number, {lines[EIA_FORM].key: provided}, at=on(FRIDAY, 12)
    )
    assert full.accepted
    assert _requests(number) == [(ServiceKind.NOTICE.value, None), ("accepted", None)]


def _decided_everywhere(number: str, on) -> None:
    """Each department completes its case, with the bundle, at its own window."""
    cases = Case.select().where(Case.bundle_case == BundleCase.get(number=number).id)
    for case in cases.order_by(Case.id):  # in the bundle's order: stage 2 last
        owner = session_of(Staff.get_by_id(case.owner_id))
        progress.complete(owner, case.number, "with_bundle", at=on(MONDAY, 11))


def test_the_delivery_together_is_the_bundles_final_rating(taken, desk, on) -> None:
    pad = bind_pad(98)
    number = taken()
    bundles.accept_bundle(session_of(desk), number, at=on(FRIDAY, 10))
    planning = Case.get(Case.bundle_case == BundleCase.get(number=number).id)
    bind_pad(planning.window.number)  # a department's window with a pad asks nothing either
    _decided_everywhere(number, on)
    assert _requests(number) == [("accepted", None)]

    deliver_bundle(session_of(desk), number, at=on(MONDAY, 15))
    assert _requests(number) == [("accepted", None), (ServiceKind.DELIVERED.value, None)]
    request_id = _rate_shown(pad, on(MONDAY, 15) + timedelta(minutes=1), 1)

    # One thing, one rating: the request is the bundle's; no case has a Rating of its own.
    assert RatingRequest.get_by_id(request_id).level == 1
    cases = Case.select(Case.id).where(Case.bundle_case == BundleCase.get(number=number).id)
    assert not Rating.select().where(Rating.case.in_(cases)).exists()
    rated = Event.select().where(Event.kind == "service_rated").order_by(Event.id.desc()).get()
    data = json.loads(rated.data)
    assert rated.case_id is None
    assert (data["request"], data["bundle_case"], data["level"]) == (
        request_id,
        BundleCase.get(number=number).id,
        1,
    )


@pytest.fixture
def office_chief(desk) -> StaffSession:
    """The chief of the comprehensive window's office (bundle_checks.py's ZT)."""
    chief = Staff.create(
        code="ztchief",
        name="柯敏",
        role="chief",
        department=desk.department_id,
        pin_hash="-",
        pin_salt="-",
    )
    return session_of(chief)


def test_a_poor_rating_of_a_bundle_step_is_the_comprehensive_windows_to_follow_up(
    taken, desk, on, office_chief
) -> None:
    pad = bind_pad(98)
    number = taken()
    bundles.accept_bundle(session_of(desk), number, at=on(FRIDAY, 10))
    request_id = _rate_shown(pad, on(FRIDAY, 10) + timedelta(minutes=1), 4, "efficiency")
    assert RatingFollowUp.get(RatingFollowUp.request == request_id).due_on is not None

    (line,) = open_follow_ups(session_of(desk))
    assert (line.request_id, line.bundle_case, line.case_number) == (request_id, number, "")
    assert (line.item_name, line.clerk) == (BUNDLE_NAME, desk.name)
    assert (
        line.applicant
        == Case.get(Case.bundle_case == BundleCase.get(number=number).id).applicant_name
    )
    assert [f.request_id for f in open_follow_ups(office_chief)] == [request_id]

    # A department holding one of its cases neither sees it nor follows it up.
    case = Case.get(Case.bundle_case == BundleCase.get(number=number).id)
    department_clerk = session_of(Staff.get_by_id(case.owner_id))
    assert request_id not in [f.request_id for f in open_follow_ups(department_clerk)]
    _refused(
        lambda: ratings.record_contact(department_clerk, request_id, "电话"), "follow_up.not_yours"
    )
    assert RatingFollowUp.get(RatingFollowUp.request == request_id).contact == ""

    # Past its day it is in the overdue report, under the bundle case's number.
    late = overdue_follow_ups(FRIDAY + timedelta(days=30), department_id=desk.department_id)
    assert [(f.request_id, f.bundle_case) for f in late] == [(request_id, number)]

    # The office's chief follows it up; the events name the bundle case.
    ratings.record_contact(office_chief, request_id, "电话回访", at=on(FRIDAY, 14))
    ratings.close_follow_up(office_chief, request_id, "rectified", "已整改", at=on(FRIDAY, 15))
    assert open_follow_ups(session_of(desk)) == []
    closed = Event.select().where(Event.kind == "follow_up_closed").order_by(Event.id.desc()).get()
    assert json.loads(closed.data)["bundle_case"] == BundleCase.get(number=number).id


def test_whoever_holds_the_bundle_case_now_follows_it_up(taken, desk, on) -> None:
    pad = bind_pad(98)
    number = taken()
    bundles.accept_bundle(session_of(desk), number, at=on(FRIDAY, 10))
    request_id = _rate_shown(pad, on(FRIDAY, 10) + timedelta(minutes=1), 5, "attitude")
    other = Staff.create(
        code="zt02",
        name="岳宁",
        role="clerk",
        department=desk.department_id,
        pin_hash="-",
        pin_salt="-",
    )
    # What a handover does to the bundle cases a clerk follows (docs/rules.md §13).
    BundleCase.update(owner=other).where(BundleCase.number == number).execute()
    assert [f.request_id for f in open_follow_ups(session_of(other))] == [request_id]
    ratings.record_contact(session_of(other), request_id, "电话", at=on(FRIDAY, 14))
    assert RatingFollowUp.get(RatingFollowUp.request == request_id).contact == "电话"


# ── the bundle case's detail ─────────────────────────────────────────────────


def test_the_detail_reads_each_rated_step_and_the_pad_waiting(
    taken, desk, on, sign, office_chief
) -> None:
    pad = bind_pad(98)
    number = taken()
    desk_session = session_of(desk)
    bundles.accept_bundle(desk_session, number, at=on(FRIDAY, 10))
    asked = on(FRIDAY, 10) + timedelta(minutes=1)
    nothing_yet = bundle_ratings(desk_session, number, asked)
    assert nothing_yet is not None
    assert (nothing_yet.steps, nothing_yet.pad_waiting) == ((), True)  # that it waits
    accepted = _rate_shown(pad, asked, 2)
    _decided_everywhere(number, on)
    deliver_bundle(desk_session, number, at=on(MONDAY, 15))
    delivered_at = on(MONDAY, 15) + timedelta(minutes=1)
    assert bundle_ratings(desk_session, number, delivered_at).pad_waiting
    delivered = _rate_shown(pad, delivered_at, 5, "efficiency")

    read = bundle_ratings(desk_session, number, delivered_at + timedelta(minutes=1))
    assert read is not None and not read.pad_waiting
    first, last = read.steps
    assert (first.request_id, first.kind, first.level) == (
        accepted,
        ServiceKind.ACCEPTED,
        RatingLevel.SATISFIED,
    )
    assert first.follow_up is None and first.rated_at.date() == FRIDAY  # local
    assert (last.request_id, last.kind, last.level) == (
        delivered,
        ServiceKind.DELIVERED,
        RatingLevel.VERY_DISSATISFIED,
    )
    assert last.follow_up is not None
    due = RatingFollowUp.get(RatingFollowUp.request == delivered).due_on
    assert (last.follow_up.reason, last.follow_up.due_on, last.follow_up.result) == (
        PoorReason.EFFICIENCY,
        due,
        None,
    )
    # The office's chief and an administrator read the same; closed, it says so.
    ratings.record_contact(office_chief, delivered, "电话回访", at=on(MONDAY, 16))
    ratings.close_follow_up(office_chief, delivered, "explained", "已说明", at=on(MONDAY, 17))
    for reader in (office_chief, sign("admin")):
        seen = bundle_ratings(reader, number, on(MONDAY, 18))
        assert seen is not None
        assert [step.request_id for step in seen.steps] == [accepted, delivered]
        closed = seen.steps[1].follow_up
        assert closed is not None and closed.result is FollowUpResult.EXPLAINED


def test_a_department_holding_one_of_its_cases_reads_no_ratings(taken, desk, on) -> None:
    pad = bind_pad(98)
    number = taken()
    bundles.accept_bundle(session_of(desk), number, at=on(FRIDAY, 10))
    _rate_shown(pad, on(FRIDAY, 10) + timedelta(minutes=1), 4, "attitude")
    case = Case.get(Case.bundle_case == BundleCase.get(number=number).id)
    department_clerk = session_of(Staff.get_by_id(case.owner_id))
    assert bundle_ratings(department_clerk, number, on(FRIDAY, 11)) is None
    seen = bundle_ratings(session_of(desk), number, on(FRIDAY, 11))
    assert seen is not None and len(seen.steps) == 1


def test_the_pad_waits_no_more_once_its_minutes_are_over(taken, desk, on) -> None:
    bind_pad(98)
    number = taken()
    bundles.accept_bundle(session_of(desk), number, at=on(FRIDAY, 10))
    late = bundle_ratings(session_of(desk), number, on(FRIDAY, 10) + timedelta(minutes=4))
    assert late is not None and (late.steps, late.pad_waiting) == ((), False)
    _refused(lambda: bundle_ratings(session_of(desk), "YJS20261127-9999"), "bundle.not_found")


# ── the figures ──────────────────────────────────────────────────────────────


def _row(report: Report, key: str):
    """The figures of the group ``key`` ("" for the group without one, named —), or None."""
    found = (row for row in report.rows if row.key == key and (key or row.label == "—"))
    return next((row.figures for row in found), None)


def _counts(report: Report, key: str) -> tuple[int, int, int]:
    figures = _row(report, key)
    return (
        (0, 0, 0)
        if figures is None
        else (
            figures.rating_requests,
            figures.ratings,
            figures.poor,
        )
    )


def _minus(after: tuple[int, ...], before: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(a - b for a, b in zip(after, before, strict=True))


def _report(by: str | None, scope: ReportScope | None = None) -> Report:
    if scope is None:
        return centre_report(FRIDAY, FRIDAY, by, today=FRIDAY)
    return centre_report(FRIDAY, FRIDAY, by, today=FRIDAY, scope=scope)


def test_the_figures_count_bundle_steps_and_consultations_in_their_groups(
    taken, desk, sign, on
) -> None:
    before = {by: _report(by) for by in GROUPINGS}
    bundle_pad = bind_pad(98)
    number = taken()
    bundles.accept_bundle(session_of(desk), number, at=on(FRIDAY, 10))
    _rate_shown(bundle_pad, on(FRIDAY, 10) + timedelta(minutes=1), 4, "efficiency")
    clerk = sign("ga03")  # at window 2, whose pad is pad-02
    take_consultation(
        clerk, "户口迁移要带什么", item_code="GA-010", answer="户口簿", at=on(FRIDAY, 9)
    )
    _rate_shown("pad-02", on(FRIDAY, 9) + timedelta(minutes=1), 1)
    take_consultation(clerk, "几点下班", answer="五点", at=on(FRIDAY, 11))  # never rated
    after = {by: _report(by) for by in GROUPINGS}

    ga = Department.get(Department.code == "GA").code
    office = Department.get_by_id(desk.department_id).code
    expected = {
        "department": {office: (1, 1, 1), ga: (2, 1, 0)},
        "staff": {"zt01": (1, 1, 1), "ga03": (2, 1, 0)},
        "window": {"98": (1, 1, 1), "2": (2, 1, 0)},
        # The bundle is of several items and one question named none: in no item's group.
        "item": {"": (2, 1, 1), "GA-010": (1, 1, 0)},
    }
    for by, groups in expected.items():
        for key, counts in groups.items():
            assert _minus(_counts(after[by], key), _counts(before[by], key)) == counts, (by, key)

    # Every grouping adds up to the whole centre's 参评率.
    whole = _report(None).total
    for by in GROUPINGS:
        rows = after[by].rows
        assert sum(row.figures.rating_requests for row in rows) == whole.rating_requests, by
        assert sum(row.figures.ratings for row in rows) == whole.ratings, by
        assert after[by].total.rating_participation == whole.rating_participation, by
    data = _report(None).as_dict()["rating_participation"]
    assert (data["requests"], data["rated"]) == (whole.rating_requests, whole.ratings)

    # The office's report and its clerk's own count the bundle's step, and only it.
    office_total = _report(None, ReportScope(department_id=desk.department_id)).total
    assert (office_total.rating_requests, office_total.ratings, office_total.poor) == (1, 1, 1)
    own = _report(None, report_scope(session_of(desk))).total
    assert (own.rating_requests, own.ratings, own.follow_ups_open) == (1, 1, 1)
