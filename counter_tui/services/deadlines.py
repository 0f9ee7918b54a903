"""A case's time limit, computed on read from its record and the calendar (DESIGN §2.6)."""

from dataclasses import dataclass
from datetime import date

from counter_tui.domain.calendar import Due, WorkCalendar
from counter_tui.domain.deadlines import Light, light
from counter_tui.store.models import Case, Extension, Suspension

YELLOW_DAYS = 3


@dataclass(frozen=True)
class CaseDeadline:
    due: Due
    light: Light
    remaining: int  # working days left; negative when overdue


def suspended_workdays(calendar: WorkCalendar, case: Case, today: date) -> int:
    """Working days the clock stood still (Art. 45); an open suspension runs to today."""
    total = 0
    for suspension in Suspension.select().where(Suspension.case == case):
        end = suspension.ended_on or today
        total += max(0, calendar.workdays_between(suspension.started_on, end))
    return total


def case_deadline(calendar: WorkCalendar, case: Case, today: date) -> CaseDeadline | None:
    """The promised limit (legal when none is promised), extended and suspended; None
    while the clock has not started."""
    if case.accepted_on is None:
        return None
    item = case.item
    limit = item.promised_limit_days or item.legal_limit_days
    extension = Extension.get_or_none((Extension.case == case) & (Extension.approved == True))  # noqa: E712
    if extension is not None:
        limit += extension.days
    limit += suspended_workdays(calendar, case, today)
    due = calendar.due(case.accepted_on, limit)
    remaining = calendar.workdays_between(today, due.date)
    return CaseDeadline(
        due=due, light=light(calendar, today, due.date, YELLOW_DAYS), remaining=remaining
    )
