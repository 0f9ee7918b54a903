"""One step of a bundle case (一件事, docs/rules.md §21): the comprehensive window's clerk
acts on every case of the bundle in one write transaction, each case through the same
services as a case taken alone, their documents gathered into one (``BundlePapers``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from counter_tui.domain.errors import N_
from counter_tui.domain.ratings import ServiceKind
from counter_tui.services.auth import (
    INTAKE_ROLES,
    StaffSession,
    active_staff,
    check_session,
    require_role,
)
from counter_tui.services.cases.change import (
    CHANGE_SETTINGS,
    CaseChange,
    Moment,
    get_case,
    locked,
    moment,
    normalise_case_number,
)
from counter_tui.services.cases.documents import BundlePapers
from counter_tui.services.cases.rating_requests import Asked, ask_for_rating
from counter_tui.services.clock import TIMEZONE_SETTING, zone_named
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.store.database import write_transaction
from counter_tui.store.models import (
    Bundle,
    BundleCase,
    Case,
    Department,
    Staff,
    Window,
    database_proxy,
)
from counter_tui.store.settings import settings


@dataclass(frozen=True)
class BundleChange:
    """One step of a bundle case inside its write transaction: the bundle case and its
    cases' changes (rows locked, in the bundle's order), who acts at which comprehensive
    window, the moment, and the papers its documents go to."""

    bundle_case: BundleCase
    staff: Staff
    window: Window
    when: Moment
    papers: BundlePapers
    cases: tuple[CaseChange, ...]


def comprehensive_desk(session: StaffSession) -> tuple[Staff, Window]:
    """The clerk and the 综合窗口 they are signed in at: only there are bundles taken."""
    require_role(session, *INTAKE_ROLES)
    staff = active_staff(session)
    window = (
        Window.select(Window, Department)
        .join(Department)
        .where(Window.id == session.window_id)
        .first()
        if session.window_id is not None
        else None
    )
    if window is None or not window.comprehensive:
        raise PermissionDenied(
            "bundle.not_comprehensive",
            N_("Bundles of items are taken at a comprehensive window (综合窗口)"),
        )
    return staff, window


def at_comprehensive_window(session: StaffSession) -> bool:
    """Whether this clerk is signed in at a 综合窗口, where F2 takes bundles."""
    check_session(session)
    try:
        comprehensive_desk(session)
    except PermissionDenied:
        return False
    return True


def get_bundle_case(number: str, lock: bool = False) -> BundleCase:
    """The bundle case with this number, with its bundle; or ServiceError."""
    number = normalise_case_number(number)
    query = BundleCase.select(BundleCase, Bundle).join(Bundle).where(BundleCase.number == number)
    found = (locked(query, of=BundleCase) if lock else query).first()
    if found is None:
        raise ServiceError(
            "bundle.not_found", N_("No bundle case numbered {number}"), number=number
        )
    return found


def cases_of(bundle_case: BundleCase) -> list[Case]:
    """The bundle case's cases, in the order its items were taken."""
    return list(Case.select().where(Case.bundle_case == bundle_case.id).order_by(Case.id))


@contextmanager
def bundle_change(
    session: StaffSession, number: str, at: datetime | None = None
) -> Iterator[BundleChange]:
    """One step of a bundle case, as one write transaction, by a clerk at a
    comprehensive window: every case of it locked and changed by the same clerk."""
    with write_transaction(database_proxy):
        staff, window = comprehensive_desk(session)
        read = settings(CHANGE_SETTINGS)
        when = moment(at, zone_named(read.get(TIMEZONE_SETTING)))
        bundle_case = get_bundle_case(number, lock=True)
        papers = BundlePapers(bundle_case, window, staff, when)
        changes = tuple(
            CaseChange(
                session=session,
                case=get_case(case.number, lock=True),
                staff=staff,
                when=when,
                settings=read,
                papers=papers,
            )
            for case in cases_of(bundle_case)
        )
        yield BundleChange(bundle_case, staff, window, when, papers, changes)


def ask_for_the_step(change: BundleChange, kind: ServiceKind) -> Asked | None:
    """The step finished one service for the applicant — the bundle taken (its acceptance
    or combined notice) or its results handed over together: the comprehensive window's
    pad asks once, about the bundle case, not once per case (docs/rules.md §21.1)."""
    return ask_for_rating(
        change.window.id, change.staff, kind, change.when.at, bundle_case=change.bundle_case
    )
