"""The hall's tickets in the figures (排队叫号, docs/rules.md §24).

The figures count the tickets *taken* in the period (their local ``day``), by the
department of their queue, the window they were called to (the last one, after a
transfer), the staff member who called them (the last call) and the queue's common item:

- ``tickets_taken``: taken in the period;
- ``tickets_called``: called to a window at least once;
- ``tickets_served``: finished at a window;
- ``tickets_skipped``: passed over (过号) at least once, called back later or not;
- ``wait_seconds`` and ``wait_longest_seconds``: the wait of each ticket called, from
  taking it to its *first* call (a visitor passed over and called back waited once);
- ``service_seconds``: the service of each ticket served, from its last call (the one the
  visitor answered) to its finish.

The averages are the sums over the tickets called (``average_wait_minutes``) and served
(``average_service_minutes``); the longest wait of a total is the longest of its groups.
A ticket taken and not called, at no window, counts under no window and no staff member.

``by_window_and_hour``: the tickets first called in the period per window (the one first
called to) and local hour of that call — the hall's load through the day.

The first call is the earliest ``ticket_called`` event of the ticket (a call again,
重呼, is ``ticket_recalled`` and leaves it). Tickets are a few hundred a day: the period's
tickets and their call events are read one by one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from peewee import ColumnBase, Expression

from counter_tui.domain.tickets import TicketState
from counter_tui.services.clock import centre_timezone, to_local
from counter_tui.store.events import event_data
from counter_tui.store.models import Event, Ticket, TicketQueue

COUNTS = (
    "tickets_taken",
    "tickets_called",
    "tickets_served",
    "tickets_skipped",
    "wait_seconds",
    "wait_longest_seconds",
    "service_seconds",
)

GROUP_KEYS: dict[str, ColumnBase] = {
    "department": TicketQueue.department,
    "window": Ticket.window,
    "staff": Ticket.called_by,
    "item": TicketQueue.item_code,
}


@dataclass(frozen=True)
class HourCount:
    """Tickets first called to a window in one local hour of the day."""

    window: int  # the window's number
    hour: int  # 0–23, local
    tickets: int


@dataclass(frozen=True)
class _Call:
    window: int | None
    at: datetime


def _in_scope(staff_id: int | None, department_id: int | None) -> Expression | None:
    """A staff member's own calls, or a department's queues."""
    if staff_id is not None:
        return Ticket.called_by == staff_id
    if department_id is not None:
        return TicketQueue.department == department_id
    return None


def _events(kind: str, start: datetime, end: datetime) -> Iterator[tuple[int, datetime, Any]]:
    query = Event.select().where((Event.kind == kind) & (Event.at >= start) & (Event.at < end))
    for event in query.order_by(Event.at, Event.id):
        data = event_data(event)
        yield int(data["ticket"]), event.at, data


def _first_calls(start: datetime, end: datetime) -> dict[int, _Call]:
    """Each ticket's first call from ``start`` to before ``end`` (stored UTC)."""
    first: dict[int, _Call] = {}
    for ticket, at, data in _events("ticket_called", start, end):
        if ticket not in first:
            first[ticket] = _Call(data.get("window"), at)
    return first


def ticket_counts(
    by: str | None,
    date_from: date,
    date_to: date,
    start: datetime,
    end: datetime,
    staff_id: int | None = None,
    department_id: int | None = None,
) -> tuple[dict[Any, dict[str, int]], tuple[HourCount, ...]]:
    """The counts of ``COUNTS`` per group of the tickets taken from ``date_from`` to
    ``date_to`` (local days, both included; ``start`` and ``end`` the same period as
    stored UTC), keyed as the case figures key them (ids; an item's code; None when not
    grouped), and the tickets per window and hour of their first call."""
    key = GROUP_KEYS[by] if by else None
    query = Ticket.select(
        Ticket.id,
        key.alias("k") if key is not None else Ticket.id,
        Ticket.state,
        Ticket.taken_at,
        Ticket.called_at,
        Ticket.finished_at,
    ).join(TicketQueue)
    where = (Ticket.day >= date_from) & (Ticket.day <= date_to)
    if (scope := _in_scope(staff_id, department_id)) is not None:
        where &= scope
    rows = list(query.where(where).tuples())
    first = _first_calls(start, end)
    skipped = {ticket for ticket, _at, _data in _events("ticket_skipped", start, end)}
    zone = centre_timezone()
    counts: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    hours: dict[tuple[int, int], int] = defaultdict(int)
    for ticket, group, state, taken_at, called_at, finished_at in rows:
        # A queue for no one item keeps '' as its item code: the no-item group is None.
        tally = counts[(group or None) if key is not None else None]
        tally["tickets_taken"] += 1
        tally["tickets_skipped"] += int(ticket in skipped)
        call = first.get(ticket)
        if call is not None:
            wait = max(0, round((call.at - taken_at).total_seconds()))
            tally["tickets_called"] += 1
            tally["wait_seconds"] += wait
            tally["wait_longest_seconds"] = max(tally["wait_longest_seconds"], wait)
            if call.window is not None:
                hours[call.window, to_local(call.at, zone).hour] += 1
        served = state == TicketState.SERVED.value
        if served and called_at is not None and finished_at is not None:
            tally["tickets_served"] += 1
            tally["service_seconds"] += max(0, round((finished_at - called_at).total_seconds()))
    by_hour = tuple(HourCount(w, h, n) for (w, h), n in sorted(hours.items()))
    return dict(counts), by_hour
