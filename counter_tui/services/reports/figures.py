"""The centre's figures (统计) and the catalog's figures; who may see which.

Period semantics (``date_from`` to ``date_to``, both included, local dates):

- **Intake figures** count the cases *received* (收件, ``received_on``) in the period,
  drafts never: ``received``; of those, ``accepted`` (受理: a clock was started, on the
  spot and deemed acceptance included), ``refused`` (不予受理) and ``notices`` (cases
  given a one-time notice, 一次性告知书).
- **Completion figures** count the cases *decided* (办结: completed, or denied —
  不予许可, whose ``completed_on`` is the day of the decision) with ``completed_on`` in
  the period: ``completed`` (``denied`` of them), ``on_spot`` (即办: an immediate item,
  即办件, decided the day it was received and accepted: ``received_on = accepted_on =
  completed_on``), ``on_time`` and ``late`` (decided after the due date the light
  follows, ``domain.deadlines.case_clocks_on``: the promised limit, plus the days of every
  suspension; where nothing shorter is promised, the legal one, plus an approved extension),
  ``days_taken`` (working days from acceptance to the decision, less the suspended
  working days), and the sums of the legal and the promised limits of those cases.
- **Open figures** are a snapshot on ``today`` whatever the period: ``open`` (received
  and not yet decided, refused or withdrawn), ``open_yellow`` and ``open_overdue``
  (the clock runs and the light is yellow or red).
- **Ratings** (docs/rules.md §11) count the services rated on the pad — a case's, a
  consultation's, a bundle case's step (§21.1) — (``rated_at``, local day) in the
  period: ``satisfied`` (非常满意, 满意, 基本满意),
  ``good`` (非常满意, 满意), ``poor`` (差评: 不满意, 非常不满意), the 差评's follow-ups
  still open and closed, those due (``follow_ups_due``: closed, or past their day as
  of ``today``), closed by their day (``follow_ups_in_time``), put right
  (``rectified``), and appeals upheld; and
  ``rating_requests``, the services the pads asked about (``requested_at``).

- **Consultations** (咨询, docs/rules.md §18) count the questions asked in the period,
  grouped by their department, window, owner (who took it) and item:
  ``services/reports/consultations.py`` says what each count holds.
- **Review promise** (docs/rules.md §19) counts the materials reviews *ended* in the
  period (``reviewed_at``, local day) of items that promise one in working hours, by who
  received the case: ``review_promised``, ``review_kept`` (ended by the due moment) and
  the share ``review_within_promise``.
- **The 一号窗口** (docs/rules.md §20): ``first_window_taken``, the referrals taken there
  in the period (``taken_at``); of the referrals taken, those closed in the period
  (``closed_at``) by outcome: ``first_window_decided``, ``first_window_answered``,
  ``first_window_sent_back``; and ``first_window_delegated`` (授权审批), the cases decided
  in the period by an approver that were referred to the 一号窗口 or sent for approval.
  Grouped by staff, they count the approver who took, closed or decided.
- **Supervision orders** (督办, docs/rules.md §22) count the orders issued in the period,
  those answered in time and late, and those closed, by the department of whom each was
  addressed to: ``services/reports/supervision.py`` says what each count holds.
- **Bundle cases** (一件事, docs/rules.md §21) count the bundle cases received in the
  period, and those completed (办结: no case of it open, the last decision in the period),
  on time (every decided case of it decided on time, by the case figures' rule) and late,
  by the department of the comprehensive window's clerk who took each, that clerk and its
  window (by item, in no item's group): ``services/reports/bundles.py`` says what each
  count holds.
- **Tickets** (排队叫号, docs/rules.md §24) count the tickets taken in the period, called,
  served and passed over, their waits and services, by the queue's department, the window
  and who called: ``services/reports/waiting.py`` says what each count holds.

Rates: 即办率 = on_spot / completed; 按时办结率 = on_time / completed; 超期 = open_overdue
+ late; 压缩率 = 1 − Σ days_taken / Σ legal limit over the completed cases; 满意率 =
satisfied / ratings; 参评率 = ratings / rating_requests; 好评率 = good / ratings; 回访及时率 =
follow_ups_in_time / follow_ups_due; 整改率 = rectified / follow_ups_closed;
按时答复率 = consultations_on_time / (consultations_on_time +
consultations_late); 按时回复率 = supervision_in_time / (supervision_in_time +
supervision_late); 一件事按时办结率 = bundles_on_time / bundles_completed. A rate without
a denominator is None.

Grouping (``by``): the case's department, its window, its staff member or its item (by
code, across versions). Whose a case is depends on the figure (issue 21): the intake
figures count the clerk who received it (``received_by``), the completion figures the one
who decided it (``decided_by``), the open figures and the ratings its owner (the staff
member responsible now, after any A/B handover). A clerk's own report is cut the same way.
A consultation's rating is its department's, window's, answering clerk's and asked item's;
a bundle step's is the office's of the clerk holding the bundle case, its window's and
that clerk's, in no item's group (``_rated_services``).

Every case figure comes from GROUP BY queries (the few supervision orders and bundle
cases are read row by row). Working days are not plain SQL: the
completed cases are counted per distinct (acceptance day, decision day, limit) and
the open ones per distinct (acceptance day, limit), and the calendar is asked once per
distinct pair (a few thousand pairs even for a million cases). Only the few cases with
a suspension or an approved extension are read one by one, through the same rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

from peewee import JOIN, SQL, ColumnBase, Expression, ModelSelect, NodeList, fn
from peewee import Case as sql_case

from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.deadlines import CaseClocks, Light, stopped_workdays
from counter_tui.domain.errors import N_
from counter_tui.domain.lifecycle import OPEN_STATES, CaseState
from counter_tui.domain.ratings import (
    AppealOutcome,
    FollowUpResult,
    RatingLevel,
    RequestState,
    ServiceKind,
    is_poor,
)
from counter_tui.services.auth import StaffSession, check_session
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.deadlines import (
    LIMIT_COLUMNS,
    DeadlineClock,
    chunks,
    clock_changes,
    clock_moved,
    limits_of,
)
from counter_tui.services.cases.rating_requests import (
    department_of_request,
    held_by,
    holder_of_request,
    window_of_request,
    with_services,
)
from counter_tui.services.cases.referred import Outcome
from counter_tui.services.cases.review import ReviewClocks
from counter_tui.services.clock import centre_timezone, day_start, report_moment, to_local
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.services.reports.bundles import bundle_counts
from counter_tui.services.reports.consultations import COUNTS as CONSULTATION_COUNTS
from counter_tui.services.reports.consultations import consultation_counts
from counter_tui.services.reports.supervision import supervision_counts
from counter_tui.services.reports.waiting import HourCount, ticket_counts
from counter_tui.store.database import write_transaction
from counter_tui.store.events import anchor_chain
from counter_tui.store.models import (
    Case,
    Consultation,
    Department,
    Document,
    Event,
    Item,
    RatingFollowUp,
    RatingRequest,
    Referral,
    Staff,
    Window,
    database_proxy,
)

GROUPINGS = ("department", "window", "staff", "item")
DECIDED = (CaseState.COMPLETED.value, CaseState.DENIED.value)
# Open and received: a draft is not an application yet.
RECEIVED_OPEN = tuple(s.value for s in OPEN_STATES if s is not CaseState.DRAFT)
POOR_LEVELS = tuple(level.value for level in RatingLevel if is_poor(level))

Progress = Callable[[int, int], None]  # (steps done, steps in all)
CONSULTATION_FIGURES = (*CONSULTATION_COUNTS, "consultation_on_time_rate")


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 60


LONGEST = frozenset({"wait_longest_seconds"})  # a total takes the longest, not the sum


def percent(rate: float | None) -> str:
    """A rate as people read it: ``95.7%``; ``—`` when there is nothing to divide by."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


@dataclass(frozen=True)
class Figures:
    """The counts of one group (or of the whole report); the rates are derived."""

    received: int = 0
    accepted: int = 0
    refused: int = 0
    notices: int = 0
    completed: int = 0
    denied: int = 0
    on_spot: int = 0
    on_time: int = 0
    late: int = 0
    days_taken: int = 0
    legal_days: int = 0
    promised_days: int = 0
    open: int = 0
    open_yellow: int = 0
    open_overdue: int = 0
    ratings: int = 0
    satisfied: int = 0
    poor: int = 0
    follow_ups_open: int = 0
    follow_ups_closed: int = 0
    # The pad (docs/rules.md §11): the services asked about in the period; of the ratings,
    # 好评 (非常满意, 满意); of the 差评's follow-ups, those with a deadline, those closed by
    # it, those put right (整改), and the clerks' appeals upheld.
    rating_requests: int = 0
    good: int = 0
    follow_ups_due: int = 0
    follow_ups_in_time: int = 0
    rectified: int = 0
    appeals_upheld: int = 0
    consultations: int = 0
    consultations_on_time: int = 0
    consultations_late: int = 0
    consultations_referred: int = 0
    consultations_converted: int = 0
    # The review promise in hours (docs/rules.md §19): reviews ended in the period of
    # items that promise one, and those ended by the due moment.
    review_promised: int = 0
    review_kept: int = 0
    # The 一号窗口 (docs/rules.md §20): referrals taken there in the period, those it
    # closed by outcome, and 授权审批 — cases referred or sent for approval that an
    # approver decided in the period.
    first_window_taken: int = 0
    first_window_decided: int = 0
    first_window_answered: int = 0
    first_window_sent_back: int = 0
    first_window_delegated: int = 0
    # Supervision orders (督办, docs/rules.md §22): issued in the period; of those, answered
    # in time, late, and closed.
    supervision_issued: int = 0
    supervision_in_time: int = 0
    supervision_late: int = 0
    supervision_closed: int = 0
    # Bundle cases (一件事, docs/rules.md §21): received in the period; completed in it (the
    # last decision), of those on time (every case of it decided on time) and late.
    bundles_received: int = 0
    bundles_completed: int = 0
    bundles_on_time: int = 0
    bundles_late: int = 0
    # Tickets (排队叫号, docs/rules.md §24): taken in the period; called, served, passed
    # over; the waits to the first call and the services, in seconds.
    tickets_taken: int = 0
    tickets_called: int = 0
    tickets_served: int = 0
    tickets_skipped: int = 0
    wait_seconds: int = 0
    wait_longest_seconds: int = 0  # the longest of the groups, not their sum
    service_seconds: int = 0

    def __add__(self, other: Figures) -> Figures:
        def combined(name: str) -> int:
            pick = max if name in LONGEST else int.__add__
            return pick(getattr(self, name), getattr(other, name))

        return Figures(**{f.name: combined(f.name) for f in fields(self)})

    @property
    def overdue(self) -> int:
        """超期: open past the due date today, and decided after it in the period."""
        return self.open_overdue + self.late

    @property
    def on_spot_rate(self) -> float | None:
        """即办率: decided on the spot over all decided."""
        return _ratio(self.on_spot, self.completed)

    @property
    def on_time_rate(self) -> float | None:
        """按时办结率: decided by the due date over all decided."""
        return _ratio(self.on_time, self.completed)

    @property
    def average_days(self) -> float | None:
        return _ratio(self.days_taken, self.completed)

    @property
    def average_legal_limit(self) -> float | None:
        return _ratio(self.legal_days, self.completed)

    @property
    def average_promised_limit(self) -> float | None:
        return _ratio(self.promised_days, self.completed)

    @property
    def compression(self) -> float | None:
        """压缩率: 1 − actual working days / legal working days, summed over the decided."""
        return None if not self.legal_days else 1 - self.days_taken / self.legal_days

    @property
    def satisfaction_rate(self) -> float | None:
        """满意率: 非常满意 + 满意 + 基本满意 over all ratings."""
        return _ratio(self.satisfied, self.ratings)

    @property
    def rating_participation(self) -> float | None:
        """参评率: services rated over services the pad asked about."""
        return _ratio(self.ratings, self.rating_requests)

    @property
    def good_rate(self) -> float | None:
        """好评率: 非常满意 + 满意 over all ratings."""
        return _ratio(self.good, self.ratings)

    @property
    def follow_ups_in_time_rate(self) -> float | None:
        """回访及时率: follow-ups closed by their day over those with a day."""
        return _ratio(self.follow_ups_in_time, self.follow_ups_due)

    @property
    def rectification_rate(self) -> float | None:
        """整改率: follow-ups closed with the fault put right over those closed."""
        return _ratio(self.rectified, self.follow_ups_closed)

    @property
    def consultation_on_time_rate(self) -> float | None:
        """按时答复率: answered in time over answered in time and late (an open question
        within its time is neither yet)."""
        return _ratio(
            self.consultations_on_time, self.consultations_on_time + self.consultations_late
        )

    @property
    def supervision_in_time_rate(self) -> float | None:
        """按时回复率: orders answered in time over those answered in time and late (an
        order still within its time is neither yet)."""
        return _ratio(self.supervision_in_time, self.supervision_in_time + self.supervision_late)

    @property
    def bundle_on_time_rate(self) -> float | None:
        """一件事按时办结率: bundle cases completed on time over all completed."""
        return _ratio(self.bundles_on_time, self.bundles_completed)

    @property
    def review_within_promise(self) -> float | None:
        """The share of materials reviews kept within the item's promise in hours."""
        return _ratio(self.review_kept, self.review_promised)

    @property
    def average_wait_minutes(self) -> float | None:
        """From taking a ticket to its first call, over the tickets called."""
        return _minutes(_ratio(self.wait_seconds, self.tickets_called))

    @property
    def longest_wait_minutes(self) -> float | None:
        return _minutes(self.wait_longest_seconds if self.tickets_called else None)

    @property
    def average_service_minutes(self) -> float | None:
        """From the last call to the finish, over the tickets served."""
        return _minutes(_ratio(self.service_seconds, self.tickets_served))

    def as_dict(self) -> dict[str, Any]:
        def rounded(value: float | None, places: int) -> float | None:
            return None if value is None else round(value, places)

        return {
            **asdict(self),
            "overdue": self.overdue,
            "on_spot_rate": rounded(self.on_spot_rate, 4),
            "on_time_rate": rounded(self.on_time_rate, 4),
            "average_days": rounded(self.average_days, 2),
            "average_legal_limit": rounded(self.average_legal_limit, 2),
            "average_promised_limit": rounded(self.average_promised_limit, 2),
            "compression": rounded(self.compression, 4),
            "satisfaction_rate": rounded(self.satisfaction_rate, 4),
            "rating_participation_rate": rounded(self.rating_participation, 4),
            "good_rate": rounded(self.good_rate, 4),
            "follow_ups_in_time_rate": rounded(self.follow_ups_in_time_rate, 4),
            "rectification_rate": rounded(self.rectification_rate, 4),
            "consultation_on_time_rate": rounded(self.consultation_on_time_rate, 4),
            "review_within_promise": rounded(self.review_within_promise, 4),
            "supervision_in_time_rate": rounded(self.supervision_in_time_rate, 4),
            "bundle_on_time_rate": rounded(self.bundle_on_time_rate, 4),
            "average_wait_minutes": rounded(self.average_wait_minutes, 1),
            "longest_wait_minutes": rounded(self.longest_wait_minutes, 1),
            "average_service_minutes": rounded(self.average_service_minutes, 1),
        }


@dataclass(frozen=True)
class ReportRow:
    """One group: its key (department or item code, window number, staff code) and the
    name it goes by (data: not translated)."""

    key: str
    label: str
    figures: Figures


@dataclass(frozen=True)
class DayVolume:
    day: date
    received: int
    completed: int


@dataclass(frozen=True)
class ReportScope:
    """Whose cases a report counts: the whole centre, a department, or one staff
    member's own cases. ``label`` names it (data) when it is not the whole centre."""

    department_id: int | None = None
    staff_id: int | None = None
    label: str = ""

    def where(self, person: ColumnBase = Case.owner) -> Expression | None:
        """The cases in scope; one staff member's are those whose ``person`` column
        (who received, who decided, who owns) names them."""
        if self.staff_id is not None:
            return person == self.staff_id
        if self.department_id is not None:
            return Case.department == self.department_id
        return None


CENTRE = ReportScope()


@dataclass(frozen=True)
class Report:
    date_from: date
    date_to: date
    today: date
    by: str | None
    scope: ReportScope
    rows: tuple[ReportRow, ...]
    total: Figures
    daily: tuple[DayVolume, ...]
    # The consultations by every grouping at once (department, window, staff, item).
    consultations_by: tuple[tuple[str, tuple[ReportRow, ...]], ...] = ()
    # The supervision orders by the department of whom each was addressed to.
    supervision_by_department: tuple[ReportRow, ...] = ()
    # The bundle cases by the department of the clerk who took each.
    bundles_by_department: tuple[ReportRow, ...] = ()
    # The tickets first called per window and local hour (docs/rules.md §24).
    tickets_by_hour: tuple[HourCount, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "today": self.today.isoformat(),
            "by": self.by,
            "scope": self.scope.label or None,
            "total": self.total.as_dict(),
            "groups": [
                {"key": row.key, "label": row.label, **row.figures.as_dict()} for row in self.rows
            ],
            "daily": [
                {"date": d.day.isoformat(), "received": d.received, "completed": d.completed}
                for d in self.daily
            ],
            **self._consultations_dict(),
            "supervision_orders": self._supervision_dict(),
            "bundles": self._bundles_dict(),
            "tickets_by_window_and_hour": [
                {"window": c.window, "hour": c.hour, "tickets": c.tickets}
                for c in self.tickets_by_hour
            ],
            **self._ratings_dict(),
        }

    def _bundles_dict(self) -> dict[str, Any]:
        """The bundle cases received, completed, on time and late in the period, in all
        and by department."""

        def counts(figures: Figures) -> dict[str, Any]:
            rate = figures.bundle_on_time_rate
            return {
                "received": figures.bundles_received,
                "completed": figures.bundles_completed,
                "on_time": figures.bundles_on_time,
                "late": figures.bundles_late,
                "on_time_rate": None if rate is None else round(rate, 4),
            }

        return self._with_departments(counts, self.bundles_by_department)

    def _with_departments(
        self, counts: Callable[[Figures], dict[str, Any]], rows: tuple[ReportRow, ...]
    ) -> dict[str, Any]:
        """``counts`` of the total, then of each department's row under ``by_department``."""
        return {
            **counts(self.total),
            "by_department": [
                {"key": row.key, "label": row.label, **counts(row.figures)} for row in rows
            ],
        }

    def _ratings_dict(self) -> dict[str, Any]:
        """The pad's two keys (docs/rules.md §11): 参评率 and the follow-ups closed in time."""
        total = self.total
        participation, in_time = total.rating_participation, total.follow_ups_in_time_rate
        return {
            "rating_participation": {
                "requests": total.rating_requests,
                "rated": total.ratings,
                "share": None if participation is None else round(participation, 4),
            },
            "follow_ups_in_time": {
                "due": total.follow_ups_due,
                "in_time": total.follow_ups_in_time,
                "share": None if in_time is None else round(in_time, 4),
            },
        }

    def _supervision_dict(self) -> dict[str, Any]:
        """The orders issued in the period, answered in time, late and closed, in all and
        by department."""

        def counts(figures: Figures) -> dict[str, Any]:
            rate = figures.supervision_in_time_rate
            return {
                "issued": figures.supervision_issued,
                "in_time": figures.supervision_in_time,
                "late": figures.supervision_late,
                "closed": figures.supervision_closed,
                "in_time_share": None if rate is None else round(rate, 4),
            }

        return self._with_departments(counts, self.supervision_by_department)

    def _consultations_dict(self) -> dict[str, Any]:
        """The issue's two keys: the consultations with their breakdowns, and those
        answered in time (count and share)."""

        def counts(figures: Figures) -> dict[str, Any]:
            data = figures.as_dict()
            return {name: data[name] for name in CONSULTATION_FIGURES}

        total = self.total
        rate = total.consultation_on_time_rate
        return {
            "consultations": {
                "count": total.consultations,
                "referred": total.consultations_referred,
                "converted": total.consultations_converted,
                **{
                    f"by_{by}": [
                        {"key": row.key, "label": row.label, **counts(row.figures)} for row in rows
                    ]
                    for by, rows in self.consultations_by
                },
            },
            "consultations_answered_on_time": {
                "count": total.consultations_on_time,
                "late": total.consultations_late,
                "share": None if rate is None else round(rate, 4),
            },
        }


# ── who sees what ────────────────────────────────────────────────────────────


def report_scope(
    session: StaffSession, *, centre: bool = False, department_id: int | None = None
) -> ReportScope:
    """The scope a signed-in person may see: a clerk their own cases only; a chief
    representative their department, or the whole centre; an administrator the whole
    centre or any one department. A deputy sees what the chief representative does."""
    check_session(session)
    if session.role == "clerk":
        if centre or department_id is not None:
            raise PermissionDenied(
                "report.scope", N_("A clerk's report covers the clerk's own cases")
            )
        return ReportScope(staff_id=session.staff_id, label=session.name)
    if session.role in APPROVER_ROLES:
        if centre:
            return CENTRE
        if department_id not in (None, session.department_id):
            raise PermissionDenied(
                "report.scope",
                N_("A chief representative sees their own department or the whole centre"),
            )
        return _department_scope(session.department_id)
    if session.role == "admin":
        return CENTRE if centre or department_id is None else _department_scope(department_id)
    raise PermissionDenied("report.scope", N_("Your role does not allow reports"))


def _department_scope(department_id: int | None) -> ReportScope:
    department = Department.get_or_none(Department.id == department_id)
    if department is None:
        raise ServiceError("report.department", N_("There is no such department"))
    return ReportScope(department_id=department.id, label=department.name)


def department_scope(code: str) -> ReportScope:
    """One department's cases, named by the department's code (the command line)."""
    department = Department.get_or_none(Department.code == code.strip())
    if department is None:
        raise ServiceError(
            "report.department_code", N_("There is no department with the code {code}"), code=code
        )
    return _department_scope(department.id)


def report_departments() -> list[tuple[int, str]]:
    """The departments an administrator may narrow a report to, by code."""
    return [(d.id, d.name) for d in Department.select().order_by(Department.code)]


# ── the report ───────────────────────────────────────────────────────────────


def check_period(date_from: date, date_to: date) -> None:
    if date_from > date_to:
        raise ServiceError(
            "report.period",
            N_("The period starts on {start}, after it ends on {end}"),
            start=date_from.isoformat(),
            end=date_to.isoformat(),
        )


def _count_if(condition: Expression) -> ColumnBase:
    return fn.SUM(sql_case(None, [(condition, 1)], 0))


def _on_spot() -> Expression:
    return (
        (Item.kind == "immediate")
        & (Case.received_on == Case.accepted_on)
        & (Case.accepted_on == Case.completed_on)
    )


class _Aggregate:
    """The GROUP BY queries of one family of figures, the group key first in every row.
    ``person``: the column that says whose a case is for these figures."""

    def __init__(self, by: str | None, scope: ReportScope, person: ColumnBase) -> None:
        if by is not None and by not in GROUPINGS:
            raise ServiceError(
                "report.by",
                N_("A report is grouped by one of: {choices}"),
                choices=", ".join(GROUPINGS),
            )
        self.by = by
        self.scope = scope
        self.person = person
        key: dict[str | None, ColumnBase | None] = {
            None: None,
            "department": Case.department,
            "window": Case.window,
            "staff": person,
            "item": Item.code,
        }
        self.key = key[by]

    def select(self, *columns: Any, join_item: bool = False, cases_first: bool = False) -> Any:
        """``cases_first``: the item is reached from each case found (``+case.item_id``
        keeps SQLite off the case's item index). The open cases need it: through that
        index SQLite's planner walked every case of every item to find them (2.7 s at a
        million cases, 0.27 s from their states; bench/report.py)."""
        keys = [] if self.key is None else [self.key.alias("k")]
        query = Case.select(*keys, *columns)
        if join_item or self.by == "item":
            item = NodeList((SQL("+"), Case.item), glue="") if cases_first else Case.item
            query = query.join(Item, on=(item == Item.id))
        if (scope := self.scope.where(self.person)) is not None:
            query = query.where(scope)
        return query

    def group(self, query: Any, *columns: Any) -> Any:
        keys = [] if self.key is None else [self.key]
        return query.group_by(*keys, *columns) if keys or columns else query

    def rows(self, query: Any) -> Iterator[tuple[Any, ...]]:
        """(key, the other columns...) per row; key None when not grouped."""
        for row in query.tuples().iterator():
            yield (None, *row) if self.key is None else row


class _Tally:
    """Counts by group key, turned into Figures at the end."""

    def __init__(self) -> None:
        self.counts: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, key: Any, **counts: int | None) -> None:
        target = self.counts[key]
        for name, value in counts.items():
            target[name] += value or 0

    def figures(self) -> dict[Any, Figures]:
        return {key: Figures(**counts) for key, counts in self.counts.items()}


def _local_bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """The period as stored timestamps: naive UTC, from its first local midnight to the
    midnight after its last day."""
    zone = centre_timezone()
    return day_start(date_from, zone), day_start(date_to + timedelta(days=1), zone)


def _intake(agg: _Aggregate, tally: _Tally, date_from: date, date_to: date) -> None:
    notices = Document.kind == "deficiency_notice"
    noticed = Document.select(Document.case).where(notices)
    # Every case of a bundle case is under its combined notice (docs/rules.md §21).
    bundles = Document.select(Document.bundle_case).where(notices & Document.case.is_null())
    query = agg.select(
        fn.COUNT(Case.id),
        _count_if(Case.accepted_on.is_null(False)),
        _count_if(Case.state == CaseState.REFUSED.value),
        _count_if(Case.id.in_(noticed) | Case.bundle_case.in_(bundles)),
    ).where(Case.received_on.between(date_from, date_to))
    for key, received, accepted, refused, notices in agg.rows(agg.group(query)):
        tally.add(key, received=received, accepted=accepted, refused=refused, notices=notices)


def _decided(
    agg: _Aggregate, tally: _Tally, clock: DeadlineClock, date_from: date, date_to: date
) -> list[int]:
    """Completion figures of the plain decided cases; returns the ids of the special ones."""
    period = Case.completed_on.between(date_from, date_to) & Case.state.in_(DECIDED)
    query = agg.select(
        Case.accepted_on,
        Case.completed_on,
        *LIMIT_COLUMNS,
        fn.COUNT(Case.id),
        _count_if(_on_spot()),
        _count_if(Case.state == CaseState.DENIED.value),
        join_item=True,
    ).where(period & ~clock_moved())
    query = agg.group(query, Case.accepted_on, Case.completed_on, *LIMIT_COLUMNS)
    for key, accepted_on, completed_on, promised, legal, unit, n, on_spot, denied in agg.rows(
        query
    ):
        accepted_on = accepted_on or completed_on
        limits = limits_of(promised, legal, unit)
        in_time = clock.decided_in_time(accepted_on, completed_on, limits)
        tally.add(
            key,
            completed=n,
            denied=denied,
            on_spot=on_spot,
            on_time=n if in_time else 0,
            late=0 if in_time else n,
            days_taken=n * clock.workdays(accepted_on, completed_on),
            legal_days=n * legal,
            promised_days=n * limits.followed_days,
        )
    special = agg.select(Case.id, join_item=True).where(period & clock_moved())
    return [row[-1] for row in agg.rows(special)]


def _decided_special(agg: _Aggregate, tally: _Tally, clock: DeadlineClock, ids: list[int]) -> None:
    clocks = clock_changes(ids)
    for chunk in chunks(ids):
        query = agg.select(
            Case.id,
            Case.accepted_on,
            Case.completed_on,
            *LIMIT_COLUMNS,
            sql_case(None, [(_on_spot(), 1)], 0),
            Case.state,
            join_item=True,
        ).where(Case.id.in_(chunk))
        for row in agg.rows(query):
            key, case_id, accepted_on, completed_on, promised, legal, unit, on_spot, state = row
            accepted_on = accepted_on or completed_on
            limits = limits_of(promised, legal, unit)
            extension_days, stops = clocks.of(case_id)
            in_time = clock.decided_in_time(
                accepted_on, completed_on, limits, extension_days, stops
            )
            taken = clock.workdays(accepted_on, completed_on) - stopped_workdays(
                clock.calendar, stops, completed_on
            )
            tally.add(
                key,
                completed=1,
                denied=int(state == CaseState.DENIED.value),
                on_spot=on_spot,
                on_time=int(in_time),
                late=int(not in_time),
                days_taken=max(0, taken),
                legal_days=legal,
                promised_days=limits.followed_days,
            )


def _add_light(tally: _Tally, key: Any, deadline: CaseClocks, n: int) -> None:
    tally.add(
        key,
        open_yellow=n if deadline.light is Light.YELLOW else 0,
        open_overdue=n if deadline.light is Light.RED else 0,
    )


def _open(agg: _Aggregate, tally: _Tally, clock: DeadlineClock, today: date) -> None:
    is_open = Case.state.in_(RECEIVED_OPEN)
    query = agg.select(
        Case.accepted_on, *LIMIT_COLUMNS, fn.COUNT(Case.id), join_item=True, cases_first=True
    ).where(is_open & ~clock_moved())
    for key, accepted_on, promised, legal, unit, n in agg.rows(
        agg.group(query, Case.accepted_on, *LIMIT_COLUMNS)
    ):
        tally.add(key, open=n)
        if accepted_on is not None:
            limits = limits_of(promised, legal, unit)
            _add_light(tally, key, clock.plain(today, accepted_on, limits), n)
    special = agg.select(
        Case.id, Case.accepted_on, *LIMIT_COLUMNS, join_item=True, cases_first=True
    ).where(is_open & clock_moved())
    rows = list(agg.rows(special))
    clocks = clock_changes([row[1] for row in rows])
    for key, case_id, accepted_on, promised, legal, unit in rows:
        tally.add(key, open=1)
        if accepted_on is not None:
            limits = limits_of(promised, legal, unit)
            extension_days, stops = clocks.of(case_id)
            _add_light(
                tally, key, clock.deadline(today, accepted_on, limits, extension_days, stops), 1
            )


# The item a consultation asked about, beside the case's (the ratings grouped by item).
ASKED_ITEM = Item.alias("asked_item")


def _rated_services(by: str | None, scope: ReportScope) -> tuple[ColumnBase | None, Any]:
    """The ratings' group key and how to join what it reads (``with_services``): a
    request is its case's (department, window, holder, item), its consultation's (the
    department, the window it was asked at, the clerk who answered it, the item asked
    about if any) or its bundle case's (the office of whoever holds it, its comprehensive
    window, that clerk; no item: a bundle is of several). Returns (key, join)."""
    key: dict[str | None, ColumnBase | None] = {
        None: None,
        "department": department_of_request(),
        "window": window_of_request(),
        "staff": holder_of_request(),
        "item": fn.COALESCE(Item.code, ASKED_ITEM.code),
    }

    def join(query: Any) -> Any:
        query = with_services(query)
        if by == "item":
            query = query.join_from(Case, Item, JOIN.LEFT_OUTER, on=(Case.item == Item.id))
            asked = Consultation.item == ASKED_ITEM.id
            query = query.join_from(Consultation, ASKED_ITEM, JOIN.LEFT_OUTER, on=asked)
        if scope.staff_id is not None:
            query = query.where(held_by(scope.staff_id))
        elif scope.department_id is not None:
            query = query.where(department_of_request() == scope.department_id)
        return query

    return key[by], join


def _ratings(agg: _Aggregate, tally: _Tally, date_from: date, date_to: date, today: date) -> None:
    """The services rated on the pad in the period (and those asked about) — a case's, a
    consultation's, a bundle case's step — each in its own group (``_rated_services``), so
    that every grouping adds up to the same whole. A follow-up is due, for 回访及时率, once
    closed or once its day has passed by ``today``: one still within its day is neither
    in time nor late yet."""
    start, end = _local_bounds(date_from, date_to)
    key, services = _rated_services(agg.by, agg.scope)
    keys = [] if key is None else [key.alias("k")]

    def grouped(query: Any) -> Any:
        return query if key is None else query.group_by(key)

    asked = services(RatingRequest.select(*keys, fn.COUNT(RatingRequest.id)))
    where = (RatingRequest.requested_at >= start) & (RatingRequest.requested_at < end)
    where &= RatingRequest.kind != ServiceKind.ENTERED.value
    for row_key, n in agg.rows(grouped(asked.where(where))):
        tally.add(row_key, rating_requests=n)

    level, closed = RatingRequest.level, RatingFollowUp.closed_at.is_null(False)
    poor = level.in_(POOR_LEVELS)
    query = services(
        RatingRequest.select(
            *keys,
            fn.COUNT(RatingRequest.id),
            _count_if(~poor),
            _count_if(level <= RatingLevel.SATISFIED.value),
            _count_if(poor),
            _count_if(poor & ~closed),
            _count_if(poor & closed),
            _count_if(
                RatingFollowUp.due_on.is_null(False) & (closed | (RatingFollowUp.due_on < today))
            ),
            _count_if(RatingFollowUp.result == FollowUpResult.RECTIFIED.value),
            _count_if(RatingFollowUp.appeal_outcome == AppealOutcome.UPHELD.value),
        ).join(RatingFollowUp, JOIN.LEFT_OUTER, on=(RatingFollowUp.request == RatingRequest.id))
    )
    where = (RatingRequest.rated_at >= start) & (RatingRequest.rated_at < end)
    where &= RatingRequest.state == RequestState.RATED.value
    any_closed = False
    for row_key, n, satisfied, good, poor_n, still_open, closed_n, due, fixed, upheld in agg.rows(
        grouped(query.where(where))
    ):
        any_closed = any_closed or bool(closed_n)
        tally.add(
            row_key,
            ratings=n,
            satisfied=satisfied,
            good=good,
            poor=poor_n,
            follow_ups_open=still_open,
            follow_ups_closed=closed_n,
            follow_ups_due=due,
            rectified=fixed,
            appeals_upheld=upheld,
        )
    # Closed by its day: the day is the centre's (local), the closing a UTC moment; a
    # 差评 is rare enough to read these one by one, and where none was closed, the
    # period's requests are not read again.
    if not any_closed:
        return
    zone = centre_timezone()
    kept = services(
        RatingRequest.select(*keys, RatingFollowUp.due_on, RatingFollowUp.closed_at).join(
            RatingFollowUp, on=(RatingFollowUp.request == RatingRequest.id)
        )
    ).where(where & closed & RatingFollowUp.due_on.is_null(False))
    for row_key, due_on, closed_at in agg.rows(kept):
        if to_local(closed_at, zone).date() <= due_on:
            tally.add(row_key, follow_ups_in_time=1)


def _consultations(
    by: str | None, scope: ReportScope, tally: _Tally, date_from: date, date_to: date, today: date
) -> list[tuple[str, tuple[ReportRow, ...]]]:
    """The consultations' counts into ``tally`` by the report's grouping; returns them by
    every grouping, for the report's breakdowns."""
    start, end = _local_bounds(date_from, date_to)
    now = report_moment(today)

    def counted(grouping: str | None) -> dict[Any, dict[str, int]]:
        rows = consultation_counts(grouping, start, end, now, scope.staff_id, scope.department_id)
        return dict(rows)

    per_group = {grouping: counted(grouping) for grouping in GROUPINGS}
    for key, counts in (per_group[by] if by is not None else counted(None)).items():
        tally.add(key, **counts)
    return [
        (grouping, _grouped_rows(grouping, {k: Figures(**c) for k, c in groups.items()}))
        for grouping, groups in per_group.items()
    ]


def _supervision(
    by: str | None, scope: ReportScope, tally: _Tally, date_from: date, date_to: date, today: date
) -> tuple[ReportRow, ...]:
    """The supervision orders' counts into ``tally`` by the report's grouping; returns
    them by department, for the report's breakdown."""
    start, end = _local_bounds(date_from, date_to)
    now = report_moment(today)

    def counted(grouping: str | None) -> dict[Any, dict[str, int]]:
        rows = supervision_counts(
            grouping, start, end, today, now, scope.staff_id, scope.department_id
        )
        return dict(rows)

    return _tallied_by_department(by, tally, counted)


def _bundles(
    by: str | None,
    scope: ReportScope,
    tally: _Tally,
    clock: DeadlineClock,
    date_from: date,
    date_to: date,
) -> tuple[ReportRow, ...]:
    """The bundle cases' counts into ``tally`` by the report's grouping; returns them by
    department, for the report's breakdown."""

    def counted(grouping: str | None) -> dict[Any, dict[str, int]]:
        rows = bundle_counts(
            grouping, date_from, date_to, scope.staff_id, scope.department_id, clock
        )
        return dict(rows)

    return _tallied_by_department(by, tally, counted)


def _tallied_by_department(
    by: str | None, tally: _Tally, counted: Callable[[str | None], dict[Any, dict[str, int]]]
) -> tuple[ReportRow, ...]:
    """The counts ``counted`` gives by a grouping into ``tally`` by the report's grouping
    (counted once when that is by department); returns them by department."""
    by_department = counted("department")
    for key, counts in (by_department if by == "department" else counted(by)).items():
        tally.add(key, **counts)
    return _grouped_rows("department", {k: Figures(**c) for k, c in by_department.items()})


def _tickets(
    by: str | None, scope: ReportScope, tally: _Tally, date_from: date, date_to: date
) -> tuple[HourCount, ...]:
    """The hall's tickets into ``tally`` by the report's grouping; returns the tickets
    per window and hour (docs/rules.md §24)."""
    start, end = _local_bounds(date_from, date_to)
    counts, by_hour = ticket_counts(
        by, date_from, date_to, start, end, scope.staff_id, scope.department_id
    )
    for key, figures in counts.items():
        tally.add(key, **figures)
    return by_hour


def _reviews(agg: _Aggregate, tally: _Tally, date_from: date, date_to: date) -> None:
    """The review promise in hours (docs/rules.md §19): each review ended in the period
    of an item that promises one, kept or not by the working hours (not plain SQL: one
    case at a time, only the few items of the 333)."""
    start, end = _local_bounds(date_from, date_to)
    query = agg.select(Item.review_hours, Case.received_at, Case.reviewed_at, join_item=True).where(
        Item.review_hours.is_null(False)
        & Case.received_at.is_null(False)
        & (Case.reviewed_at >= start)
        & (Case.reviewed_at < end)
    )
    clocks = ReviewClocks(end)
    for key, hours, received_at, reviewed_at in agg.rows(query):
        clock = clocks.of(hours, received_at, reviewed_at)
        if clock is not None:
            tally.add(key, review_promised=1, review_kept=0 if clock.late else 1)


def _first_window(agg: _Aggregate, tally: _Tally, date_from: date, date_to: date) -> None:
    """What the 一号窗口 handled in the period: referrals taken (by whom: ``taken_by``)
    and, of those taken, closed by outcome (``closed_by``). A consultation's referral
    has no case: it counts in its department, and under no window or item. Then 授权审批
    (``_delegated``)."""
    start, end = _local_bounds(date_from, date_to)
    person = {"taken": Referral.taken_by, "closed": Referral.closed_by}
    key: dict[str | None, ColumnBase | None] = {
        None: None,
        "department": Referral.department,
        "window": Case.window,
        "item": Item.code,
    }

    def counted(moment: ColumnBase, who: str, *columns: ColumnBase) -> Iterator[tuple[Any, ...]]:
        column = person[who] if agg.by == "staff" else key[agg.by]
        keys = [] if column is None else [column.alias("k")]
        query = (
            Referral.select(*keys, *columns)
            .join(Case, JOIN.LEFT_OUTER, on=(Referral.case == Case.id))
            .join(Item, JOIN.LEFT_OUTER, on=(Case.item == Item.id))
        )
        where = (moment >= start) & (moment < end) & Referral.taken_by.is_null(False)
        if agg.scope.staff_id is not None:
            where &= person[who] == agg.scope.staff_id
        elif agg.scope.department_id is not None:
            where &= Referral.department == agg.scope.department_id
        query = query.where(where)
        yield from agg.rows(query.group_by(column) if column is not None else query)

    for row_key, n in counted(Referral.taken_at, "taken", fn.COUNT(Referral.id)):
        tally.add(row_key, first_window_taken=n)
    outcomes = [_count_if(Referral.outcome == outcome.value) for outcome in Outcome]
    for row_key, decided, answered, sent_back in counted(Referral.closed_at, "closed", *outcomes):
        tally.add(
            row_key,
            first_window_decided=decided,
            first_window_answered=answered,
            first_window_sent_back=sent_back,
        )
    _delegated(agg, tally, date_from, date_to)


def _delegated(agg: _Aggregate, tally: _Tally, date_from: date, date_to: date) -> None:
    """授权审批: cases decided in the period by an approver (the chief representative or a
    deputy, under the department's written delegation) that were referred to the
    一号窗口 or sent for approval (一审一核)."""
    approvers = Staff.select(Staff.id).where(Staff.role.in_(APPROVER_ROLES))
    referred = Referral.select(Referral.case).where(Referral.case.is_null(False))
    asked = Event.select(Event.case).where(Event.kind == "request_approval")
    query = agg.select(fn.COUNT(Case.id)).where(
        Case.completed_on.between(date_from, date_to)
        & Case.state.in_(DECIDED)
        & Case.decided_by.in_(approvers)
        & (Case.id.in_(referred) | Case.id.in_(asked))
    )
    for row_key, n in agg.rows(agg.group(query)):
        tally.add(row_key, first_window_delegated=n)


def _daily(scope: ReportScope, date_from: date, date_to: date) -> tuple[DayVolume, ...]:
    def per_day(
        column: Any, person: ColumnBase, extra: Expression | None = None
    ) -> dict[date, int]:
        condition = column.between(date_from, date_to)
        for more in (scope.where(person), extra):
            if more is not None:
                condition &= more
        query = Case.select(column, fn.COUNT(Case.id)).where(condition).group_by(column)
        return dict(query.tuples())

    received = per_day(Case.received_on, Case.received_by)
    completed = per_day(Case.completed_on, Case.decided_by, Case.state.in_(DECIDED))
    days = (date_from + timedelta(days=n) for n in range((date_to - date_from).days + 1))
    return tuple(DayVolume(d, received.get(d, 0), completed.get(d, 0)) for d in days)


def _labels(by: str | None, keys: Iterable[Any]) -> dict[Any, tuple[str, str, Any]]:
    """Per group key: (key as text, name, sort key)."""
    keys = [k for k in keys if k is not None]
    if by == "department":
        rows = Department.select().where(Department.id.in_(keys))
        return {d.id: (d.code, d.name, d.code) for d in rows}
    if by == "window":
        rows = Window.select().where(Window.id.in_(keys))
        return {w.id: (str(w.number), str(w.number), w.number) for w in rows}
    if by == "staff":
        rows = Staff.select().where(Staff.id.in_(keys))
        return {s.id: (s.code, s.name, s.code) for s in rows}
    if by == "item":
        rows = Item.select(Item.code, Item.name).where(Item.code.in_(keys) & Item.current)
        names = dict(rows.tuples())
        return {code: (code, names.get(code, code), code) for code in keys}
    return {}


def _grouped_rows(by: str, by_key: dict[Any, Figures]) -> tuple[ReportRow, ...]:
    """One row per group, named and in order (windows by number, the rest by code), the
    group without a key (a case at no window, a question about no item) last, as "—"."""
    labels = _labels(by, by_key)
    no_group = ("", "—", "")

    def order(key: Any) -> tuple[bool, int, str]:
        sort_key = labels.get(key, no_group)[2]
        if isinstance(sort_key, int):  # window numbers, in numeric order
            return key is None, sort_key, ""
        return key is None, 0, str(sort_key)

    rows = []
    for key in sorted(by_key, key=order):
        text, name, _order = labels.get(key, no_group)
        rows.append(ReportRow(key=text, label=name, figures=by_key[key]))
    return tuple(rows)


def centre_report(
    date_from: date,
    date_to: date,
    by: str | None = None,
    today: date | None = None,
    scope: ReportScope = CENTRE,
    progress: Progress | None = None,
) -> Report:
    """The figures of the period (see the module's docstring), per group and in total."""
    from counter_tui.services.clock import local_today

    check_period(date_from, date_to)
    today = today or local_today()
    received = _Aggregate(by, scope, Case.received_by)
    decided = _Aggregate(by, scope, Case.decided_by)
    held = _Aggregate(by, scope, Case.owner)
    clock = DeadlineClock(load_calendar())
    tally = _Tally()
    special: list[int] = []
    daily: list[DayVolume] = []
    consultations_by: list[tuple[str, tuple[ReportRow, ...]]] = []
    supervision_by: list[ReportRow] = []
    bundles_by: list[ReportRow] = []
    by_hour: list[HourCount] = []
    steps: list[Callable[[], Any]] = [
        lambda: _intake(received, tally, date_from, date_to),
        lambda: special.extend(_decided(decided, tally, clock, date_from, date_to)),
        lambda: _decided_special(decided, tally, clock, special),
        lambda: _open(held, tally, clock, today),
        lambda: _ratings(held, tally, date_from, date_to, today),
        lambda: _first_window(decided, tally, date_from, date_to),
        lambda: daily.extend(_daily(scope, date_from, date_to)),
        lambda: consultations_by.extend(
            _consultations(by, scope, tally, date_from, date_to, today)
        ),
        lambda: _reviews(received, tally, date_from, date_to),  # issue 22: the 333
        lambda: supervision_by.extend(_supervision(by, scope, tally, date_from, date_to, today)),
        lambda: bundles_by.extend(_bundles(by, scope, tally, clock, date_from, date_to)),
        lambda: by_hour.extend(_tickets(by, scope, tally, date_from, date_to)),
    ]
    for done, step in enumerate(steps, 1):
        step()
        if progress is not None:
            progress(done, len(steps))
    by_key = tally.figures()
    rows = _grouped_rows(by, by_key) if by is not None else ()
    total = sum(by_key.values(), Figures())
    with write_transaction(database_proxy):
        anchor_chain("report")  # the chain's end as read (docs/architecture.md §2.6)
    return Report(
        date_from=date_from,
        date_to=date_to,
        today=today,
        by=by,
        scope=scope,
        rows=rows,
        total=total,
        daily=tuple(daily),
        consultations_by=tuple(consultations_by),
        supervision_by_department=tuple(supervision_by),
        bundles_by_department=tuple(bundles_by),
        tickets_by_hour=tuple(by_hour),
    )


# ── the catalog ──────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class CatalogFigures:
    """The current items: by kind (承诺件 / 即办件), and how many are decided at the window
    (即办授权: an immediate item, done on the spot, or one the department has authorised
    the window to decide under 一审一核)."""

    label: str  # the department's name; "" for the whole catalog
    items: int
    promised: int
    immediate: int
    window_decides: int
    decided_at_window: int

    @property
    def decided_at_window_share(self) -> float | None:
        """即办授权比例: items decided at the window over all items."""
        return _ratio(self.decided_at_window, self.items)

    def as_dict(self) -> dict[str, Any]:
        share = self.decided_at_window_share
        return {
            **asdict(self),
            "decided_at_window_share": None if share is None else round(share, 4),
        }


@dataclass(frozen=True)
class Catalog:
    total: CatalogFigures
    departments: tuple[CatalogFigures, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.total.as_dict(),
            "departments": [d.as_dict() for d in self.departments],
        }


def catalog_figures() -> Catalog:
    """Items by kind and the share decided at the window, per department and in all."""
    at_window = (Item.kind == "immediate") | (Item.window_decides == True)  # noqa: E712
    query = (
        Item.select(
            Item.department,
            fn.COUNT(Item.id),
            _count_if(Item.kind == "promised"),
            _count_if(Item.kind == "immediate"),
            _count_if(Item.window_decides == True),  # noqa: E712
            _count_if(at_window),
        )
        .where(Item.current == True)  # noqa: E712
        .group_by(Item.department)
    )
    counts = {row[0]: row[1:] for row in query.tuples()}
    departments = tuple(
        CatalogFigures(d.name, *(counts[d.id]))
        for d in Department.select().order_by(Department.code)
        if d.id in counts
    )
    totals = [sum(column) for column in zip(*counts.values(), strict=True)] or [0] * 5
    return Catalog(total=CatalogFigures("", *totals), departments=departments)


def with_places(query: ModelSelect) -> ModelSelect:
    """A query of cases joined to where each belongs: its item, department, window (when
    it has one) and owner, for the lists that name them."""
    return (
        query.join(Item, on=(Case.item == Item.id))
        .switch(Case)
        .join(Department, on=(Case.department == Department.id))
        .switch(Case)
        .join(Window, on=(Case.window == Window.id), join_type=JOIN.LEFT_OUTER)
        .switch(Case)
        .join(Staff, on=(Case.owner == Staff.id))
    )
