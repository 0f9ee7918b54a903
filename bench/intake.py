"""One clerk step's transaction at full scale: the p95 of each step of an intake, on
SQLite and on PostgreSQL, in a centre of a million cases.

    .venv/bin/python bench/intake.py [--cases 1000000] [--repeat 200]
        [--postgres URL] [--pg-cases 1000000]

The intake is what the TUI does for an application accepted at the window, with an item
of 20 materials: ``draft.start_draft`` (the case and its 20 checklist rows, a case
number), ``draft.update_applicant`` (every field at once, as when the clerk leaves the
form), ``checklist.mark_all_remaining_provided`` and ``decisions.receive_and_decide``
with ``decisions.accept`` (the receipt and the acceptance notice, each with a document
number). Each is one write transaction, a step the clerk waits for; each is timed on its
own, ``--repeat`` intakes by clerk A of window 1 of bench/centre.py's centre, with the
item added to that clerk's department. Budget: every step's p95 within 16 ms on SQLite
and 50 ms on PostgreSQL.

PostgreSQL is measured when ``--postgres`` (or ``COUNTER_TUI_TEST_POSTGRES``) names a
server: the same centre (without its ratings, notices, suspensions and extensions) is
written into a scratch database created there and dropped after.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import centre
from figures import Figure

from counter_tui.services.auth import StaffSession, session_of
from counter_tui.services.catalog.items import import_items
from counter_tui.services.centre.files import centre_of
from counter_tui.services.centre.importing import import_centre_file
from counter_tui.services.centre.opening import open_database
from counter_tui.services.intake import checklist, decisions, draft
from counter_tui.store.database import write_transaction
from counter_tui.store.models import Staff, database_proxy

BUDGET_MS = {"SQLite": 16.0, "PostgreSQL": 50.0}  # p95 of one step's transaction
ITEM = "GA-900"
# As the clerk types it: a resident with her ID card, a mobile number and an address.
APPLICANT = dict(
    kind="person", name="赵晓敏", id_type="resident_id", id_number="11010519491231002X",
    phone="13912345678", address="示范市滨江区江南大道88号",
)  # fmt: skip
CENTRE = {
    "schema": 1,
    "profile": {"name": "示范市行政服务中心"},
    "departments": [{"code": "GA", "name": "示范市公安局", "short_name": "公安"}],
    "windows": [{"number": 1, "department": "GA", "clerk_a": "ga01", "clerk_b": "ga02"}],
    "staff": [
        {"code": code, "name": name, "role": "clerk", "department": "GA", "pin": "1101"}
        for code, name in (("ga01", "张警官"), ("ga02", "李警官"))
    ],
}
MATERIALS = [
    "申请表", "居民身份证", "户口簿", "授权委托书", "经办人身份证", "场所使用证明",
    "平面布置图", "安全管理制度", "从业人员名单", "资格证书", "设备清单", "检测报告",
    "承诺书", "现场照片", "租赁合同", "产权证明", "营业执照", "章程", "培训证明", "应急预案",
]  # fmt: skip


def import_item(department: str) -> None:
    """The intake's item, of 20 materials, for ``department`` (its code)."""
    item = {
        "code": ITEM,
        "name": "保安服务许可证核发",
        "department": department,
        "kind": "promised",
        "legal_limit_days": 20,
        "promised_limit_days": 10,
        "fees": "不收费",
        "materials": [
            {"name": name, "necessity": "required", "form": form, "copies": copies}
            for name, form, copies in zip(
                MATERIALS,
                (["original", "copy", "original_and_copy"] * 7)[:20],
                [1, 1, 2, 1] * 5,
                strict=True,
            )
        ],
    }
    import_items([item], "bench")


def build(path: Path) -> StaffSession:
    """A centre with one department, one window and the intake's item (bench/notice.py)."""
    open_database(f"sqlite:///{path}")
    import_centre_file(centre_of("bench", CENTRE))
    import_item("GA")
    return session_of(Staff.get(Staff.code == "ga01"))


Times = dict[str, list[float]]  # milliseconds of each run of each step, by step


def timed_intake(clerk: StaffSession, times: Times) -> None:
    """The TUI's calls for an intake that ends in acceptance, each timed on its own."""
    started = time.perf_counter()
    number = draft.start_draft(clerk, ITEM)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("update_applicant", lambda: draft.update_applicant(clerk, number, APPLICANT)),
        (
            "mark_all_remaining_provided",
            lambda: checklist.mark_all_remaining_provided(clerk, number),
        ),
        (
            "receive_and_decide",
            lambda: decisions.receive_and_decide(clerk, number, decisions.accept),
        ),
    ]
    times.setdefault("start_draft", []).append((time.perf_counter() - started) * 1000)
    for name, step in steps:
        started = time.perf_counter()
        step()
        times.setdefault(name, []).append((time.perf_counter() - started) * 1000)


def measure(repeat: int) -> Times:
    """``repeat`` intakes by the big centre's clerk, after ten untimed ones."""
    import_item(f"D{1:02d}")  # clerk A of window 1 is of department D01
    clerk = session_of(Staff.get(Staff.code == centre.CLERK))
    for _ in range(10):
        timed_intake(clerk, {})
    times: Times = {}
    for _ in range(repeat):
        timed_intake(clerk, times)
    return times


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[round(0.95 * (len(ordered) - 1))]


# bench/centre.py's cases for PostgreSQL, from generate_series (the SQLite builder's
# recursive CTE and date functions are SQLite's own).
_PG_CASES = f"""
WITH c AS (
    SELECT i, mod(i, {centre.ITEMS}) + 1 AS item,
           mod(mod(i, {centre.ITEMS}), {centre.DEPARTMENTS}) + 1 AS dept,
           mod(i, 100) AS kind, mod(i / 7, 10) AS sub, mod(i / 100, 100) = 0 AS stuck,
           mod(mod(i, {centre.ITEMS}) + 1, {centre.IMMEDIATE}) = 0 AS immediate,
           mod(i, {centre.DAYS}) AS age,
           DATE '{centre.TODAY.isoformat()}' - mod(i, {centre.DAYS}) AS day
    FROM generate_series(1, {{cases}}) AS i
),
s AS (
    SELECT *, (dept - 1) * {centre.WINDOWS_PER_DEPARTMENT}
              + mod(i, {centre.WINDOWS_PER_DEPARTMENT}) + 1 AS win,
           {centre.STATE} AS state
    FROM c
),
o AS (SELECT *, win * 2 - 1 + mod(i / {centre.WINDOWS_PER_DEPARTMENT}, 2) AS owner FROM s)
{centre.INSERT_CASES}
SELECT 'B' || lpad(i::text, 8, '0'), item, state, dept, win, owner,
    'person', '申请人' || mod(i, 997), 'resident_id', '330106198001011234', '', '', '', '', '',
    day,
    CASE WHEN state NOT IN ('received', 'awaiting_supplement', 'refused', 'withdrawn')
         THEN day END,
    CASE WHEN state IN ('completed', 'denied') THEN
        CASE WHEN immediate THEN day
             ELSE least(day + mod(i, 20), DATE '{centre.TODAY.isoformat()}') END
    END,
    day + TIME '01:00', day + TIME '01:00',
    {centre.RECEIVED_DECIDED_BY}, {centre.RECEIVED_REVIEWED_AT.format(at="day + TIME '01:00'")}
FROM o
"""


def on_postgres(url: str, cases: int, repeat: int) -> Times:
    """The big centre written into a scratch database of the server at ``url``, the
    intakes measured there; the database is dropped after."""
    import psycopg

    name = f"counter_bench_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        open_database(f"{url.rsplit('/', 1)[0]}/{name}")
        started = time.perf_counter()
        with write_transaction(database_proxy):
            centre.people()
            database_proxy.execute_sql(_PG_CASES.format(cases=int(cases)))
        database_proxy.execute_sql("ANALYZE")
        print(
            f"built a PostgreSQL centre of {cases:,} cases in {time.perf_counter() - started:.1f} s"
        )
        return measure(repeat)
    finally:
        database_proxy.close()
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def runs(cases: int, repeat: int, postgres: str | None, pg_cases: int) -> dict[str, Times]:
    """The step times by engine: SQLite always, PostgreSQL when ``postgres`` is a URL."""
    centre.shared(cases)
    found = {f"SQLite {cases:,} cases": measure(repeat)}
    database_proxy.close()
    if postgres:
        found[f"PostgreSQL {pg_cases:,} cases"] = on_postgres(postgres, pg_cases, repeat)
    return found


def engine(label: str) -> str:
    return label.split()[0]


def figures(quick: bool) -> list[Figure]:
    postgres = os.environ.get("COUNTER_TUI_BENCH_POSTGRES")
    found = []
    for label, times in runs(centre.CASES, 50 if quick else 200, postgres, centre.CASES).items():
        slowest = max(times, key=lambda step: p95(times[step]))
        budget = BUDGET_MS[engine(label)]
        found.append(
            Figure(
                f"one clerk step, {label} (its slowest step)",
                f"p95 {p95(times[slowest]):.1f} ms ({slowest})",
                f"median {statistics.median(times[slowest]):.1f} ms",
                f"p95 ≤ {budget:g} ms",
                p95(times[slowest]) <= budget,
            )
        )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=centre.CASES, help="cases on SQLite")
    parser.add_argument("--repeat", type=int, default=200, help="intakes timed")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("COUNTER_TUI_BENCH_POSTGRES"),
        help="a PostgreSQL server's URL (a scratch database is made there)",
    )
    parser.add_argument("--pg-cases", type=int, default=centre.CASES, help="cases on PostgreSQL")
    args = parser.parse_args()
    within = True
    for label, times in runs(args.cases, args.repeat, args.postgres, args.pg_cases).items():
        budget = BUDGET_MS[engine(label)]
        print(f"== {label} (budget: p95 ≤ {budget:g} ms a step)")
        for step, ms in times.items():
            print(
                f"{step:<28} median {statistics.median(ms):6.2f} ms  "
                f"p95 {p95(ms):6.2f} ms  max {max(ms):6.2f} ms"
            )
            within = within and p95(ms) <= budget
    print("within" if within else "OVER")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
