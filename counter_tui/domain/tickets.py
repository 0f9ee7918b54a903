"""The hall's ticket queue (排队叫号, docs/rules.md §24): a ticket's states and the moves
between them, the priority kinds, the queue's prefix letter, and who is called next.

A visitor takes a ticket of a queue at the kiosk (取号); a window that serves the queue
calls the next one (叫号); the clerk may call it again (重呼), pass it over when nobody
comes (过号, callable again later the same day), send it on to another window (转窗口),
or finish it. Tickets not finished by the end of their day expire.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from counter_tui.domain.errors import N_, DomainError, Label


class TicketError(DomainError):
    """A ticket cannot move so, or a queue's particulars are not valid."""


class TicketState(StrEnum):
    WAITING = "waiting"  # taken, not yet called
    CALLED = "called"  # called to a window: the visitor is there, or on the way
    SERVED = "served"  # finished at the window
    SKIPPED = "skipped"  # 过号: called, nobody came; may be called again the same day
    TRANSFERRED = "transferred"  # 转窗口: waiting for the window it was sent to
    EXPIRED = "expired"  # its day ended before it was finished


class TicketAction(StrEnum):
    CALL = "call"
    RECALL = "recall"  # 重呼: the same ticket called again
    SKIP = "skip"
    RECALL_SKIPPED = "recall_skipped"
    TRANSFER = "transfer"
    FINISH = "finish"
    EXPIRE = "expire"


STATE_LABELS: Mapping[TicketState, str] = MappingProxyType(
    {
        TicketState.WAITING: N_("waiting"),
        TicketState.CALLED: N_("called"),
        TicketState.SERVED: N_("served"),
        TicketState.SKIPPED: N_("passed over"),
        TicketState.TRANSFERRED: N_("sent to another window"),
        TicketState.EXPIRED: N_("expired"),
    }
)

ACTION_LABELS: Mapping[TicketAction, str] = MappingProxyType(
    {
        TicketAction.CALL: N_("Call"),
        TicketAction.RECALL: N_("Call again"),
        TicketAction.SKIP: N_("Pass over"),
        TicketAction.RECALL_SKIPPED: N_("Call a passed-over ticket"),
        TicketAction.TRANSFER: N_("Send to another window"),
        TicketAction.FINISH: N_("Finish"),
        TicketAction.EXPIRE: N_("Expire"),
    }
)

# Unfinished: a ticket in one of these is still in the hall, until its day ends.
OPEN_STATES = frozenset(
    {TicketState.WAITING, TicketState.CALLED, TicketState.SKIPPED, TicketState.TRANSFERRED}
)

TRANSITIONS: Mapping[tuple[TicketState, TicketAction], TicketState] = MappingProxyType(
    {
        (TicketState.WAITING, TicketAction.CALL): TicketState.CALLED,
        (TicketState.TRANSFERRED, TicketAction.CALL): TicketState.CALLED,
        (TicketState.CALLED, TicketAction.RECALL): TicketState.CALLED,
        (TicketState.CALLED, TicketAction.SKIP): TicketState.SKIPPED,
        (TicketState.SKIPPED, TicketAction.RECALL_SKIPPED): TicketState.CALLED,
        (TicketState.CALLED, TicketAction.TRANSFER): TicketState.TRANSFERRED,
        (TicketState.CALLED, TicketAction.FINISH): TicketState.SERVED,
        **{(state, TicketAction.EXPIRE): TicketState.EXPIRED for state in OPEN_STATES},
    }
)


def next_ticket_state(state: TicketState | str, action: TicketAction | str) -> TicketState:
    """The state after ``action``, or TicketError when the table does not allow it."""
    state, action = TicketState(state), TicketAction(action)
    try:
        return TRANSITIONS[state, action]
    except KeyError:
        raise TicketError(
            "ticket.forbidden",
            N_("{action} is not possible for a ticket that is {state}"),
            action=Label(ACTION_LABELS[action]),
            state=Label(STATE_LABELS[state]),
        ) from None


class Priority(StrEnum):
    """Who is called before the others (优先): the centre's practice for the elderly, the
    disabled and the key projects' green channel (docs/rules.md §23)."""

    NONE = "none"
    ELDERLY = "elderly"  # 老年人
    DISABLED = "disabled"  # 残疾人
    KEY_PROJECT = "key_project"  # 重点项目 (绿色通道)


PRIORITY_LABELS: Mapping[Priority, str] = MappingProxyType(
    {
        Priority.NONE: N_("ordinary"),
        Priority.ELDERLY: N_("priority: elderly"),
        Priority.DISABLED: N_("priority: disabled"),
        Priority.KEY_PROJECT: N_("priority: key project"),
    }
)


def check_priority(value: Priority | str) -> Priority:
    try:
        return Priority(value)
    except ValueError:
        raise TicketError(
            "ticket.priority", N_("{value} is not a kind of priority"), value=value
        ) from None


def check_prefix(value: str) -> str:
    """A queue's prefix: one letter A to Z (upper case), what a ticket number starts with
    and what a numeric keypad's display can show."""
    prefix = value.strip().upper() if isinstance(value, str) else ""
    if len(prefix) != 1 or not ("A" <= prefix <= "Z"):
        raise TicketError(
            "ticket.prefix",
            N_("A queue's prefix is one letter from A to Z, not {value}"),
            value=value,
        )
    return prefix


@dataclass(frozen=True)
class InLine:
    """A ticket that a window may call, as the order of calling reads it."""

    id: int
    priority: bool  # any priority kind but NONE
    transferred: bool  # sent to this window by another
    taken_at: datetime


def calling_order(ticket: InLine) -> tuple[bool, bool, datetime, int]:
    """The order a window calls in: a ticket sent to it from another window first (its
    visitor has waited their turn once already), then priority tickets, then in the order
    they were taken (across the window's queues: the numbers of two queues do not
    compare)."""
    return (not ticket.transferred, not ticket.priority, ticket.taken_at, ticket.id)


def next_in_line(tickets: Iterable[InLine]) -> InLine | None:
    """The ticket a window calls next, or None when none waits."""
    return min(tickets, key=calling_order, default=None)


def people_ahead(ticket: InLine, others: Iterable[InLine]) -> int:
    """How many of ``others`` (the waiting tickets of its queue) would be called before
    ``ticket`` as things stand: a priority ticket taken later may still go ahead."""
    own = calling_order(ticket)
    return sum(1 for other in others if other.id != ticket.id and calling_order(other) < own)


class DeviceKind(StrEnum):
    """A terminal of the hall (docs/rules.md §24)."""

    PAD = "pad"  # the applicant's rating pad (评价器), beside a window
    KIOSK = "kiosk"  # the ticket machine (取号机), at the door
    DISPLAY = "display"  # the calling display (叫号屏), in the hall


DEVICE_LABELS: Mapping[DeviceKind, str] = MappingProxyType(
    {
        DeviceKind.PAD: N_("rating pad"),
        DeviceKind.KIOSK: N_("ticket kiosk"),
        DeviceKind.DISPLAY: N_("calling display"),
    }
)

_DEVICE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")


def check_device_code(value: str) -> str:
    code = value.strip() if isinstance(value, str) else ""
    if not _DEVICE_CODE.fullmatch(code):
        raise TicketError(
            "device.code",
            N_("A device code is 1 to 32 letters, digits, dots, dashes or underscores: {code}"),
            code=value,
        )
    return code


def check_device_kind(value: DeviceKind | str) -> DeviceKind:
    try:
        return DeviceKind(value.strip() if isinstance(value, str) else value)
    except ValueError:
        raise TicketError(
            "device.kind", N_("{value} is not a kind of device"), value=value
        ) from None


def check_device(kind: DeviceKind | str, window: int | None) -> DeviceKind:
    """A device's kind, and where it may be bound: a rating pad to a window (it rates that
    window's services), a kiosk or a display to the hall (no window)."""
    kind = check_device_kind(kind)
    if kind is DeviceKind.PAD and window is None:
        raise TicketError("device.pad_window", N_("A rating pad is bound to a window"))
    if kind is not DeviceKind.PAD and window is not None:
        raise TicketError(
            "device.hall",
            N_("A {kind} serves the whole hall: it is bound to no window"),
            kind=Label(DEVICE_LABELS[kind]),
        )
    return kind


# The receipt rolls a kiosk prints on, in mm (documents/ticket_receipt.py); 58 unless the
# device or the command line says otherwise.
RECEIPT_WIDTHS = (58, 80)
DEFAULT_PAPER = 58


def check_paper(kind: DeviceKind | str, value: int | str | None) -> int | None:
    """A device's receipt roll, in mm: only a kiosk prints one; None (or '') for none set
    (a kiosk then prints on DEFAULT_PAPER)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    kind = check_device_kind(kind)
    if kind is not DeviceKind.KIOSK:
        raise TicketError(
            "device.paper_kind",
            N_("Only a ticket kiosk prints receipts: a {kind} has no paper width"),
            kind=Label(DEVICE_LABELS[kind]),
        )
    try:
        width = int(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        width = 0
    if isinstance(value, bool) or width not in RECEIPT_WIDTHS:
        raise TicketError(
            "device.paper", N_("A receipt roll is 58 or 80 mm wide, not {value}"), value=value
        )
    return width
