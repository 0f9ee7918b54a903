"""audit verify over a centre of 100,000 cases with their events, beside a plain read of
the same rows and events.

    .venv/bin/python bench/audit.py [--cases 100000] [--quick]

bench/centre.py's centre holds no events. A copy of it gets, for every case, the events
the program would have appended for the row it holds — the draft, the receipt, the
acceptance, the suspensions, the extension, the decision, the rating and its follow-up —
each carrying what it set, chained with their hashes. Then times
``services.centre.audit.verify_case_rows`` (every case replayed from its events, a
thousand cases at a time) and the whole of ``audit verify`` (the chain walk, the anchors
and the rows), beside the baseline: the same rows and events read straight with sqlite3
and every event's data parsed, which any replay must at least do. Checks that every row
agrees. Budget: the rows' check within 6 times the plain read, in CPU time. The read and
the check alternate, and the ratio is the median of each pair's: one run of each after
the other, in wall time, gave ×4.2 to ×7.1 for the same code on the same machine (the
read's 1.1 to 1.9 s moved most). ``--quick``: one pair, not 3.
"""

import argparse
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from centre import shared
from figures import Figure

from counter_tui.domain.audit import GENESIS, canonical_json, chain_hash
from counter_tui.services.centre.audit import (
    verify_anchors,
    verify_case_rows,
    verify_event_chain,
)
from counter_tui.store.database import connect, write_transaction
from counter_tui.store.models import Event, database_proxy

CASES = 100_000
BUDGET_RATIO = 6.0
REPEAT = 3

_CASE_ROWS = """SELECT c.id, c.state, c.owner_id, c.item_id, c.department_id, c.window_id,
    c.received_on, c.accepted_on, c.completed_on, c.decided_on, c.delivered_on,
    i.legal_limit_days, i.promised_limit_days, i.limit_unit, r.level, r.rated_at,
    f.closed_at
    FROM "case" c JOIN item i ON i.id = c.item_id LEFT JOIN rating r ON r.case_id = c.id
    LEFT JOIN rating_follow_up f ON f.request_id = r.request_id
    ORDER BY c.id"""
# The steps after acceptance that leave a case in its state.
_TO_STATE = {
    "in_review": ["forward_review"],
    "awaiting_approval": ["request_approval"],
    "completed": ["complete"],
    "denied": ["deny"],
}
_BEFORE_ACCEPTANCE = {
    "awaiting_supplement": "issue_notice",
    "refused": "refuse",
    "withdrawn": "withdraw",
}


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _case_events(
    row: tuple[Any, ...], stops: list[tuple[str, str | None]], extension: int | None
) -> Iterator[tuple[str, int | None, datetime, dict[str, Any]]]:
    """(kind, staff, at, data) of the events that leave the case's row as it is."""
    (
        _id, state, owner, item, department, window, received, accepted, completed, decided,
        delivered, legal, promised, unit, level, rated_at, closed_at,
    ) = row  # fmt: skip
    at = datetime.fromisoformat(f"{received} 01:00:00")
    yield "draft_started", owner, at, {
        "item_id": item, "department": department, "window": window,
        "legal_days": legal, "promised_days": promised, "limit_unit": unit,
    }  # fmt: skip
    yield "submit", owner, at, {"received": received}
    if state in _BEFORE_ACCEPTANCE:
        yield _BEFORE_ACCEPTANCE[state], owner, at, {}
    if accepted is None:
        return
    yield "accept", owner, at, {"accepted_on": accepted}
    for started, ended in stops:
        yield "suspend", owner, at, {"started_on": started}
        if ended is not None:
            yield "resume", owner, at, {"ended_on": ended}
    if extension is not None:
        yield "extension_approved", owner, at, {"days": extension}
    for kind in _TO_STATE.get(state, []):
        decided_data = {"completed_on": completed, "decided_on": decided}
        data = {
            "forward_review": {},
            "request_approval": {"accepted_on": accepted},
            "complete": {**decided_data, "delivered_on": delivered},
            "deny": decided_data,
        }[kind]
        yield kind, owner, at, data
    if level is not None:
        yield "rated", owner, datetime.fromisoformat(rated_at), {"level": level}
    if closed_at is not None:
        yield "follow_up_closed", owner, datetime.fromisoformat(closed_at), {}


def write_events(path: Path) -> int:
    """The events of every case of the centre at ``path``, chained; how many."""
    plain = sqlite3.connect(path)
    stops: dict[int, list[tuple[str, str | None]]] = {}
    for case, started, ended in plain.execute(
        "SELECT case_id, started_on, ended_on FROM suspension ORDER BY case_id, id"
    ):
        stops.setdefault(case, []).append((started, ended))
    extensions = dict(plain.execute("SELECT case_id, days FROM extension WHERE approved"))
    rows = plain.execute(_CASE_ROWS).fetchall()
    plain.close()
    prev, written, batch = GENESIS, 0, []
    with write_transaction(database_proxy):
        for row in rows:
            case = row[0]
            for kind, staff, at, data in _case_events(
                row, stops.get(case, []), extensions.get(case)
            ):
                payload = {"case": case, "staff": staff, "kind": kind, "at": at, "data": data}
                hash_ = chain_hash(prev, payload)
                batch.append((case, staff, kind, at, canonical_json(data), prev, hash_))
                prev = hash_
            if len(batch) > 5000:
                written += _insert(batch)
        written += _insert(batch)
    return written


def _insert(batch: list[tuple[Any, ...]]) -> int:
    fields = [Event.case, Event.staff, Event.kind, Event.at, Event.data, Event.prev_hash]
    Event.insert_many(batch, fields=[*fields, Event.hash]).execute()
    count = len(batch)
    batch.clear()
    return count


def plain_read(path: Path) -> int:
    """The baseline: the rows and the events a replay reads, straight from sqlite3."""
    import json

    plain = sqlite3.connect(path)
    rows = len(plain.execute(_CASE_ROWS).fetchall())
    plain.execute("SELECT case_id, started_on, ended_on FROM suspension").fetchall()
    for (data,) in plain.execute("SELECT data FROM event ORDER BY case_id, id"):
        json.loads(data)
    plain.close()
    return rows


def _cpu(work: Callable[[], object]) -> float:
    """The process's CPU seconds for ``work()``: what the machine's other work does not
    add to."""
    started = time.process_time()
    work()
    return time.process_time() - started


def _whole() -> None:
    verify_event_chain()
    verify_anchors()
    verify_case_rows()


def figures(quick: bool, cases: int = CASES) -> list[Figure]:
    source = shared(cases)
    database_proxy.close()
    path = source.with_name("audited.db")
    path.write_bytes(source.read_bytes())
    connect(str(path))
    started = time.perf_counter()
    events = write_events(path)
    print(f"wrote {events:,} events in {time.perf_counter() - started:.1f} s", flush=True)
    check = verify_case_rows()
    if check.found or check.not_derivable or check.cases != cases:
        raise SystemExit(f"the generated rows do not agree with their events: {check}")
    pairs = [
        (_cpu(lambda: plain_read(path)), _cpu(verify_case_rows))
        for _ in range(1 if quick else REPEAT)
    ]
    ratio = statistics.median(rows / read for read, rows in pairs)
    baseline = statistics.median(read for read, _rows in pairs)
    rows = statistics.median(rows for _read, rows in pairs)
    whole = _cpu(_whole)
    database_proxy.close()
    shared(cases)  # the store pointed back at the shared centre, as the others expect
    read = f"plain read {baseline:.1f} s CPU"
    return [
        Figure(
            f"audit verify case rows ({cases:,} cases)",
            f"{rows:.1f} s CPU (×{ratio:.1f})",
            read,
            f"≤ {BUDGET_RATIO:g}× the read",
            ratio <= BUDGET_RATIO,
        ),
        Figure(f"audit verify whole ({events:,} events)", f"{whole:.1f} s CPU", read, "—", True),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=CASES)
    parser.add_argument("--quick", action="store_true", help="one run, not 3")
    args = parser.parse_args(argv)
    found = figures(args.quick, args.cases)
    for figure in found:
        print(f"{figure.name}: {figure.measured} beside {figure.baseline} (budget {figure.budget})")
    return 0 if all(f.within for f in found) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
