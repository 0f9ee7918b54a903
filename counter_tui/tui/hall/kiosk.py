"""The ticket kiosk (取号机, docs/rules.md §24), on a numeric keypad: a digit chooses the
queue (or the arrows and Enter), then Enter takes an ordinary ticket or 1, 2, 3 a
priority one; the receipt shows large and prints (58 or 80 mm) and the kiosk starts over
after a few seconds or at any key. Esc or Backspace goes back a step."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import ClassVar

from rich.align import Align
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widgets import Static

from counter_tui.config import documents_home
from counter_tui.documents.pdfkit import PrintResult
from counter_tui.domain.errors import DomainError
from counter_tui.domain.tickets import (
    DEFAULT_PAPER,
    PRIORITY_LABELS,
    RECEIPT_WIDTHS,
    DeviceKind,
    Priority,
)
from counter_tui.i18n import _, explain, ngettext
from counter_tui.services.centre.devices import DeviceView
from counter_tui.services.profile import centre_name
from counter_tui.services.tickets.reading import QueueCount, TicketReceipt, waiting_counts
from counter_tui.services.tickets.taking import take_ticket
from counter_tui.tui.counter import REFUSED
from counter_tui.tui.hall.big import big_text
from counter_tui.tui.hall.device import HallApp
from counter_tui.tui.printing import print_in_worker, warm_up_in_worker
from counter_tui.tui.widgets.text import plain

RECEIPT_SECONDS = 8.0  # the receipt stays this long, unless a key is pressed
IDLE_SECONDS = 30.0  # a choice left half-made is dropped (the visitor walked away)
REFRESH_SECONDS = 5.0  # the queues' waiting counts, read again while nobody is choosing
# The priority keys (Enter: none), the same on every kiosk.
PRIORITY_KEYS: dict[str, Priority] = {
    "1": Priority.ELDERLY,
    "2": Priority.DISABLED,
    "3": Priority.KEY_PROJECT,
}
BACK_KEYS = frozenset({"escape", "backspace", "minus"})
LOG = logging.getLogger(__name__)


def receipt_dir() -> Path:
    """Receipts print beside the counter's other documents, under counter-tui/tickets."""
    return documents_home() / "tickets"


def printed_words(result: PrintResult, label: str) -> str:
    """How the print went, as the visitor reads it: no file's path (that goes to the log,
    for whoever looks after the kiosk)."""
    LOG.info("ticket %s: %s", label, result.message())
    if result.is_pdf:
        return _("Your ticket has been printed")
    return _("Your ticket could not be printed: please remember your number {label}").format(
        label=label
    )


class Step(Enum):
    QUEUE = "queue"  # which queue
    PRIORITY = "priority"  # ordinary or which priority
    RECEIPT = "receipt"  # the ticket taken


class KioskApp(HallApp):
    """The hall's ticket kiosk."""

    KIND: ClassVar = DeviceKind.KIOSK

    def __init__(
        self,
        device: DeviceView,
        *,
        paper: int | None = None,
        print_dir: Path | None = None,
        today: Callable[[], date] | None = None,
        receipt_seconds: float = RECEIPT_SECONDS,
    ) -> None:
        super().__init__(device, today=today)
        # The receipt roll: ``paper`` (the command line's) over the device's own setting.
        paper = paper or device.paper or DEFAULT_PAPER
        if paper not in RECEIPT_WIDTHS:
            raise ValueError(f"paper must be one of {RECEIPT_WIDTHS} mm, not {paper}")
        self.paper = paper
        self.print_dir = print_dir or receipt_dir()
        self.receipt_seconds = receipt_seconds
        self.step = Step.QUEUE
        self.queues: list[QueueCount] = []
        self.chosen = 0  # the highlighted queue
        self.receipt: TicketReceipt | None = None
        self.centre = ""
        self._back_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="head")
        yield Static(id="body")
        yield Static(id="said")
        yield Static(id="keys")
        yield self.away_line()

    def on_mount(self) -> None:
        self.title = _("Ticket kiosk")
        self.start_over()
        self.set_interval(REFRESH_SECONDS, self._refresh_queues, name="queues")
        # The PDF library and the font, in a thread once the queues show: the first
        # visitor's receipt then prints as fast as the next.
        warm_up_in_worker(self, lambda: None)

    # ── the steps ──────────────────────────────────────────────────────────────

    def start_over(self) -> None:
        self._stop_timer()
        self.step, self.receipt = Step.QUEUE, None
        self._say("")
        self._read_queues()
        self._show()

    def _read_queues(self) -> None:
        if not self.still_bound():
            return
        queues = self.read(waiting_counts, self.day())
        centre = self.read(centre_name)
        if queues is not REFUSED and centre is not REFUSED:
            self.queues, self.centre = queues, centre
            self.chosen = min(self.chosen, max(len(queues) - 1, 0))

    def _refresh_queues(self) -> None:
        if self.step is Step.QUEUE:
            self._read_queues()
            self._show()

    def choose(self, index: int) -> None:
        self.chosen = index
        self.step = Step.PRIORITY
        self._say("")
        self._restart_timer(IDLE_SECONDS)
        self._show()

    def take(self, priority: Priority) -> None:
        """Take the ticket of the chosen queue; the database away or the queue closed
        meanwhile: said, and the kiosk stays where it is."""
        if not self.still_bound():
            self._show()
            return
        queue = self.queues[self.chosen]
        try:
            receipt = self.read(take_ticket, queue.prefix, priority, at=self.now())
        except DomainError as error:
            self.start_over()
            self._say(explain(error), error=True)
            return
        if receipt is REFUSED:
            return  # the away line says why; the next Enter tries again
        self.receipt, self.step = receipt, Step.RECEIPT
        self._say("")
        self._print_receipt(receipt)
        self._restart_timer(self.receipt_seconds)
        self._show()

    def _print_receipt(self, receipt: TicketReceipt) -> None:
        from counter_tui.documents.ticket_receipt import print_receipt

        name = f"{receipt.taken_at:%Y%m%d}-{receipt.label}-{receipt.id}.pdf"
        path = self.print_dir / name
        print_in_worker(
            self,
            path,
            lambda: print_receipt(receipt, path, self.paper),
            busy=_("The receipt is already printing"),
            started=_("Printing your ticket…"),
            failed=_("The receipt could not be printed: {reason}"),
            worded=lambda result: printed_words(result, receipt.label),
        )

    # ── keys ───────────────────────────────────────────────────────────────────

    def on_key(self, event: events.Key) -> None:
        event.stop()
        key = event.key
        if self.refused:
            return
        if self.step is Step.RECEIPT:
            self.start_over()  # any key: the next visitor
        elif self.step is Step.QUEUE:
            self._queue_key(key)
        elif key in BACK_KEYS:
            self.start_over()
        elif key == "enter":
            self.take(Priority.NONE)
        elif key in PRIORITY_KEYS:
            self.take(PRIORITY_KEYS[key])

    def _queue_key(self, key: str) -> None:
        if not self.queues:
            return
        if key.isdigit() and 1 <= int(key) <= min(len(self.queues), 9):
            self.choose(int(key) - 1)
        elif key == "enter":
            self.choose(self.chosen)
        elif key in ("up", "left"):
            self.chosen = (self.chosen - 1) % len(self.queues)
            self._show()
        elif key in ("down", "right"):
            self.chosen = (self.chosen + 1) % len(self.queues)
            self._show()

    # ── timers ─────────────────────────────────────────────────────────────────

    def _restart_timer(self, seconds: float) -> None:
        self._stop_timer()
        self._back_timer = self.set_timer(seconds, self.start_over, name="start-over")

    def _stop_timer(self) -> None:
        if self._back_timer is not None:
            self._back_timer.stop()
            self._back_timer = None

    # ── what shows ─────────────────────────────────────────────────────────────

    def _say(self, message: str, *, error: bool = False) -> None:
        self.query_one("#said", Static).update(Text(message, style="bold red" if error else ""))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """What the print says (tui/printing.py), in the line above the keys: a toast
        would cover the receipt the visitor reads."""
        self._say(message, error=severity == "error")

    def _show(self) -> None:
        self.show_head(self.centre, _("Take a number"))
        body, keys = self._screen()
        self.query_one("#body", Static).update(body)
        self.query_one("#keys", Static).update(keys)

    def _screen(self) -> tuple[RenderableType, Text]:
        if self.refused:
            return Text(self.refused, style="bold red"), Text("")
        if self.step is Step.RECEIPT and self.receipt is not None:
            return self._receipt_view(self.receipt), Text(_("Any key: done"))
        if self.step is Step.PRIORITY:
            return self._priority_view(), Text(_("Esc or Backspace: back"))
        if not self.queues:
            return Text(_("No queue takes tickets just now."), style="bold"), Text("")
        keys = _("Press the number of your business · ↑↓ and Enter also work")
        return self._queue_view(), Text(keys)

    def _queue_view(self) -> RenderableType:
        table = Table.grid(padding=(0, 2))
        for _column in range(4):
            table.add_column(no_wrap=True)
        for index, queue in enumerate(self.queues):
            style = "reverse bold" if index == self.chosen else ""
            key = str(index + 1) if index < 9 else " "
            table.add_row(
                Text(f" {key} ", style="bold reverse" if index < 9 else ""),
                Text(f"{queue.prefix}  ", style="bold").append_text(plain(queue.title)),
                plain(queue.department),
                Text(_("{n} waiting").format(n=queue.waiting)),
                style=style,
            )
        title = Text(_("Choose your business:"), style="bold")
        return Group(title, Text(""), table)

    def _priority_view(self) -> RenderableType:
        queue = self.queues[self.chosen]
        title = Text(f"{queue.prefix}  ", style="bold").append_text(plain(queue.title, "bold"))
        lines = [
            title,
            Text.assemble(plain(queue.department)),
            Text(""),
            Text(_("Enter: an ordinary number"), style="bold"),
            Text(""),
            Text(_("Priority (please show proof at the window):")),
        ]
        for key, priority in PRIORITY_KEYS.items():
            lines.append(Text(f"  {key}  ", style="bold").append(_(PRIORITY_LABELS[priority])))
        return Group(*lines)

    def _receipt_view(self, receipt: TicketReceipt) -> RenderableType:
        ahead = ngettext(
            "{n} person ahead of you", "{n} people ahead of you", receipt.people_ahead
        ).format(n=receipt.people_ahead)
        lines: list[RenderableType] = [
            Text(_("Your number"), style="bold"),
            big_text(receipt.label, "bold"),
            Text(""),
        ]
        name = Text(f"{receipt.queue_prefix}  ").append_text(plain(receipt.title, "bold"))
        lines.append(name.append("  ").append_text(plain(receipt.department)))
        if receipt.priority is not Priority.NONE:
            lines.append(Text(f" {_(PRIORITY_LABELS[receipt.priority])} ", style="reverse bold"))
        lines.append(Text(ahead, style="bold"))
        lines.append(Text(_("Taken at {time}").format(time=f"{receipt.taken_at:%H:%M}")))
        lines.append(Text(_("Please take your receipt and wait for your number on the display.")))
        return Align.center(Group(*lines))
