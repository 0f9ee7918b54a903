"""Bundle cases in the figures (一件事, docs/rules.md §21.1, the paragraph "Reports").

A bundle case is one application of several items, each item its own case; the figures
count the bundle cases as such, beside the cases, by the department of the comprehensive
window's clerk who took it (its owner), that clerk, and the bundle case's window (a
grouping by item puts them all in no item's group: a bundle case is of several items):

- ``bundles_received``: received in the period — the day of its one receipt, its cases'
  ``received_on``. A draft is not received, nor one given up in draft (every case
  withdrawn before any receipt).
- ``bundles_completed`` (办结): no case of it is open any more and at least one was
  decided (completed or denied, 不予许可), with the day of its last decision in the
  period. A case refused (不予受理) or withdrawn has ended without a decision: it no
  longer keeps the bundle open and it does not move the bundle's completion day; a
  bundle case whose every case ended so was never decided, and is not counted completed.
- ``bundles_on_time`` / ``bundles_late``: of those completed, on time when every decided
  case of it was decided on time by the case figures' own rule
  (``DeadlineClock.decided_in_time``: its promised limit, suspensions and an approved
  extension counted), late otherwise.

Like the case figures, the states are those of the report's moment: a bundle case is
counted in the period of its last decision once its last case has ended. Bundle cases
are few (a handful a day at the most): the cases of those received or decided in the
period are read one by one, in one query that starts from the bundle cases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from peewee import SQL, ColumnBase, Expression, Select, fn

from counter_tui.domain.lifecycle import OPEN_STATES, CaseState
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.deadlines import (
    LIMIT_COLUMNS,
    DeadlineClock,
    clock_changes,
    limits_of,
)
from counter_tui.store.models import BundleCase, Case, Item, Staff

COUNTS = ("bundles_received", "bundles_completed", "bundles_on_time", "bundles_late")

GROUP_KEYS: dict[str, ColumnBase | None] = {
    "department": Staff.department,
    "window": BundleCase.window,
    "staff": BundleCase.owner,
    "item": None,  # a bundle case is of several items: in no item's group
}
DECIDED = frozenset({CaseState.COMPLETED.value, CaseState.DENIED.value})
STILL_OPEN = frozenset(state.value for state in OPEN_STATES)


def _in_scope(staff_id: int | None, department_id: int | None) -> Expression | None:
    """A clerk's own bundle cases (those they took), or a department's (taken by its
    staff)."""
    if staff_id is not None:
        return BundleCase.owner == staff_id
    if department_id is not None:
        return Staff.department == department_id
    return None


@dataclass
class _Bundle:
    """What the figures need of one bundle case, gathered from its cases' rows."""

    key: Any
    received_on: date | None = None
    open: bool = False
    last_decision: date | None = None
    # Each decided case: (case id, accepted_on, decided on, limits' columns).
    decided: list[tuple[int, date | None, date, tuple[int, int, str]]] = field(default_factory=list)


def _touched(date_from: date, date_to: date) -> Select:
    """A bundle case with a case received or decided in the period, found among its own
    few cases (the partial index of ``case.bundle_case_id``, docs/architecture.md §2.9)."""
    case = Case.alias()
    in_period = case.received_on.between(date_from, date_to) | case.completed_on.between(
        date_from, date_to
    )
    return case.select(SQL("1")).where((case.bundle_case == BundleCase.id) & in_period)


def bundle_counts(
    by: str | None,
    date_from: date,
    date_to: date,
    staff_id: int | None = None,
    department_id: int | None = None,
    clock: DeadlineClock | None = None,
) -> Iterator[tuple[Any, dict[str, int]]]:
    """(group key, the counts of ``COUNTS``) per group of the bundle cases received or
    completed from ``date_from`` to ``date_to`` (local days, both included); the key is
    None when not grouped (or by item), and keys as the case figures key them (ids)."""
    key = GROUP_KEYS[by] if by else None
    query = (
        BundleCase.select(
            BundleCase.id,
            key.alias("k") if key is not None else BundleCase.id,
            Case.id,
            Case.state,
            Case.received_on,
            Case.accepted_on,
            Case.completed_on,
            *LIMIT_COLUMNS,
        )
        .join(Staff, on=(BundleCase.owner == Staff.id))
        .switch(BundleCase)
        .join(Case, on=(Case.bundle_case == BundleCase.id))
        .join(Item, on=(Case.item == Item.id))
    )
    where = fn.EXISTS(_touched(date_from, date_to))
    if (scope := _in_scope(staff_id, department_id)) is not None:
        where &= scope
    bundles: dict[int, _Bundle] = {}
    for row in query.where(where).tuples():
        bundle_id, group, case_id, state, received_on, accepted_on, completed_on, *limits = row
        bundle = bundles.setdefault(bundle_id, _Bundle(group if key is not None else None))
        if received_on is not None:  # one receipt: every case's day is the same
            bundle.received_on = min(bundle.received_on or received_on, received_on)
        bundle.open |= state in STILL_OPEN
        if state in DECIDED and completed_on is not None:
            bundle.decided.append((case_id, accepted_on, completed_on, tuple(limits)))
            bundle.last_decision = max(bundle.last_decision or completed_on, completed_on)
    counts: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for bundle in bundles.values():
        if bundle.received_on is not None and date_from <= bundle.received_on <= date_to:
            counts[bundle.key]["bundles_received"] += 1
    completed = [
        bundle
        for bundle in bundles.values()
        if not bundle.open
        and bundle.last_decision is not None
        and date_from <= bundle.last_decision <= date_to
    ]
    if completed:
        clock = clock or DeadlineClock(load_calendar())
        changes = clock_changes([case[0] for bundle in completed for case in bundle.decided])
        for bundle in completed:
            on_time = all(
                clock.decided_in_time(
                    accepted_on, decided_on, limits_of(*limits), *changes.of(case)
                )
                for case, accepted_on, decided_on, limits in bundle.decided
            )
            tally = counts[bundle.key]
            tally["bundles_completed"] += 1
            tally["bundles_on_time" if on_time else "bundles_late"] += 1
    yield from counts.items()
