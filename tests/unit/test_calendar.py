from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_tui.domain.calendar import (
    Due,
    WorkCalendar,
    YearSchedule,
    schedule_from_mapping,
)
from counter_tui.domain.errors import CalendarError

PROPERTY = settings(max_examples=300, database=None, deadline=None)


def _days(year: int, specs: list[str]) -> frozenset[date]:
    """'01-28..01-31' ranges and '05-01' single days of one year."""
    days: set[date] = set()
    for spec in specs:
        first, _, last = spec.partition("..")
        day = date.fromisoformat(f"{year}-{first}")
        end = date.fromisoformat(f"{year}-{last or first}")
        while day <= end:
            days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


# The State Council's schedules (国办发明电), weekdays and weekends off alike.
HOLIDAYS_2025 = ["01-01", "01-28..01-31", "02-03", "02-04", "04-04", "05-01", "05-02", "05-05",
                 "05-31", "06-02", "10-01..10-08"]  # fmt: skip
HOLIDAYS_2026 = ["01-01", "01-02", "02-16..02-20", "02-23", "04-06", "05-01", "05-04", "05-05",
                 "06-19", "09-25", "10-01", "10-02", "10-05..10-07"]  # fmt: skip
SCHEDULE_2025 = YearSchedule(
    year=2025,
    holidays=_days(2025, HOLIDAYS_2025),
    workdays=_days(2025, ["01-26", "02-08", "04-27", "09-28", "10-11"]),
    names={date(2025, 1, 1): "元旦", date(2025, 10, 1): "国庆节"},
)
SCHEDULE_2026 = YearSchedule(
    year=2026,
    holidays=_days(2026, HOLIDAYS_2026),
    workdays=_days(2026, ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"]),
)
CALENDAR = WorkCalendar([SCHEDULE_2025, SCHEDULE_2026])


def naive_add(calendar: WorkCalendar, start: date, n: int) -> date:
    day, left = start, n
    while left:
        day += timedelta(days=1)
        if calendar.is_workday(day):
            left -= 1
    return day


# --- the cases the brief pins down -----------------------------------------------------


def test_national_day_2025_deadline_skips_the_golden_week() -> None:
    # 1-8 Oct off; Sat 11 Oct worked: 9, 10, 11, 13, 14.
    assert CALENDAR.add_workdays(date(2025, 9, 30), 5) == date(2025, 10, 14)


def test_adjusted_weekends_are_workdays() -> None:
    assert CALENDAR.is_workday(date(2026, 2, 14))  # a Saturday
    assert CALENDAR.is_workday(date(2025, 9, 28))  # a Sunday
    assert CALENDAR.is_workday(date(2025, 10, 11))


def test_holidays_and_plain_weekends_are_not_workdays() -> None:
    assert not CALENDAR.is_workday(date(2025, 10, 8))  # Wednesday, holiday
    assert not CALENDAR.is_workday(date(2026, 2, 23))  # Monday, holiday
    assert not CALENDAR.is_workday(date(2026, 3, 7))  # ordinary Saturday
    assert CALENDAR.is_workday(date(2026, 3, 9))  # ordinary Monday


def test_years_without_schedule_count_monday_to_friday() -> None:
    assert not CALENDAR.is_official(2027)
    assert CALENDAR.is_workday(date(2027, 1, 1))  # a Friday, 元旦 not yet known
    assert not CALENDAR.is_workday(date(2027, 1, 2))


def test_due_is_provisional_until_the_year_is_imported() -> None:
    due = CALENDAR.due(date(2026, 12, 15), 20)
    assert due.date.year == 2027
    assert due.provisional is True
    schedule_2027 = schedule_from_mapping(
        {
            "year": 2027,
            "holidays": [{"date": "2027-01-01", "name": "元旦"}],
            "workdays": [],
        }
    )
    updated = CALENDAR.with_schedule(schedule_2027)
    recomputed = updated.due(date(2026, 12, 15), 20)
    assert recomputed.provisional is False
    assert recomputed.date == due.date + timedelta(days=1)  # Friday 1 Jan is now off
    assert CALENDAR.is_official(2027) is False  # the original calendar is unchanged


def test_due_within_official_years_is_final() -> None:
    assert CALENDAR.due(date(2025, 9, 30), 5) == Due(date(2025, 10, 14), provisional=False)


def test_due_spanning_a_missing_year_is_provisional() -> None:
    calendar = WorkCalendar([SCHEDULE_2025])
    assert calendar.due(date(2025, 12, 24), 5) == Due(date(2025, 12, 31), provisional=False)
    assert calendar.due(date(2025, 12, 24), 6) == Due(date(2026, 1, 1), provisional=True)


def test_zero_days_is_the_start_and_negative_is_refused() -> None:
    assert CALENDAR.add_workdays(date(2025, 10, 4), 0) == date(2025, 10, 4)
    with pytest.raises(ValueError):
        CALENDAR.add_workdays(date(2025, 10, 4), -1)


def test_start_day_is_not_counted() -> None:
    assert CALENDAR.add_workdays(date(2026, 3, 9), 1) == date(2026, 3, 10)
    assert CALENDAR.add_workdays(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Fri → Mon


def test_workdays_between() -> None:
    assert CALENDAR.workdays_between(date(2025, 9, 30), date(2025, 10, 14)) == 5
    assert CALENDAR.workdays_between(date(2025, 10, 14), date(2025, 9, 30)) == -5
    assert CALENDAR.workdays_between(date(2025, 10, 1), date(2025, 10, 1)) == 0
    assert CALENDAR.workdays_between(date(2025, 10, 1), date(2025, 10, 8)) == 0


def test_official_years_and_lookup() -> None:
    assert CALENDAR.official_years == frozenset({2025, 2026})
    assert CALENDAR.schedule(2025) is SCHEDULE_2025
    assert CALENDAR.schedule(2024) is None
    assert CALENDAR.holiday_name(date(2025, 10, 1)) == "国庆节"
    assert CALENDAR.holiday_name(date(2025, 10, 2)) is None


def test_with_schedule_replaces_a_year() -> None:
    replacement = YearSchedule(year=2025)
    calendar = CALENDAR.with_schedule(replacement)
    assert calendar.schedule(2025) is replacement
    assert calendar.is_workday(date(2025, 10, 1))
    assert not calendar.is_workday(date(2025, 10, 11))
    assert calendar.official_years == frozenset({2025, 2026})


def test_duplicate_years_are_refused() -> None:
    with pytest.raises(CalendarError) as caught:
        WorkCalendar([SCHEDULE_2025, YearSchedule(year=2025)])
    assert caught.value.rule == "calendar.duplicate_year"


def test_long_periods_match_day_by_day_counting() -> None:
    start = date(2024, 11, 3)
    for n in (1, 19, 20, 250, 600):
        assert CALENDAR.add_workdays(start, n) == naive_add(CALENDAR, start, n)


# --- YearSchedule validation -----------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [
        ({"holidays": {date(2026, 1, 1)}}, "calendar.year"),
        ({"workdays": {date(2025, 1, 4), date(2026, 2, 14)}}, "calendar.year"),
        (
            {"holidays": {date(2025, 2, 8)}, "workdays": {date(2025, 2, 8)}},
            "calendar.conflict",
        ),
        ({"workdays": {date(2025, 2, 7)}}, "calendar.workday_not_weekend"),  # a Friday
        ({"names": {date(2025, 3, 3): "无"}}, "calendar.name_not_holiday"),
        ({"holidays": {datetime(2025, 1, 1, 0, 0)}}, "calendar.date"),
        ({"holidays": {"2025-01-01"}}, "calendar.date"),
    ],
)
def test_year_schedule_validation(kwargs: dict, rule: str) -> None:
    with pytest.raises(CalendarError) as caught:
        YearSchedule(year=2025, **kwargs)
    assert caught.value.rule == rule


def test_year_schedule_is_immutable_and_hashable() -> None:
    names = {date(2025, 1, 1): "元旦"}
    schedule = YearSchedule(year=2025, holidays={date(2025, 1, 1)}, names=names)
    names[date(2025, 1, 1)] = "changed"
    assert schedule.names[date(2025, 1, 1)] == "元旦"
    assert isinstance(schedule.holidays, frozenset)
    assert hash(schedule) == hash(YearSchedule(year=2025, holidays=[date(2025, 1, 1)]))
    with pytest.raises(TypeError):
        schedule.names[date(2025, 1, 1)] = "x"  # type: ignore[index]


def test_year_must_be_an_int() -> None:
    with pytest.raises(CalendarError) as caught:
        YearSchedule(year="2025")  # type: ignore[arg-type]
    assert caught.value.rule == "calendar.year"


# --- import format ---------------------------------------------------------------------


def test_schedule_from_mapping_reads_the_import_format() -> None:
    schedule = schedule_from_mapping(
        {
            "year": 2027,
            "holidays": [{"date": "2027-01-01", "name": "元旦"}, "2027-02-08"],
            "workdays": ["2027-02-20"],
        }
    )
    assert schedule.year == 2027
    assert schedule.holidays == {date(2027, 1, 1), date(2027, 2, 8)}
    assert schedule.workdays == {date(2027, 2, 20)}
    assert dict(schedule.names) == {date(2027, 1, 1): "元旦"}


def test_schedule_from_mapping_workdays_optional() -> None:
    schedule = schedule_from_mapping({"year": 2027, "holidays": []})
    assert schedule.workdays == frozenset()


@pytest.mark.parametrize(
    ("data", "rule", "mentions"),
    [
        ({"holidays": []}, "calendar.format", "year"),
        ({"year": "2027", "holidays": []}, "calendar.format", "'2027'"),
        ({"year": True, "holidays": []}, "calendar.format", "True"),
        ({"year": 2027}, "calendar.format", "holidays"),
        ({"year": 2027, "holidays": "2027-01-01"}, "calendar.format", "holidays"),
        ({"year": 2027, "holidays": [], "workday": []}, "calendar.format", "workday"),
        ({"year": 2027, "holidays": ["2027/01/01"]}, "calendar.format", "holidays[0]"),
        ({"year": 2027, "holidays": ["20270101"]}, "calendar.format", "20270101"),
        ({"year": 2027, "holidays": [{"name": "元旦"}]}, "calendar.format", "holidays[0]"),
        (
            {"year": 2027, "holidays": [{"date": "2027-01-01", "name": 5}]},
            "calendar.format",
            "holidays[0].name",
        ),
        ({"year": 2027, "holidays": ["2027-02-30"]}, "calendar.date", "2027-02-30"),
        ({"year": 2027, "holidays": [], "workdays": [20270220]}, "calendar.format", "20270220"),
        ({"year": 2027, "holidays": ["2027-01-01", "2027-01-01"]}, "calendar.duplicate", "[1]"),
        ({"year": 2027, "holidays": ["2028-01-01"]}, "calendar.year", "2028-01-01"),
        (
            {"year": 2027, "holidays": [], "workdays": ["2027-02-22"]},
            "calendar.workday_not_weekend",
            "2027-02-22",
        ),
    ],
)
def test_schedule_from_mapping_errors(data: dict, rule: str, mentions: str) -> None:
    with pytest.raises(CalendarError) as caught:
        schedule_from_mapping(data)
    assert caught.value.rule == rule
    assert mentions in str(caught.value)


def test_schedule_from_mapping_rejects_non_mapping() -> None:
    with pytest.raises(CalendarError) as caught:
        schedule_from_mapping([2027])  # type: ignore[arg-type]
    assert caught.value.rule == "calendar.format"


# --- properties ------------------------------------------------------------------------

starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
counts = st.integers(min_value=0, max_value=400)


@st.composite
def random_schedules(draw: st.DrawFn) -> YearSchedule:
    """A made-up year: any weekdays off, any weekends worked (stresses the arithmetic)."""
    year = draw(st.integers(min_value=2024, max_value=2027))
    days = st.dates(min_value=date(year, 1, 1), max_value=date(year, 12, 31))
    holidays = draw(st.frozensets(days, max_size=60))
    weekends = days.filter(lambda d: d.weekday() >= 5 and d not in holidays)
    workdays = draw(st.frozensets(weekends, max_size=40))
    return YearSchedule(year=year, holidays=holidays, workdays=workdays)


calendars = st.one_of(
    st.just(CALENDAR),
    st.lists(random_schedules(), max_size=3, unique_by=lambda s: s.year).map(WorkCalendar),
)


@PROPERTY
@given(calendars, starts, st.integers(min_value=1, max_value=400))
def test_deadline_is_always_a_working_day(calendar: WorkCalendar, start: date, n: int) -> None:
    assert calendar.is_workday(calendar.add_workdays(start, n))


@PROPERTY
@given(calendars, starts, counts, st.integers(min_value=0, max_value=50))
def test_more_days_never_give_an_earlier_date(
    calendar: WorkCalendar, start: date, n: int, more: int
) -> None:
    assert calendar.add_workdays(start, n + more) >= calendar.add_workdays(start, n)
    if more:
        assert calendar.add_workdays(start, n + more) > calendar.add_workdays(start, n)


@PROPERTY
@given(calendars, starts, counts)
def test_workdays_between_inverts_add_workdays(calendar: WorkCalendar, start: date, n: int) -> None:
    deadline = calendar.add_workdays(start, n)
    assert calendar.workdays_between(start, deadline) == n
    assert calendar.workdays_between(deadline, start) == -n


@PROPERTY
@given(calendars, starts, counts)
def test_add_workdays_matches_day_by_day(calendar: WorkCalendar, start: date, n: int) -> None:
    assert calendar.add_workdays(start, n) == naive_add(calendar, start, n)


@PROPERTY
@given(calendars, starts, starts)
def test_workdays_between_counts_day_by_day(calendar: WorkCalendar, a: date, b: date) -> None:
    low, high = min(a, b), max(a, b)
    expected = sum(
        calendar.is_workday(low + timedelta(days=i)) for i in range(1, (high - low).days + 1)
    )
    assert calendar.workdays_between(low, high) == expected
    assert calendar.workdays_between(high, low) == -expected


@PROPERTY
@given(starts, st.integers(min_value=1, max_value=400))
def test_due_provisional_iff_a_spanned_year_is_missing(start: date, n: int) -> None:
    due = CALENDAR.due(start, n)
    spanned = set(range(start.year, due.date.year + 1))
    assert due.provisional == (not spanned <= {2025, 2026})


def test_an_estimate_counts_a_provisional_year_s_holidays() -> None:
    new_year = schedule_from_mapping({"year": 2027, "holidays": ["2027-01-01"]})
    calendar = WorkCalendar([SCHEDULE_2025], estimates=[new_year])
    assert not calendar.is_workday(date(2027, 1, 1))
    assert calendar.estimate(2027) == new_year and calendar.schedule(2027) is None
    # 2026-12-25 is a Friday: four days in December, then Monday 4 January, not Friday the 1st.
    assert calendar.due(date(2026, 12, 25), 5) == Due(date(2027, 1, 4), provisional=True)


def test_an_official_schedule_overrides_the_estimate_of_its_year() -> None:
    guess = schedule_from_mapping({"year": 2025, "holidays": ["2025-03-03"]})
    calendar = WorkCalendar([SCHEDULE_2025], estimates=[guess])
    assert calendar.is_workday(date(2025, 3, 3))
    assert calendar.estimate(2025) is None
    kept = calendar.with_schedule(schedule_from_mapping({"year": 2024, "holidays": []}))
    assert kept.estimate(2025) is None
