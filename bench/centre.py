"""The one generator of a big SQLite centre for the queue, report and memory benchmarks.

    .venv/bin/python bench/centre.py [--cases 1000000] [--keep PATH]

25 departments, 75 windows with two clerks each, 200 items, and ``cases`` cases
received one after another over the DAYS days up to TODAY, written with one
INSERT … SELECT over a recursive CTE (a million cases in well under a minute), with
ratings, one-time notices, suspensions and extensions on some. Most cases are closed;
about 2 % are open: those received in the last three weeks still being worked on, and a
thin tail of older ones that got stuck (overdue), so a window's queue mixes red, yellow
and green lights with cases whose clock has not started. Every clerk signs in with PIN.

``shared(cases)`` builds it once per process, in a temporary folder removed at exit, and
points the store at it: run.py's benchmarks share one build. ``counter_copy(cases)`` is
a copy of it with a catalog of CATALOG_ITEMS more items, for the TUI's benchmarks
(bench/keys.py, bench/day.py), which write to it; the shared centre stays as the others
measure it.
"""

import argparse
import atexit
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from counter_tui.services.auth import hash_pin
from counter_tui.services.catalog.items import import_items
from counter_tui.services.centre.opening import open_database
from counter_tui.store.database import connect, write_transaction
from counter_tui.store.models import Department, Item, Staff, Window, database_proxy

CASES = 1_000_000
DEPARTMENTS = 25
WINDOWS_PER_DEPARTMENT = 3
ITEMS = 200
IMMEDIATE = 6  # every sixth item is decided on the spot (即办件)
# A prime: the received day (i % DAYS) is then independent of the item (i % ITEMS) and
# of the case's kind (i % 100), which decides whether it is still open.
DAYS = 701
TODAY = date(2026, 11, 27)
FIRST_DAY = TODAY - timedelta(days=DAYS - 1)
PIN = "2468"
# The clerk the queue and memory benchmarks sign in as: clerk A of window 1.
CLERK = "w01a"
# The catalog of the TUI's benchmarks: with the centre's 200 items, the 5,200 of issue 17.
CATALOG_ITEMS = 5000
CATALOG_MATERIALS = 12  # per item, as bench/search.py's catalog
CATALOG_SEED = 2026

_built: dict[int, Path] = {}
_catalogued: dict[int, Path] = {}


def clerk_code(window: int, seat: str) -> str:
    return f"w{window:02d}{seat}"


def people() -> None:
    """Departments, windows with clerks A and B (one PIN hash: scrypt is slow), items."""
    digest, salt = hash_pin(PIN)
    for d in range(1, DEPARTMENTS + 1):
        department = Department.create(
            code=f"D{d:02d}", name=f"部门{d:02d}", short_name=f"部{d:02d}"
        )
        for w in range(WINDOWS_PER_DEPARTMENT):
            number = (d - 1) * WINDOWS_PER_DEPARTMENT + w + 1
            a, b = (
                Staff.create(
                    code=clerk_code(number, seat),
                    name=f"办事员{number}{seat}",
                    role="clerk",
                    department=department,
                    pin_hash=digest,
                    pin_salt=salt,
                )
                for seat in "ab"
            )
            Window.create(number=number, department=department, clerk_a=a, clerk_b=b, on_duty=a)
    # Item n belongs to department (n - 1) % 25 + 1; every sixth is immediate (6 and 25
    # share no factor: every department has both kinds, and open cases at each window).
    Item.insert_many(
        [
            {
                "code": f"I{n:03d}",
                "version": 1,
                "name": f"事项{n:03d}",
                "department": (n - 1) % DEPARTMENTS + 1,
                "kind": "immediate" if n % IMMEDIATE == 0 else "promised",
                "window_decides": n % 7 == 0,
                "legal_limit_days": 5 if n % IMMEDIATE == 0 else (20, 30, 60)[n % 3],
                "promised_limit_days": 0 if n % IMMEDIATE == 0 else (5, 10, 15)[n % 3],
            }
            for n in range(1, ITEMS + 1)
        ]
    ).execute()


# Case i: item (i % ITEMS) + 1 and its department; window one of the department's three,
# owner its clerk A or B; received `age` days before TODAY. Open when a promised item's
# (immediate ones close on the spot) received in the last 21 days with kind < 70, or an
# old stuck one (one in a hundred, under 200 days); the open ones are received, awaiting
# supplement, accepted, in review or awaiting approval by `sub`. The closed ones are
# completed, denied, refused or withdrawn by kind, completed 0-19 days after receipt.
# The state of case i from the columns of _CASES's ``c`` (written for either engine).
STATE = """CASE WHEN NOT immediate AND ((age < 21 AND kind < 70) OR (stuck AND age < 200))
           THEN CASE sub WHEN 0 THEN 'received' WHEN 1 THEN 'awaiting_supplement'
                         WHEN 7 THEN 'in_review' WHEN 8 THEN 'awaiting_approval'
                         ELSE 'accepted' END
           WHEN kind < 80 OR kind >= 92 THEN 'completed' WHEN kind < 83 THEN 'denied'
           WHEN kind < 88 THEN 'refused' ELSE 'withdrawn' END"""
# The owner received every case and decided those decided (no handovers in the bench).
RECEIVED_DECIDED_BY = "owner, CASE WHEN state IN ('completed', 'denied') THEN owner END"
# The review clock (docs/rules.md §19) runs from the receipt to the window's first
# decision, both at the day's 01:00 as the events of bench/audit.py say: every case but
# those still received or withdrawn before a decision has had one. ``{at}`` is the
# engine's expression of that moment.
RECEIVED_REVIEWED_AT = "{at}, CASE WHEN state NOT IN ('received', 'withdrawn') THEN {at} END"
INSERT_CASES = """INSERT INTO "case" (number, item_id, state, department_id, window_id, owner_id,
    applicant_kind, applicant_name, applicant_id_type, applicant_id_number,
    applicant_phone, applicant_address, agent_name, agent_id_type,
    agent_id_number, received_on, accepted_on, completed_on, created_at, updated_at,
    received_by_id, decided_by_id, received_at, reviewed_at)"""
_CASES = f"""
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :cases),
c AS (
    SELECT i, (i % {ITEMS}) + 1 AS item, ((i % {ITEMS}) % {DEPARTMENTS}) + 1 AS dept,
           i % 100 AS kind, (i / 7) % 10 AS sub, (i / 100) % 100 = 0 AS stuck,
           ((i % {ITEMS}) + 1) % {IMMEDIATE} = 0 AS immediate, i % {DAYS} AS age,
           date('{TODAY.isoformat()}', '-' || (i % {DAYS}) || ' days') AS day
    FROM n
),
s AS (
    SELECT *, (dept - 1) * {WINDOWS_PER_DEPARTMENT} + (i % {WINDOWS_PER_DEPARTMENT}) + 1
              AS window,
           {STATE} AS state
    FROM c
),
o AS (SELECT *, window * 2 - 1 + (i / {WINDOWS_PER_DEPARTMENT}) % 2 AS owner FROM s)
{INSERT_CASES}
SELECT 'B' || printf('%08d', i), item, state, dept, window, owner,
    'person', '申请人' || (i % 997), 'resident_id', '330106198001011234', '', '', '', '', '',
    day,
    CASE WHEN state NOT IN ('received', 'awaiting_supplement', 'refused', 'withdrawn')
         THEN day END,
    CASE WHEN state IN ('completed', 'denied') THEN
        CASE WHEN immediate THEN day
             ELSE min(date(day, '+' || (i % 20) || ' days'), '{TODAY.isoformat()}') END
    END,
    day || ' 01:00:00', day || ' 01:00:00',
    {RECEIVED_DECIDED_BY}, {RECEIVED_REVIEWED_AT.format(at="day || ' 01:00:00'")}
FROM o
"""

_AROUND = (
    # Six in ten completed cases rated on their window's pad at delivery (一事一评); the
    # 差评 among them (levels 4, 5) have a follow-up, closed within its days but for the
    # last ten days' and one in fifty older ones (overdue), as a centre keeps them.
    """INSERT INTO rating_request (window_id, staff_id, case_id, kind, requested_at, state,
           level, reason, text, rated_at)
       SELECT window_id, owner_id, id, 'delivered', completed_on || ' 09:00:00', 'rated',
           1 + (id % 5) * (id % 3 = 0), '', '', completed_on || ' 09:00:00'
       FROM "case" WHERE state = 'completed' AND id % 10 < 6""",
    """INSERT INTO rating (case_id, request_id, level, rated_at)
       SELECT case_id, id, level, rated_at FROM rating_request""",
    f"""INSERT INTO rating_follow_up (request_id, due_on, contact, contacted_at, result, note,
           closed_by_id, closed_at, appeal, appeal_outcome, appeal_note)
       SELECT id, date(rated_at, '+7 days'), '电话回访', rated_at,
           CASE WHEN shut THEN 'explained' ELSE '' END, '',
           CASE WHEN shut THEN staff_id END,
           CASE WHEN shut THEN date(rated_at, '+3 days') || ' 10:00:00' END, '', '', ''
       FROM (SELECT *, rated_at < date('{TODAY.isoformat()}', '-10 days') AND id % 50 != 0
                 AS shut
             FROM rating_request WHERE level >= 4)""",
    """INSERT INTO document (number, kind, case_id, staff_id, issued_at, body)
       SELECT 'N' || id, 'deficiency_notice', id, owner_id, received_on, '{}'
       FROM "case" WHERE id % 20 = 0 OR state = 'awaiting_supplement'""",
    """INSERT INTO suspension (case_id, reason, started_on, expected_days, ended_on, staff_id)
       SELECT id, '专家评审', accepted_on, 5, date(accepted_on, '+7 days'), owner_id
       FROM "case" WHERE accepted_on IS NOT NULL AND id % 997 = 0""",
    """INSERT INTO extension (case_id, days, reason, requested_by_id, requested_at,
           approved_by_id, decided_at, approved)
       SELECT id, 5, '现场勘验', owner_id, accepted_on, owner_id, accepted_on, id % 2
       FROM "case" WHERE accepted_on IS NOT NULL AND id % 1009 = 0""",
)


def build(path: Path, cases: int = CASES) -> float:
    """Write the centre into a new SQLite file at ``path``; the seconds it took."""
    started = time.perf_counter()
    open_database(str(path))
    with write_transaction(database_proxy):
        people()
    connection = database_proxy.connection()
    connection.execute("PRAGMA cache_size = -1000000")  # this connection's only
    # Indexes written in random order, a row at a time, took most of the build: the
    # case table's are dropped and made again, from their own statements, once it is full.
    indexes = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'case' "
        "AND sql IS NOT NULL"
    ).fetchall()
    with write_transaction(database_proxy):
        for name, _sql in indexes:
            connection.execute(f'DROP INDEX "{name}"')
        connection.execute(_CASES, {"cases": cases})
        for _name, sql in indexes:
            connection.execute(sql)
        for sql in _AROUND:
            connection.execute(sql)
    database_proxy.execute_sql("ANALYZE")
    return time.perf_counter() - started


def shared(cases: int = CASES) -> Path:
    """The centre of ``cases`` cases, built on the first call of this process and removed
    at exit; the store is pointed at it on every call (another benchmark may have moved it)."""
    if cases not in _built:
        folder = Path(tempfile.mkdtemp(prefix="counter-bench-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = folder / "centre.db"
        seconds = build(path, cases)
        print(f"built a centre of {cases:,} cases in {seconds:.1f} s", flush=True)
        _built[cases] = path
    database_proxy.close()
    connect(str(_built[cases]))
    return _built[cases]


def import_catalog(items: int = CATALOG_ITEMS) -> None:
    """bench/search.py's generated items, through ``services.catalog.import_items`` (pinyin
    and initials as a real import computes them), spread over the centre's departments; a
    fifth get a use count (Pareto-distributed), as a centre's usage would leave them."""
    from search import generate, use_some  # bench/search.py: names made of real words

    entries = generate(items, CATALOG_MATERIALS, CATALOG_SEED)
    for n, entry in enumerate(entries):  # search.py's department n % 25 is the centre's
        entry["department"] = f"D{n % DEPARTMENTS + 1:02d}"
    import_items(entries, "bench")
    imported = Item.select(Item.id).where(Item.id > ITEMS).order_by(Item.id)
    use_some([item_id for (item_id,) in imported.tuples()], CATALOG_SEED)


def counter_copy(cases: int = CASES) -> Path:
    """A fresh copy of the shared centre with the catalog imported (the catalog is imported
    once per process, into a first copy): the TUI's benchmarks sign in, start and discard
    drafts in it. The store is left pointed at the shared centre."""
    if cases not in _catalogued:
        source = shared(cases)
        started = time.perf_counter()
        database_proxy.close()
        path = source.with_name("catalogued.db")
        shutil.copyfile(source, path)
        connect(str(path))
        import_catalog()
        database_proxy.execute_sql("ANALYZE")
        database_proxy.close()
        _catalogued[cases] = path
        seconds = time.perf_counter() - started
        print(f"copied it and imported {CATALOG_ITEMS:,} items in {seconds:.1f} s", flush=True)
    copy = Path(tempfile.mkdtemp(prefix="counter-bench-", dir=_catalogued[cases].parent))
    shutil.copyfile(_catalogued[cases], copy / "centre.db")
    shared(cases)
    return copy / "centre.db"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=CASES)
    parser.add_argument("--keep", type=Path, help="build into this file and keep it")
    args = parser.parse_args(argv)
    if args.keep is None:
        path = shared(args.cases)
    else:
        print(f"built in {build(args.keep, args.cases):.1f} s")
        path = args.keep
    connection = database_proxy.connection()
    for state, count in connection.execute(
        'SELECT state, COUNT(*) FROM "case" GROUP BY 1 ORDER BY 2 DESC'
    ):
        print(f"{state:22} {count:9,}")
    print(f"{path.stat().st_size / 2**20:.0f} MiB")
    database_proxy.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
