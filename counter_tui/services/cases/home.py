"""What the home screen shows a signed-in staff member."""

from dataclasses import dataclass
from datetime import date, datetime

from counter_tui.domain.lifecycle import CaseState
from counter_tui.services.auth import StaffSession
from counter_tui.services.cases.queue import MINE, QueueLine, queue
from counter_tui.services.profile import centre_name
from counter_tui.store.database import change_mark
from counter_tui.store.models import Case, Department, Staff, Window, database_proxy, utc_now


@dataclass(frozen=True)
class HomeSummary:
    centre: str
    staff_name: str
    role: str
    department: str
    window_number: int | None
    window_phone: str
    clerk_a: str
    clerk_b: str
    on_duty: str
    on_duty_elsewhere: bool  # the window is served by its other clerk, not by this one
    open_cases: list[QueueLine]
    open_count: int
    drafts: int  # the clerk's own, left unfinished (after a restart too)


def _name(staff: Staff | None) -> str:
    return staff.name if staff is not None else ""


def home_summary(
    session: StaffSession, today: date, limit: int = 10, now: datetime | None = None
) -> HomeSummary:
    """The staff member's window and duty, the head of their queue (``queue``, scope
    ``mine``): their open cases, most urgent first; how many drafts they left (issue 21
    item 12)."""
    window = Window.get_or_none(Window.id == session.window_id) if session.window_id else None
    department = (
        Department.get_or_none(Department.id == session.department_id)
        if session.department_id
        else None
    )
    lines = queue(session, today, scope=MINE, limit=None, now=now)
    return HomeSummary(
        centre=centre_name(),
        staff_name=session.name,
        role=session.role,
        department=department.name if department else "",
        window_number=window.number if window else None,
        window_phone=window.phone if window else "",
        clerk_a=_name(window.clerk_a) if window else "",
        clerk_b=_name(window.clerk_b) if window else "",
        on_duty=_name(window.on_duty) if window else "",
        on_duty_elsewhere=window is not None and window.on_duty_id != session.staff_id,
        open_cases=lines[:limit],
        open_count=len(lines),
        drafts=Case.select()
        .where((Case.owner == session.staff_id) & (Case.state == CaseState.DRAFT.value))
        .count(),
    )


def home_mark(session: StaffSession, now: datetime | None = None) -> tuple[object, ...] | None:
    """What home's reading depends on, to compare before reading again (issue 17): the
    staff member, the database's change mark (``store.database.change_mark``) and the
    minute, for the lights and the lines that move with the clock. None where the engine
    keeps no mark (PostgreSQL): read again."""
    mark = change_mark(database_proxy)
    if mark is None:
        return None
    minute = (now or utc_now()).replace(second=0, microsecond=0)
    return session.staff_id, *mark, minute
