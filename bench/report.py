"""A monthly centre report over a million cases, beside the same figures in hand-written SQL.

    .venv/bin/python bench/report.py [--cases 1000000] [--repeat 5] [--quick]

Builds a temporary SQLite centre (25 departments, 75 windows, 200 items, ``--cases``
cases received over two years, with ratings, one-time notices, suspensions and
extensions), written with INSERT … SELECT over a recursive CTE: a million cases in
seconds. Then times ``services.reports.centre_report`` for one month, in total and by
department, and beside it the hand-written SQL that gives the same counts with the
same GROUP BYs run straight on sqlite3 (without the working-day arithmetic, which SQL
cannot do). Prints the medians and the ratio; checks that the counts agree. Not part
of the test run (DESIGN §9: a ratio against a baseline in the same run, never a timed
assertion). ``--quick`` uses 100,000 cases and 3 repeats; ``--date-indexes`` adds
indexes on the received and completed dates, which the schema does not have (yet).
"""

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from counter_tui.services.database import open_database
from counter_tui.services.reports import centre_report
from counter_tui.store.database import write_transaction
from counter_tui.store.models import Department, Item, Staff, Window, database_proxy

DEPARTMENTS = 25
WINDOWS_PER_DEPARTMENT = 3
ITEMS = 200
FIRST_DAY = "2025-01-01"
DAYS = 700  # received over about two years
MONTH = (date(2026, 3, 1), date(2026, 3, 31))
TODAY = date(2026, 11, 27)


def build(path: Path, cases: int, indexes: bool = False) -> None:
    open_database(str(path))
    with write_transaction(database_proxy):
        departments = [
            Department.create(code=f"D{n:02d}", name=f"部门{n:02d}", short_name=f"部{n:02d}")
            for n in range(1, DEPARTMENTS + 1)
        ]
        staff = [
            Staff.create(
                code=f"s{d.id:02d}{w}",
                name=f"办事员{d.id}-{w}",
                role="clerk",
                department=d,
                pin_hash="x",
                pin_salt="00",
            )
            for d in departments
            for w in range(WINDOWS_PER_DEPARTMENT)
        ]
        for number, clerk in enumerate(staff, 1):
            Window.create(number=number, department=clerk.department_id, clerk_a=clerk)
        # Item n belongs to department (n - 1) % 25 + 1; every fifth is immediate.
        Item.insert_many(
            [
                {
                    "code": f"I{n:03d}",
                    "version": 1,
                    "name": f"事项{n:03d}",
                    "department": departments[(n - 1) % DEPARTMENTS].id,
                    "kind": "immediate" if n % 5 == 0 else "promised",
                    "window_decides": n % 7 == 0,
                    "legal_limit_days": 5 if n % 5 == 0 else (20, 30, 60)[n % 3],
                    "promised_limit_days": 0 if n % 5 == 0 else (5, 10, 15)[n % 3],
                }
                for n in range(1, ITEMS + 1)
            ]
        ).execute()
    connection = database_proxy.connection()
    started = time.perf_counter()
    with write_transaction(database_proxy):
        # i → item, department (the item's), window and owner (one of its three);
        # state by i % 100; received over DAYS days; completed 0-19 days later,
        # the same day for the immediate items.
        connection.execute(
            f"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?),
            c AS (
                SELECT i, (i % {ITEMS}) + 1 AS item,
                       ((i % {ITEMS}) % {DEPARTMENTS}) + 1 AS dept,
                       i % 100 AS kind,
                       date('{FIRST_DAY}', '+' || (i % {DAYS}) || ' days') AS day
                FROM n
            )
            INSERT INTO "case" (number, item_id, state, department_id, window_id, owner_id,
                applicant_kind, applicant_name, applicant_id_type, applicant_id_number,
                applicant_phone, applicant_address, agent_name, agent_id_type,
                agent_id_number, received_on, accepted_on, completed_on, created_at,
                updated_at)
            SELECT 'B' || printf('%08d', i), item,
                CASE WHEN kind < 80 THEN 'completed' WHEN kind < 83 THEN 'denied'
                     WHEN kind < 88 THEN 'refused' WHEN kind < 92 THEN 'withdrawn'
                     WHEN kind < 97 THEN 'accepted' ELSE 'awaiting_supplement' END,
                dept, (dept - 1) * 3 + (i % 3) + 1, (dept - 1) * 3 + (i % 3) + 1,
                'person', '申请人', 'resident_id', '330106198001011234', '', '', '', '', '',
                day,
                CASE WHEN kind < 83 OR (kind >= 92 AND kind < 97) THEN day END,
                CASE WHEN kind < 83 THEN
                    CASE WHEN item % 5 = 0 THEN day
                         ELSE date(day, '+' || (i % 20) || ' days') END END,
                '2026-01-01 00:00:00', '2026-01-01 00:00:00'
            FROM c
            """,
            (cases,),
        )
        connection.execute(
            """
            INSERT INTO rating (case_id, level, comment, rated_at, follow_up_note,
                follow_up_closed_at)
            SELECT id, 1 + (id % 5) * (id % 3 = 0), '', completed_on || ' 09:00:00', '',
                CASE WHEN id % 2 = 0 THEN completed_on || ' 10:00:00' END
            FROM "case" WHERE state = 'completed' AND id % 10 < 6
            """
        )
        connection.execute(
            """
            INSERT INTO document (number, kind, case_id, staff_id, issued_at, body)
            SELECT 'N' || id, 'deficiency_notice', id, owner_id, received_on, '{}'
            FROM "case" WHERE id % 20 = 0
            """
        )
        connection.execute(
            """
            INSERT INTO suspension (case_id, reason, started_on, expected_days, ended_on,
                staff_id)
            SELECT id, '专家评审', accepted_on, 5, date(accepted_on, '+7 days'), owner_id
            FROM "case" WHERE accepted_on IS NOT NULL AND id % 997 = 0
            """
        )
        connection.execute(
            """
            INSERT INTO extension (case_id, days, reason, requested_by_id, requested_at,
                approved_by_id, decided_at, approved)
            SELECT id, 5, '现场勘验', owner_id, accepted_on, owner_id, accepted_on, id % 2
            FROM "case" WHERE accepted_on IS NOT NULL AND id % 1009 = 0
            """
        )
    if indexes:
        database_proxy.execute_sql('CREATE INDEX bench_received ON "case" (received_on)')
        database_proxy.execute_sql('CREATE INDEX bench_completed ON "case" (completed_on)')
    database_proxy.execute_sql("ANALYZE")
    print(f"built {cases:,} cases in {time.perf_counter() - started:.1f} s", flush=True)


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
              SUM(r.level >= 4 AND r.follow_up_closed_at IS NULL)
       FROM rating r JOIN "case" c ON c.id = r.case_id
       WHERE r.rated_at >= :start_utc AND r.rated_at < :end_utc GROUP BY 1""",
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
    intake, decided, _open, ratings, _daily, _done = results
    return {
        "received": sum(row[1] for row in intake),
        "completed": sum(row[5] for row in decided),
        "ratings": sum(row[1] for row in ratings),
    }


def median_seconds(job: Callable[[], object], repeat: int) -> float:
    job()  # warm-up: the page cache, the calendar
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="100,000 cases, 3 repeats")
    parser.add_argument(
        "--date-indexes",
        action="store_true",
        help="add indexes on case.received_on and case.completed_on (not in the schema)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.cases, args.repeat = 100_000, 3
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        build(path, args.cases, args.date_indexes)
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
        rows = [
            ("centre_report, in total", lambda: centre_report(*MONTH, today=TODAY)),
            (
                "centre_report, by department",
                lambda: centre_report(*MONTH, by="department", today=TODAY),
            ),
            ("hand-written SQL, by department", lambda: hand_written(path)),
        ]
        medians = {name: median_seconds(job, args.repeat) for name, job in rows}
        for name, seconds in medians.items():
            print(f"{name:34} {seconds * 1000:9.1f} ms (median of {args.repeat})")
        baseline = medians["hand-written SQL, by department"]
        ratio = medians["centre_report, by department"] / baseline
        print(f"ratio centre_report / hand-written SQL (by department): {ratio:.2f}")
        database_proxy.close()
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
