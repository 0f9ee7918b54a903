"""What the comprehensive window reads of a bundle case it took (docs/rules.md §21): its
cases belong to other departments, whose clerks alone read them one by one; the bundle's
applicant, its documents and the ratings of its steps (§21.1) are the comprehensive
window's own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counter_tui.domain.errors import N_
from counter_tui.domain.ratings import RatingLevel, RequestState, ServiceKind
from counter_tui.services.auth import StaffSession, check_session
from counter_tui.services.bundles.change import cases_of, comprehensive_desk, get_bundle_case
from counter_tui.services.cases.access import Act, record_access, shows_personal_id
from counter_tui.services.cases.documents import IssuedDocument, issued_documents
from counter_tui.services.cases.follow_ups import FollowUp, follow_ups_of_bundle_case
from counter_tui.services.cases.rating_requests import still_pending
from counter_tui.services.clock import to_local
from counter_tui.services.errors import ServiceError
from counter_tui.services.intake.case_view import CaseView, case_view
from counter_tui.store.models import Case, RatingRequest, Staff, shared_now


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


@dataclass(frozen=True)
class RatedStep:
    """A step of the bundle case the applicant rated on the pad (一次一评)."""

    request_id: int
    kind: ServiceKind  # accepted, notice, delivered (the bundle's final rating)
    level: RatingLevel
    rated_at: datetime  # local
    follow_up: FollowUp | None  # a 差评's: its reason, where it stands, its day


@dataclass(frozen=True)
class BundleRatings:
    """What the bundle case's detail says of its ratings: the steps rated, the oldest
    first, and whether the pad waits for the rating of one of them now (never the
    choice)."""

    steps: tuple[RatedStep, ...]
    pad_waiting: bool


def bundle_ratings(
    session: StaffSession, number: str, now: datetime | None = None
) -> BundleRatings | None:
    """The ratings of the bundle case's steps at ``now`` (naive UTC, default the shared
    clock). They are the comprehensive window's (docs/rules.md §21.1): the staff of the
    office of whoever holds the bundle case, and an administrator, read them; for anyone
    else (a department holding one of its cases) None."""
    check_session(session)
    bundle_case = get_bundle_case(number)
    office = Staff.get_by_id(bundle_case.owner_id).department_id
    if session.role != "admin" and session.department_id != office:
        return None
    follow_ups = {line.request_id: line for line in follow_ups_of_bundle_case(bundle_case.id)}
    requests = RatingRequest.select().where(RatingRequest.bundle_case == bundle_case.id)
    rated = requests.where(RatingRequest.state == RequestState.RATED.value)
    steps = tuple(
        RatedStep(
            request_id=request.id,
            kind=ServiceKind(request.kind),
            level=RatingLevel(request.level),
            rated_at=to_local(request.rated_at),
            follow_up=follow_ups.get(request.id),
        )
        for request in rated.order_by(RatingRequest.rated_at, RatingRequest.id)
    )
    waiting = requests.where(still_pending(now or shared_now())).exists()
    return BundleRatings(steps, waiting)
