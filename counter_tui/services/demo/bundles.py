"""The demo's bundle cases (一件事, docs/rules.md §21), taken at the comprehensive window 8
by its clerk through the services, for the key project's company: the 建设项目开工一件事
under its combined one-time notice, waiting for the supplement; the 三案同审 accepted, its
landscape scheme already decided by 规划. Both serve the demo's key project. Written
after the history on working days before today, drawing nothing of its random sequence."""

from __future__ import annotations

from datetime import date, datetime

from counter_tui.domain.checklist import MaterialMark, MaterialStatus, Necessity
from counter_tui.domain.identifiers import resident_id_check_char
from counter_tui.services.auth import StaffSession, session_of
from counter_tui.services.bundles import intake
from counter_tui.services.calendar import load_calendar
from counter_tui.services.demo.key_project import PROJECT
from counter_tui.services.demo.supervision import working_day_at
from counter_tui.services.projects.links import link_bundle_case
from counter_tui.services.tracking import progress
from counter_tui.store.models import BundleCase, Case, Item, Staff, Window

_AGENT_ID = "33010619850615023"
APPLICANT = {
    "kind": "organisation",
    "name": PROJECT["company"],
    "id_type": "uscc",
    "id_number": PROJECT["uscc"],
    "phone": "0571-86901234",
    "address": "示范市示范新区锦华路8号",
    "agent_name": "陈志远",
    "agent_id_type": "resident_id",
    "agent_id_number": _AGENT_ID + resident_id_check_char(_AGENT_ID),
}
# The 开工 bundle's papers not handed over: the plot's survey map of GH-001, and the land-use
# planning permit GH-002 asks for, which its first stage has yet to give.
MISSING = ("建设项目用地勘测定界图（宗地图）", "建设用地规划许可证")
DECIDED = "GH-011"  # the 三案同审's landscape scheme, decided first


def write_bundles(today: date) -> None:
    window = Window.get_or_none(Window.comprehensive)
    clerk = Staff.get_or_none(Staff.id == window.clerk_a_id) if window is not None else None
    if clerk is None:  # a centre file without a comprehensive window: no bundles
        return
    calendar = load_calendar()
    desk = session_of(clerk)
    liaison = session_of(Staff.get(Staff.code == PROJECT["liaison"]))

    taken = working_day_at(calendar, today, 2, 9)
    opening = _take(desk, "YJS-001", taken, MISSING)
    intake.issue_bundle_notice(desk, opening, at=taken)
    link_bundle_case(liaison, opening, PROJECT["name"], at=working_day_at(calendar, today, 2, 10))

    taken = working_day_at(calendar, today, 6, 10)
    schemes = _take(desk, "YJS-002", taken, ())
    intake.accept_bundle(desk, schemes, at=taken)
    link_bundle_case(liaison, schemes, PROJECT["name"], at=working_day_at(calendar, today, 6, 11))
    _decide(schemes, working_day_at(calendar, today, 1, 15))


def _take(desk: StaffSession, code: str, at: datetime, missing: tuple[str, ...]) -> str:
    """A bundle case with the applicant entered and every line checked: the ``missing``
    ones missing, the conditional ones not applicable, the rest provided."""
    number = intake.start_bundle_case(desk, code, at=at)
    intake.update_bundle_applicant(desk, number, APPLICANT, at=at)
    marks = {}
    for line in intake.bundle_checklist(desk, number):
        if line.name in missing:
            marks[line.key] = MaterialMark(MaterialStatus.MISSING)
        elif line.line.necessity is Necessity.CONDITIONAL:
            marks[line.key] = MaterialMark(MaterialStatus.NOT_APPLICABLE)
    intake.mark_bundle(desk, number, marks, at=at)
    intake.mark_bundle_remaining_provided(desk, number, at=at)
    return number


def _decide(number: str, at: datetime) -> None:
    """规划 decides the bundle's landscape scheme: granted, its result kept for the
    bundle's delivery together (统一出件)."""
    bundle_case = BundleCase.get(BundleCase.number == number)
    case = (
        Case.select()
        .join(Item)
        .where((Case.bundle_case == bundle_case) & (Item.code == DECIDED))
        .get()
    )
    owner = session_of(Staff.get_by_id(case.owner_id))
    progress.complete(owner, case.number, progress.Delivery.WITH_BUNDLE, at=at)
