"""The work calendar kept in the database: official schedules, imported years, due dates."""

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from functools import cache
from threading import Lock
from typing import Any

from counter_tui.domain.calendar import Due, WorkCalendar, YearSchedule, schedule_from_mapping
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import CalendarDay, CalendarYear, Staff, database_proxy, utc_now

# The years for which the holidays package carries China's official schedules
# (State Council notices, with adjusted working weekends).
OFFICIAL_YEARS = range(2001, 2027)
# The later years the holidays package knows the statutory holidays of (by the law in
# force: 全国年节及纪念日放假办法), without their 调休: the estimate of a year until its
# schedule is imported (docs/rules.md §2).
ESTIMATED_YEARS = range(OFFICIAL_YEARS.stop, 2101)


def official_schedules(years: range = OFFICIAL_YEARS) -> list[YearSchedule]:
    """Derive the shipped schedules from the holidays package (seed time only)."""
    import holidays  # heavy; never on the start-up path

    china = holidays.China(years=list(years), language="zh_CN")
    by_year = _buckets()
    for day, name in china.items():
        by_year[day.year]["holidays"].add(day)
        by_year[day.year]["names"][day] = name
    for day in china.weekend_workdays:
        if day.year in years:
            by_year[day.year]["workdays"].add(day)
    return [_schedule(year, by_year[year]) for year in years]


# The TUI computes the estimates in a thread before the first sign-in; a sign-in that
# comes meanwhile waits for them instead of computing them a second time.
_estimating = Lock()


def statutory_estimates(years: range = ESTIMATED_YEARS) -> tuple[YearSchedule, ...]:
    """The statutory holidays of years not yet scheduled: the fixed dates (元旦, 劳动节,
    国庆节) and the lunar ones, without the substitute days the package guesses (补假):
    the State Council's schedule decides those. Computed once per process (about 100 ms
    with the package's import)."""
    with _estimating:
        return _estimates(years)


@cache
def _estimates(years: range) -> tuple[YearSchedule, ...]:
    import holidays  # heavy; only once a deadline is first asked for

    china = holidays.China(years=list(years), language="zh_CN", observed=False)
    by_year = _buckets()
    for day, name in china.items():
        by_year[day.year]["holidays"].add(day)
        by_year[day.year]["names"][day] = name
    return tuple(_schedule(year, by_year[year]) for year in years)


def _buckets() -> defaultdict[int, dict[str, Any]]:
    return defaultdict(lambda: {"holidays": set(), "workdays": set(), "names": {}})


def _schedule(year: int, bucket: dict[str, Any]) -> YearSchedule:
    return YearSchedule(
        year=year,
        holidays=frozenset(bucket["holidays"]),
        workdays=frozenset(bucket["workdays"]),
        names=bucket["names"],
    )


def _store_schedule(schedule: YearSchedule, source: str) -> None:
    CalendarDay.delete().where(
        (CalendarDay.day >= date(schedule.year, 1, 1))
        & (CalendarDay.day <= date(schedule.year, 12, 31))
    ).execute()
    rows = [
        {"day": d, "kind": "holiday", "name": schedule.names.get(d, "")}
        for d in sorted(schedule.holidays)
    ] + [{"day": d, "kind": "workday", "name": ""} for d in sorted(schedule.workdays)]
    if rows:
        CalendarDay.insert_many(rows).execute()
    CalendarYear.upsert(CalendarYear.year, year=schedule.year, source=source, imported_at=utc_now())


def load_official_calendar() -> None:
    """Load the shipped schedules (services.database does it for a database that has none)."""
    schedules = official_schedules()
    with write_transaction(database_proxy):
        for schedule in schedules:
            _store_schedule(schedule, "official")


def import_schedule(data: Mapping[str, Any], staff: Staff | None = None) -> YearSchedule:
    """Import one year's official schedule; deadlines in that year stop being provisional."""
    schedule = schedule_from_mapping(data)
    with write_transaction(database_proxy):
        _store_schedule(schedule, "imported")
        append_event(
            "calendar_imported",
            staff=staff,
            data={
                "year": schedule.year,
                "holidays": len(schedule.holidays),
                "workdays": len(schedule.workdays),
            },
        )
    return schedule


# The calendar last loaded, with what it was loaded from: the database and the stamp of
# every stored year. Each change of a year's days goes through _store_schedule, which
# stamps the year anew, so equal stamps mean equal days (in this process or another).
_loaded: tuple[tuple[object, ...], WorkCalendar] | None = None


def load_calendar() -> WorkCalendar:
    """The work calendar; read from the database only when a year was stored since the
    last load (reading every year's days costs milliseconds; their stamps, one query)."""
    global _loaded
    years = tuple(
        CalendarYear.select(CalendarYear.year, CalendarYear.imported_at)
        .order_by(CalendarYear.year)
        .tuples()
    )
    key = (database_proxy.obj, years)
    if _loaded is not None and _loaded[0] == key:
        return _loaded[1]
    days = _buckets()
    for day, kind, name in CalendarDay.select(
        CalendarDay.day, CalendarDay.kind, CalendarDay.name
    ).tuples():
        year = days[day.year]
        year["holidays" if kind == "holiday" else "workdays"].add(day)
        if name:
            year["names"][day] = name
    calendar = WorkCalendar(
        (_schedule(year, days[year]) for year, _stamp in years), statutory_estimates()
    )
    _loaded = (key, calendar)
    return calendar


def due(start: date, working_days: int) -> Due:
    return load_calendar().due(start, working_days)


def year_days(year: int) -> list[CalendarDay]:
    """The holidays and adjusted workdays of a year, in date order."""
    return list(
        CalendarDay.select()
        .where((CalendarDay.day >= date(year, 1, 1)) & (CalendarDay.day <= date(year, 12, 31)))
        .order_by(CalendarDay.day)
    )
