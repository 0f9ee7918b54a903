from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_tui.domain.calendar import WorkCalendar, YearSchedule
from counter_tui.domain.deadlines import Light, light

# National Day 2025: 1-8 Oct off, Saturday 11 Oct worked.
CALENDAR = WorkCalendar(
    [
        YearSchedule(
            year=2025,
            holidays=frozenset(date(2025, 10, d) for d in range(1, 9)),
            workdays=frozenset({date(2025, 9, 28), date(2025, 10, 11)}),
        )
    ]
)


def test_red_only_after_the_due_day() -> None:
    due = date(2025, 10, 14)
    assert light(CALENDAR, date(2025, 10, 15), due) is Light.RED
    assert light(CALENDAR, date(2025, 10, 14), due) is Light.YELLOW


def test_yellow_counts_working_days_not_calendar_days() -> None:
    due = date(2025, 10, 14)  # Tuesday
    # From 30 Sep, 5 working days remain (9, 10, 11, 13, 14 Oct) although 14 days do.
    assert light(CALENDAR, date(2025, 9, 30), due) is Light.GREEN
    # From 8 Oct (a holiday), 9, 10, 11, 13, 14 remain: still five.
    assert light(CALENDAR, date(2025, 10, 8), due) is Light.GREEN
    # From 10 Oct: 11, 13, 14 remain, three is yellow.
    assert light(CALENDAR, date(2025, 10, 10), due) is Light.YELLOW
    assert light(CALENDAR, date(2025, 10, 9), due) is Light.GREEN


def test_yellow_threshold_is_configurable() -> None:
    due = date(2025, 10, 14)
    assert light(CALENDAR, date(2025, 10, 9), due, yellow_days=4) is Light.YELLOW
    assert light(CALENDAR, date(2025, 10, 10), due, yellow_days=0) is Light.GREEN
    assert light(CALENDAR, date(2025, 10, 14), due, yellow_days=0) is Light.YELLOW


def test_negative_threshold_is_refused() -> None:
    with pytest.raises(ValueError):
        light(CALENDAR, date(2025, 10, 1), date(2025, 10, 14), yellow_days=-1)


def test_light_values_are_stable_codes() -> None:
    assert [str(x) for x in Light] == ["green", "yellow", "red"]


@settings(max_examples=200, database=None, deadline=None)
@given(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=-30, max_value=120),
    st.integers(min_value=0, max_value=10),
)
def test_light_agrees_with_remaining_working_days(
    start: date, n: int, elapsed_days: int, yellow_days: int
) -> None:
    due = CALENDAR.add_workdays(start, n)
    today = date.fromordinal(start.toordinal() + elapsed_days)
    result = light(CALENDAR, today, due, yellow_days)
    if today > due:
        assert result is Light.RED
    elif CALENDAR.workdays_between(today, due) > yellow_days:
        assert result is Light.GREEN
    else:
        assert result is Light.YELLOW
    # The light never gets better as time passes.
    order = [Light.GREEN, Light.YELLOW, Light.RED]
    later = light(CALENDAR, date.fromordinal(today.toordinal() + 1), due, yellow_days)
    assert order.index(later) >= order.index(result)
