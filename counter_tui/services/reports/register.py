"""The case register (办件登记): every application received in a period, one line per
case, for `counter-tui export` — what a centre hands to its supervising office or loads
into a spreadsheet. ID numbers are masked (docs/architecture.md §3.4); the due date is the
promised one, as the light's (``services.cases.deadlines``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from counter_tui.domain.deadlines import Light
from counter_tui.domain.identifiers import mask_id
from counter_tui.domain.lifecycle import OPEN_STATES, CaseState
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.deadlines import DeadlineClock, clock_changes, item_limits
from counter_tui.services.clock import local_today
from counter_tui.services.reports.figures import CENTRE, ReportScope, check_period, with_places
from counter_tui.store.models import Case, Department, Item, Staff, Window

CLOSED = frozenset({CaseState.COMPLETED, CaseState.DENIED})


@dataclass(frozen=True)
class RegisterLine:
    number: str
    department: str
    window: int | None
    item: str
    applicant: str
    applicant_id: str  # masked
    owner: str
    state: CaseState
    received_on: date | None
    accepted_on: date | None
    completed_on: date | None
    due: date | None  # the promised one (the light's); None while the clock has not started
    legal_due: date | None  # the legal one, with an approved extension
    provisional: bool
    # Open: the light today. Completed or denied: True when decided by the due date.
    light: Light | None
    on_time: bool | None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["state"] = self.state.value
        out["light"] = self.light.value if self.light else None
        for key in ("received_on", "accepted_on", "completed_on", "due", "legal_due"):
            out[key] = out[key].isoformat() if out[key] else None
        return out


def case_register(
    date_from: date, date_to: date, scope: ReportScope = CENTRE, today: date | None = None
) -> list[RegisterLine]:
    """The cases received from ``date_from`` to ``date_to`` (drafts are no applications),
    in the order they were received; a staff member's, those they received."""
    check_period(date_from, date_to)
    today = today or local_today()
    query = (
        with_places(Case.select(Case, Item, Department, Window, Staff))
        .where(Case.received_on.between(date_from, date_to) & (Case.state != CaseState.DRAFT.value))
        .order_by(Case.received_on, Case.number)
    )
    if (where := scope.where(Case.received_by)) is not None:  # as the figures count them
        query = query.where(where)
    cases = list(query)
    clock = DeadlineClock(load_calendar())
    clocks = clock_changes([case.id for case in cases if case.accepted_on is not None])
    lines = []
    for case in cases:
        state = CaseState(case.state)
        deadline = (
            None
            if case.accepted_on is None
            else clock.deadline(
                today, case.accepted_on, item_limits(case.item), *clocks.of(case.id)
            )
        )
        closed = state in CLOSED and deadline is not None and case.completed_on is not None
        lines.append(
            RegisterLine(
                number=case.number,
                department=case.department.name,
                window=case.window.number if case.window_id else None,
                item=case.item.name,
                applicant=case.applicant_name,
                applicant_id=mask_id(case.applicant_id_number),
                owner=case.owner.name,
                state=state,
                received_on=case.received_on,
                accepted_on=case.accepted_on,
                completed_on=case.completed_on,
                due=deadline.due.date if deadline else None,
                legal_due=deadline.legal.due.date if deadline else None,
                provisional=deadline.provisional if deadline else False,
                light=deadline.light if deadline and state in OPEN_STATES else None,
                on_time=case.completed_on <= deadline.due.date if closed else None,
            )
        )
    return lines
