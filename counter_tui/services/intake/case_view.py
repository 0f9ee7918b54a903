"""One case as the intake screens show it (reopening a draft, the supplement visit):
plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counter_tui.domain.applicant import (
    Applicant,
    FieldProblem,
    check_applicant,
)
from counter_tui.domain.checklist import (
    ChecklistLine,
    Phase,
    notice_period_end,
    phase_of,
)
from counter_tui.domain.lifecycle import CaseState
from counter_tui.domain.review_promise import ReviewClock
from counter_tui.services.auth import StaffSession
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.access import Act, record_access, shows_personal_id
from counter_tui.services.cases.change import acting_staff, get_case, moment
from counter_tui.services.cases.checklist import checklist_lines
from counter_tui.services.cases.documents import IssuedDocument, issued_documents, notice_document
from counter_tui.services.cases.review import case_review
from counter_tui.services.intake.draft import applicant_of
from counter_tui.services.intake.refusals import PendingRefusal, pending_refusal
from counter_tui.store.models import Case, Window


@dataclass(frozen=True)
class CaseView:
    """A case as the intake screens show it."""

    number: str
    state: CaseState
    item_id: int
    item_code: str
    item_version: int
    item_name: str
    item_kind: str  # promised | immediate
    window_decides: bool
    legal_limit_days: int
    promised_limit_days: int
    department: str
    window_number: int | None
    owner: str
    applicant: Applicant  # whole ID numbers: the intake view edits them
    problems: tuple[FieldProblem, ...]  # what submit would refuse
    checklist: tuple[ChecklistLine, ...]
    phase: Phase
    received_on: date | None
    accepted_on: date | None
    completed_on: date | None
    notice_due: date | None  # received, undecided: the last day for a notice or decision
    notice_issued: bool
    pending_refusal: PendingRefusal | None
    documents: tuple[IssuedDocument, ...]
    review: ReviewClock | None  # the materials review against the item's hours (rules.md §19)


def load_case(
    session: StaffSession,
    case_number: str,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> CaseView:
    """Everything the intake screens show of one case (reopening a draft, a supplement);
    ``now`` (stored UTC, else the clock) reads the review's hours."""
    case = get_case(case_number)
    acting_staff(session, case.department)
    return case_view(case, today, now)


def case_view(case: Case, today: date | None = None, now: datetime | None = None) -> CaseView:
    """``load_case`` once the reader may see the case (a bundle's are read at its
    comprehensive window, services/bundles/reading.py)."""
    item = case.item
    applicant = applicant_of(case)
    when_today = today or moment().today
    _normalised, problems = check_applicant(applicant, when_today)
    lines = checklist_lines(case)
    state = CaseState(case.state)
    notice = notice_document(case) is not None
    notice_due = None
    if state is CaseState.RECEIVED and case.received_on is not None:
        notice_due = notice_period_end(load_calendar(), case.received_on)
    window = Window.get_or_none(Window.id == case.window_id) if case.window_id else None
    return CaseView(
        number=case.number,
        state=state,
        item_id=item.id,
        item_code=item.code,
        item_version=item.version,
        item_name=item.name,
        item_kind=item.kind,
        window_decides=item.window_decides,
        legal_limit_days=item.legal_limit_days,
        promised_limit_days=item.promised_limit_days,
        department=case.department.name,
        window_number=window.number if window else None,
        owner=case.owner.name,
        applicant=applicant,
        problems=tuple(problems),
        checklist=tuple(lines),
        phase=phase_of(state, notice),
        received_on=case.received_on,
        accepted_on=case.accepted_on,
        completed_on=case.completed_on,
        notice_due=notice_due,
        notice_issued=notice,
        pending_refusal=pending_refusal(case),
        documents=tuple(issued_documents(case)),
        review=case_review(case, now) if state is CaseState.RECEIVED else None,
    )


def load_applicant_form(
    session: StaffSession,
    case_number: str,
    *,
    today: date | None = None,
    at: datetime | None = None,
) -> CaseView:
    """The case for the applicant form, which shows its ID numbers whole: when it holds a
    person's, that is an access event (docs/architecture.md §3.7)."""
    view = load_case(session, case_number, today=today, now=at)
    if shows_personal_id(view.applicant):
        record_access(session, Act.ID_SHOWN, "applicant", cases=[view.number], at=at)
    return view
