"""Time-limit lights (rule 6): computed on read from the calendar, never stored."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from counter_tui.domain.calendar import WorkCalendar


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
