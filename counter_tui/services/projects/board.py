"""A key project's progress board (docs/rules.md §23): every case linked to it, across
departments, with its state, its two clocks, its light and what it waits for next; and
the list of projects with their counts and their worst light.

The clocks are the queue's and the case detail's (``cases/deadlines.py``): an open case's
light is the queue's (``clock_light``: the days' limit once accepted, the review's hours
while received); a closed case's clocks are read as of the day it closed
(``detail.clock_day``), and a decided one says whether it kept its limit. The board reads
with no session: it names cases and items, no applicant."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from peewee import JOIN, fn

from counter_tui.domain.deadlines import CaseClocks, Light
from counter_tui.domain.lifecycle import OPEN_STATES, CaseState
from counter_tui.domain.review_promise import ReviewClock
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.deadlines import DeadlineClock, clock_changes, item_limits
from counter_tui.services.cases.detail import clock_day
from counter_tui.services.cases.queue import clock_light
from counter_tui.services.cases.review import ReviewClocks
from counter_tui.services.profile import centre_name
from counter_tui.services.projects.register import KeyProjectView, find_project, project_view
from counter_tui.services.projects.steps import NextStep, next_step
from counter_tui.store.models import (
    BundleCase,
    Case,
    Department,
    Item,
    KeyProject,
    Staff,
    shared_now,
)

DECIDED = frozenset({CaseState.COMPLETED, CaseState.DENIED})
_WORSE = {Light.GREEN: 0, Light.YELLOW: 1, Light.RED: 2}


@dataclass(frozen=True)
class BoardLine:
    """One linked case as the board and the progress table show it."""

    number: str
    item_code: str
    item_name: str
    department: str
    department_short: str
    owner: str
    bundle_case: str  # the application (一件事) it is one item of; "" for a case alone
    state: CaseState
    received_on: date | None
    accepted_on: date | None
    completed_on: date | None
    # As of today while open, as of the day it closed once closed; None before acceptance.
    deadline: CaseClocks | None
    review: ReviewClock | None  # the review's hours while it is received (rules.md §19)
    light: Light | None  # an open case's; None once closed, or while no clock runs
    on_time: bool | None  # a decided case: decided by its due date
    next_step: NextStep | None

    @property
    def promised_due(self) -> date | None:
        promised = self.deadline.promised if self.deadline else None
        return promised.due.date if promised else None

    @property
    def legal_due(self) -> date | None:
        return self.deadline.legal.due.date if self.deadline else None

    @property
    def provisional(self) -> bool:
        """A due date rests on a year without an official calendar (暂定)."""
        return self.deadline is not None and self.deadline.provisional

    def as_dict(self) -> dict[str, Any]:
        def day(value: date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "number": self.number,
            "item_code": self.item_code,
            "item": self.item_name,
            "department": self.department,
            "owner": self.owner,
            "bundle_case": self.bundle_case or None,
            "state": self.state.value,
            "received_on": day(self.received_on),
            "accepted_on": day(self.accepted_on),
            "completed_on": day(self.completed_on),
            "promised_due": day(self.promised_due),
            "legal_due": day(self.legal_due),
            "provisional": self.provisional,
            "light": self.light.value if self.light else None,
            "on_time": self.on_time,
            "next_step": self.next_step.value if self.next_step else None,
        }


@dataclass(frozen=True)
class ProjectBoard:
    project: KeyProjectView
    centre: str  # the centre's name, for the printed table
    today: date
    lines: tuple[BoardLine, ...]  # by department, then case number

    def as_dict(self) -> dict[str, Any]:
        return {
            "project": self.project.as_dict(),
            "today": self.today.isoformat(),
            "cases": [line.as_dict() for line in self.lines],
        }


@dataclass(frozen=True)
class ProjectLine:
    """A project in the list: how many cases it has, open and completed, and the worst
    light of its open cases (None when none runs, or when it is closed)."""

    project: KeyProjectView
    cases: int
    open_cases: int
    completed_cases: int
    worst_light: Light | None

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.project.as_dict(),
            "cases": self.cases,
            "open_cases": self.open_cases,
            "completed_cases": self.completed_cases,
            "worst_light": self.worst_light.value if self.worst_light else None,
        }


def _linked_lines(where: Any, today: date, now: datetime | None) -> list[tuple[int, BoardLine]]:
    """The cases ``where`` selects as board lines, each with its project's id: read in a
    few queries, whatever their number."""
    cases = list(
        Case.select(Case, Item, Department, Staff, BundleCase.number)
        .join(Item)
        .switch(Case)
        .join(Department)
        .switch(Case)
        .join(Staff, on=(Case.owner == Staff.id))
        .switch(Case)
        .join(BundleCase, JOIN.LEFT_OUTER, on=(Case.bundle_case == BundleCase.id), attr="bundle")
        .where(where)
    )
    # By department, then number, in Python: the engines' collations order names apart.
    cases.sort(key=lambda case: (case.department.name, case.number))
    clock = DeadlineClock(load_calendar())
    moved = clock_changes([case.id for case in cases if case.accepted_on is not None])
    reviews = ReviewClocks(now or shared_now())
    lines = []
    for case in cases:
        state = CaseState(case.state)
        deadline = None
        if case.accepted_on is not None:
            day = clock_day(case, today)
            limits = item_limits(case.item)
            deadline = clock.deadline(day, case.accepted_on, limits, *moved.of(case.id))
        review = None
        if state is CaseState.RECEIVED:
            review = reviews.of(case.item.review_hours, case.received_at, None)
        light = clock_light(deadline, review) if state in OPEN_STATES else None
        decided = state in DECIDED and deadline is not None and case.completed_on is not None
        line = BoardLine(
            number=case.number,
            item_code=case.item.code,
            item_name=case.item.name,
            department=case.department.name,
            department_short=case.department.short_name,
            owner=case.owner.name,
            bundle_case=case.bundle.number if case.bundle is not None else "",
            state=state,
            received_on=case.received_on,
            accepted_on=case.accepted_on,
            completed_on=case.completed_on,
            deadline=deadline,
            review=review,
            light=Light(light) if light else None,
            on_time=case.completed_on <= deadline.due.date if decided else None,
            next_step=next_step(
                state,
                delivered=case.delivered_on is not None,
                in_bundle=case.bundle_case_id is not None,
            ),
        )
        lines.append((case.key_project_id, line))
    return lines


def _projects() -> list[KeyProject]:
    liaison, creator = Staff.alias(), Staff.alias()
    return list(
        KeyProject.select(KeyProject, liaison, creator)
        .join(liaison, on=(KeyProject.liaison == liaison.id))
        .switch(KeyProject)
        .join(creator, on=(KeyProject.created_by == creator.id))
    )


def _listed(project: KeyProject) -> tuple[bool, int, str]:
    """The list's order: open before closed, the latest closed first, then by name."""
    closed = project.closed_on
    return (closed is not None, -closed.toordinal() if closed else 0, project.name)


def key_projects(today: date, now: datetime | None = None) -> list[ProjectLine]:
    """Every key project, the open ones first (by name), then the closed ones (the latest
    closed first); lights as of ``today`` and ``now`` (naive UTC: the review's hours)."""
    projects = _projects()
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    by_state = (
        Case.select(Case.key_project, Case.state, fn.COUNT(Case.id))
        .where(Case.key_project.is_null(False))
        .group_by(Case.key_project, Case.state)
        .tuples()
    )
    for project_id, state, count in by_state:
        counts[project_id][state] += count
    running = [project.id for project in projects if project.closed_on is None]
    open_states = sorted(state.value for state in OPEN_STATES)
    worst: dict[int, Light] = {}
    where = Case.key_project.in_(running) & Case.state.in_(open_states)
    for project_id, line in _linked_lines(where, today, now) if running else ():
        current = worst.get(project_id)
        if line.light is not None and (current is None or _WORSE[line.light] > _WORSE[current]):
            worst[project_id] = line.light
    projects.sort(key=_listed)
    return [
        ProjectLine(
            project=project_view(project),
            cases=sum(counts[project.id].values()),
            open_cases=sum(counts[project.id][state] for state in open_states),
            completed_cases=counts[project.id][CaseState.COMPLETED.value],
            worst_light=worst.get(project.id),
        )
        for project in projects
    ]


def project_board(project: int | str, today: date, now: datetime | None = None) -> ProjectBoard:
    """The project (by name or id) and every case linked to it, as of ``today`` and
    ``now`` (naive UTC, default the shared clock: the review's hours)."""
    row = find_project(project)
    lines = _linked_lines(Case.key_project == row.id, today, now)
    return ProjectBoard(
        project=project_view(row),
        centre=centre_name(),
        today=today,
        lines=tuple(line for _project, line in lines),
    )
