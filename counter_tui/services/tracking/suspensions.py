"""Suspension (挂起, Art. 45): hearings, testing, inspection, expert review and the like
stop a case's clock, and the applicant is told in writing what is done and how long it is
expected to take (特别程序告知书). Resuming restarts the clock; the working days in
between are added to the time limit (services/cases/deadlines.py).
"""

from __future__ import annotations

from datetime import datetime

from counter_tui.domain.errors import N_
from counter_tui.domain.lifecycle import Action
from counter_tui.domain.numbering import DocumentKind
from counter_tui.services.auth import StaffSession
from counter_tui.services.cases.change import case_change, check_allowed, step
from counter_tui.services.cases.documents import IssuedDocument, issue_document
from counter_tui.services.cases.text import required_text, typed_text
from counter_tui.services.errors import ServiceError
from counter_tui.store.models import Suspension

# A special procedure longer than a year is not a suspension but a stalled case.
EXPECTED_DAYS_RANGE = range(1, 251)


def check_expected_days(days: int) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or days not in EXPECTED_DAYS_RANGE:
        raise ServiceError(
            "suspension.days",
            N_("The expected duration is a whole number of working days from {low} to {high}"),
            low=EXPECTED_DAYS_RANGE.start,
            high=EXPECTED_DAYS_RANGE.stop - 1,
        )
    return days


def suspend(
    session: StaffSession,
    case_number: str,
    reason: str,
    expected_days: int,
    *,
    at: datetime | None = None,
) -> IssuedDocument:
    """Stop the case's clock for a special procedure; returns the notice to the applicant."""
    reason = required_text(
        reason, "suspension.reason", N_("A suspension names the procedure it waits for")
    )
    expected_days = check_expected_days(expected_days)
    with case_change(session, case_number, at) as change:
        case, staff, when = change.case, change.staff, change.when
        check_allowed(case, Action.SUSPEND)
        Suspension.create(
            case=case,
            reason=reason,
            started_on=when.today,
            expected_days=expected_days,
            staff=staff,
        )
        expected_end = change.calendar.due(when.today, expected_days)
        document = issue_document(
            DocumentKind.SUSPENSION_NOTICE,
            change,
            {
                "reason": reason,
                "started_on": when.today,
                "expected_days": expected_days,
                "expected_end": expected_end.date,
                "provisional": expected_end.provisional,
            },
        )
        data = {"reason": reason, "expected_days": expected_days, "document": document.number}
        step(change, Action.SUSPEND, data)
        return document


def resume(
    session: StaffSession, case_number: str, note: str = "", *, at: datetime | None = None
) -> None:
    """The special procedure is over: the clock runs again from today."""
    with case_change(session, case_number, at) as change:
        check_allowed(change.case, Action.RESUME)
        suspension = (
            Suspension.select()
            .where((Suspension.case == change.case) & Suspension.ended_on.is_null())
            .order_by(Suspension.id.desc())
            .first()
        )
        if suspension is not None:
            suspension.ended_on = change.when.today
            suspension.save()
        step(change, Action.RESUME, {"note": typed_text(note)})
