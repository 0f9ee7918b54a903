"""The daily overdue report (超时通报): the open cases whose light is red or yellow today,
each red one saying which limit ran out (the promised or the legal one), by department
and window, with masked ID numbers (docs/architecture.md §3.4), for the screen (F6 `p`),
`counter-tui report overdue` and its printed PDF; the materials reviews past their promise
in hours (review_misses.py); the consultations past their answer time
(``services/reports/consultations.py``: open past it, or answered late that day); and the
supervision orders without a reply past their reply-by day (督办, docs/rules.md §22); the
差评 whose follow-up (回访) is open past its day (docs/rules.md §11)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from counter_tui.domain.deadlines import Light, Limit
from counter_tui.domain.identifiers import mask_id
from counter_tui.services.auth import StaffSession
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.access import Act, record_access
from counter_tui.services.cases.deadlines import (
    LIMIT_COLUMNS,
    DeadlineClock,
    clock_changes,
    limits_of,
)
from counter_tui.services.cases.follow_ups import FollowUp, overdue_follow_ups
from counter_tui.services.profile import centre_name
from counter_tui.services.reports.consultations import OverdueConsultation, overdue_consultations
from counter_tui.services.reports.figures import (
    CENTRE,
    RECEIVED_OPEN,
    ReportScope,
    with_places,
)
from counter_tui.services.reports.review_misses import ReviewMiss, review_misses
from counter_tui.services.supervision.reading import OrderLine, overdue_orders
from counter_tui.store.database import write_transaction
from counter_tui.store.events import anchor_chain
from counter_tui.store.models import Case, Department, Item, Staff, Window, database_proxy


@dataclass(frozen=True)
class OverdueLine:
    department: str
    window: int | None
    number: str
    item: str
    applicant_id: str  # masked (docs/architecture.md §3.4)
    owner: str
    due: date  # of the limit the line is about: the one missed, else the light's
    legal_due: date
    provisional: bool
    light: Light  # red: overdue; yellow: YELLOW_DAYS working days or fewer left
    days: int  # working days overdue (red) or left (yellow)
    missed: Limit | None  # red: the limit that ran out, the legal one before the promise


@dataclass(frozen=True)
class ChainHead:
    """The event chain's last event when the report was made, recorded as an anchor and
    printed on the report: a copy out of reach of the database (docs/architecture.md
    §2.6)."""

    event_id: int
    hash: str


@dataclass(frozen=True)
class OverdueReport:
    today: date
    centre: str
    scope: ReportScope
    lines: tuple[OverdueLine, ...]
    chain: ChainHead | None = None
    # The hour-level misses: reviews past the item's promise in hours (docs/rules.md §19).
    reviews: tuple[ReviewMiss, ...] = ()
    consultations: tuple[OverdueConsultation, ...] = ()
    supervision: tuple[OrderLine, ...] = ()  # orders past their reply-by day, unanswered
    # 差评 whose follow-up (回访) is open past its day (docs/rules.md §11).
    follow_ups: tuple[FollowUp, ...] = ()

    @property
    def red(self) -> int:
        return sum(1 for line in self.lines if line.light is Light.RED)

    @property
    def yellow(self) -> int:
        return sum(1 for line in self.lines if line.light is Light.YELLOW)

    def groups(self) -> list[tuple[str, int | None, int, int]]:
        """(department, window, red, yellow) in the order of the lines."""
        counts: dict[tuple[str, int | None], list[int]] = {}
        for line in self.lines:
            tally = counts.setdefault((line.department, line.window), [0, 0])
            tally[0 if line.light is Light.RED else 1] += 1
        return [(dept, window, red, yellow) for (dept, window), (red, yellow) in counts.items()]

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "scope": self.scope.label or None,
            "chain": asdict(self.chain) if self.chain else None,
            "red": self.red,
            "yellow": self.yellow,
            "groups": [
                {"department": d, "window": w, "red": r, "yellow": y}
                for d, w, r, y in self.groups()
            ],
            "cases": [
                {
                    **asdict(line),
                    "due": line.due.isoformat(),
                    "legal_due": line.legal_due.isoformat(),
                    "light": line.light.value,
                    "missed": line.missed.value if line.missed else None,
                }
                for line in self.lines
            ],
            "consultations": [line.as_dict() for line in self.consultations],
            "supervision_orders": [line.as_dict() for line in self.supervision],
            "rating_follow_ups": [line.as_dict() for line in self.follow_ups],
            "reviews": [
                {
                    **asdict(miss),
                    "received_at": miss.received_at.isoformat(timespec="minutes"),
                    "due": miss.due.isoformat(timespec="minutes"),
                    "reviewed_at": miss.reviewed_at.isoformat(timespec="minutes")
                    if miss.reviewed_at
                    else None,
                }
                for miss in self.reviews
            ],
        }


def overdue_report(today: date | None = None, scope: ReportScope = CENTRE) -> OverdueReport:
    """The open cases whose light is red or yellow today, by department and window, the
    most overdue first within each window."""
    from counter_tui.services.clock import local_today

    today = today or local_today()
    clock = DeadlineClock(load_calendar())
    query = Case.select(
        Case.id,
        Case.number,
        Case.accepted_on,
        Case.applicant_id_number,
        *LIMIT_COLUMNS,
        Item.name,
        Department.code,
        Department.name,
        Window.number,
        Staff.name,
    )
    query = with_places(query).where(
        Case.state.in_(RECEIVED_OPEN) & Case.accepted_on.is_null(False)
    )
    if (where := scope.where()) is not None:
        query = query.where(where)
    rows = list(query.tuples())
    clocks = clock_changes([row[0] for row in rows])
    lines: list[tuple[Any, OverdueLine]] = []
    for (
        case_id,
        number,
        accepted_on,
        id_number,
        promised,
        legal,
        unit,
        item,
        code,
        dept,
        window,
        owner,
    ) in rows:
        extension_days, stops = clocks.of(case_id)
        limits = limits_of(promised, legal, unit)
        deadline = clock.deadline(today, accepted_on, limits, extension_days, stops)
        missed = deadline.missed
        if deadline.light is Light.GREEN and missed is None:
            continue
        late = deadline.legal if missed is Limit.LEGAL else deadline.followed
        line = OverdueLine(
            department=dept,
            window=window,
            number=number,
            item=item,
            applicant_id=mask_id(id_number),
            owner=owner,
            due=late.due.date,
            legal_due=deadline.legal.due.date,
            provisional=late.due.provisional,
            light=Light.RED if missed else deadline.light,
            days=abs(late.remaining),
            missed=missed,
        )
        order = (code, window or 0, missed is None, late.due.date, number)
        lines.append((order, line))
    lines.sort(key=lambda pair: pair[0])
    consultations = overdue_consultations(today, scope.staff_id, scope.department_id)
    with write_transaction(database_proxy):
        anchor = anchor_chain("overdue_report")
    return OverdueReport(
        today=today,
        centre=centre_name(),
        scope=scope,
        lines=tuple(line for _o, line in lines),
        chain=ChainHead(anchor.last_event_id, anchor.hash) if anchor else None,
        consultations=consultations,
        reviews=review_misses(today, scope),
        supervision=overdue_orders(today, scope.staff_id, scope.department_id),
        follow_ups=tuple(overdue_follow_ups(today, scope.staff_id, scope.department_id)),
    )


def record_overdue(
    session: StaffSession | None, report: OverdueReport, act: Act, file: str
) -> OverdueReport:
    """``report``, recorded as printed or exported before it goes out
    (docs/architecture.md §3.7)."""
    record_access(
        session,
        act,
        "overdue_report",
        cases=[line.number for line in report.lines] + [miss.number for miss in report.reviews],
        file=file,
        selection={"day": report.today, "scope": report.scope.label},
    )
    return report
