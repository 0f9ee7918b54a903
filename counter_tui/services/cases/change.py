"""What the intake services share: who may act on a case, the case row locked for the
change, the moment of the change, and the case's checklist as domain lines.

Every function here runs inside the caller's write transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

from peewee import SQL, Model, Select

from counter_tui.domain.calendar import WorkCalendar
from counter_tui.domain.checklist import (
    ChecklistLine,
    MaterialForm,
    MaterialMark,
    MaterialStatus,
    Necessity,
    is_deemed_accepted,
    notice_period_end,
)
from counter_tui.domain.errors import N_
from counter_tui.domain.lifecycle import Action, CaseState, next_state
from counter_tui.domain.numbering import DocumentKind
from counter_tui.services.auth import INTAKE_ROLES, StaffSession, require_role
from counter_tui.services.calendar import load_calendar
from counter_tui.services.clock import to_local
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.store.database import forget, remembered, write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import (
    Case,
    CaseMaterial,
    Department,
    Document,
    Item,
    Material,
    Staff,
    Window,
    database_proxy,
    storable_text,
    utc_now,
)
from counter_tui.store.prepared import Prepared, save_changes, slot


@dataclass(frozen=True)
class Moment:
    """When a change happens: the stored UTC timestamp and the centre's local date."""

    at: datetime
    today: date


def moment(at: datetime | None = None) -> Moment:
    """``at`` is a naive UTC timestamp, as stored (default: now)."""
    at = at or utc_now()
    return Moment(at=at, today=to_local(at).date())


_ACTIVE_STAFF = Prepared(lambda: Staff.select().where((Staff.id == slot()) & Staff.active))


def _active_staff(session: StaffSession) -> Staff:
    staff = remembered(("staff", session.staff_id), lambda: _ACTIVE_STAFF.first(session.staff_id))
    if staff is None:
        raise PermissionDenied("auth.inactive", N_("This staff account is not active"))
    return staff


def acting_staff(session: StaffSession, department: Department) -> Staff:
    """The staff member taking part in a case of ``department``: a clerk or chief of it."""
    require_role(session, *INTAKE_ROLES)
    staff = _active_staff(session)
    if staff.department_id != department.id:
        raise PermissionDenied(
            "intake.department",
            N_("Only the staff of {department} can handle its applications"),
            department=department.name,
        )
    return staff


def acting_chief(session: StaffSession, department: Department) -> Staff:
    """The chief representative (首席代表) of ``department``."""
    staff = acting_staff(session, department)
    if staff.role != "chief":
        raise PermissionDenied(
            "intake.chief_only",
            N_("Only the chief representative of {department} can do this"),
            department=department.name,
        )
    return staff


def desk(
    staff: Staff, department: Department, session: StaffSession | None = None
) -> Window | None:
    """The window a staff member works at for ``department``: the one signed in at, else
    one where they are the A or B clerk; a chief may have none."""
    if session is not None and session.window_id:
        window = remembered(("window", session.window_id), lambda: _WINDOW.first(session.window_id))
        if window is not None and window.department_id == department.id:
            return window
    return remembered(
        ("desk", staff.id, department.id), lambda: _DESK.first(department.id, staff.id, staff.id)
    )


def window_changed(window_id: int) -> None:
    """A window's row was written in this transaction: ``desk`` reads it again."""
    forget(("window", window_id))


_WINDOW = Prepared(lambda: Window.select().where(Window.id == slot()))
_DESK = Prepared(
    lambda: (
        Window.select()
        .where(
            (Window.department == slot())
            & ((Window.clerk_a == slot()) | (Window.clerk_b == slot()))
        )
        .order_by(Window.number)
        .limit(SQL("1"))
    )
)


@contextmanager
def case_change(
    session: StaffSession, case_number: str, at: datetime | None = None, chief: bool = False
) -> Iterator[tuple[Case, Staff, Moment]]:
    """One change of one case, as one write transaction: the case row locked, the staff
    member checked (a chief representative of its department when ``chief``), the moment
    fixed. Yields (case, staff, moment)."""
    with write_transaction(database_proxy):
        when = moment(at)  # inside: the centre's time zone is read once per transaction
        case = get_case(case_number, lock=True)
        staff = (acting_chief if chief else acting_staff)(session, case.department)
        yield case, staff, when


def normalise_case_number(number: str) -> str:
    return "".join(str(number).split()).upper()


def locked(query: Select, of: type[Model] | None = None) -> Select:
    """``query`` taking row locks where the engine has them (PostgreSQL): on the rows of
    ``of`` only when given (not on the rows it joins); elsewhere the write transaction
    already serialises the writers."""
    return query.for_update(of=of) if database_proxy.for_update else query


def get_case(number: str, lock: bool = False) -> Case:
    """The case with this number, or ServiceError. ``lock`` takes the row lock where the
    engine has one (the write transaction serialises writers where it has none); the
    locked case is read once per write transaction, and its steps share that one row."""
    number = normalise_case_number(number)
    if lock:
        case = remembered(("case", number), lambda: _LOCKED_CASE.first(number))
    else:
        case = _CASE.first(number)
    if case is None:
        raise ServiceError("case.not_found", N_("No case numbered {number}"), number=number)
    return case


def _case_by_number() -> Select:
    """A case with its department and the item version it was taken under: every change
    of a case asks for both."""
    return (
        Case.select(Case, Department, Item)
        .join(Department)
        .switch(Case)
        .join(Item)
        .where(Case.number == slot())
    )


_CASE = Prepared(_case_by_number)
_LOCKED_CASE = Prepared(lambda: locked(_case_by_number(), of=Case))


def move(case: Case, action: Action, at: datetime) -> CaseState:
    """Move the case by ``action`` (TransitionError when the table forbids it)."""
    state = next_state(CaseState(case.state), action)
    case.state = state.value
    case.updated_at = at
    return state


def step(
    case: Case,
    action: Action,
    staff: Staff,
    when: Moment,
    data: Mapping[str, Any] | None = None,
) -> CaseState:
    """Move the case by ``action``, save it and append the action's event."""
    state = move(case, action, when.at)
    save_changes(case)
    append_event(action.value, case=case, staff=staff, data=data, at=when.at)
    return state


EnumT = TypeVar("EnumT", bound=Enum)


def one_of(kind: type[EnumT], value: object, rule: str, message: str) -> EnumT:
    """``value`` as a member of ``kind``; else ServiceError(``rule``, ``message``), whose
    ``{value}`` names what was given."""
    try:
        return kind(value)
    except ValueError:
        raise ServiceError(rule, message, value=str(value)) from None


def check_allowed(case: Case, action: Action) -> None:
    """TransitionError now, before any other check, when ``action`` is impossible."""
    next_state(CaseState(case.state), action)


# A case's checklist: its rows with their materials, in the item's order. Read as plain
# columns: an intake reads it several times, and building two models per row cost more
# than the query.
_CHECKLIST = Prepared(
    lambda: (
        CaseMaterial.select(
            CaseMaterial.id,
            Material.id,
            Material.position,
            Material.name,
            Material.necessity,
            Material.condition,
            Material.form,
            Material.copies,
            Material.standard,
            CaseMaterial.status,
            CaseMaterial.form_provided,
            CaseMaterial.copies_provided,
            CaseMaterial.reason,
            CaseMaterial.deferred_until,
            CaseMaterial.on_notice,
        )
        .join(Material)
        .where(CaseMaterial.case == slot())
        .order_by(Material.position)
    )
)


def _line(columns: Sequence[Any]) -> ChecklistLine:
    (_row, material, position, name, necessity, condition, form, copies, standard) = columns[:9]
    (status, form_provided, copies_provided, reason, deferred_until, on_notice) = columns[9:]
    return ChecklistLine(
        material_id=material,
        position=position,
        name=name,
        necessity=Necessity(necessity),
        condition=condition,
        form=MaterialForm(form),
        copies=copies,
        standard=standard,
        status=MaterialStatus(status),
        form_provided=form_provided,
        copies_provided=copies_provided,
        reason=reason,
        deferred_until=CaseMaterial.deferred_until.python_value(deferred_until),
        on_notice=bool(on_notice),
    )


def checklist_rows(case: Case) -> list[tuple[int, ChecklistLine]]:
    """The case's checklist: (checklist row id, line) in the item's order; read once per
    write transaction until ``checklist_changed``."""
    return list(
        remembered(
            ("checklist", case.id),
            lambda: [(columns[0], _line(columns)) for columns in _CHECKLIST.run(case.id)],
        )
    )


def checklist_changed(case: Case) -> None:
    """The case's checklist rows were written: read them again."""
    forget(("checklist", case.id))


def checklist_lines(case: Case) -> list[ChecklistLine]:
    return [line for _row, line in checklist_rows(case)]


# A mark written to its checklist row.
_MARK_COLUMNS = (
    CaseMaterial.status,
    CaseMaterial.form_provided,
    CaseMaterial.copies_provided,
    CaseMaterial.reason,
    CaseMaterial.deferred_until,
)
_MARK = Prepared(
    lambda: CaseMaterial.update({column: slot(column) for column in _MARK_COLUMNS}).where(
        CaseMaterial.id == slot()
    )
)


def store_marks(case: Case, marks: Iterable[tuple[int, MaterialMark]]) -> None:
    """Write each mark to its checklist row (row id, mark) of ``case``."""
    checklist_changed(case)
    _MARK.run_many(
        (
            MaterialStatus(mark.status).value,
            mark.form,
            mark.copies or 0,
            mark.reason,
            mark.deferred_until,
            row_id,
        )
        for row_id, mark in marks
    )


_DOCUMENTS = Prepared(
    lambda: (
        Document.select()
        .where((Document.case == slot()) & (Document.kind == slot()))
        .order_by(Document.id)
    )
)


def documents_of(case: Case, kind: DocumentKind) -> list[Document]:
    """The case's documents of ``kind``, the first issued first; read once per write
    transaction (issuing one forgets them: ``case_documents``)."""
    return list(
        remembered(
            documents_key(case.id, kind.value), lambda: _DOCUMENTS.models(case.id, kind.value)
        )
    )


def documents_key(case_id: int, kind: str) -> tuple[str, int, str]:
    return ("documents", case_id, kind)


def notice_document(case: Case) -> Document | None:
    found = documents_of(case, DocumentKind.DEFICIENCY_NOTICE)
    return found[0] if found else None


def noticed_marks(case: Case) -> dict[int, MaterialMark]:
    """What the one-time notice lists for each of its materials: the frozen requirements."""
    notice = notice_document(case)
    if notice is None:
        return {}
    return {
        item["material_id"]: MaterialMark(
            status=MaterialStatus(item["status"]), reason=item.get("reason", "")
        )
        for item in json.loads(notice.body)["items"]
    }


def names(lines: Iterable[ChecklistLine]) -> list[str]:
    return [line.name for line in lines]


def is_overdue_for_notice(case: Case, today: date, calendar: WorkCalendar | None = None) -> bool:
    """Received, undecided, and the 5 working days for a notice are over (Art. 32(4))."""
    return (
        case.state == CaseState.RECEIVED.value
        and case.received_on is not None
        and is_deemed_accepted(calendar or load_calendar(), case.received_on, today)
    )


def check_not_deemed(case: Case, today: date) -> None:
    """A notice, a refusal or an on-the-spot completion comes too late once the case
    counts as accepted from its receipt date."""
    if is_overdue_for_notice(case, today):
        raise ServiceError(
            "intake.deemed_accepted",
            N_(
                "Received on {received}, with no notice or decision by {end}: the "
                "application counts as accepted from {received} (Art. 32(4)). "
                "Accept it to record that"
            ),
            received=case.received_on.isoformat(),
            end=notice_period_end(load_calendar(), case.received_on).isoformat(),
        )


def typed_text(text: str) -> str:
    """What a person typed for a reason or a note, as it is kept: as typed, only the
    blanks around it trimmed, after the store's rule for text (no U+0000, no surrogate),
    so that what is checked is what is stored."""
    return storable_text(str(text)).strip()


def required_text(text: str, rule: str, message: str) -> str:
    """A reason or a note that must be given, as ``typed_text`` keeps it;
    ServiceError(``rule``, ``message``) when nothing is left."""
    text = typed_text(text)
    if not text:
        raise ServiceError(rule, message)
    return text


def open_deferred(case: Case) -> list[str]:
    """The deferred (容缺) materials the applicant has not supplied yet."""
    return [line.name for line in checklist_lines(case) if line.status is MaterialStatus.DEFERRED]
