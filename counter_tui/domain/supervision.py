"""Supervision orders (督办, docs/rules.md §22): what they are on, their states, the reply-by
period in working days, whether a reply came in time, and the light of an order waiting
for its reply. Pure rules: the services keep the orders and their replies."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from counter_tui.domain.calendar import WorkCalendar
from counter_tui.domain.deadlines import Light, light
from counter_tui.domain.errors import N_, DomainError
from counter_tui.domain.numbering import supervision_number


class OrderState(StrEnum):
    OPEN = "open"  # waiting for its owner's first reply
    ANSWERED = "answered"  # replied to; waiting for whoever issued it to close it
    CLOSED = "closed"


# The orders still in hand: on the owner's home screen and in the centre's list.
ACTIVE_STATES = (OrderState.OPEN.value, OrderState.ANSWERED.value)

ORDER_STATE_LABELS: Mapping[OrderState, str] = MappingProxyType(
    {
        OrderState.OPEN: N_("awaiting reply"),
        OrderState.ANSWERED: N_("answered"),
        OrderState.CLOSED: N_("closed"),
    }
)


class TargetKind(StrEnum):
    """What an order is on: exactly one of a case, a bundle case and a key project."""

    CASE = "case"
    BUNDLE_CASE = "bundle_case"
    KEY_PROJECT = "key_project"


TARGET_LABELS: Mapping[TargetKind, str] = MappingProxyType(
    {
        TargetKind.CASE: N_("case"),
        TargetKind.BUNDLE_CASE: N_("bundle case"),
        TargetKind.KEY_PROJECT: N_("key project"),
    }
)


# Who issues an order: a chief representative (on the work of their department) or an
# administrator (on any). A deputy approves at the window but does not supervise.
ISSUER_ROLES = ("chief", "admin")

MIN_REPLY_DAYS, MAX_REPLY_DAYS = 1, 30
# Yellow on the reply-by day itself, the last working day to reply (deadlines.light counts
# the due day as remaining, today not): a period of a few days has no room for more.
YELLOW_DAYS = 0


def check_reply_days(value: object) -> int:
    """The reply-by period as a whole number of working days, 1 to 30; a form's text of
    digits is read as its number. DomainError otherwise."""
    days = value.strip() if isinstance(value, str) else value
    if isinstance(days, str) and days.isascii() and days.isdigit():
        days = int(days)
    if isinstance(days, bool) or not isinstance(days, int):
        days = None
    if days is None or not MIN_REPLY_DAYS <= days <= MAX_REPLY_DAYS:
        raise DomainError(
            "supervision.reply_days",
            N_("A supervision order is answered within {low} to {high} working days, not {days}"),
            low=MIN_REPLY_DAYS,
            high=MAX_REPLY_DAYS,
            days=str(value),
        )
    return days


def reply_by_date(calendar: WorkCalendar, issued_on: date, days: int) -> date:
    """The last day to reply: the ``days``-th working day after the day of issue, which is
    not counted (docs/rules.md §2)."""
    return calendar.add_workdays(issued_on, check_reply_days(days))


def answered_in_time(first_reply_on: date | None, due: date) -> bool:
    """Answered in time: a first reply on or before the reply-by day."""
    return first_reply_on is not None and first_reply_on <= due


def order_light(calendar: WorkCalendar, today: date, due: date) -> Light:
    """An open order's light: red past its reply-by day, yellow on it, green before."""
    return light(calendar, today, due, YELLOW_DAYS)


def days_late(calendar: WorkCalendar, today: date, due: date) -> int:
    """Working days past the reply-by day (0 on or before it)."""
    return max(0, calendar.workdays_between(due, today))


def check_new_date(new_date: date | None, today: date) -> None:
    """A new date promised in a reply is today or later."""
    if new_date is not None and new_date < today:
        raise DomainError(
            "supervision.new_date",
            N_("The new date {date} is in the past"),
            date=new_date.isoformat(),
        )


_NUMBER = re.compile(r"(?:督办)?[〔\[(（【]?(\d{4})[〕\])）】/\-.]?(\d{1,9})号?")


def parse_order_number(text: str) -> str | None:
    """An order's number as typed, its brackets as a keyboard has them: ``督办〔2026〕7号``,
    ``督办[2026]7号``, ``2026-7``; None when ``text`` is not one."""
    found = _NUMBER.fullmatch("".join(str(text).split()))
    if found is None:
        return None
    try:
        return supervision_number(int(found.group(1)), int(found.group(2)))
    except ValueError:  # year 0999 or number 0: no order has it
        return None
