from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_tui.domain.calendar import WorkCalendar, YearSchedule
from counter_tui.domain.deadlines import (
    CaseClocks,
    CaseDeadline,
    Light,
    Limit,
    Limits,
    StoppedClock,
    case_clocks_on,
    case_deadline_on,
    light,
)
from counter_tui.domain.legal import LimitUnit

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


# ── the case's time limit: acceptance, extension, suspensions ───────────────

STARTS = st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31))


@st.composite
def stopped_clocks(draw: st.DrawFn, after: date) -> list[StoppedClock]:
    """Consecutive suspensions after ``after``; the last may still be open."""
    stops, day = [], after
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        start = date.fromordinal(day.toordinal() + draw(st.integers(min_value=0, max_value=20)))
        end = date.fromordinal(start.toordinal() + draw(st.integers(min_value=0, max_value=30)))
        stops.append(StoppedClock(start, end))
        day = end
    if stops and draw(st.booleans()):
        stops[-1] = StoppedClock(stops[-1].started_on, None)
    return stops


def _deadline(start: date, limit: int, today: date, **more) -> CaseDeadline:
    return case_deadline_on(CALENDAR, today, accepted_on=start, limit_days=limit, **more)


@settings(max_examples=200, database=None, deadline=None)
@given(st.data(), STARTS, st.integers(min_value=1, max_value=60), st.integers(0, 10))
def test_a_case_deadline_is_a_working_day_and_never_earlier_for_more_time(
    data: st.DataObject, start: date, limit: int, extension: int
) -> None:
    stops = data.draw(stopped_clocks(start))
    today = date.fromordinal(start.toordinal() + data.draw(st.integers(0, 200)))
    plain = _deadline(start, limit, today)
    full = _deadline(start, limit, today, extension_days=extension, stops=stops)
    assert CALENDAR.is_workday(full.due.date)
    # An extension moves the due date by exactly its working days.
    assert _deadline(start, limit, today, extension_days=extension).due.date == (
        CALENDAR.add_workdays(plain.due.date, extension)
    )
    # A suspension never makes it earlier, nor does time passing while one is open.
    assert full.due.date >= _deadline(start, limit, today, extension_days=extension).due.date
    tomorrow = date.fromordinal(today.toordinal() + 1)
    assert _deadline(start, limit, tomorrow, extension_days=extension, stops=stops).due.date >= (
        full.due.date
    )
    assert full.remaining == CALENDAR.workdays_between(today, full.due.date)


def test_a_suspension_over_national_day_counts_only_its_working_days() -> None:
    # Accepted Friday 26 September 2025, 5 working days: Sunday 28 Sep (worked), 29,
    # 30 Sep, then 9, 10 Oct (1–8 Oct off).
    start = date(2025, 9, 26)
    assert _deadline(start, 5, start).due.date == date(2025, 10, 10)
    # Stopped from 30 Sep to 10 Oct: 9 and 10 Oct are the working days lost, so the
    # due date moves two working days on: Saturday 11 Oct (worked) and Monday 13 Oct.
    stop = StoppedClock(date(2025, 9, 30), date(2025, 10, 10))
    assert _deadline(start, 5, date(2025, 10, 10), stops=[stop]).due.date == date(2025, 10, 13)


def test_an_open_suspension_keeps_the_remaining_days_still() -> None:
    start = date(2025, 11, 3)  # Monday
    stop = StoppedClock(date(2025, 11, 5), None)
    on_5th = _deadline(start, 10, date(2025, 11, 5), stops=[stop])
    on_12th = _deadline(start, 10, date(2025, 11, 12), stops=[stop])
    assert on_5th.remaining == on_12th.remaining == 8
    assert on_12th.due.date == CALENDAR.add_workdays(on_5th.due.date, 5)


def test_negative_limits_are_refused() -> None:
    with pytest.raises(ValueError):
        _deadline(date(2025, 11, 3), -1, date(2025, 11, 3))
    with pytest.raises(ValueError):
        _deadline(date(2025, 11, 3), 5, date(2025, 11, 3), extension_days=-2)


# ── the two clocks (docs/rules.md §8) ────────────────────────────────────────


def _clocks(start: date, today: date, promised: int, legal: int, **more) -> CaseClocks:
    return case_clocks_on(
        CALENDAR, today, accepted_on=start, limits=Limits(promised, legal), **more
    )


def test_an_extension_moves_the_legal_clock_only() -> None:
    start = date(2025, 11, 3)  # Monday
    plain = _clocks(start, start, 5, 20)
    extended = _clocks(start, start, 5, 20, extension_days=10)
    assert extended.promised == plain.promised
    assert extended.legal.due.date == CALENDAR.add_workdays(plain.legal.due.date, 10)
    assert extended.due == plain.due  # the light follows the promise


def test_a_suspension_stops_both_clocks() -> None:
    start = date(2025, 11, 3)
    stop = StoppedClock(date(2025, 11, 5), date(2025, 11, 12))  # five working days
    plain = _clocks(start, start, 5, 20)
    stopped = _clocks(start, date(2025, 11, 12), 5, 20, stops=[stop])
    assert stopped.due.date == CALENDAR.add_workdays(plain.due.date, 5)
    assert stopped.legal.due.date == CALENDAR.add_workdays(plain.legal.due.date, 5)


def test_without_a_promise_the_light_follows_the_legal_limit() -> None:
    start = date(2025, 11, 3)
    clocks = _clocks(start, start, 0, 5, extension_days=2)
    assert clocks.promised is None and clocks.followed is clocks.legal
    assert clocks.due.date == CALENDAR.add_workdays(start, 7)
    assert [limit for limit, _clock in clocks.both()] == [Limit.LEGAL]


def test_the_nearer_clock_first_and_which_one_was_missed() -> None:
    start = date(2025, 11, 3)
    clocks = _clocks(start, start, 5, 20)
    assert [limit for limit, _clock in clocks.both()] == [Limit.PROMISED, Limit.LEGAL]
    assert clocks.missed is None
    promise_broken = _clocks(start, date(2025, 11, 12), 5, 20)
    assert promise_broken.light is Light.RED and promise_broken.missed is Limit.PROMISED
    assert promise_broken.legal.light is Light.GREEN
    both_broken = _clocks(start, date(2025, 12, 15), 5, 20)
    assert both_broken.missed is Limit.LEGAL
    # A promise equal to the law: both dates, the promise first.
    equal = _clocks(start, start, 20, 20)
    assert [limit for limit, _clock in equal.both()] == [Limit.PROMISED, Limit.LEGAL]


def test_natural_days_count_every_day_and_end_on_a_working_day() -> None:
    # 60 natural days (环评法 Art. 22) from Monday 1 September 2025: Friday 31 October.
    start = date(2025, 9, 1)
    natural = Limits(0, 60, LimitUnit.NATURAL)
    clocks = case_clocks_on(CALENDAR, start, accepted_on=start, limits=natural)
    assert clocks.due.date == date(2025, 10, 31)
    # 30 natural days from 2 September end on 2 October, a holiday: the period ends on
    # the next working day, Thursday 9 October.
    thirty = case_clocks_on(
        CALENDAR, start, accepted_on=date(2025, 9, 2), limits=Limits(0, 30, LimitUnit.NATURAL)
    )
    assert thirty.due.date == date(2025, 10, 9)
    # A suspension adds its natural days; an extension its working days after the end.
    stop = StoppedClock(date(2025, 9, 10), date(2025, 9, 13))
    stopped = case_clocks_on(
        CALENDAR, start, accepted_on=start, limits=natural, stops=[stop], extension_days=1
    )
    assert stopped.due.date == date(2025, 11, 4)  # 3 Nov (Monday) + one working day
