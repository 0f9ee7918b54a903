"""Supervision orders in the figures (督办, docs/rules.md §22).

The figures count the orders *issued* in the period (``issued_at``, local days), by the
department of the staff member each was addressed to (its owner), that staff member, and
for an order on a case the case's window and item (an order on a bundle case or a key
project is in no window's or item's group):

- ``supervision_issued``: issued in the period;
- ``supervision_in_time`` (按时回复): its first reply came on or before its reply-by day;
- ``supervision_late``: its first reply came after that day, or it has none and the day
  has passed, as of the report;
- ``supervision_closed``: closed by whoever issued it (or an administrator), as of the
  report.

An order with no reply within its time is neither in time nor late yet: 按时回复率 is in
time over in time and late. Orders are few (a handful a day at the most): they are read
one by one, each reply's day judged in the centre's time zone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from peewee import JOIN, ColumnBase, Expression

from counter_tui.domain.supervision import OrderState, answered_in_time
from counter_tui.services.clock import centre_timezone, to_local
from counter_tui.services.supervision.reading import first_replies
from counter_tui.store.models import Case, Item, Staff, SupervisionOrder

COUNTS = ("supervision_issued", "supervision_in_time", "supervision_late", "supervision_closed")

GROUP_KEYS: dict[str, ColumnBase] = {
    "department": Staff.department,
    "window": Case.window,
    "staff": SupervisionOrder.owner,
    "item": Item.code,
}


def _in_scope(staff_id: int | None, department_id: int | None) -> Expression | None:
    """A staff member's own orders (addressed to them), or a department's."""
    if staff_id is not None:
        return SupervisionOrder.owner == staff_id
    if department_id is not None:
        return Staff.department == department_id
    return None


def supervision_counts(
    by: str | None,
    start: datetime,
    end: datetime,
    today: date,
    now: datetime,
    staff_id: int | None = None,
    department_id: int | None = None,
) -> Iterator[tuple[Any, dict[str, int]]]:
    """(group key, the counts of ``COUNTS``) per group of the orders issued from ``start``
    to before ``end`` (stored UTC), as of ``now`` (stored UTC) on the local ``today``;
    the key is None when not grouped, and keys as the case figures key them (ids; an
    item's code)."""
    key = GROUP_KEYS[by] if by else None
    query = (
        SupervisionOrder.select(
            SupervisionOrder.id,
            key.alias("k") if key is not None else SupervisionOrder.id,
            SupervisionOrder.reply_by,
            SupervisionOrder.state,
            SupervisionOrder.closed_at,
        )
        .join(Staff, on=(SupervisionOrder.owner == Staff.id))
        .switch(SupervisionOrder)
        .join(Case, JOIN.LEFT_OUTER, on=(SupervisionOrder.case == Case.id))
        .join(Item, JOIN.LEFT_OUTER, on=(Case.item == Item.id))
    )
    where = (SupervisionOrder.issued_at >= start) & (SupervisionOrder.issued_at < end)
    if (scope := _in_scope(staff_id, department_id)) is not None:
        where &= scope
    rows = list(query.where(where).tuples())
    first = first_replies((row[0] for row in rows), before=now)
    zone = centre_timezone()
    counts: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for order, group, reply_by, state, closed_at in rows:
        tally = counts[group if key is not None else None]
        tally["supervision_issued"] += 1
        if order in first:
            in_time = answered_in_time(to_local(first[order], zone).date(), reply_by)
            tally["supervision_in_time" if in_time else "supervision_late"] += 1
        elif reply_by < today:
            tally["supervision_late"] += 1
        closed = state == OrderState.CLOSED.value and closed_at is not None and closed_at < now
        tally["supervision_closed"] += int(closed)
    yield from counts.items()
