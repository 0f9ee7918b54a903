"""The demo's morning in the hall (排队叫号, docs/rules.md §24): tickets taken at the kiosk
of the centre file's queues, through the same services the kiosk and the windows use —
some served, one passed over, one called now at each of two windows, a few waiting (one
of them a priority ticket), so that the calling display and the clerks' screens have
something to show."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from counter_tui.domain.tickets import Priority
from counter_tui.services.auth import session_of
from counter_tui.services.tickets.calling import call_next
from counter_tui.services.tickets.reading import window_ticket
from counter_tui.services.tickets.serving import skip
from counter_tui.services.tickets.taking import take_ticket
from counter_tui.store.models import Staff, TicketQueue, Window

# (local hour, minute, queue, priority) in the order taken.
TAKEN = (
    (9, 2, "A", Priority.NONE),
    (9, 5, "A", Priority.NONE),
    (9, 9, "B", Priority.NONE),
    (9, 14, "A", Priority.ELDERLY),
    (9, 20, "C", Priority.NONE),
    (9, 31, "A", Priority.NONE),
    (9, 40, "B", Priority.KEY_PROJECT),
    (9, 47, "A", Priority.NONE),
    (9, 55, "A", Priority.NONE),
)
# (local hour, minute, window, what its A clerk does: call the next, which finishes the
# ticket called before, or pass the called one over).
CALLS = (
    (9, 10, 2, "call"),
    (9, 18, 2, "call"),  # the elderly visitor's ticket, before A002
    (9, 25, 7, "call"),
    (9, 36, 2, "skip"),
    (9, 42, 2, "call"),
    (9, 50, 7, "call"),  # the key project's ticket; B001 is finished by it
)


def write_tickets(today_at: Callable[[int, int], datetime]) -> None:
    """Take and call the demo's tickets at ``today_at(hour, minute)``; nothing when the
    centre file has no such queues."""
    if TicketQueue.select().where(TicketQueue.prefix.in_(("A", "B", "C"))).count() < 3:
        return
    steps: list[tuple[int, int, Callable[[datetime], object]]] = []
    for hour, minute, prefix, priority in TAKEN:
        steps.append((hour, minute, _take(prefix, priority)))
    for hour, minute, number, action in CALLS:
        steps.append((hour, minute, _act(number, action)))
    for hour, minute, step in sorted(steps, key=lambda s: (s[0], s[1])):
        step(today_at(hour, minute))


def _take(prefix: str, priority: Priority) -> Callable[[datetime], object]:
    return lambda at: take_ticket(prefix, priority, at=at)


def _act(number: int, action: str) -> Callable[[datetime], object]:
    def act(at: datetime) -> None:
        window = Window.get(Window.number == number)
        session = session_of(Staff.get_by_id(window.clerk_a_id))
        current = window_ticket(window.id)
        if action == "skip" and current is not None:
            skip(session, current.id, at=at)
        else:
            call_next(session, at=at)

    return act
