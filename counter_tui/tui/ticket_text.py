"""The hall's tickets as the clerk reads them (排队叫号, docs/rules.md §24): a ticket with
its priority, the home's line of the ticket called to the window now, and the rarer moves
the ticket's menu offers (the boxes are in screens/prompts.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from counter_tui.domain.errors import N_
from counter_tui.domain.tickets import PRIORITY_LABELS, Priority
from counter_tui.i18n import _
from counter_tui.tui.widgets.text import join, plain

if TYPE_CHECKING:
    from counter_tui.services.tickets.reading import CalledTicket, WindowCalling

RECALL, SKIP, RECALL_SKIPPED, TRANSFER = "recall", "skip", "recall_skipped", "transfer"
MOVES = (
    (RECALL, N_("Call again (重呼)")),
    (SKIP, N_("Pass over: nobody came (过号)")),
    (RECALL_SKIPPED, N_("Call a ticket passed over back")),
    (TRANSFER, N_("Send to another window (转窗口)")),
)


def ticket_words(ticket: CalledTicket) -> str:
    """``A012`` with its priority, if any: ``A012（优先：老年人）``."""
    if ticket.priority is Priority.NONE:
        return ticket.label
    return _("{label} ({priority})").format(
        label=ticket.label, priority=_(PRIORITY_LABELS[ticket.priority])
    )


def calling_line(calling: WindowCalling, call_key: str, menu_key: str) -> Text:
    """The home's line: the ticket called to the window now, how many wait for it, and
    the keys (as the footer shows them)."""
    current = ticket_words(calling.current) if calling.current else "—"
    return join(
        [
            plain(_("Called now: {ticket}").format(ticket=current), "bold"),
            plain(_("waiting: {count}").format(count=calling.waiting)),
            plain(_("{key}: call next").format(key=call_key)),
            plain(_("{key}: again, pass over, send on").format(key=menu_key)),
        ]
    )
