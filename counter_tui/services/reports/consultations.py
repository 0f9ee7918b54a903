"""Consultations in the reports (咨询登记, docs/rules.md §18): the counts of the figures
and the overdue report's lines.

The figures count the consultations *asked* (``asked_at``, local days) in the period, by
the same groups as the cases: department, window, staff (the owner, who took it:
首问负责) and item (by code; a question about no item is in no item's group):

- ``consultations``: asked in the period;
- ``consultations_on_time`` (按时答复): answered at once, or answered or referred by its
  due time (at the very minute included);
- ``consultations_late``: answered or referred after its due time, or still open past it
  as of the report;
- ``consultations_referred``, and ``consultations_converted`` (the question became an
  application: its ``case`` is set).

A question still open within its time is neither on time nor late yet: 按时答复率 is
on time over on time and late. The overdue report lists the questions open past their
due time, and those answered or referred late on the report's day, minutes late counted
in working minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from peewee import JOIN, ColumnBase, Expression, fn
from peewee import Case as sql_case

from counter_tui.domain.identifiers import mask_name, mask_phone
from counter_tui.domain.working_hours import WorkingHoursError
from counter_tui.services.clock import centre_timezone, day_start, report_moment, to_local
from counter_tui.services.working_hours import centre_working_hours
from counter_tui.store.models import Consultation, Department, Item, Staff, Window

OPEN = "open"
CLOSED = ("answered", "referred")
COUNTS = (
    "consultations",
    "consultations_on_time",
    "consultations_late",
    "consultations_referred",
    "consultations_converted",
)


def _in_scope(staff_id: int | None, department_id: int | None) -> Expression | None:
    """A clerk's own questions (those they took), or a department's."""
    if staff_id is not None:
        return Consultation.owner == staff_id
    if department_id is not None:
        return Consultation.department == department_id
    return None


def _count_if(condition: Expression) -> ColumnBase:
    return fn.SUM(sql_case(None, [(condition, 1)], 0))


def _late(now: datetime) -> Expression:
    due = Consultation.due_at.is_null(False)
    closed_late = Consultation.state.in_(CLOSED) & (Consultation.closed_at > Consultation.due_at)
    open_late = (Consultation.state == OPEN) & (Consultation.due_at < now)
    return due & (closed_late | open_late)


def _on_time() -> Expression:
    return Consultation.state.in_(CLOSED) & (
        Consultation.due_at.is_null() | (Consultation.closed_at <= Consultation.due_at)
    )


GROUP_KEYS: dict[str, ColumnBase] = {
    "department": Consultation.department,
    "window": Consultation.window,
    "staff": Consultation.owner,
    "item": Item.code,
}


def consultation_counts(
    by: str | None,
    start: datetime,
    end: datetime,
    now: datetime,
    staff_id: int | None = None,
    department_id: int | None = None,
) -> Iterator[tuple[Any, dict[str, int]]]:
    """(group key, the counts of ``COUNTS``) per group of the questions asked from
    ``start`` to before ``end`` (stored UTC); the key is None when not grouped, and keys
    as the case figures key them (ids; an item's code)."""
    key = GROUP_KEYS.get(by) if by else None
    keys = [] if key is None else [key.alias("k")]
    query = Consultation.select(
        *keys,
        fn.COUNT(Consultation.id),
        _count_if(_on_time()),
        _count_if(_late(now)),
        _count_if(Consultation.state == "referred"),
        _count_if(Consultation.case.is_null(False)),
    )
    if by == "item":
        query = query.join(Item, on=(Consultation.item == Item.id), join_type=JOIN.LEFT_OUTER)
    where = (Consultation.asked_at >= start) & (Consultation.asked_at < end)
    if (scope := _in_scope(staff_id, department_id)) is not None:
        where &= scope
    query = query.where(where)
    if key is not None:
        query = query.group_by(key)
    for row in query.tuples().iterator():
        group, values = (None, row) if key is None else (row[0], row[1:])
        if values[0]:
            yield group, {name: value or 0 for name, value in zip(COUNTS, values, strict=True)}


# ── the overdue report ───────────────────────────────────────────────────────


@dataclass(frozen=True)
class OverdueConsultation:
    """A question past its answer time: still open, or answered or referred late on the
    report's day. Times are local; the visitor's name and phone masked (docs/architecture.md
    §3.4)."""

    department: str
    window: int | None
    item: str  # "" for a question about no item
    visitor: str
    phone: str
    owner: str
    state: str  # open | answered | referred
    asked_at: datetime
    due_at: datetime
    closed_at: datetime | None
    minutes_late: int  # working minutes from the due time to the answer, or to now

    def as_dict(self) -> dict[str, Any]:
        moments = ("asked_at", "due_at", "closed_at")
        return {
            **{name: getattr(self, name) for name in self.__dataclass_fields__},
            **{name: _iso(getattr(self, name)) for name in moments},
        }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.replace(tzinfo=None).isoformat(timespec="minutes")


def overdue_consultations(
    today: date, staff_id: int | None = None, department_id: int | None = None
) -> tuple[OverdueConsultation, ...]:
    """The questions open past their due time as of ``today``, and those answered or
    referred late on ``today``; by department and window, the longest late first."""
    zone = centre_timezone()
    now = report_moment(today)
    late_today = (
        Consultation.state.in_(CLOSED)
        & (Consultation.closed_at > Consultation.due_at)
        & (Consultation.closed_at >= day_start(today, zone))
        & (Consultation.closed_at < day_start(today + timedelta(days=1), zone))
    )
    still_open = (Consultation.state == OPEN) & (Consultation.due_at < now)
    where = Consultation.due_at.is_null(False) & (still_open | late_today)
    if (scope := _in_scope(staff_id, department_id)) is not None:
        where &= scope
    query = (
        Consultation.select(
            Consultation.id,
            Consultation.visitor,
            Consultation.phone,
            Consultation.state,
            Consultation.asked_at,
            Consultation.due_at,
            Consultation.closed_at,
            Department.code,
            Department.name,
            Window.number,
            Item.name,
            Staff.name,
        )
        .join(Department, on=(Consultation.department == Department.id))
        .switch(Consultation)
        .join(Window, on=(Consultation.window == Window.id), join_type=JOIN.LEFT_OUTER)
        .switch(Consultation)
        .join(Item, on=(Consultation.item == Item.id), join_type=JOIN.LEFT_OUTER)
        .switch(Consultation)
        .join(Staff, on=(Consultation.owner == Staff.id))
        .where(where)
    )
    hours = centre_working_hours()
    lines: list[tuple[tuple[Any, ...], OverdueConsultation]] = []
    for (
        ident,
        visitor,
        phone,
        state,
        asked_at,
        due_at,
        closed_at,
        code,
        department,
        window,
        item,
        owner,
    ) in query.tuples():
        due, until = (to_local(t, zone).replace(tzinfo=None) for t in (due_at, closed_at or now))
        try:
            late = hours.minutes_between(due, until)
        except WorkingHoursError:  # the opening hours were cleared since: clock minutes
            late = int((until - due).total_seconds() // 60)
        line = OverdueConsultation(
            department=department,
            window=window,
            item=item or "",
            visitor=mask_name(visitor),
            phone=mask_phone(phone),
            owner=owner,
            state=state,
            asked_at=to_local(asked_at, zone),
            due_at=to_local(due_at, zone),
            closed_at=to_local(closed_at, zone) if closed_at else None,
            minutes_late=late,
        )
        lines.append(((code, window or 0, -late, ident), line))
    lines.sort(key=lambda pair: pair[0])
    return tuple(line for _order, line in lines)
