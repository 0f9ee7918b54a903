"""The review clock (材料审核, docs/rules.md §19): the centre's own promise to review a
case's materials within N working hours of receipt, one of its "333".

The clock starts at the receipt (submit) and stops at the window's first decision on the
received case: acceptance, the one-time notice, a refusal, completion on the spot, or the
request for the chief's approval (即办 under 一审一核). A case deemed accepted (Art. 32(4))
or withdrawn before any of these was never reviewed: its clock just stops, neither kept
nor missed. The due moment is computed on read from the item's promise and the working
hours, never stored (docs/architecture.md §2.6: lights on read).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counter_tui.domain.deadlines import Light
from counter_tui.domain.lifecycle import Action, CaseState
from counter_tui.domain.working_hours import WorkingHours

# A running review this close to its due moment shows yellow (docs/rules.md §9).
YELLOW_MINUTES = 60

# The window's decisions that end the review, when taken on a received case.
REVIEW_ENDS: frozenset[Action] = frozenset(
    {
        Action.ACCEPT,
        Action.ISSUE_NOTICE,
        Action.REFUSE,
        Action.COMPLETE_ON_SPOT,
        Action.REQUEST_APPROVAL,
    }
)


def ends_review(state: CaseState | str, action: Action | str) -> bool:
    """Whether ``action`` taken on a case in ``state`` is the end of its review: the first
    decision, so only from RECEIVED (a refusal after the notice ends nothing)."""
    return CaseState(state) is CaseState.RECEIVED and Action(action) in REVIEW_ENDS


@dataclass(frozen=True)
class ReviewClock:
    """A case's review against its promise, in the centre's local time. ``minutes_left``:
    working minutes from now (or from the review's end) to the due moment, negative when
    past it."""

    due: datetime
    reviewed: datetime | None
    minutes_left: int
    late: bool  # the review ended, or it is now, after the due moment
    read_at: datetime  # the moment it was read for

    @property
    def running(self) -> bool:
        return self.reviewed is None

    @property
    def light(self) -> Light:
        """Red when late; a running review yellow within its last YELLOW_MINUTES."""
        if self.late:
            return Light.RED
        if self.running and self.minutes_left <= YELLOW_MINUTES:
            return Light.YELLOW
        return Light.GREEN

    @property
    def short_due(self) -> str:
        """A list's due: the time when it falls on the day read, else the month-day."""
        return self.due.strftime("%H:%M" if self.due.date() == self.read_at.date() else "%m-%d")


def review_clock(
    hours: WorkingHours,
    received: datetime,
    promise_hours: int,
    reviewed: datetime | None,
    now: datetime,
) -> ReviewClock:
    """The clock of a case received at ``received`` under a promise of ``promise_hours``
    working hours, reviewed at ``reviewed`` (None: not yet), read at ``now``. Late is by
    the wall clock: a review at 12:10 of a case due at 12:00 is late, though the lunch
    break holds no working minute."""
    due = hours.add(received, promise_hours * 60)
    end = now if reviewed is None else reviewed
    return ReviewClock(
        due=due,
        reviewed=reviewed,
        minutes_left=hours.minutes_between(end, due),
        late=end > due,
        read_at=now,
    )
