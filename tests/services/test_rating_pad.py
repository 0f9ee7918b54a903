"""The applicant's rating on the window's pad (docs/rules.md §11): one request per service a
clerk finishes at a window with a pad, rated once and only there, a reason for a 差评, the
timeout, the follow-up with its working-day deadline and the overdue report, the clerk's
appeal and the chief's outcome, and the figures."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from case_checks import assert_refused, case_of, event_kinds
from peewee import Expression
from rating_pad import bind_pad, rate_case

from counter_tui.domain.errors import DomainError
from counter_tui.domain.ratings import RequestState, ServiceKind
from counter_tui.domain.tracking import CaseCommand
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.detail import case_detail
from counter_tui.services.cases.follow_ups import (
    FollowUpCount,
    count_follow_ups,
    overdue_follow_ups,
)
from counter_tui.services.cases.rating_requests import (
    FOLLOW_UP_DAYS_SETTING,
    TIMEOUT_SETTING,
    held_by,
    holder_of_request,
    pending_request_of_case,
    waiting_at_window,
    with_services,
)
from counter_tui.services.consultations.questions import take_consultation
from counter_tui.services.handover.handover import confirm_handover, start_handover
from counter_tui.services.intake import decisions
from counter_tui.services.reports.figures import CENTRE, centre_report
from counter_tui.services.reports.overdue import overdue_report
from counter_tui.services.tracking import progress, ratings
from counter_tui.services.tracking.ratings import pad_view, rate_on_pad
from counter_tui.store.models import Rating, RatingFollowUp, RatingRequest, Staff, Window
from counter_tui.store.settings import set_setting
from counter_tui.tui import keys

pytestmark = pytest.mark.both_engines

FRIDAY = date(2026, 11, 27)  # the demo's day


@pytest.fixture
def accepted(received, sign, on) -> Callable[..., str]:
    """A case ga03 accepts at window 2 (its pad: pad-02) on FRIDAY at ``hour``."""

    def make(hour: int = 11, clerk: str = "ga03") -> str:
        number = received("GA-010", clerk, FRIDAY)
        decisions.accept(sign(clerk), number, at=on(FRIDAY, hour))
        return number

    return make


def _request(number: str) -> RatingRequest:
    return (
        RatingRequest.select()
        .where(RatingRequest.case == case_of(number))
        .order_by(RatingRequest.id.desc())
        .get()
    )


def _refused(call: Callable[[], object], rule: str) -> None:
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.rule == rule


def test_accepting_at_a_window_with_a_pad_asks_the_applicant(demo_db: str, accepted, on) -> None:
    number = accepted()
    request = _request(number)
    assert (request.kind, request.state) == (ServiceKind.ACCEPTED.value, "pending")
    window = Window.get(Window.number == 2)
    assert request.window_id == window.id and request.staff.code == "ga03"
    view = pad_view("pad-02", at=on(FRIDAY, 11) + timedelta(minutes=1))
    assert view.window == 2 and view.request is not None and view.request.id == request.id
    assert view.request.kind is ServiceKind.ACCEPTED and view.request.item_name
    # The clerk's screen knows the pad waits, and nothing more.
    assert waiting_at_window(window.id, on(FRIDAY, 11) + timedelta(minutes=1))


def test_a_window_without_a_pad_asks_nobody(demo_db: str, accepted) -> None:
    number = accepted(clerk="ga05")  # window 3: no pad
    assert not RatingRequest.select().where(RatingRequest.case == case_of(number)).exists()


def test_one_rating_per_request_and_only_on_the_pad(demo_db: str, accepted, on) -> None:
    number = accepted()
    request = _request(number)
    at = on(FRIDAY, 11) + timedelta(minutes=1)
    assert rate_on_pad("pad-02", request.id, 2, at=at) is False
    row = RatingRequest.get_by_id(request.id)
    assert (row.state, row.level, row.device.code) == ("rated", 2, "pad-02")
    _refused(lambda: rate_on_pad("pad-02", request.id, 1, at=at), "rating.once")
    assert RatingRequest.get_by_id(request.id).level == 2
    # Another window's pad, an unknown code: refused.
    _refused(lambda: rate_on_pad("pad-07", request.id, 1, at=at), "rating.request")
    _refused(lambda: rate_on_pad("nope", request.id, 1, at=at), "device.unknown")
    assert not waiting_at_window(row.window_id, at)


def test_no_clerk_can_enter_a_rating(demo_db: str, accepted, sign) -> None:
    """Nothing a clerk can reach records a level: no service takes a session and a
    level, the case detail offers no rating, the key table has none."""
    number = accepted()
    progress.complete(sign("ga03"), number, "handed_over")
    assert not hasattr(ratings, "rate")
    assert "rate" not in {command.value for command in CaseCommand}
    detail = case_detail(sign("ga03"), number, FRIDAY)
    assert detail.rating is None and CaseCommand.FOLLOW_UP not in detail.commands
    bound = [value for value in vars(keys).values() if isinstance(value, keys.KeyAction)]
    assert bound and "case.rate" not in {action.id for action in bound}


@pytest.mark.parametrize("level", [0, 6, "x"])
def test_a_rating_has_one_of_five_levels(demo_db: str, accepted, on, level) -> None:
    number = accepted()
    request = _request(number)
    at = on(FRIDAY, 11) + timedelta(minutes=1)
    _refused(lambda: rate_on_pad("pad-02", request.id, level, at=at), "rating.level")
    assert RatingRequest.get_by_id(request.id).state == "pending"


def test_a_poor_rating_needs_a_reason_from_the_list(demo_db: str, accepted, on) -> None:
    number = accepted()
    request = _request(number)
    at = on(FRIDAY, 11) + timedelta(minutes=1)
    follow_ups = RatingFollowUp.select().count()
    for level, reason, rule in (
        (4, None, "rating.reason"),
        (5, "rude", "rating.reason"),
        (1, "attitude", "rating.reason_poor"),
    ):
        _refused(
            lambda lv=level, why=reason: rate_on_pad("pad-02", request.id, lv, why, at=at), rule
        )
    assert RatingRequest.get_by_id(request.id).state == "pending"
    assert RatingFollowUp.select().count() == follow_ups
    assert rate_on_pad("pad-02", request.id, 5, "efficiency", "等太久", at=at) is True
    row = RatingRequest.get_by_id(request.id)
    assert (row.level, row.reason, row.text) == (5, "efficiency", "等太久")


def test_a_request_times_out_after_the_centres_minutes(demo_db: str, accepted, on) -> None:
    number = accepted()
    request = _request(number)
    asked = on(FRIDAY, 11)
    assert pad_view("pad-02", at=asked + timedelta(minutes=2)).request is not None
    assert pad_view("pad-02", at=asked + timedelta(minutes=3)).request is None
    late = asked + timedelta(minutes=3)
    _refused(lambda: rate_on_pad("pad-02", request.id, 1, at=late), "rating.timed_out")
    set_setting(TIMEOUT_SETTING, "10")
    assert pad_view("pad-02", at=late).request is not None
    # The next request marks the lapsed ones (lazily), and only the newest is shown.
    second = accepted(hour=12)
    assert RatingRequest.get_by_id(request.id).state == RequestState.TIMED_OUT.value
    assert pad_view("pad-02", at=on(FRIDAY, 12)).request.id == _request(second).id


def test_only_the_newest_pending_request_of_a_window_is_rated(demo_db: str, accepted, on) -> None:
    first, second = accepted(hour=11), accepted(hour=11)
    at = on(FRIDAY, 11) + timedelta(minutes=1)
    _refused(lambda: rate_on_pad("pad-02", _request(first).id, 1, at=at), "rating.not_shown")
    assert rate_on_pad("pad-02", _request(second).id, 1, at=at) is False


def test_the_delivery_is_the_cases_final_rating(demo_db: str, accepted, sign, on) -> None:
    number = accepted()
    clerk = sign("ga03")
    progress.complete(clerk, number, "handed_over", at=on(FRIDAY, 15))
    request = _request(number)
    assert request.kind == ServiceKind.DELIVERED.value
    rate_case(number, 1)
    final = Rating.get(Rating.case == case_of(number))
    assert (final.level, final.request_id) == (1, request.id)
    assert event_kinds(number)[-2:] == ["service_rated", "rated"]
    assert case_detail(clerk, number, FRIDAY).rating.level == 1


def test_a_decision_posted_is_asked_but_is_not_the_final_rating(
    demo_db: str, accepted, sign, on
) -> None:
    number = accepted()
    progress.complete(sign("ga03"), number, "posted", at=on(FRIDAY, 15))
    assert _request(number).kind == ServiceKind.DECIDED.value
    rate_case(number, 2)
    assert not Rating.select().where(Rating.case == case_of(number)).exists()


def test_a_walk_in_question_answered_at_once_is_asked(demo_db: str, sign, on) -> None:
    asked = take_consultation(sign("ga03"), "户口迁移要带什么", answer="户口簿", at=on(FRIDAY, 9))
    request = RatingRequest.get(RatingRequest.consultation == asked)
    assert request.kind == ServiceKind.CONSULTATION.value and request.case_id is None
    phoned = take_consultation(
        sign("ga03"), "几点下班", channel="phone", answer="五点", at=on(FRIDAY, 9)
    )
    assert not RatingRequest.select().where(RatingRequest.consultation == phoned).exists()


def test_a_poor_rating_opens_a_follow_up_due_in_working_days(
    demo_db: str, accepted, sign, on
) -> None:
    clerk, chief = sign("ga03"), sign("gachief")

    def open_of(session) -> set[int]:
        return {f.request_id for f in ratings.open_follow_ups(session)}

    # The demo's own 差评 follow-ups, whoever's they are, stay as they were.
    before = {"clerk": open_of(clerk), "chief": open_of(chief), "other": open_of(sign("ga01"))}
    number = accepted()
    request_id = rate_case(number, 4, "materials", "材料要得太多")
    follow_up = RatingFollowUp.get(RatingFollowUp.request == request_id)
    assert follow_up.due_on == load_calendar().add_workdays(FRIDAY, 5)
    assert open_of(clerk) == before["clerk"] | {request_id}
    assert open_of(chief) == before["chief"] | {request_id}
    assert open_of(sign("ga01")) == before["other"]
    assert CaseCommand.FOLLOW_UP in case_detail(clerk, number, FRIDAY).commands
    # Not someone else's, not closed before the applicant is contacted, not without a note.
    _refused(
        lambda: ratings.record_contact(sign("ga01"), request_id, "电话"), "follow_up.not_yours"
    )
    _refused(
        lambda: ratings.close_follow_up(clerk, request_id, "rectified", "已改"),
        "follow_up.contact_first",
    )
    ratings.record_contact(clerk, request_id, "电话回访申请人", at=on(FRIDAY, 16))
    _refused(lambda: ratings.close_follow_up(clerk, request_id, "rectified", ""), "follow_up.note")
    _refused(lambda: ratings.close_follow_up(clerk, request_id, "x", "改"), "follow_up.result")
    ratings.close_follow_up(clerk, request_id, "rectified", "精简材料清单", at=on(FRIDAY, 17))
    closed = RatingFollowUp.get(RatingFollowUp.request == request_id)
    assert (closed.result, closed.closed_by.code) == ("rectified", "ga03")
    assert open_of(chief) == before["chief"]
    _refused(
        lambda: ratings.close_follow_up(clerk, request_id, "explained", "再次"), "follow_up.closed"
    )


def test_after_a_handover_the_clerk_rated_still_sees_and_appeals_their_poor_rating(
    demo_db: str, accepted, sign, on
) -> None:
    number = accepted()
    request_id = rate_case(number, 5, "attitude", "态度不好")
    giver = sign("ga03")
    confirm_handover(sign("ga04"), start_handover(giver, "ga04", at=on(FRIDAY, 17)))
    assert case_of(number).owner.code == "ga04"
    # The new holder follows it up; the clerk rated still sees it, and appeals.
    for code in ("ga03", "ga04"):
        assert request_id in {f.request_id for f in ratings.open_follow_ups(sign(code))}
    ratings.appeal_rating(sign("ga03"), request_id, "申请人未出示证件，按规定不能受理")
    assert RatingFollowUp.get(RatingFollowUp.request == request_id).appeal


def test_whose_a_request_is_reads_the_same_through_the_holders_cases(
    demo_db: str, accepted, sign, on
) -> None:
    """``held_by`` (the figures and home's count of a clerk) picks, for every staff
    member, the requests ``holder_of_request`` names them for: cases handed over,
    consultations, bundle cases."""
    rate_case(accepted(), 5, "attitude")
    confirm_handover(sign("ga04"), start_handover(sign("ga03"), "ga04", at=on(FRIDAY, 17)))

    def whose(where: Expression) -> set[int]:
        return {row.id for row in with_services(RatingRequest.select()).where(where)}

    kinds = set()
    for staff in Staff.select():
        held = whose(held_by(staff.id))
        assert held == whose(holder_of_request() == staff.id), staff.code
        kinds |= {
            (r.case_id is not None, r.consultation_id is not None, r.bundle_case_id is not None)
            for r in RatingRequest.select().where(RatingRequest.id.in_(held or [0]))
        }
        if staff.code == "ga04":  # holds ga03's case now, rated as ga03's service
            assert any(RatingRequest.get_by_id(id).staff.code == "ga03" for id in held)
    assert kinds == {(True, False, False), (False, True, False), (False, False, True)}


def test_the_follow_up_days_are_a_setting(demo_db: str, accepted) -> None:
    set_setting(FOLLOW_UP_DAYS_SETTING, "2")
    request_id = rate_case(accepted(), 5, "attitude")
    due = RatingFollowUp.get(RatingFollowUp.request == request_id).due_on
    assert due == load_calendar().add_workdays(FRIDAY, 2)


def test_a_follow_up_past_its_day_is_in_the_overdue_report(demo_db: str, accepted) -> None:
    request_id = rate_case(accepted(), 4, "efficiency")
    due = RatingFollowUp.get(RatingFollowUp.request == request_id).due_on
    assert request_id not in [f.request_id for f in overdue_follow_ups(due)]
    later = due + timedelta(days=1)
    assert request_id in [f.request_id for f in overdue_follow_ups(later)]
    report = overdue_report(later, CENTRE)
    assert request_id in [f["request"] for f in report.as_dict()["rating_follow_ups"]]


def test_the_clerk_appeals_and_the_chief_decides(demo_db: str, accepted, sign, on) -> None:
    clerk, chief = sign("ga03"), sign("gachief")
    upheld = rate_case(accepted(hour=11), 5, "attitude", "态度差")
    _refused(lambda: ratings.appeal_rating(clerk, upheld, ""), "appeal.grounds")
    _refused(lambda: ratings.decide_appeal(chief, upheld, True, "查实"), "appeal.none")
    _refused(lambda: ratings.appeal_rating(chief, upheld, "不实"), "appeal.not_rated")
    ratings.appeal_rating(clerk, upheld, "监控显示服务规范", at=on(FRIDAY, 12))
    _refused(lambda: ratings.appeal_rating(clerk, upheld, "再次"), "appeal.once")
    _refused(lambda: ratings.decide_appeal(clerk, upheld, True, "我说的对"), "auth.role")
    ratings.decide_appeal(chief, upheld, True, "经核实申诉成立", at=on(FRIDAY, 13))
    row = RatingFollowUp.get(RatingFollowUp.request == upheld)
    assert (row.appeal_outcome, row.result) == ("upheld", "appeal_upheld")
    assert row.closed_at is not None and row.closed_by.code == "gachief"
    # The applicant's rating stays as given.
    assert RatingRequest.get_by_id(upheld).level == 5

    rejected = rate_case(accepted(hour=14), 4, "rules")
    ratings.appeal_rating(clerk, rejected, "政策规定如此", at=on(FRIDAY, 15))
    ratings.decide_appeal(chief, rejected, False, "应加强解释", at=on(FRIDAY, 16))
    _refused(lambda: ratings.decide_appeal(chief, rejected, True, "改判"), "appeal.decided")
    row = RatingFollowUp.get(RatingFollowUp.request == rejected)
    assert row.appeal_outcome == "rejected" and row.closed_at is None


def test_home_counts_the_follow_ups_and_the_appeals_waiting(
    demo_db: str, accepted, sign, on
) -> None:
    """Home's line (docs/rules.md §11): the open follow-ups as ``open_follow_ups`` lists
    them; for a chief also the appeals that wait for their decision."""
    clerk, chief = sign("ga03"), sign("gachief")
    before = {code: count_follow_ups(sign(code)) for code in ("ga03", "gachief", "ga01")}
    request_id = rate_case(accepted(), 4, "materials")
    mine = count_follow_ups(clerk)
    assert mine == FollowUpCount(before["ga03"].open + 1, 0)  # a clerk decides none
    assert mine.open == len(ratings.open_follow_ups(clerk))
    assert count_follow_ups(sign("ga01")) == before["ga01"]
    assert count_follow_ups(chief).open == len(ratings.open_follow_ups(chief))
    ratings.appeal_rating(clerk, request_id, "材料清单是法定的", at=on(FRIDAY, 12))
    assert count_follow_ups(chief).appeals == before["gachief"].appeals + 1
    assert count_follow_ups(clerk).appeals == 0
    ratings.decide_appeal(chief, request_id, False, "应加强解释", at=on(FRIDAY, 13))
    rejected = count_follow_ups(chief)  # decided: the follow-up goes on, nothing waits
    assert (rejected.open, rejected.appeals) == (
        before["gachief"].open + 1,
        before["gachief"].appeals,
    )


def test_a_case_with_an_open_follow_up_is_closed_from_its_detail(
    demo_db: str, accepted, sign
) -> None:
    number = accepted()
    request_id = rate_case(number, 4, "efficiency")
    clerk = sign("ga03")
    assert_refused(
        lambda: ratings.close_case_follow_up(clerk, number, "explained", ""),
        number,
        "follow_up.note",
    )
    ratings.close_case_follow_up(clerk, number, "explained", "电话说明办理时限")
    row = RatingFollowUp.get(RatingFollowUp.request == request_id)
    assert row.contact == row.note == "电话说明办理时限" and row.result == "explained"
    assert_refused(
        lambda: ratings.close_case_follow_up(clerk, number, "explained", "再次"),
        number,
        "follow_up.none",
    )


def test_the_figures_count_participation_and_follow_ups(demo_db: str, accepted, sign, on) -> None:
    before = centre_report(FRIDAY, FRIDAY, today=FRIDAY).total
    rated_good = accepted(hour=9)
    rate_case(rated_good, 1)
    accepted(hour=10)  # asked, never rated: it times out
    poor = accepted(hour=11)
    in_time = rate_case(poor, 4, "efficiency")
    clerk = sign("ga03")
    ratings.record_contact(clerk, in_time, "电话", at=on(FRIDAY, 12))
    ratings.close_follow_up(clerk, in_time, "rectified", "已整改", at=on(FRIDAY, 13))
    upheld = rate_case(accepted(hour=14), 5, "attitude")
    ratings.appeal_rating(clerk, upheld, "不实", at=on(FRIDAY, 15))
    ratings.decide_appeal(sign("gachief"), upheld, True, "成立", at=on(FRIDAY, 16))

    total = centre_report(FRIDAY, FRIDAY, today=FRIDAY).total
    assert total.rating_requests - before.rating_requests == 4
    assert total.ratings - before.ratings == 3
    assert total.good - before.good == 1
    assert total.poor - before.poor == 2
    assert total.follow_ups_in_time - before.follow_ups_in_time == 2
    assert total.rectified - before.rectified == 1
    assert total.appeals_upheld - before.appeals_upheld == 1
    data = centre_report(FRIDAY, FRIDAY, today=FRIDAY).as_dict()
    assert data["rating_participation"]["requests"] == total.rating_requests
    assert data["rating_participation"]["share"] == round(total.ratings / total.rating_requests, 4)
    assert data["follow_ups_in_time"]["in_time"] == total.follow_ups_in_time


def test_a_request_asked_before_midnight_and_rated_after_counts_on_each_day(
    demo_db: str, accepted, on
) -> None:
    """Participation counts a request on the day it was asked, the rating on the day it
    was given: asked on Friday at 23:59, rated on Saturday at 00:01, it is Friday's
    request and Saturday's (poor) rating."""
    saturday = FRIDAY + timedelta(days=1)
    days = (FRIDAY, saturday)
    before = [centre_report(day, day, today=saturday).total for day in days]
    request = pending_request_of_case(accepted(hour=23))
    assert request is not None
    midnight = on(saturday, 0)
    RatingRequest.update(requested_at=midnight - timedelta(minutes=1)).where(
        RatingRequest.id == request.id
    ).execute()
    rate_on_pad(request.pad, request.id, 5, "attitude", "", at=midnight + timedelta(minutes=1))
    after = [centre_report(day, day, today=saturday).total for day in days]
    moved = [
        (
            now.rating_requests - then.rating_requests,
            now.ratings - then.ratings,
            now.poor - then.poor,
            now.follow_ups_open - then.follow_ups_open,
        )
        for then, now in zip(before, after, strict=True)
    ]
    assert moved == [(1, 0, 0, 0), (0, 1, 1, 1)]


def test_a_follow_up_within_its_day_is_neither_in_time_nor_late(
    demo_db: str, accepted, sign, on
) -> None:
    """回访及时率 counts a follow-up once closed or past its day: an open one still
    within its day leaves the rate alone; past its day, it is late."""
    before = centre_report(FRIDAY, FRIDAY, today=FRIDAY).total
    rate_case(accepted(hour=9), 5, "attitude")
    still = centre_report(FRIDAY, FRIDAY, today=FRIDAY).total
    assert still.poor - before.poor == 1 and still.follow_ups_open - before.follow_ups_open == 1
    assert still.follow_ups_due == before.follow_ups_due
    later = FRIDAY + timedelta(days=30)  # far past its 5 working days
    late = centre_report(FRIDAY, FRIDAY, today=later).total
    assert late.follow_ups_due - before.follow_ups_due == 1
    assert late.follow_ups_in_time == before.follow_ups_in_time


def test_pending_request_of_a_case_names_its_pad(demo_db: str, accepted) -> None:
    number = accepted()
    pending = pending_request_of_case(number)
    assert pending is not None and pending.pad == "pad-02"
    code = bind_pad(3)
    assert code == "pad-t03"
    number = accepted(clerk="ga05")
    assert pending_request_of_case(number).pad == code
