"""Taking an application, part 1: the draft and who applies.

A draft is a case in DRAFT on the item's current version, a checklist row per material.
The applicant's data is saved as it is typed: ``update_applicant`` keeps every value,
valid or not, and reports what is still wrong; ``submit`` (decisions.py) refuses until
nothing is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from counter_tui.domain.applicant import (
    APPLICANT_FIELDS,
    Applicant,
    FieldProblem,
    check_applicant,
)
from counter_tui.domain.errors import N_
from counter_tui.domain.lifecycle import Action, CaseState
from counter_tui.services.auth import StaffSession
from counter_tui.services.cases.change import (
    CaseChange,
    Moment,
    acting_staff,
    case_change,
    check_taken_whole,
    desk,
    moment,
    step,
)
from counter_tui.services.cases.numbers import next_case_number
from counter_tui.services.errors import ServiceError
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import (
    BundleCase,
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


def applicant_of(case: Case) -> Applicant:
    return Applicant(**{name: getattr(case, column) for name, column in _COLUMNS.items()})


def store_applicant(case: Case, applicant: Applicant) -> None:
    """Write ``applicant`` to the case's columns (the caller saves the case)."""
    for name, column in _COLUMNS.items():
        setattr(case, column, getattr(applicant, name))


def current_item(code: str) -> Item:
    """The item's current version, with its department, in one query."""
    item = (
        Item.select(Item, Department)
        .join(Department)
        .where((Item.code == code.strip()) & Item.current)
        .first()
    )
    if item is None:
        raise ServiceError("intake.item_unknown", N_("No item with the code {code}"), code=code)
    return item


def start_draft(session: StaffSession, item_code: str, *, at: datetime | None = None) -> str:
    """A new case in DRAFT on the item's current version, owned by the clerk at their
    window, with every material of the item unchecked. Returns the case number."""
    with write_transaction(database_proxy):
        when = moment(at)
        item = current_item(item_code)
        staff = acting_staff(session, item.department)
        window = desk(staff, item.department, session)
        return create_draft(item, staff, window, staff, when).number


def create_draft(
    item: Item,
    owner: Staff,
    window: Window | None,
    staff: Staff,
    when: Moment,
    bundle_case: BundleCase | None = None,
) -> Case:
    """The draft case of ``item`` (its current version, with its department), owned by
    ``owner`` at ``window``, started by ``staff``; inside the caller's transaction. A
    bundle case's drafts name it (docs/rules.md §21)."""
    case = Case.create(
        number=next_case_number(item.department, when.today),
        item=item,
        state=CaseState.DRAFT.value,
        department=item.department,
        window=window,
        owner=owner,
        created_at=when.at,
        updated_at=when.at,
        bundle_case=bundle_case,
    )
    materials = Material.select(Material.id).where(Material.item == item.id).tuples()
    rows = [{"case": case.id, "material": material} for (material,) in materials]
    if rows:  # every material, not checked yet (the model's defaults), in one INSERT
        CaseMaterial.insert_many(rows).execute()
    Item.update(use_count=Item.use_count + 1).where(Item.id == item.id).execute()
    data = {
        "item": item.code,
        "version": item.version,
        # The row as it starts, and the limits its clocks will read: replayed
        # by audit verify (docs/architecture.md §2.6).
        "item_id": item.id,
        "department": item.department_id,
        "window": window.id if window is not None else None,
        "legal_days": item.legal_limit_days,
        "promised_days": item.promised_limit_days,
        "limit_unit": item.limit_unit,
    }
    if bundle_case is not None:
        data.update(bundle_case=bundle_case.id, owner=owner.id)
    append_event("draft_started", case=case, staff=staff, data=data, at=when.at)
    return case


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
    values = typed_fields(values)
    with case_change(session, case_number, at) as change:
        return store_typed_applicant(change, values)


def typed_fields(values: Mapping[str, str]) -> dict[str, str]:
    """Applicant fields as typed, checked to be known fields holding text, as the store
    keeps them (no U+0000, no surrogate): what is checked and compared."""
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
    return {name: storable_text(value) for name, value in values.items()}


def store_typed_applicant(
    change: CaseChange, values: Mapping[str, str]
) -> tuple[FieldProblem, ...]:
    """``update_applicant`` inside a change its caller holds, ``values`` as
    ``typed_fields`` gives them."""
    check_taken_whole(change)
    case, when = change.case, change.when
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
        case.save()
        # Field names only: the values (ID numbers) stay out of the audit log.
        append_event(
            "applicant_updated",
            case=case,
            staff=change.staff,
            data={"fields": changed},
            at=when.at,
        )
    return tuple(problems)


def discard_draft(session: StaffSession, case_number: str, *, at: datetime | None = None) -> None:
    """Give up a draft (the applicant left): it is withdrawn, never deleted."""
    with case_change(session, case_number, at) as change:
        check_taken_whole(change)
        if change.case.state != CaseState.DRAFT.value:
            raise ServiceError("intake.not_draft", N_("Only a draft can be discarded"))
        step(change, Action.WITHDRAW, {"draft": True})
