"""What a supervision order is on (docs/rules.md §22): a case, a bundle case or a key
project, found by the key a person gives (a case's or bundle case's number, a project's
id), with what the order needs to know of it — which departments' work it is, who holds
it now (and so answers the order), whether it is still open, and its name in a list."""

from __future__ import annotations

from dataclasses import dataclass

from counter_tui.domain.errors import N_, Label
from counter_tui.domain.lifecycle import OPEN_STATES, STATE_LABELS, CaseState
from counter_tui.domain.supervision import TargetKind
from counter_tui.services.cases.change import get_case, locked
from counter_tui.services.errors import ServiceError
from counter_tui.store.models import (
    Bundle,
    BundleCase,
    Case,
    KeyProject,
    Staff,
    SupervisionOrder,
)

OPEN_CASE_STATES = tuple(s.value for s in OPEN_STATES if s is not CaseState.DRAFT)


@dataclass(frozen=True)
class Target:
    """What an order is to be issued on, as the caller names it."""

    kind: TargetKind
    key: str | int  # the case's or the bundle case's number; the key project's id

    @classmethod
    def case(cls, number: str) -> Target:
        return cls(TargetKind.CASE, number)

    @classmethod
    def bundle_case(cls, number: str) -> Target:
        return cls(TargetKind.BUNDLE_CASE, number)

    @classmethod
    def key_project(cls, project_id: int) -> Target:
        return cls(TargetKind.KEY_PROJECT, project_id)


@dataclass(frozen=True)
class Held:
    """A target found: its row, who holds it now, the departments whose work it is, and
    its name and subject for lists (a case's number and item, a bundle case's number and
    bundle, a project's name and company)."""

    kind: TargetKind
    row: Case | BundleCase | KeyProject
    holder: Staff
    departments: frozenset[int]
    label: str
    subject: str

    def order_columns(self) -> dict[str, Case | BundleCase | KeyProject]:
        """The order's column for this target (``case``, ``bundle_case`` or
        ``key_project``); the other two stay NULL."""
        return {self.kind.value: self.row}


def _blankless(text: str) -> str:
    return "".join(str(text).split())


def _case(case: Case) -> Held:
    return Held(
        TargetKind.CASE,
        case,
        case.owner,
        frozenset({case.department_id}),
        case.number,
        case.item.name,
    )


def _cases_of_bundle(bundle_case: BundleCase) -> list[Case]:
    return list(Case.select().where(Case.bundle_case == bundle_case.id))


def _bundle_case(number: str, lock: bool) -> Held:
    text = _blankless(number)
    query = BundleCase.select().where(BundleCase.number.in_([text, text.upper()]))
    row = (locked(query) if lock else query).first()
    if row is None:
        raise ServiceError(
            "supervision.no_bundle_case", N_("No bundle case numbered {number}"), number=text
        )
    bundle = Bundle.get_by_id(row.bundle_id)
    departments = frozenset(case.department_id for case in _cases_of_bundle(row))
    return Held(TargetKind.BUNDLE_CASE, row, row.owner, departments, row.number, bundle.name)


def _project_cases(project: KeyProject) -> list[Case]:
    """The project's cases: linked to it, or items of a bundle case linked to it."""
    bundled = BundleCase.select(BundleCase.id).where(BundleCase.key_project == project.id)
    return list(
        Case.select().where((Case.key_project == project.id) | Case.bundle_case.in_(bundled))
    )


def _key_project(key: str | int, lock: bool) -> Held:
    ident = int(key) if isinstance(key, int) or str(key).strip().isdigit() else 0
    query = KeyProject.select().where(KeyProject.id == ident)
    row = (locked(query) if lock else query).first()
    if row is None:
        raise ServiceError(
            "supervision.no_key_project", N_("There is no key project {id}"), id=str(key)
        )
    departments = frozenset(case.department_id for case in _project_cases(row))
    return Held(TargetKind.KEY_PROJECT, row, row.liaison, departments, row.name, row.company)


def find_target(target: Target, lock: bool = False) -> Held:
    """The target named; ServiceError when there is none. ``lock`` takes its row lock
    where the engine has one."""
    if target.kind is TargetKind.CASE:
        return _case(get_case(str(target.key), lock=lock))
    if target.kind is TargetKind.BUNDLE_CASE:
        return _bundle_case(str(target.key), lock)
    return _key_project(target.key, lock)


def target_of(order: SupervisionOrder) -> Held:
    """What ``order`` is on, as it stands now."""
    if order.case_id is not None:
        return _case(get_case(Case.get_by_id(order.case_id).number))
    if order.bundle_case_id is not None:
        return _bundle_case(BundleCase.get_by_id(order.bundle_case_id).number, False)
    return _key_project(order.key_project_id, False)


def check_open(held: Held) -> None:
    """An order is issued on work still open: a received case not yet decided, refused or
    withdrawn; a bundle case not yet delivered with a case still open; a key project not
    closed. ServiceError ``supervision.finished`` otherwise."""
    row = held.row
    if isinstance(row, Case) and row.state not in OPEN_CASE_STATES:
        raise ServiceError(
            "supervision.finished",
            N_("Case {number} is {state}: a supervision order is issued on open work only"),
            number=row.number,
            state=Label(STATE_LABELS[CaseState(row.state)]),
        )
    if isinstance(row, BundleCase) and (
        row.delivered_on is not None
        or not any(case.state in OPEN_CASE_STATES for case in _cases_of_bundle(row))
    ):
        raise ServiceError(
            "supervision.finished",
            N_("Bundle case {number} is finished: a supervision order is issued on open work only"),
            number=row.number,
        )
    if isinstance(row, KeyProject) and row.closed_on is not None:
        raise ServiceError(
            "supervision.finished",
            N_("Key project {name} is closed: a supervision order is issued on open work only"),
            name=row.name,
        )
