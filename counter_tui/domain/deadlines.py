"""A case's time limit and its light (rules 4 and 6): computed on read from the case's
acceptance, extension and suspensions and the calendar, never stored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from counter_tui.domain.calendar import Due, WorkCalendar


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


DEFAULT_YELLOW_DAYS = 3


def light(
    calendar: WorkCalendar, today: date, due: date, yellow_days: int = DEFAULT_YELLOW_DAYS
) -> Light:
    """Red once the due date has passed; yellow when ``yellow_days`` working days or fewer
    remain (the due day itself counts as remaining, today does not); green otherwise."""
    if yellow_days < 0:
        raise ValueError(f"yellow_days must not be negative, got {yellow_days}")
    if today > due:
        return Light.RED
    if calendar.workdays_between(today, due) <= yellow_days:
        return Light.YELLOW
    return Light.GREEN


@dataclass(frozen=True)
class StoppedClock:
    """A suspension (挂起, Art. 45): the clock stands still after ``started_on`` until
    ``ended_on``; an open one runs to today."""

    started_on: date
    ended_on: date | None = None


@dataclass(frozen=True)
class CaseDeadline:
    due: Due
    light: Light
    remaining: int  # working days left; negative when overdue


def stopped_workdays(calendar: WorkCalendar, stops: Iterable[StoppedClock], today: date) -> int:
    """Working days the clock stood still: those after each start, up to its end."""
    return sum(
        max(0, calendar.workdays_between(stop.started_on, stop.ended_on or today)) for stop in stops
    )


def case_deadline_on(
    calendar: WorkCalendar,
    today: date,
    *,
    accepted_on: date,
    limit_days: int,
    extension_days: int = 0,
    stops: Iterable[StoppedClock] = (),
    yellow_days: int = DEFAULT_YELLOW_DAYS,
) -> CaseDeadline:
    """The one time-limit rule: ``limit_days`` working days after acceptance, plus an
    approved extension, plus the working days of every suspension; with its light."""
    if limit_days < 0 or extension_days < 0:
        raise ValueError("time limits are whole numbers of working days, not negative")
    days = limit_days + extension_days + stopped_workdays(calendar, stops, today)
    due = calendar.due(accepted_on, days)
    return CaseDeadline(
        due=due,
        light=light(calendar, today, due.date, yellow_days),
        remaining=calendar.workdays_between(today, due.date),
    )
