"""Working days (Administrative Licensing Law, Art. 82).

Limits count working days: Monday to Friday, minus statutory holidays, plus the
adjusted working weekends (调休) of the State Council's yearly schedule. The day
a period starts is not counted. A year without an official schedule is counted
with its statutory holidays alone, where an *estimate* of them is given (no 调休 is
known in advance), else with weekends only; either way any deadline that depends
on it is *provisional* (暂定).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from counter_tui.domain.errors import N_, CalendarError

# Strict YYYY-MM-DD: date.fromisoformat() in 3.11 also takes "20270101" and week dates.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SCHEDULE_FIELDS = frozenset({"year", "holidays", "workdays"})


def _is_weekend(day: date) -> bool:
    return day.weekday() >= 5


@dataclass(frozen=True)
class YearSchedule:
    """The official schedule of one year: statutory days off and adjusted workdays."""

    year: int
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    # A mapping is not hashable; the schedule's identity is its dates.
    names: Mapping[date, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise CalendarError(
                "calendar.year",
                N_("The year must be a whole number, not {value}"),
                value=repr(self.year),
            )
        # Accept any iterable/mapping from callers but keep the instance immutable.
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "workdays", frozenset(self.workdays))
        object.__setattr__(self, "names", MappingProxyType(dict(self.names)))
        for day in (*self.holidays, *self.workdays, *self.names):
            # datetime is a date subclass but never equal to one: it would silently not match.
            if not isinstance(day, date) or isinstance(day, datetime):
                raise CalendarError(
                    "calendar.date", N_("{value} is not a calendar date"), value=repr(day)
                )
            if day.year != self.year:
                raise CalendarError(
                    "calendar.year",
                    N_("{day} is not in the schedule's year {year}"),
                    day=day.isoformat(),
                    year=self.year,
                )
        if both := sorted(self.holidays & self.workdays):
            raise CalendarError(
                "calendar.conflict",
                N_("{day} is listed both as a holiday and as a working day"),
                day=both[0].isoformat(),
            )
        # Only a weekend can be "adjusted" into a working day; a weekday already is one.
        if weekdays := sorted(d for d in self.workdays if not _is_weekend(d)):
            raise CalendarError(
                "calendar.workday_not_weekend",
                N_("{day} is an adjusted working day but not a Saturday or Sunday"),
                day=weekdays[0].isoformat(),
            )
        if stray := sorted(set(self.names) - self.holidays):
            raise CalendarError(
                "calendar.name_not_holiday",
                N_("{day} has a holiday name but is not a holiday"),
                day=stray[0].isoformat(),
            )


def _parse_date(value: Any, field_name: str) -> date:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise CalendarError(
            "calendar.format",
            N_("{field}: {value} is not a date written as YYYY-MM-DD"),
            field=field_name,
            value=repr(value),
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CalendarError(
            "calendar.date",
            N_("{field}: {value} is not a real date"),
            field=field_name,
            value=value,
        ) from None


def _list_field(data: Mapping[str, Any], name: str, required: bool) -> list[Any]:
    if name not in data:
        if required:
            raise CalendarError("calendar.format", N_("The field {field} is missing"), field=name)
        return []
    value = data[name]
    if not isinstance(value, list | tuple):
        raise CalendarError(
            "calendar.format",
            N_("{field} must be a list, not {value}"),
            field=name,
            value=repr(value),
        )
    return list(value)


def schedule_from_mapping(data: Mapping[str, Any]) -> YearSchedule:
    """Read the import format.

    ``{"year": 2027, "holidays": [{"date": "2027-01-01", "name": "元旦"}, ...],
    "workdays": ["2027-02-20", ...]}``. A holiday may also be a bare date string;
    ``workdays`` may be omitted (a year without 调休). Unknown fields are refused:
    a misspelt ``workday`` would otherwise silently drop the adjusted workdays.
    """
    if not isinstance(data, Mapping):
        raise CalendarError(
            "calendar.format",
            N_("A schedule must be a mapping, not {value}"),
            value=type(data).__name__,
        )
    for key in data:
        if key not in _SCHEDULE_FIELDS:
            raise CalendarError(
                "calendar.format", N_("Unknown field {field} in a schedule"), field=repr(key)
            )
    if "year" not in data:
        raise CalendarError("calendar.format", N_("The field {field} is missing"), field="year")
    year = data["year"]
    if isinstance(year, bool) or not isinstance(year, int):
        raise CalendarError(
            "calendar.format",
            N_("{field} must be a whole number, not {value}"),
            field="year",
            value=repr(year),
        )

    holidays: set[date] = set()
    names: dict[date, str] = {}
    for index, entry in enumerate(_list_field(data, "holidays", required=True)):
        where = f"holidays[{index}]"
        if isinstance(entry, Mapping):
            unknown = set(entry) - {"date", "name"}
            if unknown or "date" not in entry:
                raise CalendarError(
                    "calendar.format",
                    N_("{field} must have a date and may have a name, not {value}"),
                    field=where,
                    value=repr(dict(entry)),
                )
            day = _parse_date(entry["date"], f"{where}.date")
            name = entry.get("name")
            if name is not None and not isinstance(name, str):
                raise CalendarError(
                    "calendar.format",
                    N_("{field} must be text, not {value}"),
                    field=f"{where}.name",
                    value=repr(name),
                )
        else:
            day, name = _parse_date(entry, where), None
        if day in holidays:
            raise CalendarError(
                "calendar.duplicate",
                N_("{field}: {day} is listed twice"),
                field=where,
                day=day.isoformat(),
            )
        holidays.add(day)
        if name:
            names[day] = name

    workdays: set[date] = set()
    for index, entry in enumerate(_list_field(data, "workdays", required=False)):
        where = f"workdays[{index}]"
        day = _parse_date(entry, where)
        if day in workdays:
            raise CalendarError(
                "calendar.duplicate",
                N_("{field}: {day} is listed twice"),
                field=where,
                day=day.isoformat(),
            )
        workdays.add(day)

    return YearSchedule(
        year=year, holidays=frozenset(holidays), workdays=frozenset(workdays), names=names
    )


@dataclass(frozen=True)
class Due:
    """A deadline and whether it rests on a year without an official schedule."""

    date: date
    provisional: bool


def _weekdays_through(ordinal: int) -> int:
    """Mondays-to-Fridays among ordinals 1..ordinal (ordinal 1, 0001-01-01, is a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _ordinal_of_weekday(count: int) -> int:
    """Smallest ordinal o with _weekdays_through(o) == count (count >= 1): that weekday."""
    weeks, rest = divmod(count, 5)
    return weeks * 7 - 2 if rest == 0 else weeks * 7 + rest


def _by_year(schedules: Iterable[YearSchedule]) -> dict[int, YearSchedule]:
    by_year: dict[int, YearSchedule] = {}
    for schedule in schedules:
        if schedule.year in by_year:
            raise CalendarError(
                "calendar.duplicate_year",
                N_("The year {year} has more than one schedule"),
                year=schedule.year,
            )
        by_year[schedule.year] = schedule
    return by_year


class WorkCalendar:
    """Working-day arithmetic over the years that have an official schedule, and over
    the others with their estimated statutory holidays (provisional)."""

    def __init__(
        self, schedules: Iterable[YearSchedule] = (), estimates: Iterable[YearSchedule] = ()
    ) -> None:
        by_year = _by_year(schedules)
        # An estimate only stands in for a year the State Council has not yet scheduled.
        guessed = {y: s for y, s in _by_year(estimates).items() if y not in by_year}
        self._schedules = MappingProxyType(by_year)
        self._estimates = MappingProxyType(guessed)
        counted = (*by_year.values(), *guessed.values())
        # Only two kinds of exceptions to "Mon-Fri" matter: weekdays off and
        # weekends worked. A holiday falling on a weekend changes nothing.
        self._off: frozenset[date] = frozenset(
            d for s in counted for d in s.holidays if not _is_weekend(d)
        )
        self._worked: frozenset[date] = frozenset(d for s in counted for d in s.workdays)
        self._off_ordinals = sorted(d.toordinal() for d in self._off)
        self._worked_ordinals = sorted(d.toordinal() for d in self._worked)

    def __repr__(self) -> str:
        return f"WorkCalendar(official_years={sorted(self._schedules)})"

    @property
    def official_years(self) -> frozenset[int]:
        return frozenset(self._schedules)

    def is_official(self, year: int) -> bool:
        return year in self._schedules

    def schedule(self, year: int) -> YearSchedule | None:
        """The official schedule of ``year``, or None."""
        return self._schedules.get(year)

    def estimate(self, year: int) -> YearSchedule | None:
        """The estimated statutory holidays of a year without an official schedule, or None."""
        return self._estimates.get(year)

    def holiday_name(self, day: date) -> str | None:
        schedule = self._schedules.get(day.year) or self._estimates.get(day.year)
        return None if schedule is None else schedule.names.get(day)

    def with_schedule(self, schedule: YearSchedule) -> WorkCalendar:
        """A new calendar with ``schedule``'s year added or replaced."""
        others = (s for year, s in self._schedules.items() if year != schedule.year)
        return WorkCalendar([*others, schedule], self._estimates.values())

    def is_workday(self, day: date) -> bool:
        if day.weekday() < 5:
            return day not in self._off
        return day in self._worked

    def _count(self, start: int, end: int) -> int:
        """Working days d with start < d <= end, as ordinals, start <= end."""
        off = bisect_right(self._off_ordinals, end) - bisect_right(self._off_ordinals, start)
        worked = bisect_right(self._worked_ordinals, end) - bisect_right(
            self._worked_ordinals, start
        )
        return _weekdays_through(end) - _weekdays_through(start) - off + worked

    def workdays_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end; the negative mirror when end < start."""
        if end < start:
            return -self._count(end.toordinal(), start.toordinal())
        return self._count(start.toordinal(), end.toordinal())

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (``start`` itself is not counted)."""
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")
        if n == 0:
            return start
        # Jump straight to the n-th Mon-Fri day, then walk the few days that the
        # holidays and adjusted weekends in between shift it by.
        origin = start.toordinal()
        ordinal = _ordinal_of_weekday(_weekdays_through(origin) + n)
        count = self._count(origin, ordinal)
        # Over long spans the days off pile up: jump again by the shortfall first.
        while n - count > 7:
            ordinal = _ordinal_of_weekday(_weekdays_through(ordinal) + n - count)
            count = self._count(origin, ordinal)
        while count < n:
            ordinal += 1
            if self.is_workday(date.fromordinal(ordinal)):
                count += 1
        # Too far (worked weekends) or on a day off: step back to the n-th working day.
        while not (count == n and self.is_workday(date.fromordinal(ordinal))):
            if self.is_workday(date.fromordinal(ordinal)):
                count -= 1
            ordinal -= 1
        return date.fromordinal(ordinal)

    def due(self, start: date, n: int) -> Due:
        """The deadline of an n-day period from ``start`` and whether it is provisional."""
        deadline = self.add_workdays(start, n)
        provisional = any(
            year not in self._schedules for year in range(start.year, deadline.year + 1)
        )
        return Due(date=deadline, provisional=provisional)
