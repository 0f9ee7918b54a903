"""A case's checklist as domain lines, read and written; and its one-time notice: the
frozen requirements it lists and the period it must be issued in (Art. 32(4)).

Nothing here keeps what it read: a step that writes the checklist reads it again, or goes
on with the lines it wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from peewee import Case as SqlCase
from peewee import Expression, Field, Value

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
from counter_tui.domain.lifecycle import CaseState
from counter_tui.services.cases.change import CaseChange
from counter_tui.services.cases.documents import notice_body
from counter_tui.services.errors import ServiceError
from counter_tui.store.models import Case, CaseMaterial, Material


def checklist_rows(case: Case) -> list[tuple[int, ChecklistLine]]:
    """The case's checklist: (checklist row id, line) in the item's order, in one query
    of plain columns (an intake reads it several times; two models a row cost more than
    the query)."""
    rows = (
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
        .where(CaseMaterial.case == case.id)
        .order_by(Material.position)
        .tuples()
    )
    return [(columns[0], _line(columns)) for columns in rows]


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
        deferred_until=deferred_until,
        on_notice=bool(on_notice),
    )


def checklist_lines(case: Case) -> list[ChecklistLine]:
    return [line for _row, line in checklist_rows(case)]


# What a mark writes to its checklist row, column by column.
_MARK_VALUES: tuple[tuple[Field, Callable[[MaterialMark], Any]], ...] = (
    (CaseMaterial.status, lambda mark: MaterialStatus(mark.status).value),
    (CaseMaterial.form_provided, lambda mark: mark.form),
    (CaseMaterial.copies_provided, lambda mark: mark.copies or 0),
    (CaseMaterial.reason, lambda mark: mark.reason),
    (CaseMaterial.deferred_until, lambda mark: mark.deferred_until),
)


def store_marks(marks: Sequence[tuple[int, MaterialMark]]) -> None:
    """Write each mark to its checklist row (row id, mark), all in one UPDATE: each column
    set by CASE on the row id, each value stored by its column's rule."""
    if not marks:
        return
    rows = [row for row, _mark in marks]
    CaseMaterial.update(
        {
            column: SqlCase(
                CaseMaterial.id,
                [(row, Value(value(mark), converter=column.db_value)) for row, mark in marks],
                column,  # ELSE the column itself: its type is the CASE's on PostgreSQL
            )
            for column, value in _MARK_VALUES
        }
    ).where(CaseMaterial.id.in_(rows)).execute()


def noticed_marks(case: Case) -> dict[int, MaterialMark]:
    """What the one-time notice lists for each of its materials: the frozen requirements."""
    notice = notice_body(case)
    if notice is None:
        return {}
    return {
        item["material_id"]: MaterialMark(
            status=MaterialStatus(item["status"]), reason=item.get("reason", "")
        )
        for item in notice["items"]
    }


def open_deferred(lines: Iterable[ChecklistLine]) -> list[str]:
    """The deferred (容缺) materials the applicant has not supplied yet."""
    return [line.name for line in lines if line.status is MaterialStatus.DEFERRED]


def is_overdue_for_notice(case: Case, today: date, calendar: WorkCalendar) -> bool:
    """Received, undecided, and the 5 working days for a notice are over (Art. 32(4))."""
    return (
        case.state == CaseState.RECEIVED.value
        and case.received_on is not None
        and is_deemed_accepted(calendar, case.received_on, today)
    )


def overdue_receipts(calendar: WorkCalendar, today: date) -> Expression:
    """The cases ``is_overdue_for_notice`` today, as a condition the database can answer
    through its indexes: received, on or before the last day whose period is over. The
    period's end only moves later with the receipt date, so that day is found walking
    back from today (a few days, more over a long holiday)."""
    last = today
    while not is_deemed_accepted(calendar, last, today):
        last -= timedelta(days=1)
    return (Case.state == CaseState.RECEIVED.value) & (Case.received_on <= last)


def check_not_deemed(change: CaseChange) -> None:
    """A notice, a refusal or an on-the-spot completion comes too late once the case
    counts as accepted from its receipt date."""
    case = change.case
    if is_overdue_for_notice(case, change.when.today, change.calendar):
        raise ServiceError(
            "intake.deemed_accepted",
            N_(
                "Received on {received}, with no notice or decision by {end}: the "
                "application counts as accepted from {received} (Art. 32(4)). "
                "Accept it to record that."
            ),
            received=case.received_on.isoformat(),
            end=notice_period_end(change.calendar, case.received_on).isoformat(),
        )
