"""A case's two clocks, read from its record and the calendar (docs/rules.md §8, §9): the
one place the queue, the case detail, the documents and the reports get them from."""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from peewee import Expression

from counter_tui.domain.calendar import WorkCalendar
from counter_tui.domain.deadlines import CaseClocks, Limits, StoppedClock, case_clocks_on
from counter_tui.domain.legal import LimitUnit
from counter_tui.store.models import Case, Extension, Item, Suspension

YELLOW_DAYS = 3
CHUNK = 500  # case ids per IN (...): well under every engine's limit on parameters
# What an item's Limits are read from, in this order (limits_of): for the queries that
# read many cases' rows rather than models.
LIMIT_COLUMNS = (Item.promised_limit_days, Item.legal_limit_days, Item.limit_unit)


def limits_of(promised_days: int, legal_days: int, unit: str) -> Limits:
    """The Limits of an item's stored columns (LIMIT_COLUMNS)."""
    return Limits(promised_days, legal_days, LimitUnit(unit))


def item_limits(item: Item) -> Limits:
    """The item's promised limit (承诺时限) and legal limit (法定时限), in its unit."""
    return limits_of(item.promised_limit_days, item.legal_limit_days, item.limit_unit)


def case_deadline(calendar: WorkCalendar, case: Case, today: date) -> CaseClocks | None:
    """The case's two clocks and the light; None while the clock has not started."""
    if case.accepted_on is None:
        return None
    extension = (
        Extension.select(Extension.days)
        .where((Extension.case == case.id) & Extension.approved)
        .limit(1)
        .scalar()
    )
    suspensions = (
        Suspension.select(Suspension.started_on, Suspension.ended_on)
        .where(Suspension.case == case.id)
        .order_by(Suspension.id)
        .tuples()
    )
    return case_clocks_on(
        calendar,
        today,
        accepted_on=case.accepted_on,
        limits=item_limits(case.item),
        extension_days=extension or 0,
        stops=[StoppedClock(started_on=start, ended_on=end) for start, end in suspensions],
        yellow_days=YELLOW_DAYS,
    )


class DeadlineClock:
    """The two clocks over many cases: a case without an extension or a suspension is
    asked once per distinct (today, acceptance day, limits), memoised, so a window's
    hundreds of open cases, or a month's thousands, cost a few dozen askings."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self.workdays = cache(calendar.workdays_between)
        self.plain = cache(self._plain)

    def _plain(self, today: date, accepted_on: date, limits: Limits) -> CaseClocks:
        return case_clocks_on(
            self.calendar, today, accepted_on=accepted_on, limits=limits, yellow_days=YELLOW_DAYS
        )

    def deadline(
        self,
        today: date,
        accepted_on: date,
        limits: Limits,
        extension_days: int = 0,
        stops: Sequence[StoppedClock] = (),
    ) -> CaseClocks:
        if not extension_days and not stops:
            return self.plain(today, accepted_on, limits)
        return case_clocks_on(
            self.calendar,
            today,
            accepted_on=accepted_on,
            limits=limits,
            extension_days=extension_days,
            stops=stops,
            yellow_days=YELLOW_DAYS,
        )

    def decided_in_time(
        self,
        accepted_on: date | None,
        completed_on: date,
        limits: Limits,
        extension_days: int = 0,
        stops: Sequence[StoppedClock] = (),
    ) -> bool:
        """按时办结: a case decided on ``completed_on`` was decided on or before the due
        date its light follows that day (the promised limit, else the legal one with an
        approved extension; suspensions stop both). A case never accepted (decided on the
        spot) counts from the day of its decision."""
        accepted_on = accepted_on or completed_on
        deadline = self.deadline(completed_on, accepted_on, limits, extension_days, stops)
        return completed_on <= deadline.due.date


def chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def clock_moved() -> Expression:
    """The condition on cases whose clock stood still or was extended: the few whose
    ``clock_changes`` must be read."""
    return Case.id.in_(Suspension.select(Suspension.case)) | Case.id.in_(
        Extension.select(Extension.case).where(Extension.approved == True)  # noqa: E712
    )


@dataclass(frozen=True)
class ClockChanges:
    """What moves cases' due dates: approved extensions (working days) and suspensions."""

    extensions: dict[int, int]
    stops: dict[int, list[StoppedClock]]

    def of(self, case_id: int) -> tuple[int, list[StoppedClock]]:
        return self.extensions.get(case_id, 0), self.stops.get(case_id, [])


def clock_changes(case_ids: Sequence[int]) -> ClockChanges:
    """The approved extensions and the suspensions of many cases, read in a few queries."""
    extensions: dict[int, int] = {}
    stops: defaultdict[int, list[StoppedClock]] = defaultdict(list)
    for chunk in chunks(list(case_ids)):
        approved = Extension.select(Extension.case, Extension.days).where(
            Extension.case.in_(chunk) & (Extension.approved == True)  # noqa: E712
        )
        extensions.update(approved.tuples())
        suspensions = (
            Suspension.select(Suspension.case, Suspension.started_on, Suspension.ended_on)
            .where(Suspension.case.in_(chunk))
            .order_by(Suspension.id)
        )
        for case_id, started_on, ended_on in suspensions.tuples():
            stops[case_id].append(StoppedClock(started_on=started_on, ended_on=ended_on))
    return ClockChanges(extensions, dict(stops))
