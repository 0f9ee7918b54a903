"""Cases and bundle cases linked to a key project (docs/rules.md §23), at intake or later:
by the clerk who owns the case (or took the bundle case), or by any chief representative
or administrator. A bundle case is linked whole: the bundle case and every case of it
(each case of a bundle moves with its bundle, never alone). A closed project takes no new
links; unlinking stays possible, to mend a mistake. Each change is one write transaction
with an event on every case it touches. ``linkable_projects`` and ``linked_project`` are
what a screen's picker reads first: the open projects, and what a case or bundle case
serves now."""

from __future__ import annotations

from datetime import datetime

from counter_tui.domain.errors import N_
from counter_tui.services.auth import StaffSession, active_staff, check_session
from counter_tui.services.cases.change import get_case, locked, moment, normalise_case_number
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.services.projects.register import (
    KEEPERS,
    KeyProjectView,
    open_project,
    project_view,
)
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import BundleCase, Case, KeyProject, Staff, database_proxy


def _linker(session: StaffSession, owner_id: int, number: str) -> Staff:
    """The staff member linking ``number``: its owner, or a keeper of the register of any
    department (the role read again: a change since signing in counts)."""
    check_session(session)
    staff = active_staff(session)
    if staff.id != owner_id and staff.role not in KEEPERS:
        raise PermissionDenied(
            "project.link_who",
            N_(
                "Only the clerk who owns {number}, a chief representative or an "
                "administrator links it to a key project"
            ),
            number=number,
        )
    return staff


def _check_free(number: str, linked_id: int | None, project: KeyProject) -> None:
    """``number`` serves no project yet; one case serves one project."""
    if linked_id == project.id:
        raise ServiceError(
            "project.already_linked",
            N_("{number} is already linked to key project {name}"),
            number=number,
            name=project.name,
        )
    if linked_id is not None:
        raise ServiceError(
            "project.other_project",
            N_("{number} serves key project {name}: unlink it there first"),
            number=number,
            name=KeyProject.get_by_id(linked_id).name,
        )


def _linked_to(number: str, linked_id: int | None) -> KeyProject:
    if linked_id is None:
        raise ServiceError(
            "project.not_linked", N_("{number} is not linked to a key project"), number=number
        )
    return KeyProject.get_by_id(linked_id)


def _single(case: Case) -> None:
    if case.bundle_case_id is not None:
        raise ServiceError(
            "project.bundle_item",
            N_("{number} is one item of the application {bundle}: link or unlink that whole"),
            number=case.number,
            bundle=case.bundle_case.number,
        )


def _mark(
    cases: list[Case],
    project: KeyProject,
    linked: bool,
    staff: Staff,
    at: datetime,
    bundle: str = "",
) -> None:
    """Set or clear each case's project, with the event on the case."""
    kind = "key_project_linked" if linked else "key_project_unlinked"
    for case in cases:
        case.key_project = project.id if linked else None
        case.save()
        data = {"key_project": project.id, "project": project.name}
        if bundle:
            data["bundle"] = bundle  # its number ("bundle_case" is a draft's bundle case id)
        append_event(kind, case=case, staff=staff, data=data, at=at)


def linkable_projects(session: StaffSession) -> list[KeyProjectView]:
    """The open key projects, by name: what a case can be linked to now."""
    check_session(session)
    query = KeyProject.select().where(KeyProject.closed_on.is_null()).order_by(KeyProject.name)
    return [project_view(project) for project in query]


def linked_project(
    session: StaffSession, number: str, *, bundle: bool = False
) -> KeyProjectView | None:
    """The key project the case numbered ``number`` (with ``bundle``, the bundle case)
    serves, or None."""
    check_session(session)
    row = _bundle_case_row(number) if bundle else get_case(number)
    linked = row.key_project_id
    return None if linked is None else project_view(KeyProject.get_by_id(linked))


def link_case(
    session: StaffSession, case_number: str, project: int | str, *, at: datetime | None = None
) -> None:
    """Link one case to an open key project (a draft at intake, or any case later)."""
    with write_transaction(database_proxy):
        case = get_case(case_number, lock=True)
        staff = _linker(session, case.owner_id, case.number)
        _single(case)
        row = open_project(project)
        _check_free(case.number, case.key_project_id, row)
        _mark([case], row, True, staff, moment(at).at)


def unlink_case(session: StaffSession, case_number: str, *, at: datetime | None = None) -> None:
    """Take one case off its key project."""
    with write_transaction(database_proxy):
        case = get_case(case_number, lock=True)
        staff = _linker(session, case.owner_id, case.number)
        _single(case)
        row = _linked_to(case.number, case.key_project_id)
        _mark([case], row, False, staff, moment(at).at)


def _bundle_case_row(number: str, lock: bool = False) -> BundleCase:
    """The bundle case numbered ``number`` (locked with ``lock``)."""
    number = normalise_case_number(number)
    query = BundleCase.select().where(BundleCase.number == number)
    bundle = (locked(query) if lock else query).first()
    if bundle is None:
        raise ServiceError(
            "project.no_bundle_case", N_("No application numbered {number}"), number=number
        )
    return bundle


def _bundle_case(number: str) -> tuple[BundleCase, list[Case]]:
    """The bundle case numbered ``number`` and its cases, locked."""
    bundle = _bundle_case_row(number, lock=True)
    cases = list(locked(Case.select().where(Case.bundle_case == bundle.id).order_by(Case.id)))
    return bundle, cases


def link_bundle_case(
    session: StaffSession, bundle_number: str, project: int | str, *, at: datetime | None = None
) -> None:
    """Link a bundle case (一件事) and every case of it to an open key project."""
    with write_transaction(database_proxy):
        bundle, cases = _bundle_case(bundle_number)
        staff = _linker(session, bundle.owner_id, bundle.number)
        row = open_project(project)
        _check_free(bundle.number, bundle.key_project_id, row)
        joining = [case for case in cases if case.key_project_id != row.id]
        for case in joining:
            _check_free(case.number, case.key_project_id, row)
        bundle.key_project = row.id
        bundle.save()
        _mark(joining, row, True, staff, moment(at).at, bundle.number)


def unlink_bundle_case(
    session: StaffSession, bundle_number: str, *, at: datetime | None = None
) -> None:
    """Take a bundle case and every case of it off their key project."""
    with write_transaction(database_proxy):
        bundle, cases = _bundle_case(bundle_number)
        staff = _linker(session, bundle.owner_id, bundle.number)
        row = _linked_to(bundle.number, bundle.key_project_id)
        bundle.key_project = None
        bundle.save()
        linked = [case for case in cases if case.key_project_id == row.id]
        _mark(linked, row, False, staff, moment(at).at, bundle.number)
