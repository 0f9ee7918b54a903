"""The hash chain over a case log's events (docs/architecture.md §2.6): tampering shows as a broken
link."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

GENESIS = "0" * 64


def _encode(value: Any) -> str:
    # datetime before date: it is a subclass. Aware datetimes keep their offset.
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be part of an audited payload")


def canonical_json(payload: Mapping[str, Any]) -> str:
    """One spelling per payload: sorted keys, no blanks, UTF-8 text kept, dates as ISO.

    A date and its ISO string hash alike, so a payload read back from JSON verifies.
    NaN and infinities are refused: they are not JSON.
    """
    return json.dumps(
        payload,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        default=_encode,
    )


def chain_hash(prev_hash: str, payload: Mapping[str, Any]) -> str:
    """sha256 hex of the previous hash followed by the payload's canonical JSON."""
    return hashlib.sha256((prev_hash + canonical_json(payload)).encode("utf-8")).hexdigest()


def first_broken_link(events: Iterable[tuple[int, str, str, Mapping[str, Any]]]) -> int | None:
    """The id of the first event that does not chain onto the one before it (GENESIS
    for the first) or whose hash does not match its payload; None when the chain holds."""
    expected_prev = GENESIS
    for event_id, prev_hash, hash_, payload in events:
        if prev_hash != expected_prev or hash_ != chain_hash(prev_hash, payload):
            return event_id
        expected_prev = hash_
    return None
