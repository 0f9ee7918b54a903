import hashlib
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_tui.domain.audit import GENESIS, canonical_json, chain_hash, first_broken_link


def build_chain(payloads: list[dict], first_id: int = 1) -> list[tuple[int, str, str, dict]]:
    events, prev = [], GENESIS
    for offset, payload in enumerate(payloads):
        digest = chain_hash(prev, payload)
        events.append((first_id + offset, prev, digest, payload))
        prev = digest
    return events


def test_canonical_json_is_sorted_compact_and_keeps_chinese() -> None:
    payload = {"b": 1, "a": {"z": [1, 2], "y": "受理"}}
    assert canonical_json(payload) == '{"a":{"y":"受理","z":[1,2]},"b":1}'


def test_canonical_json_dates_are_iso() -> None:
    at = datetime(2026, 11, 28, 1, 2, 3, tzinfo=UTC)
    text = canonical_json({"day": date(2026, 11, 28), "at": at})
    assert text == '{"at":"2026-11-28T01:02:03+00:00","day":"2026-11-28"}'
    # Read back from a JSON column, the same payload hashes alike.
    assert chain_hash(GENESIS, {"day": date(2026, 11, 28)}) == chain_hash(
        GENESIS, {"day": "2026-11-28"}
    )


def test_canonical_json_refuses_what_is_not_json() -> None:
    with pytest.raises(TypeError):
        canonical_json({"x": {1, 2}})
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})


def test_chain_hash_definition() -> None:
    payload = {"action": "accept", "case": "GA20261128-0007"}
    expected = hashlib.sha256(
        (GENESIS + '{"action":"accept","case":"GA20261128-0007"}').encode("utf-8")
    ).hexdigest()
    assert chain_hash(GENESIS, payload) == expected
    assert len(expected) == 64 and GENESIS == "0" * 64
    assert chain_hash(expected, payload) != expected


def test_intact_chain_and_empty_chain() -> None:
    assert first_broken_link(build_chain([{"n": i} for i in range(5)])) is None
    assert first_broken_link([]) is None


def test_first_event_must_start_from_genesis() -> None:
    prev = "1" * 64
    event = (7, prev, chain_hash(prev, {"n": 1}), {"n": 1})
    assert first_broken_link([event]) == 7


def test_edited_payload_is_found_at_its_event() -> None:
    events = build_chain([{"n": i} for i in range(5)], first_id=10)
    event_id, prev, digest, _ = events[2]
    events[2] = (event_id, prev, digest, {"n": 99})
    assert first_broken_link(events) == 12


def test_rehashed_edit_breaks_the_next_link() -> None:
    events = build_chain([{"n": i} for i in range(5)], first_id=10)
    event_id, prev, _, _ = events[2]
    events[2] = (event_id, prev, chain_hash(prev, {"n": 99}), {"n": 99})
    assert first_broken_link(events) == 13


def test_deleted_event_breaks_the_next_link() -> None:
    events = build_chain([{"n": i} for i in range(5)], first_id=10)
    del events[1]
    assert first_broken_link(events) == 12


def test_reordered_events_are_found() -> None:
    events = build_chain([{"n": i} for i in range(5)], first_id=10)
    events[1], events[2] = events[2], events[1]
    assert first_broken_link(events) == 12


payload_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
payloads = st.dictionaries(st.text(max_size=5), payload_values, max_size=4)


@settings(max_examples=200, database=None, deadline=None)
@given(st.lists(payloads, min_size=1, max_size=8), st.data())
def test_tampering_is_detected_at_the_right_id(payloads_: list[dict], data: st.DataObject) -> None:
    events = build_chain(payloads_, first_id=100)
    assert first_broken_link(events) is None
    index = data.draw(st.integers(min_value=0, max_value=len(events) - 1))
    event_id, prev, digest, payload = events[index]
    how = data.draw(st.sampled_from(["payload", "hash", "prev"]))
    if how == "payload":
        tampered = {**payload, "\x00tampered": True}
        events[index] = (event_id, prev, digest, tampered)
    elif how == "hash":
        events[index] = (event_id, prev, "f" * 64 if digest != "f" * 64 else "e" * 64, payload)
    else:
        events[index] = (event_id, "a" * 64, digest, payload)
    assert first_broken_link(events) == 100 + index


@settings(max_examples=200, database=None, deadline=None)
@given(payloads)
def test_key_order_does_not_change_the_hash(payload: dict) -> None:
    reordered = dict(reversed(list(payload.items())))
    assert chain_hash(GENESIS, reordered) == chain_hash(GENESIS, payload)
