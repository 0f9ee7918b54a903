"""A case's time limit, computed on read from its record and the calendar (DESIGN §2.6)."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from counter_tui.domain.calendar import Due, WorkCalendar
from counter_tui.domain.deadlines import Light, light
from counter_tui.store.models import Case, Extension, Suspension

YELLOW_DAYS = 3
CHUNK = 500  # case ids per IN (...): well under every engine's limit on parameters


@dataclass(frozen=True)
class CaseDeadline:
    due: Due
    light: Light
    remaining: int  # working days left; negative when overdue


def suspended_workdays(calendar: WorkCalendar, case: Case, today: date) -> int:
    """Working days the clock stood still (Art. 45); an open suspension runs to today."""
    return _stopped(calendar, Suspension.select().where(Suspension.case == case), today)


def _stopped(calendar: WorkCalendar, suspensions: Iterable[Suspension], today: date) -> int:
    total = 0
    for suspension in suspensions:
        end = suspension.ended_on or today
        total += max(0, calendar.workdays_between(suspension.started_on, end))
    return total


def _approved_extension(case: Case) -> Extension | None:
    return Extension.get_or_none((Extension.case == case) & (Extension.approved == True))  # noqa: E712


def _deadline(
    calendar: WorkCalendar,
    case: Case,
    today: date,
    extension: Extension | None,
    suspensions: Iterable[Suspension],
) -> CaseDeadline:
    item = case.item
    limit = item.promised_limit_days or item.legal_limit_days
    if extension is not None:
        limit += extension.days
    limit += _stopped(calendar, suspensions, today)
    due = calendar.due(case.accepted_on, limit)
    remaining = calendar.workdays_between(today, due.date)
    return CaseDeadline(
        due=due, light=light(calendar, today, due.date, YELLOW_DAYS), remaining=remaining
    )


def case_deadline(calendar: WorkCalendar, case: Case, today: date) -> CaseDeadline | None:
    """The promised limit (legal when none is promised), extended and suspended; None
    while the clock has not started."""
    if case.accepted_on is None:
        return None
    suspensions = Suspension.select().where(Suspension.case == case)
    return _deadline(calendar, case, today, _approved_extension(case), suspensions)


def case_deadlines(
    calendar: WorkCalendar, cases: Sequence[Case], today: date
) -> dict[int, CaseDeadline | None]:
    """``case_deadline`` of many cases, by case id: their extensions and suspensions are
    read in one query each (per CHUNK cases). Select the cases with their items
    (``Case.select(Case, Item).join(Item)``), or each item is one more query."""
    started = [case.id for case in cases if case.accepted_on is not None]
    extensions: dict[int, Extension] = {}
    suspensions: defaultdict[int, list[Suspension]] = defaultdict(list)
    for start in range(0, len(started), CHUNK):
        ids = started[start : start + CHUNK]
        for extension in Extension.select().where(
            Extension.case.in_(ids) & (Extension.approved == True)  # noqa: E712
        ):
            extensions[extension.case_id] = extension
        for suspension in Suspension.select().where(Suspension.case.in_(ids)):
            suspensions[suspension.case_id].append(suspension)
    return {
        case.id: None
        if case.accepted_on is None
        else _deadline(calendar, case, today, extensions.get(case.id), suspensions[case.id])
        for case in cases
    }
