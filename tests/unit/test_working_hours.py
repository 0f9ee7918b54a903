"""Working hours (docs/rules.md §8): promises in hours count the opening periods of
working days only, across lunch, night, weekend, an adjusted working day and a holiday —
each case below computed by hand from a centre open 09:00-12:00 and 13:30-17:00."""

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_tui.domain.calendar import WorkCalendar, YearSchedule
from counter_tui.domain.centre import parse_hours
from counter_tui.domain.working_hours import WorkingHours, WorkingHoursError

DAY = parse_hours("09:00-12:00,13:30-17:00")
SATURDAY_SERVICE = parse_hours("09:00-12:00")  # 延时服务: open, but not a working day
# 2025: National Day 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 worked (调休).
SCHEDULE = YearSchedule(
    year=2025,
    holidays=frozenset(date(2025, 10, d) for d in range(1, 9)),
    workdays=frozenset({date(2025, 9, 28), date(2025, 10, 11)}),
    names={},
)
HOURS = WorkingHours(WorkCalendar([SCHEDULE]), (DAY,) * 5 + (SATURDAY_SERVICE, ()))
PROPERTY = settings(max_examples=300, database=None, deadline=None)


def at(text: str) -> datetime:
    return datetime.fromisoformat(f"2025-{text}")


@pytest.mark.parametrize(
    ("start", "minutes", "due"),
    [
        ("09-25 11:00", 180, "09-25 15:30"),  # one hour before lunch, two after
        ("09-25 16:30", 180, "09-26 11:30"),  # half an hour today, 2½ the next morning
        ("09-25 12:30", 180, "09-25 16:30"),  # received at lunch: the clock starts 13:30
        ("09-25 17:30", 180, "09-26 12:00"),  # evening: the next morning, ending at noon
        ("09-25 08:00", 30, "09-25 09:30"),  # before opening
        ("09-26 16:30", 180, "09-28 11:30"),  # Friday → the Sunday worked (调休)
        ("09-20 10:00", 30, "09-22 09:30"),  # the Saturday service is not a working day
        ("09-30 16:30", 180, "10-09 11:30"),  # over the National Day holiday
        ("10-10 16:30", 60, "10-11 09:30"),  # → the Saturday worked, at weekday hours
        ("09-25 09:00", 390, "09-25 17:00"),  # a whole day to the minute
    ],
)
def test_a_promise_in_hours_falls_where_a_hand_count_puts_it(
    start: str, minutes: int, due: str
) -> None:
    assert HOURS.add(at(start), minutes) == at(due)
    assert HOURS.minutes_between(at(start), at(due)) == minutes


def test_nothing_to_count_is_the_start_and_a_negative_count_is_a_mistake() -> None:
    assert HOURS.add(at("09-25 12:30"), 0) == at("09-25 12:30")
    with pytest.raises(ValueError):
        HOURS.add(at("09-25 12:30"), -1)


def test_an_overrun_counts_back() -> None:
    """Answered at 10:00 the next day, a promise due at 16:30 is 90 working minutes late
    (16:30-17:00 and 09:00-10:00)."""
    assert HOURS.minutes_between(at("09-26 10:00"), at("09-25 16:30")) == -90


def test_a_centre_without_opening_hours_is_told_so() -> None:
    closed = WorkingHours(WorkCalendar([SCHEDULE]), ((),) * 7)
    with pytest.raises(WorkingHoursError) as raised:
        closed.add(at("09-25 11:00"), 30)
    assert raised.value.rule == "hours.none"


@PROPERTY
@given(
    start=st.datetimes(min_value=datetime(2025, 9, 1), max_value=datetime(2025, 12, 31)),
    minutes=st.integers(min_value=0, max_value=3000),
    more=st.integers(min_value=0, max_value=600),
)
def test_counting_forward_and_measuring_back_agree(
    start: datetime, minutes: int, more: int
) -> None:
    start = start.replace(second=0, microsecond=0)
    due = HOURS.add(start, minutes)
    assert due >= start
    assert HOURS.minutes_between(start, due) == minutes
    assert HOURS.add(start, minutes + more) >= due
    if minutes:  # a due moment is always inside a working period
        assert any(
            datetime.combine(due.date(), p.start) < due <= datetime.combine(due.date(), p.end)
            for p in HOURS.periods_on(due.date())
        )
