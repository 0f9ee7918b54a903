"""Checking the event log (docs/architecture.md §2.6): the hash chain from the first event to the
last, and the anchors that say where its end stood, so that events cut off the end are
noticed too."""

from dataclasses import dataclass
from datetime import datetime

from counter_tui.services.clock import to_local
from counter_tui.store.events import first_broken_event, first_lost_anchor
from counter_tui.store.models import Event


@dataclass(frozen=True)
class BrokenLink:
    event_id: int
    case_number: str | None  # None for an event of no case, or one deleted by hand


@dataclass(frozen=True)
class CutChain:
    """An anchored event that is gone or changed: the chain was cut short after it."""

    anchored_event_id: int
    anchored_at: datetime  # local
    last_event_id: int | None  # where the chain ends now


def verify_event_chain() -> BrokenLink | None:
    """The first event whose link or content does not match; None when the chain is intact."""
    broken = first_broken_event()
    if broken is None:
        return None
    event = Event.get_or_none(Event.id == broken)
    case = event.case.number if event is not None and event.case_id else None
    return BrokenLink(event_id=broken, case_number=case)


def verify_anchors() -> CutChain | None:
    """The first anchor the chain no longer reaches; None when every anchor holds."""
    lost = first_lost_anchor()
    if lost is None:
        return None
    last = Event.select(Event.id).order_by(Event.id.desc()).scalar()
    return CutChain(lost.last_event_id, to_local(lost.at), last)
