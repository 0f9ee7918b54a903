"""The demo's supervision orders (督办, docs/rules.md §22), issued and answered through the
services: 规划's chief representative orders progress on two open cases of the
department's clerks — one answered in time, waiting for the chief to close it; one
without a reply past its reply-by day, red on its clerk's home screen and in the daily
overdue report."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from counter_tui.domain.calendar import WorkCalendar
from counter_tui.domain.lifecycle import CaseState
from counter_tui.services.auth import session_of
from counter_tui.services.calendar import load_calendar
from counter_tui.services.clock import centre_timezone, to_stored
from counter_tui.services.supervision.issuing import issue_order
from counter_tui.services.supervision.replies import reply
from counter_tui.services.supervision.targets import Target
from counter_tui.store.models import Case, Department, Event, Staff

# Cases whose work runs at the window or in the back office: what a chief chases.
RUNNING = (CaseState.ACCEPTED.value, CaseState.IN_REVIEW.value, CaseState.SUSPENDED.value)
# (working days before today it was issued, its reply-by period, the reason, what is
# expected, and the reply: (working days before today, progress) or None).
ORDERS = (
    (
        4,
        3,
        "企业反映规划许可审批进度不明，请说明办理情况",
        "3个工作日内书面回复审查进度及预计办结时间",
        (2, "已完成技术审查，审查意见已反馈企业，预计下周办结"),
    ),
    (
        3,
        2,
        "该件受理后长时间无进展，群众来电催办",
        "2个工作日内说明原因并提出办结时限",
        None,
    ),
)


def working_day_at(calendar: WorkCalendar, today: date, working_days: int, hour: int) -> datetime:
    """``hour`` o'clock (stored UTC) on the working day ``working_days`` before ``today``."""
    day = today
    while working_days > 0 or not calendar.is_workday(day):
        day -= timedelta(days=1)
        working_days -= calendar.is_workday(day)
    return to_stored(datetime.combine(day, time(hour)), centre_timezone())


def _quiet_since(case: Case, at: datetime) -> bool:
    """Nothing happened to the case after ``at``: its timeline reads in order."""
    last = Event.select(Event.at).where(Event.case == case).order_by(Event.id.desc()).scalar()
    return last is not None and last < at


def write_supervision(today: date) -> None:
    """Issue the demo's orders on the first fitting cases by number: the orders take no
    draw of the history's random sequence. Fewer when a small demo has fewer such cases."""
    chief = Staff.get_or_none((Staff.code == "ghchief") & Staff.active)
    if chief is None:
        return
    calendar = load_calendar()
    clerks = Staff.select(Staff.id).where(Staff.role == "clerk")
    candidates = list(
        Case.select()
        .join(Department)
        .where((Department.code == "GH") & Case.state.in_(RUNNING) & Case.owner.in_(clerks))
        .order_by(Case.number)
    )
    for back, reply_days, reason, expected, answer in ORDERS:
        issued = working_day_at(calendar, today, back, 10)
        case = next((c for c in candidates if _quiet_since(c, issued)), None)
        if case is None:
            return
        candidates.remove(case)
        target = Target.case(case.number)
        number = issue_order(session_of(chief), target, reason, expected, reply_days, issued)
        if answer is not None:
            back, progress = answer
            at = working_day_at(calendar, today, back, 15)
            reply(session_of(case.owner), number, progress, at=at)
