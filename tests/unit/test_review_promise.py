"""The review clock of the 333 (docs/rules.md §19): due, left and late, counted by hand
for a centre open 09:00-12:00 and 13:30-17:00 (2025: National Day 10-01..10-08 off,
Sunday 09-28 and Saturday 10-11 worked)."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_tui.domain.calendar import WorkCalendar, YearSchedule
from counter_tui.domain.centre import parse_hours
from counter_tui.domain.deadlines import Light
from counter_tui.domain.lifecycle import Action, CaseState
from counter_tui.domain.review_promise import ends_review, review_clock
from counter_tui.domain.working_hours import WorkingHours

DAY = parse_hours("09:00-12:00,13:30-17:00")
SCHEDULE = YearSchedule(
    year=2025,
    holidays=frozenset(date(2025, 10, d) for d in range(1, 9)),
    workdays=frozenset({date(2025, 9, 28), date(2025, 10, 11)}),
    names={},
)
HOURS = WorkingHours(WorkCalendar([SCHEDULE]), (DAY,) * 5 + (parse_hours("09:00-12:00"), ()))


def at(text: str) -> datetime:
    return datetime.fromisoformat(f"2025-{text}")


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("09-25 16:30", "09-26 11:30"),  # half an hour today, 2½ the next morning
        ("09-25 11:00", "09-25 15:30"),  # one hour before lunch, two after
        ("09-25 12:40", "09-25 16:30"),  # at lunch: from 13:30
        ("09-25 18:00", "09-26 12:00"),  # after closing: the next morning
        ("09-20 10:00", "09-22 12:00"),  # a Saturday (its service is no working day)
        ("09-27 10:00", "09-28 12:00"),  # Saturday → the Sunday worked (调休)
        ("10-11 16:00", "10-13 11:00"),  # on the Saturday worked, at weekday hours
        ("09-30 16:30", "10-09 11:30"),  # before National Day: after it
    ],
)
def test_a_three_hour_review_is_due_where_a_hand_count_puts_it(received: str, due: str) -> None:
    clock = review_clock(HOURS, at(received), 3, None, at(received))
    assert clock.due == at(due)
    assert clock.minutes_left == 180 and clock.running and not clock.late


def test_a_running_review_counts_what_is_left_and_then_what_is_over() -> None:
    received = at("09-25 11:00")  # due 15:30
    early = review_clock(HOURS, received, 3, None, at("09-25 11:50"))
    assert early.minutes_left == 130 and early.light is Light.GREEN
    near = review_clock(HOURS, received, 3, None, at("09-25 14:10"))
    assert near.minutes_left == 80 and near.light is Light.GREEN
    assert review_clock(HOURS, received, 3, None, at("09-25 14:30")).light is Light.YELLOW
    over = review_clock(HOURS, received, 3, None, at("09-26 09:15"))
    assert over.late and over.minutes_left == -(90 + 15)  # 15:30-17:00, 09:00-09:15
    assert over.light is Light.RED


def test_a_finished_review_is_kept_or_late_by_its_end_not_by_now() -> None:
    received = at("09-25 16:30")  # due 09-26 11:30
    kept = review_clock(HOURS, received, 3, at("09-26 11:30"), at("10-20 10:00"))
    assert not kept.running and not kept.late and kept.minutes_left == 0
    assert kept.light is Light.GREEN  # a finished review is not "due soon"
    late = review_clock(HOURS, received, 3, at("09-26 12:10"), at("10-20 10:00"))
    assert late.late and late.minutes_left == -30  # 11:30-12:00; lunch holds no minute


def test_only_the_windows_first_decision_ends_the_review() -> None:
    assert ends_review(CaseState.RECEIVED, Action.ISSUE_NOTICE)
    assert ends_review("received", "request_approval")
    assert not ends_review(CaseState.AWAITING_SUPPLEMENT, Action.REFUSE)
    assert not ends_review(CaseState.ACCEPTED, Action.REQUEST_APPROVAL)
    assert not ends_review(CaseState.RECEIVED, Action.DEEM_ACCEPTED)
    assert not ends_review(CaseState.RECEIVED, Action.WITHDRAW)


@settings(max_examples=200, database=None, deadline=None)
@given(
    received=st.datetimes(min_value=datetime(2025, 9, 1), max_value=datetime(2025, 12, 20)),
    hours=st.integers(min_value=1, max_value=24),
    after=st.integers(min_value=0, max_value=60 * 24 * 10),
)
def test_late_exactly_when_now_is_past_due_and_the_minutes_agree(
    received: datetime, hours: int, after: int
) -> None:
    received = received.replace(second=0, microsecond=0)  # the clock counts whole minutes
    now = received + timedelta(minutes=after)
    clock = review_clock(HOURS, received, hours, None, now)
    assert clock.late == (now > clock.due)
    assert clock.minutes_left == hours * 60 - HOURS.minutes_between(received, now)
    assert (clock.minutes_left < 0) <= clock.late
