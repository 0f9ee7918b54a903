"""A case's time limit, read from its record and the calendar (DESIGN §2.4, §2.6): the
one place the queue, the case detail, the documents and the reports get it from."""

from datetime import date

from counter_tui.domain.calendar import WorkCalendar
from counter_tui.domain.deadlines import CaseDeadline, StoppedClock, case_deadline_on
from counter_tui.store.models import Case, Extension, Suspension

YELLOW_DAYS = 3


def extension_days(case: Case) -> int:
    """The working days of the case's approved extension (0 without one)."""
    extension = Extension.get_or_none((Extension.case == case) & (Extension.approved == True))  # noqa: E712
    return extension.days if extension is not None else 0


def stops(case: Case) -> list[StoppedClock]:
    return [
        StoppedClock(started_on=s.started_on, ended_on=s.ended_on)
        for s in Suspension.select().where(Suspension.case == case).order_by(Suspension.id)
    ]


def limit_days(case: Case) -> int:
    """The promised limit (承诺时限), or the legal one when none is promised."""
    item = case.item
    return item.promised_limit_days or item.legal_limit_days


def case_deadline(calendar: WorkCalendar, case: Case, today: date) -> CaseDeadline | None:
    """The case's due date and light; None while the clock has not started."""
    if case.accepted_on is None:
        return None
    return case_deadline_on(
        calendar,
        today,
        accepted_on=case.accepted_on,
        limit_days=limit_days(case),
        extension_days=extension_days(case),
        stops=stops(case),
        yellow_days=YELLOW_DAYS,
    )
