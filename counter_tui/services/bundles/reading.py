"""What the comprehensive window reads of a bundle case it took (docs/rules.md §21): its
cases belong to other departments, whose clerks alone read them one by one; the bundle's
applicant and its documents are the comprehensive window's own."""

from __future__ import annotations

from datetime import date, datetime

from counter_tui.domain.errors import N_
from counter_tui.services.auth import StaffSession
from counter_tui.services.bundles.change import cases_of, comprehensive_desk, get_bundle_case
from counter_tui.services.cases.access import Act, record_access, shows_personal_id
from counter_tui.services.cases.documents import IssuedDocument, issued_documents
from counter_tui.services.errors import ServiceError
from counter_tui.services.intake.case_view import CaseView, case_view
from counter_tui.store.models import Case


def _first_case(session: StaffSession, number: str) -> tuple[Case, list[Case]]:
    comprehensive_desk(session)
    cases = cases_of(get_bundle_case(number))
    if not cases:
        raise ServiceError(
            "bundle.not_found", N_("No bundle case numbered {number}"), number=number
        )
    return cases[0], cases


def bundle_applicant_form(
    session: StaffSession, number: str, *, today: date | None = None, at: datetime | None = None
) -> CaseView:
    """The bundle's first case as the applicant form shows it (the applicant is the same
    on every case): showing a person's ID number whole is an access event for each."""
    first, cases = _first_case(session, number)
    view = case_view(first, today, at)
    if shows_personal_id(view.applicant):
        numbers = [case.number for case in cases]
        record_access(session, Act.ID_SHOWN, "applicant", cases=numbers, at=at)
    return view


def bundle_documents(session: StaffSession, number: str) -> list[IssuedDocument]:
    """The bundle's documents (one receipt, one notice, one acceptance notice), in the
    order they were issued."""
    first, _cases = _first_case(session, number)
    return issued_documents(first)
