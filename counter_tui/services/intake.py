"""Taking an application, part 1: the draft and who applies.

A draft is a case in DRAFT on the item's current version, a checklist row per material.
The applicant's data is saved as it is typed: ``update_applicant`` keeps every value,
valid or not, and reports what is still wrong; ``submit`` (decisions.py) refuses until
nothing is. Reading a case (``load_case``, ``find_cases``, ``list_drafts``) gives plain
frozen data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from peewee import SQL, Expression

from counter_tui.domain.applicant import (
    APPLICANT_FIELDS,
    Applicant,
    FieldProblem,
    check_applicant,
)
from counter_tui.domain.checklist import (
    ChecklistLine,
    Phase,
    notice_period_end,
    phase_of,
)
from counter_tui.domain.errors import N_
from counter_tui.domain.identifiers import mask_id
from counter_tui.domain.lifecycle import Action, CaseState
from counter_tui.services.auth import StaffSession, require_role
from counter_tui.services.calendar import load_calendar
from counter_tui.services.case_documents import IssuedDocument, case_documents
from counter_tui.services.casework import (
    acting_staff,
    case_change,
    checklist_lines,
    desk,
    get_case,
    moment,
    notice_document,
    step,
)
from counter_tui.services.errors import ServiceError
from counter_tui.services.numbers import next_case_number
from counter_tui.services.refusals import PendingRefusal, pending_refusal
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import (
    Case,
    CaseMaterial,
    Department,
    Item,
    Material,
    Staff,
    Window,
    database_proxy,
    storable_text,
)
from counter_tui.store.prepared import Prepared, insert_row, insert_rows, save_changes, slot

# A case search longer than this matches no case (case_matches).
MAX_QUERY = 1000

# Case columns of the applicant's fields.
_COLUMNS = {
    "kind": "applicant_kind",
    "name": "applicant_name",
    "id_type": "applicant_id_type",
    "id_number": "applicant_id_number",
    "phone": "applicant_phone",
    "address": "applicant_address",
    "agent_name": "agent_name",
    "agent_id_type": "agent_id_type",
    "agent_id_number": "agent_id_number",
}


@dataclass(frozen=True)
class CaseSummary:
    """A line of a list: drafts, search results, cases waiting for the chief."""

    number: str
    state: CaseState
    item_code: str
    item_name: str
    applicant: str  # name
    applicant_id: str  # masked
    received_on: date | None
    owner: str
    updated_at: datetime


@dataclass(frozen=True)
class CaseView:
    """A case as the intake screens show it."""

    number: str
    state: CaseState
    item_id: int
    item_code: str
    item_version: int
    item_name: str
    item_kind: str  # promised | immediate
    window_decides: bool
    legal_limit_days: int
    promised_limit_days: int
    department: str
    window_number: int | None
    owner: str
    applicant: Applicant  # whole ID numbers: the intake view edits them
    problems: tuple[FieldProblem, ...]  # what submit would refuse
    checklist: tuple[ChecklistLine, ...]
    phase: Phase
    received_on: date | None
    accepted_on: date | None
    completed_on: date | None
    notice_due: date | None  # received, undecided: the last day for a notice or decision
    notice_issued: bool
    pending_refusal: PendingRefusal | None
    documents: tuple[IssuedDocument, ...]


def applicant_of(case: Case) -> Applicant:
    return Applicant(**{name: getattr(case, column) for name, column in _COLUMNS.items()})


def store_applicant(case: Case, applicant: Applicant) -> None:
    """Write ``applicant`` to the case's columns (the caller saves the case)."""
    for name, column in _COLUMNS.items():
        setattr(case, column, getattr(applicant, name))


_CURRENT_ITEM = Prepared(
    lambda: (
        Item.select(Item, Department).join(Department).where((Item.code == slot()) & Item.current)
    )
)


def _current_item(code: str) -> Item:
    item = _CURRENT_ITEM.first(code.strip())
    if item is None:
        raise ServiceError("intake.item_unknown", N_("No item with the code {code}"), code=code)
    return item


_ITEM_USED = Prepared(
    lambda: Item.update(use_count=Item.use_count + SQL("1")).where(Item.id == slot())
)
_MATERIALS = Prepared(lambda: Material.select(Material.id).where(Material.item == slot()))


def start_draft(session: StaffSession, item_code: str, *, at: datetime | None = None) -> str:
    """A new case in DRAFT on the item's current version, owned by the clerk at their
    window, with every material of the item unchecked. Returns the case number."""
    with write_transaction(database_proxy):
        when = moment(at)
        item = _current_item(item_code)
        staff = acting_staff(session, item.department)
        window = desk(staff, item.department, session)
        case = Case(
            number=next_case_number(item.department, when.today),
            item=item,
            state=CaseState.DRAFT.value,
            department=item.department,
            window=window,
            owner=staff,
            created_at=when.at,
            updated_at=when.at,
        )
        insert_row(case)
        insert_rows(  # every material, not checked yet
            CaseMaterial,
            [CaseMaterial(case=case, material=m) for (m,) in _MATERIALS.run(item.id).fetchall()],
        )
        _ITEM_USED.run(item.id)
        append_event(
            "draft_started",
            case=case,
            staff=staff,
            data={"item": item.code, "version": item.version},
            at=when.at,
        )
    return case.number


def update_applicant(
    session: StaffSession,
    case_number: str,
    values: Mapping[str, str],
    *,
    at: datetime | None = None,
) -> tuple[FieldProblem, ...]:
    """Save applicant fields of a draft exactly as typed (keys of ``APPLICANT_FIELDS``):
    nothing typed is lost, valid or not. Returns what is still wrong with the applicant as
    a whole (``submit`` stores the normalised values, or refuses); one UPDATE and one
    event, cheap enough to call as the clerk types."""
    unknown = sorted(set(values) - set(APPLICANT_FIELDS))
    if unknown:
        raise ServiceError(
            "applicant.field", N_("Unknown applicant field: {field}"), field=unknown[0]
        )
    for name, value in values.items():
        if not isinstance(value, str):
            raise ServiceError(
                "applicant.value", N_("{field} must be text"), field=name, value=repr(value)
            )
    # Checked and compared as the store keeps them (no U+0000, no surrogate).
    values = {name: storable_text(value) for name, value in values.items()}
    with case_change(session, case_number, at) as (case, staff, when):
        if case.state != CaseState.DRAFT.value:
            raise ServiceError(
                "applicant.locked",
                N_("The applicant can only be changed while the case is a draft"),
            )
        _normalised, problems = check_applicant(replace(applicant_of(case), **values), when.today)
        changed = [name for name, value in values.items() if getattr(case, _COLUMNS[name]) != value]
        for name in changed:
            setattr(case, _COLUMNS[name], values[name])
        if changed:
            case.updated_at = when.at
            save_changes(case)
            # Field names only: the values (ID numbers) stay out of the audit log.
            append_event(
                "applicant_updated", case=case, staff=staff, data={"fields": changed}, at=when.at
            )
    return tuple(problems)


def discard_draft(session: StaffSession, case_number: str, *, at: datetime | None = None) -> None:
    """Give up a draft (the applicant left): it is withdrawn, never deleted."""
    with case_change(session, case_number, at) as (case, staff, when):
        if case.state != CaseState.DRAFT.value:
            raise ServiceError("intake.not_draft", N_("Only a draft can be discarded"))
        step(case, Action.WITHDRAW, staff, when, {"draft": True})


# ── reading ───────────────────────────────────────────────────────────────────


def _summary(case: Case) -> CaseSummary:
    return CaseSummary(
        number=case.number,
        state=CaseState(case.state),
        item_code=case.item.code,
        item_name=case.item.name,
        applicant=case.applicant_name,
        applicant_id=mask_id(case.applicant_id_number),
        received_on=case.received_on,
        owner=case.owner.name,
        updated_at=case.updated_at,
    )


def listing(where: object, limit: int) -> list[CaseSummary]:
    owner = Staff.alias()
    query = (
        Case.select(Case, Item, owner)
        .join(Item)
        .switch(Case)
        .join(owner, on=(Case.owner == owner.id))
        .where(where)
        .order_by(Case.updated_at.desc(), Case.id.desc())
        .limit(limit)
    )
    return [_summary(case) for case in query]


def list_drafts(session: StaffSession, limit: int = 50) -> list[CaseSummary]:
    """The signed-in clerk's drafts, the most recently changed first."""
    return listing((Case.owner == session.staff_id) & (Case.state == CaseState.DRAFT.value), limit)


def case_matches(query: str) -> Expression | None:
    """The condition on cases whose number, applicant or agent name, or ID number matches
    ``query``; None when nothing was typed. A number or ID matches whole (or from its
    start), a name anywhere in it."""
    # A NUL would end the LIKE pattern there (SQLite): "\x00…" would match every case.
    # A surrogate cannot be encoded: the store's rule makes it U+FFFD, as in what it keeps.
    text = " ".join(storable_text(query.replace("\x00", " ")).split())
    if not text:
        return None
    if len(text) > MAX_QUERY:
        # SQLite refuses a LIKE pattern over 50,000 bytes; nothing typed at the
        # counter (a field takes 1,000 characters at most) is that long.
        return SQL("1 = 0")
    compact = "".join(text.split()).upper()
    return (
        Case.number.startswith(compact)
        | Case.applicant_id_number.startswith(compact)
        | Case.agent_id_number.startswith(compact)
        | Case.applicant_name.contains(text)
        | Case.agent_name.contains(text)
    )


def find_cases(session: StaffSession, query: str, limit: int = 20) -> list[CaseSummary]:
    """Cases of the staff member's department (all, for an administrator) that
    ``case_matches(query)``: the applicant back with the supplement says one of them."""
    matches = case_matches(query)
    if matches is None:
        return []
    where = matches & (Case.state != CaseState.WITHDRAWN.value)
    if session.role != "admin":
        require_role(session, "clerk", "chief")
        where &= Case.department == session.department_id
    return listing(where, limit)


def load_case(session: StaffSession, case_number: str, *, today: date | None = None) -> CaseView:
    """Everything the intake screens show of one case (reopening a draft, a supplement)."""
    case = get_case(case_number)
    acting_staff(session, case.department)
    item = case.item
    applicant = applicant_of(case)
    when_today = today or moment().today
    _normalised, problems = check_applicant(applicant, when_today)
    lines = checklist_lines(case)
    state = CaseState(case.state)
    notice = notice_document(case) is not None
    notice_due = None
    if state is CaseState.RECEIVED and case.received_on is not None:
        notice_due = notice_period_end(load_calendar(), case.received_on)
    window = Window.get_or_none(Window.id == case.window_id) if case.window_id else None
    return CaseView(
        number=case.number,
        state=state,
        item_id=item.id,
        item_code=item.code,
        item_version=item.version,
        item_name=item.name,
        item_kind=item.kind,
        window_decides=item.window_decides,
        legal_limit_days=item.legal_limit_days,
        promised_limit_days=item.promised_limit_days,
        department=case.department.name,
        window_number=window.number if window else None,
        owner=case.owner.name,
        applicant=applicant,
        problems=tuple(problems),
        checklist=tuple(lines),
        phase=phase_of(state, notice),
        received_on=case.received_on,
        accepted_on=case.accepted_on,
        completed_on=case.completed_on,
        notice_due=notice_due,
        notice_issued=notice,
        pending_refusal=pending_refusal(case),
        documents=tuple(case_documents(session, case.number)),
    )
