"""Suspension (挂起, Art. 45): a hearing, tender, auction, inspection, testing, quarantine,
appraisal or expert review, or a special procedure (特殊环节) the item's guide names, stops
both of a case's clocks, and the applicant is told in writing what is done and how long it
is expected to take (特别程序告知书). A free-text reason alone is not a ground
(domain/suspension.py). Resuming restarts the clocks; the days in between are added to
both limits (services/cases/deadlines.py).
"""

from __future__ import annotations

from datetime import datetime

from counter_tui.domain.errors import N_
from counter_tui.domain.legal import SuspensionGround
from counter_tui.domain.lifecycle import Action
from counter_tui.domain.numbering import DocumentKind
from counter_tui.domain.suspension import special_steps, suspension_ground
from counter_tui.services.auth import StaffSession
from counter_tui.services.cases.change import case_change, check_allowed, step
from counter_tui.services.cases.deadlines import case_deadline
from counter_tui.services.cases.documents import IssuedDocument, issue_document
from counter_tui.services.cases.text import typed_text
from counter_tui.services.errors import ServiceError
from counter_tui.store.models import Suspension

# A special procedure longer than a year is not a suspension but a stalled case.
EXPECTED_DAYS_RANGE = range(1, 251)


def check_expected_days(days: object) -> int:
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
    ground: SuspensionGround | str,
    expected_days: int | None = None,
    details: str = "",
    special_step: str = "",
    *,
    at: datetime | None = None,
) -> IssuedDocument:
    """Stop the case's clocks for one of Art. 45's procedures (``ground``) or, with
    ``ground`` = special_step, the item's special procedure named ``special_step``, for
    ``expected_days`` working days (by default the days the guide names for it), with the
    clerk's ``details``; returns the notice to the applicant."""
    details = typed_text(details)
    with case_change(session, case_number, at) as change:
        case, staff, when = change.case, change.staff, change.when
        check_allowed(case, Action.SUSPEND)
        chosen, named = suspension_ground(
            ground, typed_text(special_step), special_steps(case.item.special_steps)
        )
        if expected_days is None and named is not None:
            expected_days = named.days
        expected_days = check_expected_days(expected_days)
        # The row says what was waited for: the special procedure's name, or the details
        # of Art. 45's procedure (a special procedure's details are in its notice).
        Suspension.create(
            case=case,
            reason=named.name if named is not None else details,
            ground=chosen.value,
            started_on=when.today,
            expected_days=expected_days,
            staff=staff,
        )
        expected_end = change.calendar.due(when.today, expected_days)
        facts = {
            "ground": chosen.value,
            "step": named.name if named is not None else "",
            "reason": details,
        }
        document = issue_document(
            DocumentKind.SUSPENSION_NOTICE,
            change,
            {
                **facts,
                "started_on": when.today,
                "expected_days": expected_days,
                "expected_end": expected_end.date,
                "provisional": expected_end.provisional,
            },
        )
        data = {
            **facts,
            "expected_days": expected_days,
            "document": document.number,
            "started_on": when.today,  # replayed: docs/architecture.md §2.6
        }
        step(change, Action.SUSPEND, data)
        return document


def resume(
    session: StaffSession, case_number: str, note: str = "", *, at: datetime | None = None
) -> IssuedDocument:
    """The special procedure is over: the clocks run again from today, and the applicant
    is told so in writing, with the legal limit as it now stands (恢复办理通知书)."""
    note = typed_text(note)
    with case_change(session, case_number, at) as change:
        case, when = change.case, change.when
        check_allowed(case, Action.RESUME)
        suspension = (
            Suspension.select()
            .where((Suspension.case == case) & Suspension.ended_on.is_null())
            .order_by(Suspension.id.desc())
            .first()
        )
        if suspension is None:  # a suspended case always has its open suspension
            raise ServiceError("suspension.none", N_("This case has no running suspension"))
        suspension.ended_on = when.today
        suspension.save()
        clocks = case_deadline(change.calendar, case, when.today)
        assert clocks is not None  # a suspended case was accepted
        special = suspension.ground == SuspensionGround.SPECIAL_STEP
        document = issue_document(
            DocumentKind.RESUMPTION_NOTICE,
            change,
            {
                "ground": suspension.ground,
                "step": suspension.reason if special else "",
                "reason": "" if special else suspension.reason,
                "started_on": suspension.started_on,
                "ended_on": when.today,
                "legal_due": clocks.legal.due.date,
                "promised_due": clocks.promised.due.date if clocks.promised else None,
                "provisional": clocks.provisional,
            },
        )
        data = {"note": note, "document": document.number, "ended_on": when.today}
        step(change, Action.RESUME, data)
        return document
