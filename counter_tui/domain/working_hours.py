"""Working hours (办公时间): the clock of promises counted in hours and minutes, such as the
"333" (a question answered within 30 minutes, materials reviewed within 3 hours), see
docs/rules.md §8.

A working minute is one inside the centre's opening periods of a working day of the
work calendar: the lunch break between the periods, nights, weekends and holidays do
not count, and an adjusted working day (调休, a Saturday or Sunday worked) counts with the
hours of an ordinary weekday. The centre's own Saturday service (延时服务) is not a
working day, so a promise's clock stands still on it.

Written here rather than taken from a library: the business-hours libraries know
weekends and holidays but not weekends worked in their place, which the State Council's
schedule has every year, and the loop is small on top of ``WorkCalendar``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from counter_tui.domain.calendar import WorkCalendar
from counter_tui.domain.centre import Period
from counter_tui.domain.errors import N_, DomainError

# Working days looked at before giving up: a year holds about 250 of them, so only a
# centre without opening hours on any weekday gets this far.
SEARCH_DAYS = 400


class WorkingHoursError(DomainError):
    """A promise in hours cannot be counted."""


@dataclass(frozen=True)
class WorkingHours:
    """``week``: the opening periods of Monday … Sunday (empty when closed), as
    ``domain.centre.parse_hours`` reads them. Moments are the centre's local time,
    without a zone."""

    calendar: WorkCalendar
    week: Sequence[tuple[Period, ...]]

    @property
    def ordinary(self) -> tuple[Period, ...]:
        """An ordinary weekday's periods: the most common of Monday to Friday's."""
        return Counter(self.week[:5]).most_common(1)[0][0]

    def periods_on(self, day: date) -> tuple[Period, ...]:
        """The periods that count on ``day``: none on a day off."""
        if not self.calendar.is_workday(day):
            return ()
        return self.week[day.weekday()] if day.weekday() < 5 else self.ordinary

    def _spans(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """The working spans from ``start`` on, in order; the first may begin late."""
        day = start.date()
        for _ in range(SEARCH_DAYS):
            for period in self.periods_on(day):
                begin = max(datetime.combine(day, period.start), start)
                end = datetime.combine(day, period.end)
                if begin < end:
                    yield begin, end
            day += timedelta(days=1)
        raise WorkingHoursError(
            "hours.none",
            N_(
                "The centre's opening hours name no period on a working day: a promise "
                "in hours cannot be counted"
            ),
        )

    def add(self, start: datetime, minutes: int) -> datetime:
        """The moment ``minutes`` working minutes after ``start``: the end of a period
        when they run out there (12:00, not 13:30)."""
        if minutes < 0:
            raise ValueError(f"minutes must not be negative, got {minutes}")
        if minutes == 0:
            return start
        left = timedelta(minutes=minutes)
        for begin, end in self._spans(start):
            if left <= end - begin:
                return begin + left
            left -= end - begin
        raise AssertionError("unreachable: _spans raises when it runs out")

    def minutes_between(self, start: datetime, end: datetime) -> int:
        """Whole working minutes from ``start`` to ``end``; negative when ``end`` comes
        first (a promise overrun, counted back)."""
        if end < start:
            return -self.minutes_between(end, start)
        worked = timedelta()
        for begin, stop in self._spans(start):
            if begin >= end:
                break
            worked += min(stop, end) - begin
        return int(worked.total_seconds() // 60)
