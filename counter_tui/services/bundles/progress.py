"""A bundle case after its intake (docs/rules.md §21): every case in its department's
hands with its own clocks and decision; the bundle's light is the worst of them, it is
complete when every case is decided, and its results are handed over together at the
comprehensive window (统一出件).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from peewee import Field, Select

from counter_tui.domain.deadlines import CaseClocks, Light, worst_light
from counter_tui.domain.errors import N_, Items
from counter_tui.domain.lifecycle import OPEN_STATES, CaseState
from counter_tui.domain.ratings import RatingLevel, ServiceKind
from counter_tui.services.auth import StaffSession, check_session
from counter_tui.services.bundles.change import (
    ask_for_the_step,
    bundle_change,
    cases_of,
    get_bundle_case,
)
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.change import moment
from counter_tui.services.cases.deadlines import case_deadline
from counter_tui.services.cases.follow_ups import follow_up_open
from counter_tui.services.errors import ServiceError
from counter_tui.services.tracking.progress import Delivery, deliver
from counter_tui.store.events import append_event
from counter_tui.store.models import (
    BundleCase,
    BundleItem,
    RatingFollowUp,
    RatingRequest,
    Staff,
    Window,
)


@dataclass(frozen=True)
class BundleCaseLine:
    """One case of a bundle case: its item, department, stage, state and clocks."""

    number: str
    item_code: str
    item_name: str
    department: str
    stage: int
    state: CaseState
    clocks: CaseClocks | None  # None until accepted, and once decided
    delivered_on: date | None

    @property
    def open(self) -> bool:
        return self.state in OPEN_STATES


@dataclass(frozen=True)
class BundleCaseView:
    """A bundle case as its detail shows it."""

    number: str
    bundle_code: str
    bundle_name: str
    applicant: str
    received_on: date | None
    window: int | None
    owner: str
    cases: tuple[BundleCaseLine, ...]
    delivered_on: date | None
    key_project: str | None = None  # the name of the key project it serves (rules.md §23)
    # The level of a 差评 of one of its steps still followed up (the oldest): open work of
    # its holder, to hand over (docs/rules.md §13, §21.1).
    follow_up: RatingLevel | None = None

    @property
    def light(self) -> Light | None:
        """The worst light of its open cases' clocks."""
        return worst_light(line.clocks.light for line in self.cases if line.clocks)

    @property
    def complete(self) -> bool:
        """Every case is decided (or refused, or withdrawn)."""
        return not any(line.open for line in self.cases)


def _open_poor_ratings(*columns: Field) -> Select:
    """``columns`` of the requests rated 差评 whose follow-up is open (rules.md §11)."""
    return (
        RatingRequest.select(*columns)
        .join(RatingFollowUp, on=(RatingFollowUp.request == RatingRequest.id))
        .where(follow_up_open())
    )


def _view(bundle_case: BundleCase, today: date) -> BundleCaseView:
    calendar = load_calendar()
    stages = dict(
        BundleItem.select(BundleItem.item_code, BundleItem.stage)
        .where(BundleItem.bundle == bundle_case.bundle_id)
        .tuples()
    )
    lines = []
    cases = cases_of(bundle_case)
    for case in cases:
        state = CaseState(case.state)
        open_clock = state in OPEN_STATES and state is not CaseState.SUSPENDED
        lines.append(
            BundleCaseLine(
                number=case.number,
                item_code=case.item.code,
                item_name=case.item.name,
                department=case.department.name,
                stage=stages.get(case.item.code, 1),
                state=state,
                clocks=case_deadline(calendar, case, today) if open_clock else None,
                delivered_on=case.delivered_on,
            )
        )
    first = cases[0] if cases else None
    window = Window.get_or_none(Window.id == bundle_case.window_id)
    poor = (
        _open_poor_ratings(RatingRequest.level)
        .where(RatingRequest.bundle_case == bundle_case.id)
        .order_by(RatingRequest.id)
        .first()
    )
    return BundleCaseView(
        number=bundle_case.number,
        bundle_code=bundle_case.bundle.code,
        bundle_name=bundle_case.bundle.name,
        applicant=first.applicant_name if first else "",
        received_on=first.received_on if first else None,
        window=window.number if window else None,
        owner=Staff.get_by_id(bundle_case.owner_id).name,
        cases=tuple(lines),
        delivered_on=bundle_case.delivered_on,
        key_project=bundle_case.key_project.name if bundle_case.key_project_id else None,
        follow_up=RatingLevel(poor.level) if poor is not None else None,
    )


def bundle_case_view(
    session: StaffSession, number: str, today: date | None = None
) -> BundleCaseView:
    """A bundle case and each of its cases' state and clocks, for anyone signed in: the
    departments follow the cases of theirs in it."""
    check_session(session)
    return _view(get_bundle_case(number), today or moment().today)


def followed_bundle_cases(
    owner: Staff | int, today: date, *, follow_ups: bool = False
) -> list[BundleCaseView]:
    """The bundle cases ``owner`` follows (took, or was handed over) whose results are
    not handed over yet, the oldest first; with ``follow_ups`` also those handed over
    whose step's 差评 is still followed up (the open work of a handover, docs/rules.md
    §13). One given up in draft (every case withdrawn) has nothing left to hand over."""
    still = BundleCase.delivered_on.is_null()
    if follow_ups:
        still |= BundleCase.id.in_(_open_poor_ratings(RatingRequest.bundle_case))
    taken = BundleCase.select().where((BundleCase.owner == owner) & still).order_by(BundleCase.id)
    views = (_view(bundle_case, today) for bundle_case in taken)
    return [
        view
        for view in views
        if view.follow_up is not None
        or not all(line.state is CaseState.WITHDRAWN for line in view.cases)
    ]


def open_bundle_cases(session: StaffSession, today: date | None = None) -> list[BundleCaseView]:
    """The signed-in clerk's followed bundle cases: what the comprehensive window follows."""
    check_session(session)
    return followed_bundle_cases(session.staff_id, today or moment().today)


def deliver_bundle(
    session: StaffSession, number: str, *, at: datetime | None = None
) -> BundleCaseView:
    """统一出件: every case of the bundle decided, the results are handed over together
    at the comprehensive window today; each decision not yet delivered is recorded as
    delivered today."""
    with bundle_change(session, number, at) as change:
        bundle_case = change.bundle_case
        if bundle_case.delivered_on is not None:
            raise ServiceError(
                "bundle.delivered",
                N_("The results of this bundle case were handed over on {day}"),
                day=bundle_case.delivered_on.isoformat(),
            )
        if still := [c.case.number for c in change.cases if c.case.state in OPEN_STATES]:
            raise ServiceError(
                "bundle.not_complete",
                N_("Not every case of the bundle is decided: {cases}"),
                cases=Items(still),
            )
        decided = (CaseState.COMPLETED.value, CaseState.DENIED.value)
        for case_change in change.cases:
            case = case_change.case
            if case.state in decided and case.delivered_on is None:
                deliver(case_change, Delivery.WITH_BUNDLE)
        bundle_case.delivered_on = change.when.today
        bundle_case.delivered_by = change.staff
        bundle_case.save()
        append_event(
            "bundle_delivered",
            staff=change.staff,
            data={"bundle_case": bundle_case.id, "delivered_on": change.when.today},
            at=change.when.at,
        )
        ask_for_the_step(change, ServiceKind.DELIVERED)  # the bundle's final rating (一事一评)
        return _view(bundle_case, change.when.today)
