"""What the ticket services share (docs/rules.md §24): the clerk's window, a ticket read
and locked, a move by domain/tickets.py's table with its event, the day's end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from counter_tui.domain.errors import N_
from counter_tui.domain.numbering import ticket_label
from counter_tui.domain.tickets import (
    OPEN_STATES,
    TicketAction,
    TicketState,
    next_ticket_state,
)
from counter_tui.services.auth import INTAKE_ROLES, StaffSession, active_staff, require_role
from counter_tui.services.cases.change import Moment, locked
from counter_tui.services.errors import ServiceError
from counter_tui.store.events import append_event
from counter_tui.store.models import Staff, Ticket, TicketQueue, Window


@dataclass(frozen=True)
class Desk:
    """The clerk acting and the window they call to, inside the write transaction."""

    staff: Staff
    window: Window


def desk(session: StaffSession) -> Desk:
    """The session's staff member (a clerk or an approver, still active) and their window,
    read inside the write transaction; ServiceError when they sit at none."""
    require_role(session, *INTAKE_ROLES)
    staff = active_staff(session)
    window = Window.get_or_none(Window.id == session.window_id) if session.window_id else None
    if window is None:
        raise ServiceError(
            "ticket.no_window", N_("You are not at a window: tickets are called to a window")
        )
    return Desk(staff, window)


def label(ticket: Ticket) -> str:
    """``A012``: the queue's letter and the ticket's number of its day."""
    return ticket_label(ticket.queue.prefix, ticket.number)


def locked_ticket(ticket_id: int) -> Ticket:
    """The ticket with its queue, its row locked; ServiceError when there is none."""
    query = Ticket.select(Ticket, TicketQueue).join(TicketQueue).where(Ticket.id == ticket_id)
    ticket = locked(query, of=Ticket).first()
    if ticket is None:
        raise ServiceError("ticket.missing", N_("There is no ticket {id}"), id=ticket_id)
    return ticket


def at_my_window(ticket: Ticket, desk: Desk) -> Ticket:
    """``ticket`` when it is called to the desk's window; else ServiceError."""
    if ticket.state != TicketState.CALLED.value or ticket.window_id != desk.window.id:
        raise ServiceError(
            "ticket.not_yours",
            N_("Ticket {label} is not called to window {window}"),
            label=label(ticket),
            window=desk.window.number,
        )
    return ticket


def move(
    ticket: Ticket,
    action: TicketAction,
    kind: str,
    staff: Staff | None,
    at: datetime,
    **data: Any,
) -> None:
    """Move ``ticket`` by ``action`` (TicketError when the table forbids it), save the
    changed columns and append the event ``kind`` that names it."""
    ticket.state = next_ticket_state(ticket.state, action).value
    ticket.save()
    facts = {"ticket": ticket.id, "label": label(ticket), "day": ticket.day, **data}
    append_event(kind, staff=staff, data=facts, at=at)


def finish_current(desk: Desk, when: Moment) -> None:
    """Finish the ticket called to the desk's window, if there is one: calling the next
    visitor ends the service of the one before (one key at the window)."""
    query = Ticket.select(Ticket, TicketQueue).join(TicketQueue)
    current = locked(
        query.where((Ticket.window == desk.window.id) & (Ticket.state == TicketState.CALLED.value)),
        of=Ticket,
    )
    for ticket in current:
        ticket.finished_at = when.at
        move(
            ticket,
            TicketAction.FINISH,
            "ticket_finished",
            desk.staff,
            when.at,
            window=desk.window.number,
        )


def expire_before(day: date, at: datetime) -> int:
    """Expire every ticket still open from a day before ``day`` (a ticket is the day's:
    numbers start again at 001 the next morning); one event says how many. Returns the
    count."""
    stale = Ticket.state.in_([state.value for state in OPEN_STATES]) & (Ticket.day < day)
    count = Ticket.update(state=TicketState.EXPIRED.value, finished_at=at).where(stale).execute()
    if count:
        append_event("tickets_expired", data={"before": day, "count": count}, at=at)
    return count
