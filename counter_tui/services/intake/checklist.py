"""Taking an application, part 2: ticking the material checklist (材料核验).

Every change of a case's checklist — a mark, “all remaining provided”, the re-check of a
supplement — goes through ``apply_marks``, which asks ``domain.checklist.check_change``
first: after the one-time notice, nothing can add a deficiency to the case.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime

from counter_tui.domain.checklist import (
    DEFICIENCY_REASONS,
    ChecklistLine,
    MaterialMark,
    MaterialStatus,
    Phase,
    check_change,
    phase_of,
    remaining,
)
from counter_tui.domain.errors import N_
from counter_tui.services.auth import StaffSession
from counter_tui.services.cases.change import CaseChange, case_change, check_taken_whole
from counter_tui.services.cases.checklist import checklist_rows, noticed_marks, store_marks
from counter_tui.services.cases.documents import notice_document
from counter_tui.services.cases.text import one_of, typed_text
from counter_tui.services.errors import ServiceError
from counter_tui.store.events import append_event

__all__ = [
    "DEFICIENCY_REASONS",
    "apply_marks",
    "mark_all_remaining_provided",
    "mark_material",
]


def apply_marks(
    change: CaseChange,
    marks: Mapping[int, MaterialMark],
    event: str = "materials_marked",
    rows: list[tuple[int, ChecklistLine]] | None = None,
) -> list[ChecklistLine]:
    """Record ``marks`` (material id → mark) on the change's case, each through the
    notice rules; one event lists what changed. ``rows`` is its checklist as the caller
    has just read it (``checklist_rows``; read here when not given). Returns the
    checklist after the change. A material that is not the case's is refused."""
    check_taken_whole(change)
    case, when = change.case, change.when
    rows = checklist_rows(case) if rows is None else rows
    by_id = {line.material_id: (row, line) for row, line in rows}
    if unknown := sorted(set(marks) - set(by_id)):
        raise ServiceError(
            "checklist.material_unknown",
            N_("Material {material} is not on this case's checklist"),
            material=unknown[0],
        )
    notice = notice_document(case) is not None
    phase = phase_of(case.state, notice)
    noticed = noticed_marks(case) if phase is Phase.NOTICE else {}
    changed: list[ChecklistLine] = []
    writes: list[tuple[int, MaterialMark]] = []
    for material_id, mark in marks.items():
        row, line = by_id[material_id]
        mark = replace(mark, reason=typed_text(mark.reason))  # checked as it is stored
        stored = check_change(line, mark, phase, when.today, noticed.get(material_id))
        after = line.with_mark(stored)
        if after != line:
            writes.append((row, stored))
            changed.append(after)
            by_id[material_id] = (row, after)
    store_marks(writes)
    if changed:
        materials = [
            {"material": ln.material_id, "status": ln.status.value, "reason": ln.reason}
            for ln in changed
        ]
        append_event(
            event, case=case, staff=change.staff, data={"materials": materials}, at=when.at
        )
    return [line for _row, line in by_id.values()]


def mark_material(
    session: StaffSession,
    case_number: str,
    material_id: int,
    status: MaterialStatus | str,
    *,
    form: str = "",
    copies: int | None = None,
    reason: str = "",
    deferred_until: date | None = None,
    at: datetime | None = None,
) -> list[ChecklistLine]:
    """Record one material of a case: provided (``form`` and ``copies`` default to what the
    item requires, and must meet it), missing, deficient (with its ``reason``), deferred
    under 容缺 (with the applicant's commitment date), not applicable (a conditional
    material), or back to not checked. Returns the whole checklist after the change."""
    status = one_of(
        MaterialStatus, status, "checklist.status", N_("{value} is not a checklist status")
    )
    mark = MaterialMark(
        status=status, form=form, copies=copies, reason=reason, deferred_until=deferred_until
    )
    with case_change(session, case_number, at) as change:
        return apply_marks(change, {material_id: mark}, event="material_marked")


def mark_all_remaining_provided(
    session: StaffSession, case_number: str, *, at: datetime | None = None
) -> list[ChecklistLine]:
    """One key for the common case: every material not yet checked is provided as the item
    requires it. After a one-time notice: every notice item not yet supplied; after the
    decision: every deferred material."""
    with case_change(session, case_number, at) as change:
        return provide_remaining(change)


def provide_remaining(change: CaseChange) -> list[ChecklistLine]:
    """``mark_all_remaining_provided`` inside a change its caller holds."""
    rows = checklist_rows(change.case)
    phase = phase_of(change.case.state, notice_document(change.case) is not None)
    provided = MaterialMark(MaterialStatus.PROVIDED)
    lines = [line for _row, line in rows]
    marks = {line.material_id: provided for line in remaining(lines, phase)}
    return apply_marks(change, marks, rows=rows)
