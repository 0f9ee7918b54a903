"""The official schedules in the database, and importing a new year."""

import threading
import time
from datetime import date

import pytest

from counter_tui.domain.calendar import Due
from counter_tui.domain.errors import CalendarError
from counter_tui.services.calendar import due, import_schedule, load_calendar, year_days
from counter_tui.store.models import CalendarYear, Event

pytestmark = pytest.mark.both_engines


SCHEDULE_2027 = {
    "year": 2027,
    "holidays": [
        {"date": "2027-01-01", "name": "元旦"},
        *({"date": f"2027-02-{d:02d}", "name": "春节"} for d in range(5, 12)),
    ],
    "workdays": ["2027-02-20"],
}


def test_official_schedules_ship_for_2001_to_2026(empty_db: str) -> None:
    calendar = load_calendar()
    assert calendar.official_years == frozenset(range(2001, 2027))
    assert calendar.is_workday(date(2026, 2, 14))  # a Saturday: adjusted workday
    assert not calendar.is_workday(date(2025, 10, 8))


def test_national_day_2025(empty_db: str) -> None:
    result = due(date(2025, 9, 30), 5)
    assert result.date == date(2025, 10, 14)
    assert result.provisional is False


def test_importing_a_year_makes_its_deadlines_final(empty_db: str) -> None:
    before = due(date(2026, 12, 15), 20)
    assert before.provisional is True
    import_schedule(SCHEDULE_2027)
    after = due(date(2026, 12, 15), 20)
    assert after.provisional is False
    assert CalendarYear.get_by_id(2027).source == "imported"
    assert [d.day for d in year_days(2027)][:2] == [date(2027, 1, 1), date(2027, 2, 5)]
    assert Event.select().where(Event.kind == "calendar_imported").count() == 1


def test_a_bad_schedule_changes_nothing(empty_db: str) -> None:
    bad = {**SCHEDULE_2027, "workdays": ["2027-02-22"]}  # a Monday cannot be an adjusted workday
    with pytest.raises(CalendarError):
        import_schedule(bad)
    assert CalendarYear.get_or_none(CalendarYear.year == 2027) is None


def test_a_reimported_year_is_read_again(empty_db: str) -> None:
    # The calendar is kept between calls; replacing a year's days must still show.
    import_schedule(SCHEDULE_2027)
    assert not load_calendar().is_workday(date(2027, 2, 11))
    moved = {**SCHEDULE_2027, "holidays": SCHEDULE_2027["holidays"][:-1]}
    import_schedule(moved)
    calendar = load_calendar()
    assert calendar.is_workday(date(2027, 2, 11))
    assert load_calendar() is calendar


def test_a_year_without_schedule_keeps_its_statutory_holidays(empty_db: str) -> None:
    calendar = load_calendar()
    assert not calendar.is_official(2027)
    off = [date(2027, 1, 1), date(2027, 5, 1), date(2027, 10, 1), date(2028, 10, 3)]
    assert not any(calendar.is_workday(day) for day in off)
    assert calendar.holiday_name(date(2027, 10, 1)) == "国庆节"
    assert not calendar.is_workday(date(2027, 2, 8))  # 春节, a lunar date
    assert calendar.is_workday(date(2027, 5, 3))  # the package's 补假 guess is not counted
    assert due(date(2026, 12, 25), 5) == Due(date(2027, 1, 4), provisional=True)


def test_an_imported_year_replaces_its_estimate(empty_db: str) -> None:
    import_schedule({"year": 2027, "holidays": ["2027-03-01"]})
    calendar = load_calendar()
    assert calendar.is_workday(date(2027, 1, 1)) and not calendar.is_workday(date(2027, 3, 1))


def test_estimates_asked_while_they_are_computed_wait_for_them(monkeypatch) -> None:
    """The TUI computes them in a thread before the first sign-in; a sign-in that comes
    meanwhile takes that thread's result, it does not compute them again."""
    import holidays

    from counter_tui.services import calendar

    computed: list[int] = []
    real_china = holidays.China

    def slow_china(*args, **kwargs):
        computed.append(1)
        time.sleep(0.2)  # long enough for the second caller to come meanwhile
        return real_china(*args, **kwargs)

    monkeypatch.setattr(holidays, "China", slow_china)
    calendar._estimates.cache_clear()  # as in a process that has not computed them yet
    years = range(2090, 2092)  # two years are enough
    results: list[object] = []
    first = threading.Thread(target=lambda: results.append(calendar.statutory_estimates(years)))
    first.start()
    while not computed:
        time.sleep(0.005)
    results.append(calendar.statutory_estimates(years))
    first.join()
    assert computed == [1]
    assert results[0] is results[1] and [s.year for s in results[0]] == [2090, 2091]
