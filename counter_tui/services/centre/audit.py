"""Checking the event log (docs/architecture.md §2.6): the hash chain from the first event to the
last, the anchors that say where its end stood, so that events cut off the end are
noticed too, and every case's row against what its events say it holds."""

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

from peewee import JOIN, DateTimeField, Field

from counter_tui.domain.case_replay import (
    CASE_COLUMNS,
    EXTENSION,
    REPLAYED_KINDS,
    STATE,
    SUSPENSIONS,
    Disagreement,
    ReplayedEvent,
    Unknown,
    disagreements,
    replay,
)
from counter_tui.services.clock import to_local
from counter_tui.store.database import write_transaction
from counter_tui.store.events import first_broken_event, first_lost_anchor
from counter_tui.store.models import (
    Case,
    Event,
    Extension,
    Item,
    Rating,
    Suspension,
    database_proxy,
)


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


@dataclass(frozen=True)
class RowDisagreement:
    """A case whose row holds, in ``column``, not what its events say."""

    case_number: str
    column: str
    in_row: Any
    by_events: Any


@dataclass(frozen=True)
class NotDerivable:
    """A column of ``cases`` cases that their events, written before events carried it
    (the latest such is ``last_event_id``), cannot say: not checked."""

    column: str
    cases: int
    last_event_id: int


@dataclass(frozen=True)
class CaseRowsCheck:
    cases: int
    found: int  # disagreements in all
    disagreements: tuple[RowDisagreement, ...]  # the first LISTED of them
    not_derivable: tuple[NotDerivable, ...]


BATCH = 1000  # cases read, with their events, at a time: a centre has up to a million
LISTED = 50
# What the replay checks, in the order of a row as read here (after the case's id and number).
_CHECKED = (*CASE_COLUMNS, STATE)


_TABLES = {"": Case, "item": Item, "rating": Rating}


def _field(column: str) -> Field:
    """``item.legal_limit_days``: the column of the case's item version; ``rating.level``:
    of its rating; others: the case's."""
    table, _, name = column.rpartition(".")
    return getattr(_TABLES[table], name)


# Where a row of _batch holds a time (after the case's id and number, the _CHECKED columns).
_TIMES = frozenset(
    i for i, column in enumerate(_CHECKED, 2) if isinstance(_field(column), DateTimeField)
)


def _moment(at: datetime | str) -> datetime:
    return datetime.fromisoformat(at) if isinstance(at, str) else at


def _as_read(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A case's row of ``_batch`` off the cursor: its times read as datetimes."""
    return tuple(
        _moment(value) if index in _TIMES and value is not None else value
        for index, value in enumerate(row)
    )


def _events(first: int, last: int) -> Iterator[tuple[int, list[ReplayedEvent]]]:
    """The replayed kinds of events of the cases ``first`` to ``last``, by case, in order."""
    query = (
        Event.select(Event.case, Event.id, Event.kind, Event.staff, Event.at, Event.data)
        .where(Event.case.between(first, last) & Event.kind.in_(REPLAYED_KINDS))
        .order_by(Event.case, Event.id)
    )
    # The cursor's own values: peewee's conversions of each were half the time; the time
    # is text on SQLite, read here as its DateTimeField would.
    rows = (
        (case, ReplayedEvent(id_, kind, staff, _moment(at), json.loads(data)))
        for case, id_, kind, staff, at, data in database_proxy.execute(query)
    )
    for case, grouped in groupby(rows, key=lambda row: row[0]):
        yield case, [event for _case, event in grouped]


def _clock_rows(first: int, last: int) -> tuple[dict[int, list[tuple[Any, Any]]], dict[int, int]]:
    """The suspensions (start, end) and approved extensions of cases ``first`` to ``last``."""
    stops: defaultdict[int, list[tuple[Any, Any]]] = defaultdict(list)
    suspensions = (
        Suspension.select(Suspension.case, Suspension.started_on, Suspension.ended_on)
        .where(Suspension.case.between(first, last))
        .order_by(Suspension.case, Suspension.id)
        .tuples()
    )
    for case, started_on, ended_on in suspensions:
        stops[case].append((started_on, ended_on))
    extensions = Extension.select(Extension.case, Extension.days).where(
        Extension.case.between(first, last) & (Extension.approved == True)  # noqa: E712
    )
    return stops, dict(extensions.tuples())


@dataclass(frozen=True)
class _Checked:
    number: str
    differ: list[Disagreement]
    lacking: list[tuple[str, Unknown]]


def _batch(after: int, upto: int | None = None) -> tuple[int | None, list[_Checked]]:
    """The next BATCH cases after id ``after`` (up to ``upto``), each held to its events;
    with the id of the last, None when there are no more."""
    where = Case.id > after
    if upto is not None:
        where &= Case.id <= upto
    query = (
        Case.select(Case.id, Case.number, *map(_field, _CHECKED))
        # An item id changed by hand to one that does not exist still shows its case.
        .join(Item, JOIN.LEFT_OUTER, on=(Case.item == Item.id))
        .switch(Case)
        .join(Rating, JOIN.LEFT_OUTER, on=(Rating.case == Case.id))
        .where(where)
        .order_by(Case.id)
        .limit(BATCH)
    )
    # The cursor's own values, as in _events: a date is ISO text on SQLite as the replay
    # spells it, a time is read as its DateTimeField would.
    batch = [_as_read(row) for row in database_proxy.execute(query)]
    if not batch:
        return None, []
    first, last = batch[0][0], batch[-1][0]
    events = dict(_events(first, last))
    stops, extensions = _clock_rows(first, last)
    checked = []
    for case_id, number, *stored in batch:
        row = dict(zip(_CHECKED, stored, strict=True))
        row[SUSPENSIONS] = stops.get(case_id, ())
        row[EXTENSION] = extensions.get(case_id)
        checked.append(_Checked(number, *disagreements(replay(events.get(case_id, ())), row)))
    return last, checked


def verify_case_rows() -> CaseRowsCheck:
    """Every case's row against its events replayed (domain/case_replay.py), BATCH cases at
    a time: the cases whose row disagrees, and the columns old events cannot say."""
    found: list[RowDisagreement] = []
    count = cases = 0
    unknown: dict[str, list[int]] = {}  # column → [cases, the latest event lacking it]
    after = 0
    while True:
        last, checked = _batch(after)
        if last is None:
            break
        if any(case.differ for case in checked):
            # Read again with the writers held off: a change committed between reading the
            # rows and their events is not a row changed by hand.
            with write_transaction(database_proxy):
                _last, checked = _batch(after, last)
        after = last
        for case in checked:
            count += len(case.differ)
            for item in case.differ[: max(0, LISTED - len(found))]:
                found.append(RowDisagreement(case.number, item.column, item.in_row, item.by_events))
            for column, gap in case.lacking:
                seen = unknown.setdefault(column, [0, 0])
                seen[0] += 1
                seen[1] = max(seen[1], gap.event_id)
        cases += len(checked)
    return CaseRowsCheck(
        cases=cases,
        found=count,
        disagreements=tuple(found),
        not_derivable=tuple(NotDerivable(c, n, latest) for c, (n, latest) in unknown.items()),
    )
