"""The register of key projects (docs/rules.md §23): a project is added, changed and
closed by an administrator or a chief representative (首席代表), in the TUI with their
session or on the command line naming who acts. Each value is checked as the centre's
own are (``domain/centre.py``), the company's code by GB 32100 (``domain/identifiers``);
each change is one write transaction with one event naming the project."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from counter_tui.domain.centre import check_name
from counter_tui.domain.errors import N_, DomainError, Label
from counter_tui.domain.identifiers import validate_uscc
from counter_tui.services.auth import StaffSession, active_staff, require_role
from counter_tui.services.cases.change import locked, moment
from counter_tui.services.centre.changes import apply_changes, given
from counter_tui.services.clock import to_local
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import KeyProject, Staff, database_proxy, storable_text

# Who keeps the register: the centre's administrators and the departments' chief
# representatives (the chiefs answer for the green channel at their windows).
KEEPERS = ("admin", "chief")
PROJECT_NAME = Label(N_("Project name"))
COMPANY = Label(N_("Company"))
LEVEL = Label(N_("Level"))
LEADER = Label(N_("Leader"))


@dataclass(frozen=True)
class KeyProjectView:
    """A key project as lists, boards and the progress table show it; times are local."""

    id: int
    name: str
    company: str
    uscc: str
    level: str
    liaison_code: str
    liaison: str  # the liaison's name (结对挂钩)
    leader: str
    created_by: str  # a name
    created_at: datetime
    closed_on: date | None

    @property
    def open(self) -> bool:
        return self.closed_on is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "company": self.company,
            "uscc": self.uscc,
            "level": self.level,
            "liaison": self.liaison_code,
            "liaison_name": self.liaison,
            "leader": self.leader,
            "created_by": self.created_by,
            "created_at": self.created_at.isoformat(timespec="minutes"),
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
        }


def project_view(project: KeyProject) -> KeyProjectView:
    return KeyProjectView(
        id=project.id,
        name=project.name,
        company=project.company,
        uscc=project.uscc,
        level=project.level,
        liaison_code=project.liaison.code,
        liaison=project.liaison.name,
        leader=project.leader,
        created_by=project.created_by.name,
        created_at=to_local(project.created_at),
        closed_on=project.closed_on,
    )


def find_project(project: int | str, lock: bool = False) -> KeyProject:
    """The project named ``project`` (as the register keeps names: blanks collapsed), or
    with that id; ServiceError when there is none. ``lock`` takes its row lock."""
    name = " ".join(storable_text(str(project)).split())
    query = KeyProject.select().where(KeyProject.name == name)
    by_id = name.isascii() and name.isdigit() and len(name) < 10  # an id, within INTEGER
    if isinstance(project, int) or (by_id and not query.exists()):
        query = KeyProject.select().where(KeyProject.id == int(name))
    row = (locked(query) if lock else query).first()
    if row is None:
        raise ServiceError("project.unknown", N_("No key project is named {name}"), name=name)
    return row


def open_project(project: int | str) -> KeyProject:
    """``find_project``'s project, locked, when it is still open; ServiceError once it
    is closed (it takes no new cases)."""
    row = find_project(project, lock=True)
    if row.closed_on is not None:
        raise ServiceError(
            "project.closed",
            N_("Key project {name} was closed on {day}"),
            name=row.name,
            day=row.closed_on.isoformat(),
        )
    return row


def _keeper(session: StaffSession | None, by: str | None) -> tuple[Staff, Staff | None]:
    """Who acts on the register, and the staff member its event names: the session's
    administrator or chief representative (read again: a role changed since signing in
    counts); on the command line (``session`` None) the one ``by`` names, whom the
    project records but the event does not (the command line's authority)."""
    if session is not None:
        require_role(session, *KEEPERS)
        staff = active_staff(session)
        if staff.role not in KEEPERS:
            raise PermissionDenied(
                "project.keeper",
                N_("Only an administrator or a chief representative keeps the key projects"),
            )
        return staff, staff
    staff = Staff.get_or_none(Staff.code == str(by or "").strip())
    if staff is None or not staff.active or staff.role not in KEEPERS:
        raise ServiceError(
            "project.by",
            N_(
                "Who acts on the key projects is an active administrator or chief "
                "representative: {code} is not"
            ),
            code=by or "—",
        )
    return staff, None


def _uscc(text: str) -> str:
    try:
        return validate_uscc(text)
    except DomainError as problem:
        raise ServiceError(
            "project.uscc",
            N_("The company's unified social credit code: {problem}"),
            problem=problem,
        ) from None


def _liaison(code: str) -> Staff:
    """The staff member paired with the project (结对挂钩): an active account."""
    staff = Staff.get_or_none(Staff.code == str(code).strip())
    if staff is None or not staff.active:
        raise ServiceError(
            "project.liaison",
            N_("The liaison is an active staff member: no active account has the code {code}"),
            code=code,
        )
    return staff


def _check_name_free(name: str, project_id: int | None = None) -> None:
    taken = KeyProject.select().where(KeyProject.name == name)
    if project_id is not None:
        taken = taken.where(KeyProject.id != project_id)
    if taken.exists():
        raise ServiceError(
            "project.name_taken", N_("A key project is already named {name}"), name=name
        )


def _event(
    kind: str, staff: Staff | None, keeper: Staff, data: dict[str, Any], at: datetime
) -> None:
    if staff is None:  # the command line: who registers it is data, not the event's author
        data["by"] = keeper.code
    append_event(kind, staff=staff, data=data, at=at)


def add_project(
    session: StaffSession | None,
    *,
    name: str,
    company: str,
    uscc: str,
    level: str,
    liaison: str,
    leader: str = "",
    by: str | None = None,
    at: datetime | None = None,
) -> KeyProjectView:
    """A new key project: its name (unique), the company and its credit code, its level
    (市重点, 省重点…), the liaison's staff code and the leader in charge (free text)."""
    values = {
        "name": check_name(name, PROJECT_NAME),
        "company": check_name(company, COMPANY),
        "uscc": _uscc(uscc),
        "level": check_name(level, LEVEL),
        "leader": check_name(leader, LEADER, required=False),
    }
    with write_transaction(database_proxy):
        keeper, staff = _keeper(session, by)
        when = moment(at)
        _check_name_free(values["name"])
        project = KeyProject.create(
            **values, liaison=_liaison(liaison), created_by=keeper, created_at=when.at
        )
        data = {"key_project": project.id, **values, "liaison": project.liaison.code}
        _event("key_project_added", staff, keeper, data, when.at)
        return project_view(project)


def set_project(
    session: StaffSession | None,
    project: int | str,
    *,
    name: str | None = None,
    company: str | None = None,
    uscc: str | None = None,
    level: str | None = None,
    liaison: str | None = None,
    leader: str | None = None,
    by: str | None = None,
    at: datetime | None = None,
) -> KeyProjectView:
    """Change what is given (None: as it is); a closed project's record too."""
    values = given(
        name=None if name is None else check_name(name, PROJECT_NAME),
        company=None if company is None else check_name(company, COMPANY),
        uscc=None if uscc is None else _uscc(uscc),
        level=None if level is None else check_name(level, LEVEL),
        leader=None if leader is None else check_name(leader, LEADER, required=False),
    )
    with write_transaction(database_proxy):
        keeper, staff = _keeper(session, by)
        row = find_project(project, lock=True)
        if "name" in values:
            _check_name_free(values["name"], row.id)
        if liaison is not None:
            values["liaison"] = _liaison(liaison)
        changed = apply_changes(row, values)
        if changed:
            row.save()
            data = {"key_project": row.id, "changed": changed}
            _event("key_project_set", staff, keeper, data, moment(at).at)
        return project_view(row)


def close_project(
    session: StaffSession | None,
    project: int | str,
    *,
    by: str | None = None,
    at: datetime | None = None,
) -> KeyProjectView:
    """Close the project today (the centre's day): it takes no more cases, and its cases
    no longer go first in the queues. Its board and progress table stay."""
    with write_transaction(database_proxy):
        keeper, staff = _keeper(session, by)
        row = open_project(project)
        when = moment(at)
        row.closed_on = when.today
        row.save()
        data = {"key_project": row.id, "closed_on": row.closed_on}
        _event("key_project_closed", staff, keeper, data, when.at)
        return project_view(row)


def is_liaison(staff_id: int) -> bool:
    """Whether the staff member is paired with a key project (结对挂钩), open or closed."""
    return KeyProject.select().where(KeyProject.liaison == staff_id).exists()
