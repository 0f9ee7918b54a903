"""Taking a ticket at the kiosk (取号, docs/rules.md §24): no sign-in; the queue by its
letter, the visitor's priority if any; the number is the queue's next of the local day,
from the store's counters (docs/architecture.md §2.3)."""

from __future__ import annotations

from datetime import datetime

from counter_tui.domain.errors import N_
from counter_tui.domain.numbering import ticket_counter
from counter_tui.domain.tickets import Priority, TicketState, check_prefix, check_priority
from counter_tui.services.cases.change import moment
from counter_tui.services.cases.numbers import take_next
from counter_tui.services.errors import ServiceError
from counter_tui.services.tickets.moves import expire_before, label
from counter_tui.services.tickets.reading import TicketReceipt, ahead_of, receipt_of
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import Ticket, TicketQueue, database_proxy


def open_queue(prefix: str) -> TicketQueue:
    """The active queue of this letter; ServiceError when there is none, or it is closed."""
    letter = check_prefix(prefix)
    queue = TicketQueue.get_or_none(TicketQueue.prefix == letter)
    if queue is None:
        raise ServiceError("ticket.queue", N_("There is no queue {prefix}"), prefix=letter)
    if not queue.active:
        raise ServiceError(
            "ticket.queue_closed", N_("Queue {prefix} takes no tickets now"), prefix=letter
        )
    return queue


def take_ticket(
    prefix: str, priority: Priority | str = Priority.NONE, *, at: datetime | None = None
) -> TicketReceipt:
    """A new ticket of the queue ``prefix``: its receipt, with the people ahead of it."""
    kind = check_priority(priority)
    with write_transaction(database_proxy):
        queue = open_queue(prefix)
        when = moment(at)
        expire_before(when.today, when.at)
        key = ticket_counter(queue.prefix, when.today)
        ticket = Ticket.create(
            queue=queue,
            day=when.today,
            number=take_next(key.scope, key.period),
            priority=kind.value,
            state=TicketState.WAITING.value,
            taken_at=when.at,
        )
        ticket.queue = queue
        ahead = ahead_of(ticket)
        facts = {"ticket": ticket.id, "label": label(ticket), "day": when.today}
        append_event("ticket_taken", data={**facts, "priority": kind.value}, at=when.at)
        return receipt_of(ticket, ahead)
