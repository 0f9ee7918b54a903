"""The queue (F5): open cases with their time limits, most urgent first.

One definition of "open cases, most urgent first" for the queue screen and the home
screen: the cases of an open key project first (the green channel, docs/rules.md §23),
then, among those and among the others, red, yellow, green, then cases whose clock has
not started; within each, the earliest due date (then the earliest received). Drafts are
not work in the queue: they are in the clerk's drafts list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from peewee import JOIN

from counter_tui.domain.calendar import WorkCalendar
from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.deadlines import Light
from counter_tui.domain.errors import N_
from counter_tui.domain.identifiers import mask_id
from counter_tui.domain.lifecycle import OPEN_STATES, CaseState
from counter_tui.domain.review_promise import ReviewClock
from counter_tui.services.auth import INTAKE_ROLES, StaffSession, check_session, require_role
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.deadlines import (
    LIMIT_COLUMNS,
    CaseClocks,
    DeadlineClock,
    clock_changes,
    clock_moved,
    limits_of,
)
from counter_tui.services.cases.finding import case_matches
from counter_tui.services.cases.referred import OPEN_REFERRAL
from counter_tui.services.cases.review import ReviewClocks
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.store.models import (
    Case,
    Item,
    KeyProject,
    Referral,
    Staff,
    database_proxy,
    shared_now,
)

MINE, WINDOW, DEPARTMENT = "mine", "window", "department"
FIRST_WINDOW = "first_window"  # the cases referred to the department's 一号窗口
SCOPES = (MINE, WINDOW, DEPARTMENT, FIRST_WINDOW)
SCOPE_LABELS = {
    MINE: N_("My cases"),
    WINDOW: N_("This window"),
    DEPARTMENT: N_("This department"),
    FIRST_WINDOW: N_("The 一号窗口's referrals"),
}
# The light filter for cases whose clock has not started (received, awaiting supplement).
NO_CLOCK = "none"
QUEUE_STATES: frozenset[CaseState] = OPEN_STATES - {CaseState.DRAFT}
# A scope lists this many cases at most: the most urgent ones.
DEFAULT_LIMIT = 500
_URGENCY = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2}
# What a line and its deadline need, read by position (queue()).
_COLUMNS = (
    Case.id,
    Case.number,
    Case.state,
    Case.applicant_name,
    Case.applicant_id_number,
    Case.received_on,
    Case.accepted_on,
    Item.code,
    Item.name,
    *LIMIT_COLUMNS,
    Item.review_hours,  # the review clock of a received case (docs/rules.md §19)
    Case.received_at,
)


@dataclass(frozen=True)
class QueueLine:
    number: str
    item_code: str
    item_name: str
    applicant_name: str
    applicant_id: str  # masked
    state: CaseState
    owner: str
    received_on: date | None
    deadline: CaseClocks | None  # None while the clock has not started
    # The hour clock of the materials review while it runs (a received case of an item
    # that promises one), else None.
    review: ReviewClock | None = None
    # The name of the open key project the case serves (重点项目), else "".
    key_project: str = ""

    @property
    def applicant(self) -> str:
        """Name and masked ID, as a list shows them."""
        return " ".join(filter(None, (self.applicant_name, self.applicant_id)))

    @property
    def light(self) -> str | None:
        return clock_light(self.deadline, self.review)

    @property
    def due(self) -> date | None:
        return None if self.deadline is None else self.deadline.due.date

    @property
    def provisional(self) -> bool:
        """The due date rests on a year without an official calendar (暂定)."""
        return self.deadline is not None and self.deadline.due.provisional

    @property
    def remaining(self) -> int | None:
        """Working days left (negative when overdue); None while the clock has not started."""
        return None if self.deadline is None else self.deadline.remaining


def clock_light(deadline: CaseClocks | None, review: ReviewClock | None) -> str | None:
    """An open case's light: ``red`` / ``yellow`` / ``green`` of the days' limit once
    accepted, of the review's hours while received; None while no clock runs."""
    if deadline is None:
        return None if review is None else review.light.value
    return deadline.light.value


def urgency(line: QueueLine) -> tuple[int, int, date, date, str]:
    """The queue's order: a key project's first, then light, due date, received date,
    number."""
    channel = 0 if line.key_project else 1
    received = line.received_on or date.max
    if line.deadline is None and line.review is not None:
        return (channel, _URGENCY[line.review.light], line.review.due.date(), received, line.number)
    if line.deadline is None:
        return (channel, len(_URGENCY), date.max, received, line.number)
    return (
        channel,
        _URGENCY[line.deadline.light],
        line.deadline.due.date,
        received,
        line.number,
    )


def queue_scopes(session: StaffSession) -> tuple[str, ...]:
    """The scopes this staff member may ask for: their own cases; their window's when they
    sit at one; the whole department, and the cases referred to its 一号窗口, for its
    approvers (the chief representative and deputies)."""
    scopes = [MINE]
    if session.window_id is not None and session.role in INTAKE_ROLES:
        scopes.append(WINDOW)
    if session.role in APPROVER_ROLES and session.department_id is not None:
        scopes += [DEPARTMENT, FIRST_WINDOW]
    return tuple(scopes)


def _scope_condition(session: StaffSession, scope: str) -> object:
    check_session(session)
    if scope == MINE:
        return Case.owner == session.staff_id
    if scope == WINDOW:
        require_role(session, *INTAKE_ROLES)
        if session.window_id is None:
            raise ServiceError("queue.no_window", N_("You are not signed in at a window"))
        return Case.window == session.window_id
    if scope == DEPARTMENT:
        if session.role not in APPROVER_ROLES or session.department_id is None:
            raise PermissionDenied(
                "queue.department",
                N_("Only the chief representative and deputies see the whole department's cases"),
            )
        return Case.department == session.department_id
    if scope == FIRST_WINDOW:
        if session.role not in APPROVER_ROLES or session.department_id is None:
            raise PermissionDenied(
                "queue.first_window",
                N_("Only the chief representative and deputies work at the 一号窗口"),
            )
        referred = Referral.select(Referral.case).where(
            (Referral.department == session.department_id)
            & Referral.state.in_(OPEN_REFERRAL)
            & Referral.case.is_null(False)
        )
        return Case.id.in_(referred)
    raise ServiceError("queue.scope", N_("Unknown queue scope: {scope}"), scope=scope)


# The clock of the last queue asked: the F5 screen asks again every few seconds, and
# the same day's deadlines of the same calendar need not be worked out again.
_last: dict[str, tuple[WorkCalendar, date, DeadlineClock]] = {}


def _clock(today: date) -> DeadlineClock:
    calendar = load_calendar()
    last = _last.get("clock")
    if last is not None and last[0] is calendar and last[1] == today:
        return last[2]
    clock = DeadlineClock(calendar)
    _last["clock"] = (calendar, today, clock)
    return clock


def _light_matches(line: QueueLine, wanted: str) -> bool:
    return line.light is None if wanted == NO_CLOCK else line.light == wanted


def queue(
    session: StaffSession,
    today: date,
    *,
    scope: str = MINE,
    states: Iterable[CaseState | str] | None = None,
    light: Light | str | None = None,
    item_code: str | None = None,
    search: str = "",
    limit: int | None = DEFAULT_LIMIT,
    now: datetime | None = None,
) -> list[QueueLine]:
    """Open cases of ``scope`` (``mine``, ``window`` or ``department``), most urgent first.

    ``states`` keeps those states only; ``light`` one light (``NO_CLOCK`` for cases whose
    clock has not started); ``item_code`` one item (any version); ``search`` a case
    number, a name or an ID number, as the case search matches them. ``limit`` None lists
    them all. ID numbers are masked. ``now`` (naive UTC, default the shared clock) reads
    the review clocks."""
    wanted = QUEUE_STATES if states is None else QUEUE_STATES & {CaseState(s) for s in states}
    if light is not None and light != NO_CLOCK:
        light = Light(light).value
    where = _scope_condition(session, scope) & Case.state.in_(sorted(s.value for s in wanted))
    if item_code:
        where &= Item.code == item_code.strip()
    matches = case_matches(search)
    if matches is not None:
        where &= matches
    owner = Staff.alias()
    # The driver's rows of the columns a line needs, not models nor peewee's converted
    # tuples: a window holds hundreds of open cases, and converting every value was most
    # of the queue's time. Only the dates need it (SQLite gives text, PostgreSQL dates).
    # The key project's name only while it is open: a closed project's cases wait their
    # turn again.
    project = (Case.key_project == KeyProject.id) & KeyProject.closed_on.is_null()
    query = (
        Case.select(*_COLUMNS, owner.name, KeyProject.name, clock_moved())
        .join(Item)
        .switch(Case)
        .join(owner, on=(Case.owner == owner.id))
        .switch(Case)
        .join(KeyProject, JOIN.LEFT_OUTER, on=project)
        .where(where)
    )
    as_date, as_moment = Case.received_on.python_value, Case.received_at.python_value
    rows = [
        (*row[:5], as_date(row[5]), as_date(row[6]), *row[7:13], as_moment(row[13]), *row[14:])
        for row in database_proxy.execute(query).fetchall()
    ]
    reviews = ReviewClocks(now or shared_now())
    clock = _clock(today)
    clocks = clock_changes([row[0] for row in rows if row[-1]])
    lines = [
        QueueLine(
            number=number,
            item_code=item_code,
            item_name=item_name,
            applicant_name=applicant_name,
            applicant_id=mask_id(id_number),
            state=CaseState(state),
            owner=owner_name,
            received_on=received_on,
            review=reviews.of(review_hours, received_at, None)
            if state == CaseState.RECEIVED.value
            else None,
            deadline=None
            if accepted_on is None
            else clock.deadline(
                today, accepted_on, limits_of(promised, legal, unit), *clocks.of(case_id)
            ),
            key_project=project_name or "",
        )
        for (
            case_id,
            number,
            state,
            applicant_name,
            id_number,
            received_on,
            accepted_on,
            item_code,
            item_name,
            promised,
            legal,
            unit,
            review_hours,
            received_at,
            owner_name,
            project_name,
            _moved,
        ) in rows
    ]
    if light is not None:
        lines = [line for line in lines if _light_matches(line, str(light))]
    lines.sort(key=urgency)
    return lines if limit is None else lines[:limit]
