"""A case's row replayed from its events (docs/architecture.md §2.6): what every column a
due date, a light or a figure is computed from must hold, if nobody changed the row
behind the program's back.

Each event that sets such a column carries the column's value after its change, under the
name ``CASE_COLUMNS`` gives; the case's state follows the lifecycle table. An event
written before events carried a value leaves the column unknown (``Unknown``) until a
later event sets it: the column of that case is then not checked, rather than reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from counter_tui.domain.errors import TransitionError
from counter_tui.domain.lifecycle import Action, CaseState, next_state
from counter_tui.domain.review_promise import REVIEW_ENDS

STAFF = "@staff"  # the event's staff member, not a value of its data
AT = "@at"  # the event's time (UTC, as stored)

# The kinds of event that decide a case (办结).
DECISIONS = ("complete_on_spot", "complete", "approve", "deny")

# A column (of the case; "item.…": of the item version it was taken under; "rating.…": of
# its rating) → the event kinds that set it → where that event carries the value: a key
# of its data, STAFF or AT; "key|fallback": the key where the event has it, else the
# fallback (STAFF, or nothing: None) — a value only some events of the kind carry.
CASE_COLUMNS: Mapping[str, Mapping[str, str]] = {
    "item": {"draft_started": "item_id"},
    "department": {"draft_started": "department"},
    "window": {"draft_started": "window"},
    # A bundle's draft is started by the comprehensive window's clerk for its department's
    # (docs/rules.md §21), and names that owner; any other draft's owner starts it.
    "owner": {"draft_started": f"owner|{STAFF}", "handover_confirmed": STAFF},
    "bundle_case": {"draft_started": "bundle_case|"},
    "received_on": {"submit": "received"},
    "received_by": {"submit": STAFF},  # the figures count who received (issue 21 item 14)
    # The review clock of the hour promise (docs/rules.md §19): its start and its end.
    "received_at": {"submit": AT},
    "reviewed_at": {action.value: AT for action in REVIEW_ENDS},
    "accepted_on": {
        "accept": "accepted_on",
        "deem_accepted": "received_on",  # Art. 32(4): accepted as of the receipt
        "supplement": "accepted_on",
        "complete_on_spot": "accepted_on",
        "request_approval": "accepted_on",
    },
    "completed_on": dict.fromkeys(DECISIONS, "completed_on"),
    "decided_on": dict.fromkeys(DECISIONS, "decided_on"),
    "decided_by": dict.fromkeys(DECISIONS, STAFF),  # … and who decided
    "delivered_on": {
        "complete": "delivered_on",
        "complete_on_spot": "delivered_on",  # handed over across the counter
        "delivered": "on",
    },
    "item.legal_limit_days": {"draft_started": "legal_days"},
    "item.promised_limit_days": {"draft_started": "promised_days"},
    "item.limit_unit": {"draft_started": "limit_unit"},
    "rating.level": {"rated": "level"},
    "rating.rated_at": {"rated": AT},
}
# Columns an event sets only when it moves a case out of this state: the review ends at
# the window's first decision, and a refusal after the one-time notice leaves it.
ONLY_FROM: Mapping[str, CaseState] = {"reviewed_at": CaseState.RECEIVED}
STATE = "state"  # by the lifecycle table, from the first event (draft_started) on
SUSPENSIONS = "suspensions"  # (started_on, ended_on) of each, in order: both clocks stop
EXTENSION = "extension.days"  # the approved extension's days (the legal clock), or None

# What each kind of event sets: (column, key, optional, fallback), each key read once here
# rather than for every event of a centre's audit (``key|fallback``: optional).
_SETTING: dict[str, tuple[tuple[str, str, str, str], ...]] = {}
for _column, _kinds in CASE_COLUMNS.items():
    for _kind, _key in _kinds.items():
        _SETTING[_kind] = (*_SETTING.get(_kind, ()), (_column, *_key.partition("|")))
_ACTIONS = {action.value: action for action in Action}
_CLOCK_KINDS = {"suspend", "resume", "extension_approved"}
# The kinds the replay reads: the others change nothing it checks.
REPLAYED_KINDS = frozenset(_SETTING) | frozenset(_ACTIONS) | _CLOCK_KINDS


_AS_IS = frozenset({str, int, bool, float})


@dataclass(frozen=True)
class Unknown:
    """Not derivable: ``event_id`` was written before events carried this value."""

    event_id: int


@dataclass(frozen=True)
class ReplayedEvent:
    id: int
    kind: str
    staff: int | None
    at: datetime
    data: Mapping[str, Any]


@dataclass(frozen=True)
class Disagreement:
    column: str
    in_row: Any
    by_events: Any


def replay(events: Iterable[ReplayedEvent]) -> dict[str, Any]:
    """What the case's columns hold after ``events`` (in the order they were appended):
    ISO text for dates, ids for rows, ``Unknown`` where an event did not carry it."""
    values: dict[str, Any] = dict.fromkeys(CASE_COLUMNS)
    state: CaseState | Unknown | None = None
    stops: list[list[Any]] = []
    extension: Any = None
    for event in events:
        for column, key, optional, fallback in _SETTING.get(event.kind, ()):
            if (only := ONLY_FROM.get(column)) is not None and state is not only:
                if isinstance(state, Unknown):  # cannot say whether it left that state
                    values[column] = state
                continue
            if optional and key not in event.data:
                values[column] = event.staff if fallback == STAFF else None
            elif key == STAFF:
                values[column] = event.staff
            elif key == AT:
                values[column] = as_replayed(event.at)
            else:
                values[column] = event.data.get(key, Unknown(event.id))
        if event.kind == "draft_started":
            state = CaseState.DRAFT
        elif (action := _ACTIONS.get(event.kind)) is not None and isinstance(state, CaseState):
            try:
                state = next_state(state, action)
            except TransitionError:  # events that do not replay: nothing to compare with
                state = Unknown(event.id)
        if event.kind == "suspend":
            stops.append([event.data.get("started_on", Unknown(event.id)), None])
        elif event.kind == "resume" and stops:
            stops[-1][1] = event.data.get("ended_on", Unknown(event.id))
        elif event.kind == "extension_approved":
            extension = event.data.get("days", Unknown(event.id))
    values[STATE] = state.value if isinstance(state, CaseState) else state
    unknown = [day for stop in stops for day in stop if isinstance(day, Unknown)]
    values[SUSPENSIONS] = unknown[-1] if unknown else tuple(tuple(stop) for stop in stops)
    values[EXTENSION] = extension
    return values


def as_replayed(value: Any) -> Any:
    """A stored value as the replay spells it: dates and times as ISO text."""
    if value is None or type(value) in _AS_IS:  # most values: checked first, for the audit
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return tuple(as_replayed(item) for item in value)
    return value


def disagreements(
    replayed: Mapping[str, Any], row: Mapping[str, Any]
) -> tuple[list[Disagreement], list[tuple[str, Unknown]]]:
    """The columns of ``row`` (stored values) that differ from ``replayed``, and those the
    events could not say (column, the event that lacked it)."""
    differ: list[Disagreement] = []
    unknown: list[tuple[str, Unknown]] = []
    for column, expected in replayed.items():
        if isinstance(expected, Unknown):
            unknown.append((column, expected))
            continue
        stored = as_replayed(row.get(column))
        if stored != expected:
            differ.append(Disagreement(column, stored, expected))
    return differ, unknown
