"""A monthly centre report over a million cases, beside the same figures in hand-written SQL.

    .venv/bin/python bench/report.py [--cases 1000000] [--repeat 5] [--quick]

In the shared centre (bench/centre.py: 25 departments, 75 windows, 200 items, a million
cases received over two years), times ``services.reports.centre_report`` for March
2026, in total and by department, and beside it the hand-written SQL that gives the
same counts with the same GROUP BYs run straight on sqlite3 (without the working-day
arithmetic, which SQL cannot do). Prints the medians and the ratio; checks that the
counts agree. The issue's budget: the report by department within 1.5 times the SQL.
Not part of the test run (docs/architecture.md §6.6: a ratio against a baseline in the same run,
never
a timed assertion). ``--quick`` takes 3 repeats, not 5.
"""

import argparse
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from centre import CASES, TODAY, shared
from figures import Figure

from counter_tui.services.reports.figures import centre_report

MONTH = (date(2026, 3, 1), date(2026, 3, 31))
BUDGET_RATIO = 1.5
QUICK_REPEAT = 3


# The hand-written SQL: the same figures with the same GROUP BYs, run straight on sqlite3.
HAND_WRITTEN = (
    """SELECT c.department_id, COUNT(*), SUM(c.accepted_on IS NOT NULL),
              SUM(c.state = 'refused'),
              SUM(c.id IN (SELECT case_id FROM document WHERE kind = 'deficiency_notice'))
       FROM "case" c WHERE c.received_on BETWEEN :start AND :end GROUP BY 1""",
    """SELECT c.department_id, c.accepted_on, c.completed_on, i.promised_limit_days,
              i.legal_limit_days, COUNT(*),
              SUM(i.kind = 'immediate' AND c.received_on = c.accepted_on
                  AND c.accepted_on = c.completed_on),
              SUM(c.state = 'denied')
       FROM "case" c JOIN item i ON i.id = c.item_id
       WHERE c.completed_on BETWEEN :start AND :end AND c.state IN ('completed', 'denied')
         AND c.id NOT IN (SELECT case_id FROM suspension)
         AND c.id NOT IN (SELECT case_id FROM extension WHERE approved)
       GROUP BY 1, 2, 3, 4, 5""",
    """SELECT c.department_id, c.accepted_on, i.promised_limit_days, i.legal_limit_days,
              COUNT(*)
       FROM "case" c JOIN item i ON i.id = c.item_id
       WHERE c.state IN ('received', 'awaiting_supplement', 'accepted', 'in_review',
                         'awaiting_approval', 'suspended')
       GROUP BY 1, 2, 3, 4""",
    """SELECT c.department_id, COUNT(*), SUM(r.level <= 3), SUM(r.level >= 4),
              SUM(r.level >= 4 AND f.closed_at IS NULL)
       FROM rating_request r JOIN "case" c ON c.id = r.case_id
            LEFT JOIN rating_follow_up f ON f.request_id = r.id
       WHERE r.state = 'rated' AND r.rated_at >= :start_utc AND r.rated_at < :end_utc
       GROUP BY 1""",
    """SELECT c.department_id, COUNT(*)
       FROM rating_request r JOIN "case" c ON c.id = r.case_id
       WHERE r.kind != 'entered' AND r.requested_at >= :start_utc
         AND r.requested_at < :end_utc
       GROUP BY 1""",
    """SELECT received_on, COUNT(*) FROM "case"
       WHERE received_on BETWEEN :start AND :end GROUP BY 1""",
    """SELECT completed_on, COUNT(*) FROM "case"
       WHERE completed_on BETWEEN :start AND :end AND state IN ('completed', 'denied')
       GROUP BY 1""",
)


def hand_written(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    params = {
        "start": MONTH[0].isoformat(),
        "end": MONTH[1].isoformat(),
        "start_utc": "2026-02-28 16:00:00",
        "end_utc": "2026-03-31 16:00:00",
    }
    results = [connection.execute(sql, params).fetchall() for sql in HAND_WRITTEN]
    connection.close()
    intake, decided, _open, ratings, _asked, _daily, _done = results
    return {
        "received": sum(row[1] for row in intake),
        "completed": sum(row[5] for row in decided),
        "ratings": sum(row[1] for row in ratings),
    }


def median_seconds(jobs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Each job once as a warm-up (the page cache, the calendar), then all of them in
    turn, ``repeat`` rounds, so a passing load on the machine falls on each alike."""
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for job in jobs.values():
        job()
    for _ in range(repeat):
        for name, job in jobs.items():
            started = time.perf_counter()
            job()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(found) for name, found in times.items()}


def measure(path: Path, repeat: int, in_total: bool) -> dict[str, float]:
    """The medians, in seconds, of the report (by department; in total too if asked)
    and of the hand-written SQL; and whether their counts agree (1.0 or 0.0)."""
    report = centre_report(*MONTH, by="department", today=TODAY)
    sql = hand_written(path)
    print(
        f"March 2026: received {report.total.received:,}, completed "
        f"{report.total.completed:,} (plain ones in SQL: {sql['completed']:,}), "
        f"on the spot {report.total.on_spot:,}, on time {report.total.on_time:,}, "
        f"compression {report.total.compression:.1%}, ratings {report.total.ratings:,}"
    )
    agree = report.total.received == sql["received"] and report.total.ratings == sql["ratings"]
    print("received and ratings agree with the hand-written SQL:", agree)
    jobs = {
        "centre_report, by department": lambda: centre_report(*MONTH, by="department", today=TODAY),
        "hand-written SQL, by department": lambda: hand_written(path),
    }
    if in_total:
        jobs["centre_report, in total"] = lambda: centre_report(*MONTH, today=TODAY)
    medians = median_seconds(jobs, repeat)
    return {**medians, "agree": float(agree)}


def figures(quick: bool) -> list[Figure]:
    found = measure(shared(), QUICK_REPEAT if quick else 5, in_total=False)
    report, sql = found["centre_report, by department"], found["hand-written SQL, by department"]
    ratio = report / sql
    return [
        Figure(
            "monthly report by department, 1M cases",
            f"{report:.2f} s ({ratio:.2f}× SQL)",
            f"hand-written SQL {sql:.2f} s",
            f"≤ {BUDGET_RATIO}× SQL",
            ratio <= BUDGET_RATIO and found["agree"] == 1.0,
        )
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=CASES)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_REPEAT} repeats")
    args = parser.parse_args(argv)
    repeat = QUICK_REPEAT if args.quick else args.repeat
    found = measure(shared(args.cases), repeat, in_total=True)
    agree = found.pop("agree") == 1.0
    for name, seconds in found.items():
        print(f"{name:34} {seconds * 1000:9.1f} ms (median of {repeat})")
    ratio = found["centre_report, by department"] / found["hand-written SQL, by department"]
    print(f"ratio centre_report / hand-written SQL (by department): {ratio:.2f}")
    print(f"within {BUDGET_RATIO}×: {ratio <= BUDGET_RATIO}")
    return 0 if agree and ratio <= BUDGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
