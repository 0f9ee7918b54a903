"""The window calls (叫号, docs/rules.md §24): the next ticket of the queues it serves, the
same ticket again, or a ticket passed over earlier. Each is one write transaction: the
writers' lock and the row locks (docs/architecture.md §2.2) see to it that two windows
calling at once never get the same ticket."""

from __future__ import annotations

from datetime import datetime

from counter_tui.domain.errors import N_
from counter_tui.domain.tickets import TicketAction, TicketState, next_in_line
from counter_tui.services.auth import StaffSession
from counter_tui.services.cases.change import Moment, locked, moment
from counter_tui.services.errors import ServiceError
from counter_tui.services.tickets.moves import (
    Desk,
    at_my_window,
    desk,
    expire_before,
    finish_current,
    label,
    locked_ticket,
    move,
)
from counter_tui.services.tickets.reading import (
    CalledTicket,
    in_line,
    served_queues,
    window_ticket,
)
from counter_tui.store.database import write_transaction
from counter_tui.store.models import Ticket, database_proxy


def _call(ticket: Ticket, action: TicketAction, clerk: Desk, when: Moment) -> None:
    ticket.window = clerk.window.id
    ticket.called_by = clerk.staff.id
    ticket.called_at = when.at
    move(ticket, action, "ticket_called", clerk.staff, when.at, window=clerk.window.number)


def call_next(session: StaffSession, *, at: datetime | None = None) -> CalledTicket:
    """Call the next ticket to the clerk's window (domain/tickets.py::calling_order): one
    sent to it by another window, then priority, then in the order taken, among the
    day's tickets of the queues the window serves. The ticket called to it before is
    finished first."""
    with write_transaction(database_proxy):
        clerk = desk(session)
        when = moment(at)
        expire_before(when.today, when.at)
        queues = served_queues(clerk.window.id)
        waiting = (Ticket.queue.in_(queues) & (Ticket.state == TicketState.WAITING.value)) | (
            (Ticket.window == clerk.window.id) & (Ticket.state == TicketState.TRANSFERRED.value)
        )
        candidates = list(
            locked(Ticket.select().where((Ticket.day == when.today) & waiting), of=Ticket)
        )
        chosen = next_in_line(in_line(ticket) for ticket in candidates)
        if chosen is None:
            if not queues:
                raise ServiceError(
                    "ticket.no_queues",
                    N_("Window {window} calls no queue: the administrator assigns its queues"),
                    window=clerk.window.number,
                )
            raise ServiceError(
                "ticket.none_waiting",
                N_("Nobody is waiting for window {window}"),
                window=clerk.window.number,
            )
        finish_current(clerk, when)
        _call(locked_ticket(chosen.id), TicketAction.CALL, clerk, when)
        called = window_ticket(clerk.window.id)
    assert called is not None
    return called


def recall(session: StaffSession, ticket_id: int, *, at: datetime | None = None) -> CalledTicket:
    """Call the ticket at the clerk's window again (重呼): the display shows it first
    again; the count of calls again is kept."""
    with write_transaction(database_proxy):
        clerk = desk(session)
        when = moment(at)
        ticket = at_my_window(locked_ticket(ticket_id), clerk)
        ticket.recalls += 1
        ticket.called_at = when.at
        move(
            ticket,
            TicketAction.RECALL,
            "ticket_recalled",
            clerk.staff,
            when.at,
            window=clerk.window.number,
            recalls=ticket.recalls,
        )
        called = window_ticket(clerk.window.id)
    assert called is not None
    return called


def recall_skipped(
    session: StaffSession, ticket_id: int, *, at: datetime | None = None
) -> CalledTicket:
    """Call a ticket passed over earlier the same day (过号, the visitor came back) to the
    clerk's window: a window of its queue, or the one that passed it over. The ticket
    called to the window before is finished first."""
    with write_transaction(database_proxy):
        clerk = desk(session)
        when = moment(at)
        ticket = locked_ticket(ticket_id)
        if ticket.state != TicketState.SKIPPED.value or ticket.day != when.today:
            raise ServiceError(
                "ticket.not_skipped",
                N_("Ticket {label} is not a ticket of today passed over"),
                label=label(ticket),
            )
        ours = ticket.window_id == clerk.window.id or ticket.queue_id in served_queues(
            clerk.window.id
        )
        if not ours:
            raise ServiceError(
                "ticket.other_queue",
                N_("Window {window} does not call queue {prefix}"),
                window=clerk.window.number,
                prefix=ticket.queue.prefix,
            )
        finish_current(clerk, when)
        _call(ticket, TicketAction.RECALL_SKIPPED, clerk, when)
        called = window_ticket(clerk.window.id)
    assert called is not None
    return called
