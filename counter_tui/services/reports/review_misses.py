"""The hour-level misses of the daily overdue report (docs/rules.md §19): the materials
reviews that broke the item's promise in working hours. Two kinds: a received case whose
review is past due and still open when the report is read, and a review that ended late
on the report's day (so the day's report names it once, the day it closed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from counter_tui.domain.identifiers import mask_id
from counter_tui.domain.lifecycle import CaseState
from counter_tui.services.cases.review import ReviewClocks
from counter_tui.services.clock import day_start, report_moment, to_local
from counter_tui.services.reports.figures import CENTRE, ReportScope, with_places
from counter_tui.store.models import Case, Department, Item, Staff, Window


@dataclass(frozen=True)
class ReviewMiss:
    department: str
    window: int | None
    number: str
    item: str
    applicant_id: str  # masked (docs/architecture.md §3.4)
    owner: str
    received_at: datetime  # local
    due: datetime  # local
    reviewed_at: datetime | None  # local; None: still open
    minutes: int  # working minutes past due (at the review's end, or now)


def review_misses(
    today: date, scope: ReportScope = CENTRE, now: datetime | None = None
) -> tuple[ReviewMiss, ...]:
    """The misses for the report of ``today``: open ones as of ``now`` (naive UTC, the
    shared clock by default; the end of ``today`` for a past day's report), late ones
    ended on ``today``; by department and window, the longest overdue first."""
    start, end = day_start(today), day_start(today + timedelta(days=1))
    at = report_moment(today, now)
    open_now = (Case.state == CaseState.RECEIVED.value) & (Case.received_at <= at)
    ended_today = (Case.reviewed_at >= start) & (Case.reviewed_at < end)
    query = with_places(
        Case.select(
            Case.number,
            Case.applicant_id_number,
            Case.received_at,
            Case.reviewed_at,
            Item.review_hours,
            Item.name,
            Department.code,
            Department.name,
            Window.number,
            Staff.name,
        )
    ).where(Item.review_hours.is_null(False) & (open_now | ended_today))
    if (where := scope.where()) is not None:
        query = query.where(where)
    clocks = ReviewClocks(at)
    misses: list[tuple[tuple[object, ...], ReviewMiss]] = []
    for (
        number,
        id_number,
        received,
        reviewed,
        hours,
        item,
        code,
        dept,
        window,
        owner,
    ) in query.tuples():
        clock = clocks.of(hours, received, reviewed)
        if clock is None or not clock.late:
            continue
        miss = ReviewMiss(
            department=dept,
            window=window,
            number=number,
            item=item,
            applicant_id=mask_id(id_number),
            owner=owner,
            received_at=to_local(received).replace(tzinfo=None),
            due=clock.due,
            reviewed_at=clock.reviewed,
            minutes=-clock.minutes_left,
        )
        misses.append(((code, window or 0, reviewed is not None, clock.due, number), miss))
    misses.sort(key=lambda pair: pair[0])
    return tuple(miss for _order, miss in misses)
