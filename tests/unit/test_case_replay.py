"""A case's row replayed from its events (issue 20, defect 3)."""

from datetime import date, datetime
from typing import Any

from counter_tui.domain.case_replay import (
    EXTENSION,
    STATE,
    SUSPENSIONS,
    ReplayedEvent,
    Unknown,
    disagreements,
    replay,
)

DRAFT = {
    "item": "GA-010",
    "version": 1,
    "item_id": 7,
    "department": 2,
    "window": 3,
    "legal_days": 20,
    "promised_days": 10,
    "limit_unit": "working",
}


def _events(*steps: tuple[str, int | None, dict[str, Any]]) -> list[ReplayedEvent]:
    return [
        ReplayedEvent(n, kind, staff, datetime(2026, 11, 2, 2, n), data)
        for n, (kind, staff, data) in enumerate(steps, 1)
    ]


ACCEPTED = (
    ("draft_started", 5, DRAFT),
    ("applicant_updated", 5, {"fields": ["applicant_name"]}),
    ("submit", 5, {"document": "收1", "received": "2026-11-02"}),
    ("accept", 5, {"document": "受1", "accepted_on": "2026-11-03"}),
)


def _accepted_case() -> list[ReplayedEvent]:
    return _events(*ACCEPTED)


def test_a_case_replays_from_its_events() -> None:
    values = replay(_accepted_case())
    assert values[STATE] == "accepted"
    assert values["owner"] == 5
    assert (values["item"], values["department"], values["window"]) == (7, 2, 3)
    assert (values["received_on"], values["accepted_on"]) == ("2026-11-02", "2026-11-03")
    assert values["completed_on"] is None and values["decided_on"] is None
    assert values["item.legal_limit_days"] == 20
    assert values[SUSPENSIONS] == () and values[EXTENSION] is None


def test_the_clocks_rows_replay_too() -> None:
    events = _events(
        *ACCEPTED,
        ("suspend", 5, {"started_on": "2026-11-05"}),
        ("resume", 5, {"ended_on": "2026-11-09"}),
        ("suspend", 5, {"started_on": "2026-11-10"}),
        ("extension_approved", 9, {"days": 5}),
        ("handover_confirmed", 6, {"from": "ga03"}),
    )
    values = replay(events)
    assert values[SUSPENSIONS] == (("2026-11-05", "2026-11-09"), ("2026-11-10", None))
    assert values[EXTENSION] == 5
    assert values[STATE] == "suspended"
    assert values["owner"] == 6  # the one who took the case over


def test_a_rating_replays_at_the_moment_of_its_event() -> None:
    # The follow-up is its service's, not the case row's (docs/rules.md §11): not replayed.
    events = _events(
        *ACCEPTED,
        ("complete", 5, {"completed_on": "2026-11-04", "decided_on": "2026-11-04"}),
        ("rated", 5, {"level": 4}),
        ("follow_up_closed", 9, {"note": "回访"}),
    )
    values = replay(events)
    assert values["rating.level"] == 4
    assert values["rating.rated_at"] == "2026-11-02T02:06:00"
    assert "rating.follow_up_closed_at" not in values
    assert values[STATE] == "completed" and values["completed_on"] == "2026-11-04"


def test_a_deemed_acceptance_starts_the_clock_on_the_receipt_day() -> None:
    events = _events(
        ("draft_started", 5, DRAFT),
        ("submit", 5, {"received": "2026-11-02"}),
        ("deem_accepted", None, {"received_on": "2026-11-02", "found_on": "2026-11-10"}),
    )
    assert replay(events)["accepted_on"] == "2026-11-02"


def test_a_hand_edited_row_disagrees_by_column() -> None:
    values = replay(_accepted_case())
    row = {column: value for column, value in values.items()}
    row.update(accepted_on=date(2026, 10, 1), received_on=date(2026, 11, 2), suspensions=[])
    differ, unknown = disagreements(values, row)
    assert [(d.column, d.in_row, d.by_events) for d in differ] == [
        ("accepted_on", "2026-10-01", "2026-11-03")
    ]
    assert unknown == []


def test_an_event_written_before_events_carried_a_value_leaves_it_unchecked() -> None:
    events = _events(
        ("draft_started", 5, {"item": "GA-010", "version": 1}),
        ("submit", 5, {"document": "收1"}),
        ("accept", 5, {"document": "受1"}),
    )
    values = replay(events)
    assert values[STATE] == "accepted" and values["owner"] == 5  # these need no value
    assert values["accepted_on"] == Unknown(3)
    row = {STATE: "accepted", "owner": 5, "received_by": 5, SUSPENSIONS: ()}
    row |= {"received_at": datetime(2026, 11, 2, 2, 2), "reviewed_at": datetime(2026, 11, 2, 2, 3)}
    differ, unknown = disagreements(values, row)
    assert differ == []
    assert ("accepted_on", Unknown(3)) in unknown and ("received_on", Unknown(2)) in unknown


def test_a_later_event_that_carries_the_value_makes_it_known_again() -> None:
    events = _events(
        ("draft_started", 5, DRAFT),
        ("submit", 5, {}),
        ("request_approval", 5, {"on_spot": True, "accepted_on": "2026-11-02"}),
    )
    values = replay(events)
    assert values["received_on"] == Unknown(2)
    assert values["accepted_on"] == "2026-11-02"


def test_events_that_break_the_lifecycle_leave_the_state_unchecked() -> None:
    events = _events(("draft_started", 5, DRAFT), ("complete", 5, {}))
    assert replay(events)[STATE] == Unknown(2)


def test_a_case_without_events_has_no_state_to_agree_with() -> None:
    differ, _unknown = disagreements(replay([]), {STATE: "accepted"})
    assert ("state", "accepted", None) in [(d.column, d.in_row, d.by_events) for d in differ]


def test_the_review_clock_runs_from_the_receipt_to_the_first_decision() -> None:
    """A notice ends the review; the refusal after it does not move its end (§19)."""
    events = _events(
        ("draft_started", 5, DRAFT),
        ("submit", 5, {"received": "2026-11-02"}),
        ("issue_notice", 5, {"document": "告1"}),
        ("refuse", 5, {"document": "不1"}),
    )
    values = replay(events)
    assert values["received_at"] == "2026-11-02T02:02:00"
    assert values["reviewed_at"] == "2026-11-02T02:03:00"


def test_a_case_deemed_accepted_was_never_reviewed() -> None:
    events = _events(
        ("draft_started", 5, DRAFT),
        ("submit", 5, {"received": "2026-11-02"}),
        ("deem_accepted", None, {"received_on": "2026-11-02"}),
        ("request_approval", 5, {"accepted_on": "2026-11-02"}),
    )
    assert replay(events)["reviewed_at"] is None


def test_a_review_end_after_a_broken_lifecycle_cannot_be_said() -> None:
    events = _events(("draft_started", 5, DRAFT), ("complete", 5, {}), ("accept", 5, {}))
    assert replay(events)["reviewed_at"] == Unknown(2)
