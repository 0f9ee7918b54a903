"""One change of one case: who may act on it, the case row locked for the change, the
moment of the change, and what the change reads once (``CaseChange``).

Every function here runs inside the caller's write transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from peewee import Model, Select

from counter_tui.domain.calendar import WorkCalendar
from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.errors import N_
from counter_tui.domain.lifecycle import Action, CaseState, next_state
from counter_tui.domain.review_promise import ends_review
from counter_tui.services.auth import INTAKE_ROLES, StaffSession, active_staff, require_role
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.rating_requests import ask_after_move
from counter_tui.services.cases.referred import settle_referral
from counter_tui.services.clock import TIMEZONE_SETTING, to_local, zone_named
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.services.profile import CENTRE_NAME_SETTING
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import (
    Case,
    Department,
    Item,
    Staff,
    Window,
    database_proxy,
    shared_now,
)
from counter_tui.store.settings import settings

if TYPE_CHECKING:
    from counter_tui.services.cases.documents import BundlePapers

# The settings every case change reads, in one query: the time zone of its moment and the
# centre's name on its documents.
CHANGE_SETTINGS = (TIMEZONE_SETTING, CENTRE_NAME_SETTING)


@dataclass(frozen=True)
class Moment:
    """When a change happens: the stored UTC timestamp and the centre's local date."""

    at: datetime
    today: date


def moment(at: datetime | None = None, zone: ZoneInfo | None = None) -> Moment:
    """``at`` is a naive UTC timestamp, as stored (default: now, by the shared clock);
    ``zone`` the centre's time zone (default: read from its settings)."""
    at = at or shared_now()
    return Moment(at=at, today=to_local(at, zone).date())


@dataclass(frozen=True)
class CaseChange:
    """One change of one case inside its write transaction, and what it reads once: the
    case row, locked, with its department and item; the staff member acting; the moment;
    the centre's settings it needs. The acting staff member's window and the work
    calendar are read on first use, once. Lives as long as the transaction: the writers'
    lock keeps what it holds current."""

    session: StaffSession
    case: Case
    staff: Staff
    when: Moment
    settings: Mapping[str, str]
    # Within a bundle step: where the case's documents go (one per bundle, §21).
    papers: BundlePapers | None = None

    @cached_property
    def window(self) -> Window | None:
        """The window the acting staff member works at for the case's department."""
        return desk(self.staff, self.case.department, self.session)

    @cached_property
    def calendar(self) -> WorkCalendar:
        return load_calendar()

    @property
    def centre_name(self) -> str:
        return self.settings.get(CENTRE_NAME_SETTING, "")


@contextmanager
def case_change(
    session: StaffSession, case_number: str, at: datetime | None = None, chief: bool = False
) -> Iterator[CaseChange]:
    """One change of one case, as one write transaction: the case row locked, the staff
    member checked (a chief representative of its department when ``chief``), the moment
    fixed."""
    with write_transaction(database_proxy):
        read = settings(CHANGE_SETTINGS)
        when = moment(at, zone_named(read.get(TIMEZONE_SETTING)))
        case = get_case(case_number, lock=True)
        staff = (acting_chief if chief else acting_staff)(session, case.department)
        yield CaseChange(session=session, case=case, staff=staff, when=when, settings=read)


R = TypeVar("R")


class CaseService(Generic[R]):
    """A use case on one case. Called as ``service(session, case_number, ..., at=)`` it is
    one change in its own transaction; ``service.within(change, ...)`` runs it inside a
    change its caller holds, so that several steps share one transaction and what it
    read (``receive_and_decide``: take the papers and decide at once)."""

    def __init__(self, body: Callable[..., R], chief: bool) -> None:
        self.within = body
        self.chief = chief
        self.__name__ = body.__name__
        self.__doc__ = body.__doc__

    def __call__(
        self,
        session: StaffSession,
        case_number: str,
        *args: Any,
        at: datetime | None = None,
        **kwargs: Any,
    ) -> R:
        with case_change(session, case_number, at, chief=self.chief) as change:
            return self.within(change, *args, **kwargs)


def case_service(chief: bool = False) -> Callable[[Callable[..., R]], CaseService[R]]:
    """``@case_service()`` over ``def name(change, ...)``: the use case as a CaseService
    (``chief``: only the department's chief representative may act)."""

    def wrap(body: Callable[..., R]) -> CaseService[R]:
        return CaseService(body, chief)

    return wrap


def acting_staff(session: StaffSession, department: Department) -> Staff:
    """The staff member taking part in a case of ``department``: a clerk or chief of it."""
    require_role(session, *INTAKE_ROLES)
    staff = active_staff(session)
    if staff.department_id != department.id:
        raise PermissionDenied(
            "intake.department",
            N_("Only the staff of {department} can handle its applications"),
            department=department.name,
        )
    return staff


def acting_chief(session: StaffSession, department: Department) -> Staff:
    """An approver of ``department``: its chief representative (首席代表) or a deputy
    (副首席代表)."""
    staff = acting_staff(session, department)
    if staff.role not in APPROVER_ROLES:
        raise PermissionDenied(
            "intake.chief_only",
            N_("Only the chief representative or a deputy of {department} can do this"),
            department=department.name,
        )
    return staff


def check_another_approver(staff: Staff, department: Department) -> None:
    """What ``staff`` asks an approver for (一审一核, an extension) must reach someone who
    can act on it and is not ``staff``: nobody both asks and approves, and nothing waits
    for an approver who does not exist (docs/rules.md §10)."""
    others = Staff.select().where(
        (Staff.department == department.id)
        & Staff.active
        & Staff.role.in_(APPROVER_ROLES)
        & (Staff.id != staff.id)
    )
    if not others.exists():
        raise ServiceError(
            "approval.no_other_approver",
            N_(
                "Nobody else in {department} can approve this: the administrator must first "
                "name a chief representative or a deputy other than you"
            ),
            department=department.name,
        )


def desk(
    staff: Staff, department: Department, session: StaffSession | None = None
) -> Window | None:
    """The window a staff member works at for ``department``: the one signed in at, else
    one where they are the A or B clerk; a chief may have none."""
    if session is not None and session.window_id:
        window = Window.get_or_none(Window.id == session.window_id)
        if window is not None and window.department_id == department.id:
            return window
    return (
        Window.select()
        .where(
            (Window.department == department.id)
            & ((Window.clerk_a == staff.id) | (Window.clerk_b == staff.id))
        )
        .order_by(Window.number)
        .first()
    )


def normalise_case_number(number: str) -> str:
    return "".join(str(number).split()).upper()


def locked(query: Select, of: type[Model] | None = None) -> Select:
    """``query`` taking row locks where the engine has them (PostgreSQL): on the rows of
    ``of`` only when given (not on the rows it joins); elsewhere the write transaction
    already serialises the writers."""
    return query.for_update(of=of) if database_proxy.for_update else query


def get_case(number: str, lock: bool = False) -> Case:
    """The case with this number, with its department and the item version it was taken
    under (every change of a case asks for both), in one query; or ServiceError. ``lock``
    takes the row lock where the engine has one (the write transaction serialises writers
    where it has none)."""
    number = normalise_case_number(number)
    query = (
        Case.select(Case, Department, Item)
        .join(Department)
        .switch(Case)
        .join(Item)
        .where(Case.number == number)
    )
    case = (locked(query, of=Case) if lock else query).first()
    if case is None:
        raise ServiceError("case.not_found", N_("No case numbered {number}"), number=number)
    return case


def move(case: Case, action: Action, at: datetime) -> CaseState:
    """Move the case by ``action`` (TransitionError when the table forbids it), starting
    or stopping its review clock (domain/review_promise.py) where the action does."""
    before = CaseState(case.state)
    state = next_state(before, action)
    if action is Action.SUBMIT:
        case.received_at = at
    elif ends_review(before, action):
        case.reviewed_at = at
    case.state = state.value
    case.updated_at = at
    return state


def record_move(
    case: Case,
    action: Action,
    staff: Staff | None,
    at: datetime,
    data: Mapping[str, Any] | None = None,
) -> None:
    """After ``move``: save the case, append the action's event and close a referral to
    the 一号窗口 that the action decided (docs/rules.md §20)."""
    case.save()  # the changed columns only (BaseModel's only_save_dirty)
    append_event(action.value, case=case, staff=staff, data=data, at=at)
    settle_referral(case, staff, action.value, at)


def step(change: CaseChange, action: Action, data: Mapping[str, Any] | None = None) -> CaseState:
    """Move the change's case by ``action``, save it and append the action's event."""
    state = move(change.case, action, change.when.at)
    record_move(change.case, action, change.staff, change.when.at, data)
    ask_after_move(change, action)  # a service finished: the window's pad asks (rules.md §11)
    return state


def carried(case: Case, *columns: str) -> dict[str, Any]:
    """The case's ``columns`` as the change leaves them, for its event to carry: a case's
    row is replayed from its events (domain/case_replay.py, docs/architecture.md §2.6)."""
    return {column: getattr(case, column) for column in columns}


def check_taken_whole(change: CaseChange) -> None:
    """A case of a bundle case is taken at the comprehensive window with the others, in a
    bundle step (docs/rules.md §21): its intake is never changed alone."""
    if change.case.bundle_case_id is not None and change.papers is None:
        raise ServiceError(
            "bundle.taken_whole",
            N_(
                "Case {case} is one item of the bundle case {bundle}: it is taken at the "
                "comprehensive window, with the bundle"
            ),
            case=change.case.number,
            bundle=change.case.bundle_case.number,
        )


def check_allowed(case: Case, action: Action) -> None:
    """TransitionError now, before any other check, when ``action`` is impossible."""
    next_state(CaseState(case.state), action)
