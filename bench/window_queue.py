"""A window's open-case queue (F5, "this window") in a centre of a million cases.

    .venv/bin/python bench/window_queue.py [--cases 1000000] [--rounds 5] [--quick]

In the shared centre (bench/centre.py), signs in as clerk A of every window in turn and
asks ``services.queue.queue`` for the window's queue, as the F5 screen does: each open
case with its due date and light, most urgent first. Beside it, the hand-written SQL
that reads the same rows (the same columns, joins and filter, run straight on sqlite3,
without the working-day arithmetic, which SQL cannot do). Prints the median and p95 of
each over every window and round, checks that both list the same cases, and compares
the queue's p95 with the issue's budget of 20 ms. (Not ``queue.py``: bench/ is first
on sys.path, and that name would hide the standard library's queue module.)
"""

import argparse
import sqlite3
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from centre import CASES, DEPARTMENTS, TODAY, WINDOWS_PER_DEPARTMENT, clerk_code, shared
from figures import Figure

from counter_tui.services.auth import StaffSession, session_of
from counter_tui.services.cases.queue import QUEUE_STATES, WINDOW, queue
from counter_tui.store.models import Staff

BUDGET_MS = 20.0
QUICK_ROUNDS = 4
WINDOWS = DEPARTMENTS * WINDOWS_PER_DEPARTMENT

_STATES = sorted(state.value for state in QUEUE_STATES)
HAND_WRITTEN = f"""
    SELECT c.id, c.number, c.state, c.applicant_name, c.applicant_id_number,
           c.received_on, c.accepted_on, i.code, i.name, i.promised_limit_days,
           i.legal_limit_days, s.name
    FROM "case" c JOIN item i ON i.id = c.item_id JOIN staff s ON s.id = c.owner_id
    WHERE c.window_id = ? AND c.state IN ({", ".join("?" * len(_STATES))})
"""


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(jobs: list[dict[str, Callable[[], object]]], rounds: int) -> dict[str, list[float]]:
    """Each job once as a warm-up, then every job once per round, the queue and its SQL
    one after the other, so a passing load on the machine falls on both alike."""
    times: dict[str, list[float]] = {name: [] for name in jobs[0]}
    for pair in jobs:
        for job in pair.values():
            job()
    for _ in range(rounds):
        for pair in jobs:
            for name, job in pair.items():
                started = time.perf_counter()
                job()
                times[name].append(time.perf_counter() - started)
    return times


def measure(path: Path, rounds: int) -> dict[str, object]:
    sessions: list[StaffSession] = [
        session_of(Staff.get(Staff.code == clerk_code(number, "a")))
        for number in range(1, WINDOWS + 1)
    ]
    connection = sqlite3.connect(path)

    def by_hand(session: StaffSession) -> list[tuple[object, ...]]:
        return connection.execute(HAND_WRITTEN, (session.window_id, *_STATES)).fetchall()

    sizes = [len(queue(s, TODAY, scope=WINDOW, limit=None)) for s in sessions]
    first = queue(sessions[0], TODAY, scope=WINDOW)
    agree = all(
        sorted(line.number for line in queue(s, TODAY, scope=WINDOW, limit=None))
        == sorted(row[1] for row in by_hand(s))
        for s in sessions[:5]
    )
    result = {
        "sizes": sizes,
        "lights": Counter(line.light or "no clock" for line in first),
        "agree": agree,
        **timed(
            [
                {"queue": lambda s=s: queue(s, TODAY, scope=WINDOW), "sql": lambda s=s: by_hand(s)}
                for s in sessions
            ],
            rounds,
        ),
    }
    connection.close()
    return result


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def figures(quick: bool) -> list[Figure]:
    found = measure(shared(), rounds=QUICK_ROUNDS if quick else 10)
    p95, sql_p95 = percentile(found["queue"], 0.95), percentile(found["sql"], 0.95)
    sizes = found["sizes"]
    return [
        Figure(
            f"window queue p95 ({min(sizes)}-{max(sizes)} open cases, 1M)",
            _ms(p95),
            f"same rows in SQL p95 {_ms(sql_p95)}",
            f"p95 ≤ {BUDGET_MS:.0f} ms",
            p95 * 1000 <= BUDGET_MS and bool(found["agree"]),
        )
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=CASES)
    parser.add_argument("--rounds", type=int, default=10, help="queues of all 75 windows")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ROUNDS} rounds")
    args = parser.parse_args(argv)
    found = measure(shared(args.cases), QUICK_ROUNDS if args.quick else args.rounds)
    sizes = found["sizes"]
    print(f"open cases per window: {min(sizes)} to {max(sizes)}, {sum(sizes):,} in all")
    print(f"window 1's queue: {dict(found['lights'])}")
    print("the queue and the hand-written SQL list the same cases:", found["agree"])
    for name in ("queue", "sql"):
        times = found[name]
        print(
            f"{name:6} median {_ms(statistics.median(times)):>9}  "
            f"p95 {_ms(percentile(times, 0.95)):>9}  ({len(times)} queues)"
        )
    p95 = percentile(found["queue"], 0.95)
    print(f"queue p95 within {BUDGET_MS:.0f} ms: {p95 * 1000 <= BUDGET_MS}")
    return 0 if found["agree"] and p95 * 1000 <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
