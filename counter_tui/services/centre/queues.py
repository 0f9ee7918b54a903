"""The hall's ticket queues, administered (docs/rules.md §24): each with its prefix
letter, its name on the kiosk, its department and, optionally, a common item of that
department, and the windows that call it. Added and changed by an administrator or the
command line; a queue is closed (inactive), never deleted: its tickets name it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from counter_tui.domain.centre import check_name, check_window_number
from counter_tui.domain.errors import N_, Label
from counter_tui.domain.tickets import check_prefix
from counter_tui.services.auth import StaffSession, acting_admin
from counter_tui.services.cases.change import locked
from counter_tui.services.centre.changes import apply_changes, given
from counter_tui.services.centre.departments import department_by_code
from counter_tui.services.errors import ServiceError
from counter_tui.services.handover.staffing import window_by_number
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import (
    Department,
    Item,
    QueueWindow,
    TicketQueue,
    Window,
    database_proxy,
)

QUEUE_NAME = Label(N_("Queue name"))


@dataclass(frozen=True)
class QueueView:
    prefix: str
    name: str
    department_code: str
    department: str
    item_code: str  # '' when the queue is the department's, not one item's
    windows: tuple[int, ...]  # the numbers of the windows that call it, in order
    active: bool


def list_queues() -> list[QueueView]:
    """Every queue by its letter, with the windows that call it."""
    windows: dict[int, list[int]] = {}
    for queue_id, number in (
        QueueWindow.select(QueueWindow.queue, Window.number)
        .join(Window)
        .order_by(Window.number)
        .tuples()
    ):
        windows.setdefault(queue_id, []).append(number)
    return [
        QueueView(
            prefix=queue.prefix,
            name=queue.name,
            department_code=queue.department.code,
            department=queue.department.name,
            item_code=queue.item_code,
            windows=tuple(windows.get(queue.id, ())),
            active=queue.active,
        )
        for queue in TicketQueue.select(TicketQueue, Department)
        .join(Department)
        .order_by(TicketQueue.prefix)
    ]


def queue_view(prefix: str) -> QueueView:
    return next(view for view in list_queues() if view.prefix == prefix)


def queue_by_prefix(prefix: str) -> TicketQueue:
    """The queue, its row locked for the change."""
    letter = check_prefix(prefix)
    queue = locked(TicketQueue.select().where(TicketQueue.prefix == letter)).first()
    if queue is None:
        raise ServiceError("ticket.queue", N_("There is no queue {prefix}"), prefix=letter)
    return queue


def checked_item(code: str, department: Department) -> str:
    """A common item of the queue's department, by its code; '' for none."""
    code = code.strip()
    if not code:
        return ""
    item = Item.get_or_none((Item.code == code) & Item.current)
    if item is None or item.department_id != department.id:
        raise ServiceError(
            "queue.item",
            N_("{department} has no item with the code {code}"),
            department=department.name,
            code=code,
        )
    return code


def _windows(numbers: Iterable[int | str]) -> list[Window]:
    found: dict[int, Window] = {}
    for number in numbers:
        window = window_by_number(check_window_number(number))
        found[window.number] = window
    return [found[number] for number in sorted(found)]


def _place(queue: TicketQueue, windows: list[Window]) -> None:
    QueueWindow.delete().where(QueueWindow.queue == queue.id).execute()
    if windows:
        QueueWindow.insert_many(
            [{"queue": queue.id, "window": window.id} for window in windows]
        ).execute()


def add_queue(
    session: StaffSession | None,
    prefix: str,
    name: str,
    department: str,
    *,
    item_code: str = "",
    windows: Iterable[int | str] = (),
) -> QueueView:
    """A new queue of ``department`` with the letter ``prefix``, called by ``windows``."""
    letter = check_prefix(prefix)
    name = check_name(name, QUEUE_NAME)
    with write_transaction(database_proxy):
        admin = acting_admin(session)
        if TicketQueue.select().where(TicketQueue.prefix == letter).exists():
            raise ServiceError(
                "queue.exists", N_("There is a queue {prefix} already"), prefix=letter
            )
        owner = department_by_code(department)
        queue = TicketQueue.create(
            prefix=letter, name=name, department=owner, item_code=checked_item(item_code, owner)
        )
        placed = _windows(windows)
        _place(queue, placed)
        data = {
            "queue": letter,
            "name": name,
            "department": owner.code,
            "item": queue.item_code,
            "windows": [window.number for window in placed],
        }
        append_event("ticket_queue_added", staff=admin, data=data)
    return queue_view(letter)


def set_queue(
    session: StaffSession | None,
    prefix: str,
    *,
    name: str | None = None,
    department: str | None = None,
    item_code: str | None = None,
    windows: Iterable[int | str] | None = None,
    active: bool | None = None,
) -> QueueView:
    """Change what is given (None: as it is). A queue moved to another department keeps
    no item of the one before unless ``item_code`` names one of the new."""
    name = None if name is None else check_name(name, QUEUE_NAME)
    with write_transaction(database_proxy):
        admin = acting_admin(session)
        queue = queue_by_prefix(prefix)
        owner = department_by_code(department) if department is not None else queue.department
        moved = owner.id != queue.department_id
        item = item_code if item_code is not None else ("" if moved else queue.item_code)
        values = given(name=name, department=owner if moved else None, active=active)
        values["item_code"] = checked_item(item, owner)
        changed = apply_changes(queue, values)
        if windows is not None:
            before = list_windows_of(queue)
            placed = _windows(windows)
            after = [window.number for window in placed]
            if before != after:
                _place(queue, placed)
                changed["windows"] = [before, after]
        if changed:
            queue.save()
            data = {"queue": queue.prefix, "changed": changed}
            append_event("ticket_queue_set", staff=admin, data=data)
    return queue_view(queue.prefix)


def list_windows_of(queue: TicketQueue) -> list[int]:
    query = (
        Window.select(Window.number)
        .join(QueueWindow)
        .where(QueueWindow.queue == queue.id)
        .order_by(Window.number)
    )
    return [number for (number,) in query.tuples()]
