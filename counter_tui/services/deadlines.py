"""A case's time limit, read from its record and the calendar (DESIGN §2.4, §2.6): the
one place the queue, the case detail, the documents and the reports get it from."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from counter_tui.domain.calendar import WorkCalendar
from counter_tui.domain.deadlines import CaseDeadline, StoppedClock, case_deadline_on
from counter_tui.store.models import Case, Extension, Suspension

YELLOW_DAYS = 3
CHUNK = 500  # case ids per IN (...): well under every engine's limit on parameters


def limit_days(case: Case) -> int:
    """The promised limit (承诺时限), or the legal one when none is promised."""
    item = case.item
    return item.promised_limit_days or item.legal_limit_days


def _stops(suspensions: Iterable[Suspension]) -> list[StoppedClock]:
    return [StoppedClock(started_on=s.started_on, ended_on=s.ended_on) for s in suspensions]


def _deadline(
    calendar: WorkCalendar,
    case: Case,
    today: date,
    extension: Extension | None,
    suspensions: Iterable[Suspension],
) -> CaseDeadline:
    return case_deadline_on(
        calendar,
        today,
        accepted_on=case.accepted_on,
        limit_days=limit_days(case),
        extension_days=extension.days if extension is not None else 0,
        stops=_stops(suspensions),
        yellow_days=YELLOW_DAYS,
    )


def _approved(query_filter: object) -> Iterable[Extension]:
    return Extension.select().where(query_filter & (Extension.approved == True))  # noqa: E712


def case_deadline(calendar: WorkCalendar, case: Case, today: date) -> CaseDeadline | None:
    """The case's due date and light; None while the clock has not started."""
    if case.accepted_on is None:
        return None
    extension = next(iter(_approved(Extension.case == case)), None)
    suspensions = Suspension.select().where(Suspension.case == case).order_by(Suspension.id)
    return _deadline(calendar, case, today, extension, suspensions)


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
        for extension in _approved(Extension.case.in_(ids)):
            extensions[extension.case_id] = extension
        query = Suspension.select().where(Suspension.case.in_(ids)).order_by(Suspension.id)
        for suspension in query:
            suspensions[suspension.case_id].append(suspension)
    return {
        case.id: None
        if case.accepted_on is None
        else _deadline(calendar, case, today, extensions.get(case.id), suspensions[case.id])
        for case in cases
    }
