"""What the home screen shows a signed-in staff member."""

from dataclasses import dataclass
from datetime import date

from counter_tui.domain.identifiers import mask_id
from counter_tui.domain.lifecycle import OPEN_STATES, CaseState
from counter_tui.services.auth import StaffSession
from counter_tui.services.calendar import load_calendar
from counter_tui.services.centre import centre_name
from counter_tui.services.deadlines import CaseDeadline, case_deadline
from counter_tui.store.models import Case, Department, Item, Staff, Window

URGENCY = {"red": 0, "yellow": 1, "green": 2}


@dataclass(frozen=True)
class OpenCaseLine:
    number: str
    item_name: str
    applicant: str  # name and masked ID
    state: CaseState
    deadline: CaseDeadline | None


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
    open_cases: list[OpenCaseLine]
    open_count: int


def _name(staff: Staff | None) -> str:
    return staff.name if staff is not None else ""


def _urgency(line: OpenCaseLine) -> tuple[int, date]:
    if line.deadline is None:
        return (3, date.max)
    return (URGENCY[line.deadline.light.value], line.deadline.due.date)


def home_summary(session: StaffSession, today: date, limit: int = 10) -> HomeSummary:
    """The staff member's window and duty, and their open cases, most urgent first."""
    window = Window.get_or_none(Window.id == session.window_id) if session.window_id else None
    department = (
        Department.get_or_none(Department.id == session.department_id)
        if session.department_id
        else None
    )
    calendar = load_calendar()
    query = (
        Case.select(Case, Item)
        .join(Item)
        .where((Case.owner == session.staff_id) & (Case.state.in_([s.value for s in OPEN_STATES])))
    )
    lines = [
        OpenCaseLine(
            number=case.number,
            item_name=case.item.name,
            applicant=f"{case.applicant_name} {mask_id(case.applicant_id_number)}".strip(),
            state=CaseState(case.state),
            deadline=case_deadline(calendar, case, today),
        )
        for case in query
    ]
    lines.sort(key=_urgency)
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
        open_cases=lines[:limit],
        open_count=len(lines),
    )
