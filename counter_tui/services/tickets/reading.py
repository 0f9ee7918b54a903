"""What the hall reads of the tickets (docs/rules.md §24): a ticket's receipt, the waiting
per queue and the last calls for the calling display, the ticket at a window. Reads only;
times are the centre's local times."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from peewee import JOIN, Expression, Select, fn

from counter_tui.domain.errors import N_
from counter_tui.domain.numbering import ticket_label
from counter_tui.domain.tickets import InLine, Priority, TicketState, people_ahead
from counter_tui.services.auth import StaffSession, check_session
from counter_tui.services.clock import local_today, to_local
from counter_tui.services.errors import ServiceError
from counter_tui.services.profile import centre_name
from counter_tui.store.models import (
    Department,
    Item,
    QueueWindow,
    Ticket,
    TicketQueue,
    Window,
)


@dataclass(frozen=True)
class TicketReceipt:
    """What the kiosk's receipt (小票) prints: the number large, the queue, the people
    ahead, the time, the priority."""

    id: int
    centre: str
    label: str
    queue_prefix: str
    queue_name: str
    department: str
    people_ahead: int
    taken_at: datetime  # local
    priority: Priority
    item: str = ""  # the common item's name for a queue of one item, else ''

    @property
    def title(self) -> str:
        """What the visitor chose: the queue's common item, else the queue."""
        return self.item or self.queue_name


@dataclass(frozen=True)
class QueueCount:
    """A queue's waiting tickets of the day, as the display and the kiosk show them."""

    prefix: str
    name: str
    department: str
    waiting: int
    item: str = ""  # the common item's name for a queue of one item (常办事项), else ''

    @property
    def title(self) -> str:
        """What the visitor reads and chooses: the queue's common item, else the queue
        (a visitor knows "居民身份证换领" better than a department)."""
        return self.item or self.name


@dataclass(frozen=True)
class CalledTicket:
    """A ticket called to a window: the display's line, and the clerk's current ticket."""

    id: int
    label: str
    queue_name: str
    window: int
    called_at: datetime  # local: the latest call (a call again moves it up)
    recalls: int
    priority: Priority
    state: TicketState


def in_line(ticket: Ticket) -> InLine:
    """The ticket as the order of calling reads it (domain/tickets.py::calling_order)."""
    return InLine(
        id=ticket.id,
        priority=ticket.priority != Priority.NONE.value,
        transferred=ticket.state == TicketState.TRANSFERRED.value,
        taken_at=ticket.taken_at,
    )


def _current_item() -> Expression:
    """A queue's common item as the catalog has it now: the current version of its code,
    still of the queue's department (for a join of Item and TicketQueue)."""
    return (
        (Item.code == TicketQueue.item_code)
        & Item.current
        & (Item.department == TicketQueue.department)
    )


def queue_item(queue: TicketQueue) -> Item | None:
    """The queue's common item now; None for a queue of no item, or one whose item is
    gone from the catalog or its department (the queue then reads as itself)."""
    if not queue.item_code:
        return None
    query = Item.select().join(TicketQueue, on=_current_item()).where(TicketQueue.id == queue.id)
    return query.first()


def receipt_of(ticket: Ticket, ahead: int) -> TicketReceipt:
    queue = ticket.queue
    item = queue_item(queue)
    return TicketReceipt(
        id=ticket.id,
        centre=centre_name(),
        label=ticket_label(queue.prefix, ticket.number),
        queue_prefix=queue.prefix,
        queue_name=queue.name,
        department=Department.get_by_id(queue.department_id).name,
        people_ahead=ahead,
        taken_at=to_local(ticket.taken_at).replace(tzinfo=None),
        priority=Priority(ticket.priority),
        item=item.name if item else "",
    )


def waiting_counts(day: date | None = None) -> list[QueueCount]:
    """Every active queue, by letter, with its department, its common item's name if it
    has one, and its tickets waiting on ``day`` (today): the kiosk's choice and the
    display's counts."""
    day = day or local_today()
    waiting = fn.COUNT(Ticket.id)
    on_day = (
        (Ticket.queue == TicketQueue.id)
        & (Ticket.day == day)
        & (Ticket.state == TicketState.WAITING.value)
    )
    rows = (
        TicketQueue.select(
            TicketQueue.prefix, TicketQueue.name, Department.name, waiting, Item.name
        )
        .join(Department)
        .switch(TicketQueue)
        .join(Item, JOIN.LEFT_OUTER, on=_current_item())
        .switch(TicketQueue)
        .join(Ticket, JOIN.LEFT_OUTER, on=on_day)
        .where(TicketQueue.active)
        .group_by(TicketQueue.prefix, TicketQueue.name, Department.name, Item.name)
        .order_by(TicketQueue.prefix)
        .tuples()
    )
    return [QueueCount(*row[:4], item=row[4] or "") for row in rows]


def _called(query: Iterable[Ticket]) -> list[CalledTicket]:
    return [
        CalledTicket(
            id=ticket.id,
            label=ticket_label(ticket.queue.prefix, ticket.number),
            queue_name=ticket.queue.name,
            window=ticket.window.number,
            called_at=to_local(ticket.called_at).replace(tzinfo=None),
            recalls=ticket.recalls,
            priority=Priority(ticket.priority),
            state=TicketState(ticket.state),
        )
        for ticket in query
    ]


def _with_window() -> Select:
    return Ticket.select(Ticket, TicketQueue, Window).join(TicketQueue).switch(Ticket).join(Window)


def last_called(count: int = 5, day: date | None = None) -> list[CalledTicket]:
    """The ``count`` latest calls of ``day`` (today), the latest first: the calling
    display's board. A ticket called again comes first again; one passed over or sent on
    leaves the board."""
    day = day or local_today()
    shown = [TicketState.CALLED.value, TicketState.SERVED.value]
    query = (
        _with_window()
        .where((Ticket.day == day) & Ticket.state.in_(shown) & Ticket.called_at.is_null(False))
        .order_by(Ticket.called_at.desc(), Ticket.id.desc())
        .limit(max(count, 0))
    )
    return _called(query)


def window_ticket(window_id: int | None, day: date | None = None) -> CalledTicket | None:
    """The ticket called to the window now, if any (the clerk's screen, the pad); given
    ``day``, only a ticket of that day (one called on an earlier day lapses with it)."""
    if window_id is None:
        return None
    query = _with_window().where(
        (Ticket.window == window_id) & (Ticket.state == TicketState.CALLED.value)
    )
    if day is not None:
        query = query.where(Ticket.day == day)
    found = _called(query.limit(1))
    return found[0] if found else None


def ahead_of(ticket: Ticket) -> int:
    """How many waiting tickets of its queue and day go before ``ticket``, as things
    stand (0 once it is called)."""
    if ticket.state != TicketState.WAITING.value:
        return 0
    waiting = Ticket.select().where(
        (Ticket.queue == ticket.queue_id)
        & (Ticket.day == ticket.day)
        & (Ticket.state == TicketState.WAITING.value)
    )
    return people_ahead(in_line(ticket), [in_line(other) for other in waiting])


def ticket_receipt(ticket_id: int) -> TicketReceipt:
    """A ticket's receipt again (a reprint), with the people ahead of it as things stand."""
    query = Ticket.select(Ticket, TicketQueue).join(TicketQueue).where(Ticket.id == ticket_id)
    ticket = query.first()
    if ticket is None:
        raise ServiceError("ticket.missing", N_("There is no ticket {id}"), id=ticket_id)
    return receipt_of(ticket, ahead_of(ticket))


def served_queues(window_id: int) -> list[int]:
    """The active queues the window calls."""
    query = (
        QueueWindow.select(QueueWindow.queue)
        .join(TicketQueue)
        .where((QueueWindow.window == window_id) & TicketQueue.active)
    )
    return [queue_id for (queue_id,) in query.tuples()]


@dataclass(frozen=True)
class WindowCalling:
    """What the clerk's home shows of the hall: the ticket called to their window now,
    and how many wait for it (its queues' waiting tickets and those sent to it)."""

    window: int  # its number
    current: CalledTicket | None
    waiting: int


def _window_of(session: StaffSession) -> Window | None:
    check_session(session)
    if session.window_id is None:
        return None
    return Window.get_or_none(Window.id == session.window_id)


def window_calling(session: StaffSession, day: date | None = None) -> WindowCalling | None:
    """The clerk's window in the hall on ``day`` (today); None when they sit at no window,
    or at one that calls no queue and has no ticket called to it."""
    window = _window_of(session)
    if window is None:
        return None
    day = day or local_today()
    queues = served_queues(window.id)
    current = window_ticket(window.id, day)
    if not queues and current is None:
        return None
    waiting = Ticket.select().where(
        (Ticket.day == day)
        & (
            (Ticket.queue.in_(queues) & (Ticket.state == TicketState.WAITING.value))
            | ((Ticket.window == window.id) & (Ticket.state == TicketState.TRANSFERRED.value))
        )
    )
    return WindowCalling(window=window.number, current=current, waiting=waiting.count())


def passed_over(session: StaffSession, day: date | None = None) -> list[CalledTicket]:
    """The tickets of ``day`` (today) passed over (过号) that the clerk's window may call
    back: of its queues, or passed over by it; the latest called first."""
    window = _window_of(session)
    if window is None:
        return []
    day = day or local_today()
    ours = Ticket.queue.in_(served_queues(window.id)) | (Ticket.window == window.id)
    query = (
        _with_window()
        .where((Ticket.day == day) & (Ticket.state == TicketState.SKIPPED.value) & ours)
        .order_by(Ticket.called_at.desc(), Ticket.id.desc())
    )
    return _called(query)


@dataclass(frozen=True)
class CalledItem:
    """The common item of the ticket called to the clerk's window now: F2 opens its
    intake, F10 names it (docs/rules.md §24)."""

    label: str  # the ticket's, A012
    code: str  # its queue's item
    name: str  # the item's name now; '' when gone from the catalog or its department
    has_case: bool  # the ticket led to a case already (a second application: F2 as usual)
    has_consultation: bool  # … to a question already


def called_item(session: StaffSession, day: date | None = None) -> CalledItem | None:
    """The item of the ticket of ``day`` (today) called to the clerk's window, when its
    queue is one common item's; None otherwise (no window, no ticket called, a queue of
    its department's)."""
    window = _window_of(session)
    if window is None:
        return None
    day = day or local_today()
    ticket = (
        Ticket.select(Ticket, TicketQueue)
        .join(TicketQueue)
        .where(
            (Ticket.window == window.id)
            & (Ticket.state == TicketState.CALLED.value)
            & (Ticket.day == day)
            & (TicketQueue.item_code != "")
        )
        .first()
    )
    if ticket is None:
        return None
    queue = ticket.queue
    item = queue_item(queue)
    return CalledItem(
        label=ticket_label(queue.prefix, ticket.number),
        code=queue.item_code,
        name=item.name if item else "",
        has_case=ticket.case_id is not None,
        has_consultation=ticket.consultation_id is not None,
    )
