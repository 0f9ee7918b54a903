"""A case's review clock (材料审核, docs/rules.md §19), read from the stored moments of its
receipt and review, its item's promise and the centre's working hours at each read."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from counter_tui.domain.lifecycle import CaseState
from counter_tui.domain.review_promise import ReviewClock, review_clock
from counter_tui.domain.working_hours import WorkingHours, WorkingHoursError
from counter_tui.services.clock import centre_timezone, to_local
from counter_tui.services.working_hours import centre_working_hours
from counter_tui.store.models import Case, shared_now


class ReviewClocks:
    """Review clocks read together (a queue, a report): the working hours and the time
    zone read once, on the first case that has a promise."""

    def __init__(self, now: datetime) -> None:
        self.now = now  # naive UTC, as stored
        self._read: tuple[WorkingHours, ZoneInfo] | None = None

    def _hours(self) -> tuple[WorkingHours, ZoneInfo]:
        if self._read is None:
            self._read = (centre_working_hours(), centre_timezone())
        return self._read

    def of(
        self,
        promise_hours: int | None,
        received_at: datetime | None,
        reviewed_at: datetime | None,
    ) -> ReviewClock | None:
        """The clock of one case (stored UTC moments); None without a promise or a
        receipt moment, or when the centre has no opening hours to count (the
        administrator is told among the centre's problems)."""
        if not promise_hours or received_at is None:
            return None
        hours, zone = self._hours()

        def local(moment: datetime) -> datetime:
            return to_local(moment, zone).replace(tzinfo=None)

        reviewed = None if reviewed_at is None else local(reviewed_at)
        try:
            return review_clock(hours, local(received_at), promise_hours, reviewed, local(self.now))
        except WorkingHoursError:
            return None


def case_review(case: Case, now: datetime | None = None) -> ReviewClock | None:
    """One case's review clock while it is received, or once the window decided on it;
    none for a case deemed accepted or withdrawn unreviewed (docs/rules.md §19)."""
    if case.reviewed_at is None and case.state != CaseState.RECEIVED.value:
        return None
    clocks = ReviewClocks(now or shared_now())
    return clocks.of(case.item.review_hours, case.received_at, case.reviewed_at)
