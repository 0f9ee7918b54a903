"""Checking the event log (docs/architecture.md §2.6): the hash chain from the first event to the
last."""

from dataclasses import dataclass

from counter_tui.store.events import first_broken_event
from counter_tui.store.models import Event


@dataclass(frozen=True)
class BrokenLink:
    event_id: int
    case_number: str | None  # None for an event of no case, or one deleted by hand


def verify_event_chain() -> BrokenLink | None:
    """The first event whose link or content does not match; None when the chain is intact."""
    broken = first_broken_event()
    if broken is None:
        return None
    event = Event.get_or_none(Event.id == broken)
    case = event.case.number if event is not None and event.case_id else None
    return BrokenLink(event_id=broken, case_number=case)
