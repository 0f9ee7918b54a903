"""The append-only, hash-chained event log (docs/architecture.md §2.6)."""

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from peewee import JOIN

from counter_tui.domain.audit import GENESIS, canonical_json, chain_hash, first_broken_link
from counter_tui.store.database import take_writer_lock
from counter_tui.store.models import (
    Case,
    ChainAnchor,
    Event,
    Staff,
    database_proxy,
    shared_now,
    storable,
)


def _payload(
    event_kind: str,
    case_id: int | None,
    staff_id: int | None,
    at: datetime,
    data: Mapping[str, Any],
) -> dict[str, Any]:
    return {"case": case_id, "staff": staff_id, "kind": event_kind, "at": at, "data": data}


def append_event(
    kind: str,
    *,
    case: Case | None = None,
    staff: Staff | None = None,
    data: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> Event:
    """Append one event; call inside the writing transaction that made the change.

    The unique index on prev_hash makes a concurrent fork of the chain fail
    instead of silently branching; on PostgreSQL the writers' lock (taken again here for
    a change made outside write_transaction) makes the next writer wait for this one.
    """
    take_writer_lock(database_proxy)
    at = at or shared_now()
    data = storable(dict(data or {}))  # hashed as stored: the store's rule for text
    prev_hash = _last_hash()
    case_id = case.id if case is not None else None
    staff_id = staff.id if staff is not None else None
    payload = _payload(kind, case_id, staff_id, at, data)
    event = Event(
        case=case_id,
        staff=staff_id,
        kind=kind,
        at=at,
        data=canonical_json(data),
        prev_hash=prev_hash,
        hash=chain_hash(prev_hash, payload),
    )
    event.save(force_insert=True)
    return event


def _last_hash() -> str:
    """The hash of the chain's last event: read again for each append, under the writers'
    lock, so the next event links to what is really stored."""
    last = Event.select(Event.hash).order_by(Event.id.desc()).limit(1).scalar()
    return last or GENESIS


def event_data(event: Event) -> dict[str, Any]:
    return json.loads(event.data)


def first_broken_event() -> int | None:
    """The id of the first event whose link or content does not match; None if intact."""
    rows = (
        (
            e.id,
            e.prev_hash,
            e.hash,
            _payload(e.kind, e.case_id, e.staff_id, e.at, json.loads(e.data)),
        )
        for e in Event.select().order_by(Event.id).iterator()
    )
    return first_broken_link(rows)


def anchor_chain(reason: str, unless_since: datetime | None = None) -> ChainAnchor | None:
    """Record the chain's head now, in the caller's write transaction; None while the
    chain is empty, or when an anchor was recorded at ``unless_since`` or later."""
    if unless_since is not None and (
        ChainAnchor.select().where(ChainAnchor.at >= unless_since).exists()
    ):
        return None
    last = Event.select(Event.id, Event.hash).order_by(Event.id.desc()).first()
    if last is None:
        return None
    return ChainAnchor.create(reason=reason, last_event_id=last.id, hash=last.hash)


def first_lost_anchor() -> ChainAnchor | None:
    """The first anchor whose event is gone, or is no longer the event anchored: the
    chain was cut short (or its end rewritten) after it was recorded."""
    return (
        ChainAnchor.select()
        .join(Event, JOIN.LEFT_OUTER, on=(Event.id == ChainAnchor.last_event_id))
        .where(Event.id.is_null() | (Event.hash != ChainAnchor.hash))
        .order_by(ChainAnchor.id)
        .first()
    )
