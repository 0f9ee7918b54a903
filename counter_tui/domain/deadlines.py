"""A case's two clocks and their light (docs/rules.md §8, §9): computed on read from the
case's acceptance, extension and suspensions and the calendar, never stored.

The promised limit (承诺时限) is what the centre promised the applicant; the legal limit
(法定时限) is what the law allows, and only it is extended (行政许可法 Art. 42). The light
and the overdue report follow the promise; suspensions (Art. 45) stop both clocks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from counter_tui.domain.calendar import Due, WorkCalendar
from counter_tui.domain.errors import N_
from counter_tui.domain.legal import LimitUnit


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


DEFAULT_YELLOW_DAYS = 3


def worst_light(lights: Iterable[Light | None]) -> Light | None:
    """The light of several clocks together (a bundle case, a project): the worst of
    them; None when none runs."""
    shown = [light for light in lights if light is not None]
    order = (Light.RED, Light.YELLOW, Light.GREEN)
    return min(shown, key=order.index) if shown else None


def light(
    calendar: WorkCalendar, today: date, due: date, yellow_days: int = DEFAULT_YELLOW_DAYS
) -> Light:
    """Red once the due date has passed; yellow when ``yellow_days`` working days or fewer
    remain (the due day itself counts as remaining, today does not); green otherwise."""
    if yellow_days < 0:
        raise ValueError(f"yellow_days must not be negative, got {yellow_days}")
    if today > due:
        return Light.RED
    if calendar.workdays_between(today, due) <= yellow_days:
        return Light.YELLOW
    return Light.GREEN


@dataclass(frozen=True)
class StoppedClock:
    """A suspension (挂起, Art. 45): the clock stands still after ``started_on`` until
    ``ended_on``; an open one runs to today."""

    started_on: date
    ended_on: date | None = None


@dataclass(frozen=True)
class CaseDeadline:
    due: Due
    light: Light
    remaining: int  # working days left; negative when overdue


def stopped_workdays(calendar: WorkCalendar, stops: Iterable[StoppedClock], today: date) -> int:
    """Working days the clock stood still: those after each start, up to its end."""
    return sum(
        max(0, calendar.workdays_between(stop.started_on, stop.ended_on or today)) for stop in stops
    )


def _stopped_days(stops: Iterable[StoppedClock], today: date) -> int:
    """Natural days the clock stood still, for a limit counted in natural days."""
    return sum(max(0, ((stop.ended_on or today) - stop.started_on).days) for stop in stops)


def _natural_due(calendar: WorkCalendar, start: date, days: int, extension_days: int) -> Due:
    """``days`` natural days after ``start``; a period ending on a day off ends on the next
    working day (as procedural periods do: 期间届满的最后一日是节假日的，以节假日后的第一日
    为期间届满的日期); an extension then adds its working days."""
    end = start + timedelta(days=days)
    while not calendar.is_workday(end):
        end += timedelta(days=1)
    # Provisional only where the day it ends on, or the extension, rests on a guessed year.
    return calendar.due(end, extension_days)


def case_deadline_on(
    calendar: WorkCalendar,
    today: date,
    *,
    accepted_on: date,
    limit_days: int,
    extension_days: int = 0,
    stops: Iterable[StoppedClock] = (),
    yellow_days: int = DEFAULT_YELLOW_DAYS,
    unit: LimitUnit = LimitUnit.WORKING,
) -> CaseDeadline:
    """The time-limit rule of one clock: ``limit_days`` days (in ``unit``) after
    acceptance, plus the days of every suspension, plus an approved extension (working
    days, Art. 42); with its light."""
    if limit_days < 0 or extension_days < 0:
        raise ValueError("time limits are whole numbers of days, not negative")
    stops = tuple(stops)
    if unit is LimitUnit.NATURAL:
        days = limit_days + _stopped_days(stops, today)
        due = _natural_due(calendar, accepted_on, days, extension_days)
    else:
        days = limit_days + extension_days + stopped_workdays(calendar, stops, today)
        due = calendar.due(accepted_on, days)
    return CaseDeadline(
        due=due,
        light=light(calendar, today, due.date, yellow_days),
        remaining=calendar.workdays_between(today, due.date),
    )


class Limit(StrEnum):
    """Which of a case's two clocks."""

    PROMISED = "promised"  # 承诺时限
    LEGAL = "legal"  # 法定时限


LIMIT_LABELS = {Limit.PROMISED: N_("Promised limit"), Limit.LEGAL: N_("Legal limit")}


@dataclass(frozen=True)
class Limits:
    """An item's two limits, in its unit; a promise of 0 days is no promise (the light then
    follows the legal limit)."""

    promised_days: int
    legal_days: int
    unit: LimitUnit = LimitUnit.WORKING

    @property
    def followed_days(self) -> int:
        """The limit the light follows: the promise, else the legal limit."""
        return self.promised_days or self.legal_days


@dataclass(frozen=True)
class CaseClocks:
    """A case's two clocks. ``due``, ``light`` and ``remaining`` are those of the one the
    light follows: the promise, or the legal limit where nothing shorter is promised."""

    legal: CaseDeadline
    promised: CaseDeadline | None = None  # None: no promise, the legal limit is followed

    @property
    def followed(self) -> CaseDeadline:
        return self.legal if self.promised is None else self.promised

    @property
    def due(self) -> Due:
        return self.followed.due

    @property
    def light(self) -> Light:
        return self.followed.light

    @property
    def remaining(self) -> int:
        return self.followed.remaining

    @property
    def provisional(self) -> bool:
        """Either date rests on a year without an official schedule (暂定)."""
        return self.legal.due.provisional or self.followed.due.provisional

    def both(self) -> list[tuple[Limit, CaseDeadline]]:
        """The clocks to show, the nearer first (only the legal one without a promise)."""
        pairs = [(Limit.LEGAL, self.legal)]
        if self.promised is not None:
            pairs.append((Limit.PROMISED, self.promised))
        return sorted(pairs, key=lambda pair: (pair[1].due.date, pair[0] is Limit.LEGAL))

    @property
    def missed(self) -> Limit | None:
        """The limit that has run out: the legal one before the promise, as the graver."""
        if self.legal.light is Light.RED:
            return Limit.LEGAL
        if self.promised is not None and self.promised.light is Light.RED:
            return Limit.PROMISED
        return None


def case_clocks_on(
    calendar: WorkCalendar,
    today: date,
    *,
    accepted_on: date,
    limits: Limits,
    extension_days: int = 0,
    stops: Iterable[StoppedClock] = (),
    yellow_days: int = DEFAULT_YELLOW_DAYS,
) -> CaseClocks:
    """Both clocks: suspensions stop both; an approved extension moves the legal one only."""
    stops = tuple(stops)

    def clock(limit_days: int, extension: int = 0) -> CaseDeadline:
        return case_deadline_on(
            calendar,
            today,
            accepted_on=accepted_on,
            limit_days=limit_days,
            extension_days=extension,
            stops=stops,
            yellow_days=yellow_days,
            unit=limits.unit,
        )

    legal = clock(limits.legal_days, extension_days)
    if not limits.promised_days:
        return CaseClocks(legal=legal)
    return CaseClocks(legal=legal, promised=clock(limits.promised_days))
