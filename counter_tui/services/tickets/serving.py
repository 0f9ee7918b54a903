"""What follows a call at the window (docs/rules.md §24): passing the ticket over when
nobody comes (过号), sending the visitor on to another window (转窗口), finishing, and
linking the ticket to the case or the consultation it led to."""

from __future__ import annotations

from datetime import datetime

from counter_tui.domain.errors import N_
from counter_tui.domain.tickets import TicketAction, TicketState
from counter_tui.services.auth import StaffSession
from counter_tui.services.cases.change import Moment, get_case, locked, moment
from counter_tui.services.errors import ServiceError
from counter_tui.services.tickets.moves import (
    Desk,
    at_my_window,
    desk,
    label,
    locked_ticket,
    move,
)
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import (
    Case,
    Consultation,
    Ticket,
    TicketQueue,
    Window,
    database_proxy,
)


def skip(session: StaffSession, ticket_id: int, *, at: datetime | None = None) -> None:
    """Pass over the ticket called to the clerk's window (过号): nobody came. It may be
    called again later the same day (calling.recall_skipped)."""
    with write_transaction(database_proxy):
        clerk = desk(session)
        when = moment(at)
        ticket = at_my_window(locked_ticket(ticket_id), clerk)
        move(
            ticket,
            TicketAction.SKIP,
            "ticket_skipped",
            clerk.staff,
            when.at,
            window=clerk.window.number,
        )


def transfer(
    session: StaffSession, ticket_id: int, to_window: int, *, at: datetime | None = None
) -> None:
    """Send the visitor at the clerk's window on to window ``to_window`` (转窗口), where
    the ticket is called before the others (domain/tickets.py::calling_order)."""
    with write_transaction(database_proxy):
        clerk = desk(session)
        when = moment(at)
        ticket = at_my_window(locked_ticket(ticket_id), clerk)
        target = Window.get_or_none(Window.number == to_window)
        if target is None:
            raise ServiceError("ticket.window", N_("No window numbered {number}"), number=to_window)
        if target.id == clerk.window.id:
            raise ServiceError(
                "ticket.same_window",
                N_("Ticket {label} is at window {window} already"),
                label=label(ticket),
                window=target.number,
            )
        ticket.window, ticket.called_by, ticket.called_at = target.id, None, None
        move(
            ticket,
            TicketAction.TRANSFER,
            "ticket_transferred",
            clerk.staff,
            when.at,
            window=clerk.window.number,
            to=target.number,
        )


def finish(session: StaffSession, ticket_id: int, *, at: datetime | None = None) -> None:
    """The visitor at the clerk's window has been served."""
    with write_transaction(database_proxy):
        clerk = desk(session)
        when = moment(at)
        ticket = at_my_window(locked_ticket(ticket_id), clerk)
        ticket.finished_at = when.at
        move(
            ticket,
            TicketAction.FINISH,
            "ticket_finished",
            clerk.staff,
            when.at,
            window=clerk.window.number,
        )


def link_ticket(
    session: StaffSession,
    ticket_id: int,
    *,
    case_number: str | None = None,
    consultation_id: int | None = None,
    at: datetime | None = None,
) -> None:
    """Link the ticket called to (or served at) the clerk's window to the case or the
    consultation its visitor came for: one of each at most (a question may become an
    application)."""
    field = _link_field(case_number, consultation_id)
    with write_transaction(database_proxy):
        clerk = desk(session)
        ticket = locked_ticket(ticket_id)
        served_here = ticket.state in (TicketState.CALLED.value, TicketState.SERVED.value)
        if not served_here or ticket.window_id != clerk.window.id:
            raise ServiceError(
                "ticket.not_yours",
                N_("Ticket {label} is not called to window {window}"),
                label=label(ticket),
                window=clerk.window.number,
            )
        target = _link_target(case_number, consultation_id)
        linked = getattr(ticket, f"{field}_id")
        if linked is not None and linked != target.id:
            raise ServiceError(
                "ticket.already_linked",
                N_("Ticket {label} is linked to another one already"),
                label=label(ticket),
            )
        _link(ticket, clerk, field, target, case_number or str(consultation_id), moment(at))


def link_called_ticket(
    session: StaffSession,
    *,
    case_number: str | None = None,
    consultation_id: int | None = None,
    at: datetime | None = None,
) -> str | None:
    """Where a draft is started or a question recorded at a window (docs/rules.md §24):
    the ticket called to the clerk's window now, if any, is linked to that case or
    consultation. Returns the ticket's label; None when there is nothing to link — no
    window, no ticket called to it, or the ticket linked to another case (or question)
    already, a visitor with a second application — and then nothing changes."""
    field = _link_field(case_number, consultation_id)
    if session.window_id is None:
        return None
    with write_transaction(database_proxy):
        clerk = desk(session)
        when = moment(at)
        query = Ticket.select(Ticket, TicketQueue).join(TicketQueue)
        called_here = (
            (Ticket.window == clerk.window.id)
            & (Ticket.state == TicketState.CALLED.value)
            & (Ticket.day == when.today)  # one called on an earlier day lapsed with it
        )
        current = locked(query.where(called_here), of=Ticket).first()
        if current is None or getattr(current, f"{field}_id") is not None:
            return None
        target = _link_target(case_number, consultation_id)
        _link(current, clerk, field, target, case_number or str(consultation_id), when)
        return label(current)


def _link_field(case_number: str | None, consultation_id: int | None) -> str:
    if (case_number is None) == (consultation_id is None):
        raise ServiceError(
            "ticket.link", N_("Link a ticket to one case or one consultation at a time")
        )
    return "case" if case_number is not None else "consultation"


def _link_target(case_number: str | None, consultation_id: int | None) -> Case | Consultation:
    if case_number is not None:
        return get_case(case_number)
    target = Consultation.get_or_none(Consultation.id == consultation_id)
    if target is None:
        raise ServiceError(
            "consultation.missing", N_("There is no consultation {id}"), id=consultation_id
        )
    return target


def _link(
    ticket: Ticket,
    clerk: Desk,
    field: str,
    target: Case | Consultation,
    shown: str,
    when: Moment,
) -> None:
    setattr(ticket, field, target.id)
    ticket.save()
    facts = {"ticket": ticket.id, "label": label(ticket), "day": ticket.day, field: shown}
    append_event(
        "ticket_linked",
        case=target if isinstance(target, Case) else None,
        staff=clerk.staff,
        data=facts,
        at=when.at,
    )
