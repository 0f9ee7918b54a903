"""The centre's departments, administered (docs/rules.md §17): listed, added and changed by
an administrator, or by the command line with the authority of whoever can open the
database. Every change is one event naming who made it."""

from __future__ import annotations

from dataclasses import dataclass

from counter_tui.domain.centre import (
    APPROVER_ROLES,
    check_department_code,
    check_name,
    check_short_name,
)
from counter_tui.domain.errors import N_, Label
from counter_tui.services.auth import StaffSession, acting_admin
from counter_tui.services.centre.changes import apply_changes, given
from counter_tui.services.errors import ServiceError
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import Case, Department, Item, Staff, database_proxy

FULL_NAME = Label(N_("Full name of the organ"))
RECONSIDERATION_BODY = Label(N_("Reconsideration body"))
DELEGATION = Label(N_("Delegation"))


@dataclass(frozen=True)
class DepartmentLine:
    code: str
    name: str  # the organ's full name, on decisions and the seal line
    short_name: str  # in document numbers
    reconsideration_body: str  # empty: the centre's
    chief_signs_refusals: bool
    delegation: str
    approvers: tuple[str, ...]  # the codes of its active chief and deputies


def department_by_code(code: str) -> Department:
    department = Department.get_or_none(Department.code == str(code).strip().upper())
    if department is None:
        raise ServiceError("department.unknown", N_("No department has the code {code}"), code=code)
    return department


def list_departments() -> list[DepartmentLine]:
    approvers: dict[int, list[str]] = {}
    for staff in (
        Staff.select()
        .where(Staff.active & Staff.role.in_(APPROVER_ROLES))
        .order_by(Staff.role, Staff.code)  # the chief before the deputies
    ):
        approvers.setdefault(staff.department_id, []).append(staff.code)
    return [
        DepartmentLine(
            code=row.code,
            name=row.name,
            short_name=row.short_name,
            reconsideration_body=row.reconsideration_body,
            chief_signs_refusals=row.chief_signs_refusals,
            delegation=row.delegation,
            approvers=tuple(approvers.get(row.id, ())),
        )
        for row in Department.select().order_by(Department.code)
    ]


def _check_unique(department: Department) -> None:
    others = Department.select()
    if department.id is not None:
        others = others.where(Department.id != department.id)
    if others.where(Department.code == department.code).exists():
        raise ServiceError(
            "department.code_taken",
            N_("Another department has the code {code}"),
            code=department.code,
        )
    if others.where(Department.short_name == department.short_name).exists():
        raise ServiceError(
            "department.short_name_taken",
            N_("Another department has the short name {name}"),
            name=department.short_name,
        )


def _text(value: str | None, field: Label) -> str | None:
    return None if value is None else check_name(value, field, required=False)


def add_department(
    session: StaffSession | None,
    code: str,
    name: str,
    short_name: str,
    *,
    reconsideration_body: str = "",
    delegation: str = "",
    chief_signs_refusals: bool = False,
) -> DepartmentLine:
    """A new department; its code and short name are the centre's only one of each."""
    department = Department(
        code=check_department_code(code),
        name=check_name(name, FULL_NAME),
        short_name=check_short_name(short_name),
        reconsideration_body=_text(reconsideration_body, RECONSIDERATION_BODY),
        delegation=_text(delegation, DELEGATION),
        chief_signs_refusals=bool(chief_signs_refusals),
    )
    with write_transaction(database_proxy):
        admin = acting_admin(session)
        _check_unique(department)
        department.save()
        data = {
            field: getattr(department, field)
            for field in (
                "code",
                "name",
                "short_name",
                "reconsideration_body",
                "delegation",
                "chief_signs_refusals",
            )
        }
        append_event("department_added", staff=admin, data=data)
    return _line(department.code)


def set_department(
    session: StaffSession | None,
    code: str,
    *,
    new_code: str | None = None,
    name: str | None = None,
    short_name: str | None = None,
    reconsideration_body: str | None = None,
    delegation: str | None = None,
    chief_signs_refusals: bool | None = None,
) -> DepartmentLine:
    """Change what is given (None: as it is). The code cannot change once the department
    has items or cases: their case numbers carry it."""
    values = given(
        code=None if new_code is None else check_department_code(new_code),
        name=None if name is None else check_name(name, FULL_NAME),
        short_name=None if short_name is None else check_short_name(short_name),
        reconsideration_body=_text(reconsideration_body, RECONSIDERATION_BODY),
        delegation=_text(delegation, DELEGATION),
        chief_signs_refusals=chief_signs_refusals,
    )
    with write_transaction(database_proxy):
        admin = acting_admin(session)
        department = department_by_code(code)
        old_code = department.code
        changed = apply_changes(department, values)
        if not changed:
            return _line(department.code)
        if "code" in changed and (
            Item.select().where(Item.department == department).exists()
            or Case.select().where(Case.department == department).exists()
        ):
            raise ServiceError(
                "department.code_in_use",
                N_(
                    "The code of {department} cannot change: it has items or cases, "
                    "and case numbers carry the code"
                ),
                department=department.name,
            )
        _check_unique(department)
        department.save()
        append_event(
            "department_set", staff=admin, data={"department": old_code, "changed": changed}
        )
    return _line(department.code)


def _line(code: str) -> DepartmentLine:
    return next(line for line in list_departments() if line.code == code)
