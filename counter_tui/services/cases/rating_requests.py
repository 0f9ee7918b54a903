"""Asking the applicant to rate a service on the window's pad (一次一评, docs/rules.md §11).

When a clerk finishes a service at their window — a question answered, a one-time notice
issued, a case accepted, decided or its result handed over — the use case calls
``ask_for_rating`` inside its own transaction: the request is written with the change or
not at all. Only a window with an active pad asks (a request nobody can see would count as
not rated). A request still pending after the centre's minutes has timed out: it is
marked so lazily, by the next request of any window or the pad's answer, like the tickets'
day end (docs/rules.md §24); every read treats it as timed out already.

A request names the service's case, its consultation, or — for a step of a bundle case
at the comprehensive window, one service however many items it holds — its bundle case
(docs/rules.md §21.1). ``with_services`` joins the three, and the expressions below say
whose the service is: the follow-ups and the figures read a request through them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from peewee import JOIN, ColumnBase, Expression, Select, fn

from counter_tui.domain.lifecycle import Action
from counter_tui.domain.ratings import (
    DEFAULT_FOLLOW_UP_DAYS,
    DEFAULT_TIMEOUT_MINUTES,
    RequestState,
    ServiceKind,
)
from counter_tui.services.auth import StaffSession, check_session
from counter_tui.store.models import (
    BundleCase,
    Case,
    Consultation,
    Device,
    RatingRequest,
    Staff,
    shared_now,
)
from counter_tui.store.settings import setting

if TYPE_CHECKING:
    from counter_tui.services.cases.change import CaseChange

TIMEOUT_SETTING = "rating_timeout_minutes"
FOLLOW_UP_DAYS_SETTING = "rating_follow_up_days"

# The moves of a case that finish a service the applicant is there for (docs/rules.md §11).
# COMPLETE hands the result over only when it says so (``delivered_on``).
_KIND_OF_ACTION = {
    Action.ISSUE_NOTICE: ServiceKind.NOTICE,
    Action.ACCEPT: ServiceKind.ACCEPTED,
    Action.SUPPLEMENT: ServiceKind.ACCEPTED,
    Action.APPROVE: ServiceKind.DECIDED,
    Action.DENY: ServiceKind.DECIDED,
    Action.COMPLETE: ServiceKind.DECIDED,
    Action.COMPLETE_ON_SPOT: ServiceKind.DELIVERED,
}


# The clerk who holds a bundle case now (after a handover: docs/rules.md §13); their
# department is the office whose comprehensive window took it.
BUNDLE_HOLDER = Staff.alias("bundle_holder")


def with_services(query: Select) -> Select:
    """``query``, which reads RatingRequest, with each request's case, consultation and
    bundle case (and the bundle case's holder) joined, those it has not left empty."""
    return (
        query.switch(RatingRequest)
        .join(Case, JOIN.LEFT_OUTER, on=(RatingRequest.case == Case.id))
        .switch(RatingRequest)
        .join(Consultation, JOIN.LEFT_OUTER, on=(RatingRequest.consultation == Consultation.id))
        .switch(RatingRequest)
        .join(BundleCase, JOIN.LEFT_OUTER, on=(RatingRequest.bundle_case == BundleCase.id))
        .join(BUNDLE_HOLDER, JOIN.LEFT_OUTER, on=(BundleCase.owner == BUNDLE_HOLDER.id))
    )


def department_of_request() -> ColumnBase:
    """A request's department (``with_services``): its case's, its consultation's, or the
    office of the bundle case's holder."""
    return fn.COALESCE(Case.department, Consultation.department, BUNDLE_HOLDER.department)


def holder_of_request() -> ColumnBase:
    """Who answers for a request's service now (``with_services``): whoever holds its
    case or bundle case (after a handover too), else the clerk rated (a consultation's:
    the clerk who answered it at once)."""
    return fn.COALESCE(Case.owner, BundleCase.owner, RatingRequest.staff)


def held_by(staff_id: int) -> Expression:
    """The requests whose service ``staff_id`` answers for now, as ``holder_of_request() ==
    staff_id`` says, without reading each request's case: its case is one the staff member
    holds, else its bundle case is, else (a consultation) they are the clerk rated. A case
    and a bundle case always have a holder, so the two agree. The holder's cases are read
    once, through the owner index; the comparison read the case of every request of the
    period, half the time of a clerk's F6 (issue 17)."""
    cases = Case.select(Case.id).where(Case.owner == staff_id)
    bundle_cases = BundleCase.select(BundleCase.id).where(BundleCase.owner == staff_id)
    no_case, no_bundle_case = RatingRequest.case.is_null(), RatingRequest.bundle_case.is_null()
    return RatingRequest.case.in_(cases) | (
        no_case
        & (
            RatingRequest.bundle_case.in_(bundle_cases)
            | (no_bundle_case & (RatingRequest.staff == staff_id))
        )
    )


def window_of_request() -> ColumnBase:
    """A request's window as the figures group it (``with_services``): its case's, its
    consultation's (none on the phone) or its bundle case's."""
    return fn.COALESCE(Case.window, Consultation.window, BundleCase.window)


def _positive(key: str, default: int) -> int:
    stored = setting(key) or ""
    return int(stored) if stored.isdigit() and int(stored) > 0 else default


def timeout_minutes() -> int:
    """How long the pad waits for the applicant's rating (a setting; 3 minutes by default)."""
    return _positive(TIMEOUT_SETTING, DEFAULT_TIMEOUT_MINUTES)


def follow_up_days() -> int:
    """A 差评's follow-up is due in this many working days (a setting; 5 by default)."""
    return _positive(FOLLOW_UP_DAYS_SETTING, DEFAULT_FOLLOW_UP_DAYS)


def still_pending(now: datetime, minutes: int | None = None) -> Expression:
    """The condition on RatingRequest of one the pad may still show at ``now``."""
    cutoff = now - timedelta(minutes=timeout_minutes() if minutes is None else minutes)
    return (
        (RatingRequest.state == RequestState.PENDING.value)
        & (RatingRequest.requested_at > cutoff)
        & (RatingRequest.requested_at <= now)
    )


def expire_requests(now: datetime) -> int:
    """Mark the requests past their minutes as timed out (inside the caller's write)."""
    cutoff = now - timedelta(minutes=timeout_minutes())
    return (
        RatingRequest.update(state=RequestState.TIMED_OUT.value)
        .where(
            (RatingRequest.state == RequestState.PENDING.value)
            & (RatingRequest.requested_at <= cutoff)
        )
        .execute()
    )


def window_has_pad(window_id: int | None) -> bool:
    if window_id is None:
        return False
    found = Device.select(Device.id).where(
        (Device.window == window_id) & (Device.kind == "pad") & (Device.active == True)  # noqa: E712
    )
    return found.exists()


@dataclass(frozen=True)
class Asked:
    request_id: int
    kind: ServiceKind


def ask_for_rating(
    window_id: int | None,
    staff: Staff,
    kind: ServiceKind,
    at: datetime,
    *,
    case: Case | None = None,
    consultation: Consultation | None = None,
    bundle_case: BundleCase | None = None,
) -> Asked | None:
    """The service ``kind`` finished by ``staff`` at ``window_id`` for one of ``case``,
    ``consultation``, ``bundle_case``: its pad asks the applicant to rate it. Inside the
    caller's write transaction; None when the window has no active pad (nobody to ask)."""
    if not window_has_pad(window_id):
        return None
    expire_requests(at)
    row = RatingRequest.create(
        window=window_id,
        staff=staff,
        case=case,
        consultation=consultation,
        bundle_case=bundle_case,
        kind=kind.value,
        requested_at=at,
        state=RequestState.PENDING.value,
    )
    # No event of its own: the move that finished the service has one, and the rating
    # will (``service_rated``, with the request and its kind).
    return Asked(row.id, kind)


def ask_after_move(change: CaseChange, action: Action) -> Asked | None:
    """After a move of the change's case: ask when the move finished a service. A case of
    a bundle never is on its own — its department's decision reaches the applicant with
    the others at the comprehensive window (统一出件) — the bundle's steps are asked about
    once for all its cases (``services/bundles/change.py::ask_for_the_step``,
    docs/rules.md §21.1)."""
    kind = _KIND_OF_ACTION.get(action)
    if kind is None or change.papers is not None or change.case.bundle_case_id is not None:
        return None
    if action is Action.COMPLETE and change.case.delivered_on is not None:
        kind = ServiceKind.DELIVERED
    return ask_for_rating(
        change.session.window_id, change.staff, kind, change.when.at, case=change.case
    )


def waiting_at_window(window_id: int | None, now: datetime) -> bool:
    """Whether the window's pad is waiting for a rating now (the clerk's screen says so,
    never what is chosen)."""
    if window_id is None:
        return False
    where = (RatingRequest.window == window_id) & still_pending(now)
    return RatingRequest.select(RatingRequest.id).where(where).exists()


def pad_waiting(session: StaffSession, now: datetime | None = None) -> bool:
    """Whether the pad of the signed-in clerk's window waits for a rating: the clerk's
    home says so, never what is chosen (docs/rules.md §11)."""
    check_session(session)
    return waiting_at_window(session.window_id, now or shared_now())


@dataclass(frozen=True)
class PendingRequest:
    id: int
    requested_at: datetime
    pad: str  # the code of the window's pad


def pending_request_of_case(case_number: str) -> PendingRequest | None:
    """The case's newest request still pending, with the pad it waits on (the demo)."""
    row = (
        RatingRequest.select(RatingRequest, Device.code)
        .join(Case, on=(RatingRequest.case == Case.id))
        .switch(RatingRequest)
        .join(Device, on=(Device.window == RatingRequest.window))
        .where(
            (Case.number == case_number)
            & (RatingRequest.state == RequestState.PENDING.value)
            & (Device.kind == "pad")
            & (Device.active == True)  # noqa: E712
        )
        .order_by(RatingRequest.id.desc())
        .objects()
        .first()
    )
    return None if row is None else PendingRequest(row.id, row.requested_at, row.code)
