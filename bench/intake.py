"""One intake committed on SQLite through the services, beside the same rows written with sqlite3.

    .venv/bin/python bench/draft.py [--repeat 200]

The intake is what the TUI does for an application accepted at the window, with an item
of 20 materials: ``draft.start_draft`` (the case and its 20 checklist rows, a case
number), ``draft.update_applicant`` (every field at once, as when the clerk leaves the
form), ``checklist.mark_all_remaining_provided`` and ``decisions.receive_and_decide``
with ``decisions.accept`` (the receipt and the acceptance notice, each with a document
number). Four write transactions, as at the counter; the median of ``--repeat``.

The baseline writes the rows that intake left in the database — the case, its 20
checklist rows, its events (with their hash chain, computed with the same function),
its two documents, the three number counters and the item's use count — again, with
the sqlite3 module on its own connection with the product's PRAGMAs, in ONE
transaction. It reads nothing back and checks nothing: it is the floor for those writes,
not the same work (no rules, no reads, one commit instead of four).

A third figure, for reading the first two: the statements one intake sends to the
driver (recorded as sent), replayed with sqlite3 in the same four transactions on a
scratch copy of the database — the database's share of an intake; the rest is Python.
"""

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from figures import Figure

from counter_tui.domain.audit import GENESIS, chain_hash
from counter_tui.services.auth import StaffSession, session_of
from counter_tui.services.catalog.items import import_items
from counter_tui.services.centre.opening import open_database
from counter_tui.services.centre.setup import load_centre
from counter_tui.services.intake import checklist, decisions, draft
from counter_tui.store.database import SQLITE_PRAGMAS
from counter_tui.store.models import Staff, database_proxy

BUDGET_MS = 5.0
BUDGET_RATIO = 3.0
ITEM = "GA-900"
# As the clerk types it: a resident with her ID card, a mobile number and an address.
APPLICANT = dict(
    kind="person", name="赵晓敏", id_type="resident_id", id_number="11010519491231002X",
    phone="13912345678", address="示范市滨江区江南大道88号",
)  # fmt: skip
CENTRE = {
    "centre": {"name": "示范市行政服务中心"},
    "departments": [
        {
            "code": "GA",
            "name": "示范市公安局",
            "short_name": "公安",
            "windows": [{"number": 1, "clerk_a": "ga01", "clerk_b": "ga02"}],
        }
    ],
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


def build(path: Path) -> StaffSession:
    """A centre with one department, one window and one item of 20 materials."""
    open_database(f"sqlite:///{path}")
    load_centre(CENTRE)
    item = {
        "code": ITEM,
        "name": "保安服务许可证核发",
        "department": "GA",
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
    return session_of(Staff.get(Staff.code == "ga01"))


def one_intake(clerk: StaffSession) -> str:
    """The TUI's calls for an intake that ends in acceptance; the case number."""
    number = draft.start_draft(clerk, ITEM)
    draft.update_applicant(clerk, number, APPLICANT)
    checklist.mark_all_remaining_provided(clerk, number)
    decisions.receive_and_decide(clerk, number, decisions.accept)
    return number


def rows_of(connection: sqlite3.Connection, number: str) -> dict[str, Any]:
    """Everything the intake of case ``number`` wrote, as column → value dicts."""
    connection.row_factory = sqlite3.Row

    def select(sql: str, *params: object) -> list[dict[str, Any]]:
        return [dict(row) for row in connection.execute(sql, params)]

    case = select('SELECT * FROM "case" WHERE number = ?', number)[0]
    found = {
        "case": case,
        "materials": select("SELECT * FROM case_material WHERE case_id = ?", case["id"]),
        "events": select("SELECT * FROM event WHERE case_id = ? ORDER BY id", case["id"]),
        "documents": select("SELECT * FROM document WHERE case_id = ? ORDER BY id", case["id"]),
        "counters": select("SELECT scope, period FROM number_counter"),
    }
    connection.row_factory = None
    return found


def _insert(table: str, row: dict[str, Any]) -> str:
    columns = ", ".join(f'"{c}"' for c in row)
    return f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join("?" * len(row))})'


def baseline_writer(connection: sqlite3.Connection, template: dict[str, Any]) -> Callable[[], None]:
    """Write the rows of ``template`` (one intake's) again as a new case, in one transaction."""
    case = {k: v for k, v in template["case"].items() if k != "id"}
    materials = [{k: v for k, v in m.items() if k != "id"} for m in template["materials"]]
    events = [{k: v for k, v in e.items() if k != "id"} for e in template["events"]]
    documents = [{k: v for k, v in d.items() if k != "id"} for d in template["documents"]]
    counters = [(c["scope"], c["period"]) for c in template["counters"]]
    serial = iter(range(1, 10**9))

    def write() -> None:
        n = next(serial)
        with connection:  # one transaction, committed on leaving
            connection.execute("BEGIN IMMEDIATE")
            for scope, period in counters:
                connection.execute(
                    "UPDATE number_counter SET last = last + 1 WHERE scope = ? AND period = ?",
                    (scope, period),
                )
            case_id = connection.execute(
                _insert("case", case), [*{**case, "number": f"B{n}"}.values()]
            ).lastrowid
            connection.executemany(
                _insert("case_material", materials[0]),
                [[*{**m, "case_id": case_id}.values()] for m in materials],
            )
            for d in documents:
                number = f"B{n}-{d['kind']}"
                connection.execute(
                    _insert("document", d), [*{**d, "case_id": case_id, "number": number}.values()]
                )
            (prev,) = connection.execute(
                "SELECT hash FROM event ORDER BY id DESC LIMIT 1"
            ).fetchone() or (GENESIS,)
            for e in events:
                payload = {
                    "case": case_id,
                    "staff": e["staff_id"],
                    "kind": e["kind"],
                    "at": datetime.fromisoformat(e["at"]),
                    "data": json.loads(e["data"]),
                }
                digest = chain_hash(prev, payload)
                connection.execute(
                    _insert("event", e),
                    [*{**e, "case_id": case_id, "prev_hash": prev, "hash": digest}.values()],
                )
                prev = digest
            connection.execute("UPDATE item SET use_count = use_count + 1 WHERE code = ?", (ITEM,))

    return write


Statement = tuple[str, Any]  # SQL, and its values (a list of rows for an executemany)


def recorded_intake(clerk: StaffSession) -> list[list[Statement]]:
    """The statements one intake sends to the driver, as sent, by transaction."""
    db = database_proxy.obj
    steps: list[list[Statement]] = []
    execute_sql, cursor = db.execute_sql, db.cursor

    def one(sql: str, params: Any = None) -> Any:
        if not sql.startswith(("SAVEPOINT", "RELEASE")):  # one transaction each step
            steps[-1].append((sql, tuple(params or ())))
        return execute_sql(sql, params)

    class Recording:  # a cursor whose executemany is recorded (the 20 checklist rows)
        def __init__(self, real: Any) -> None:
            self.real = real

        def executemany(self, sql: str, rows: Any) -> Any:
            steps[-1].append((sql, list(rows)))
            return self.real.executemany(sql, steps[-1][-1][1])

        def __iter__(self) -> Any:
            return iter(self.real)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.real, name)

    db.execute_sql, db.cursor = one, lambda *args: Recording(cursor(*args))
    try:
        steps.append([])
        number = draft.start_draft(clerk, ITEM)
        for step in (
            lambda: draft.update_applicant(clerk, number, APPLICANT),
            lambda: checklist.mark_all_remaining_provided(clerk, number),
            lambda: decisions.receive_and_decide(clerk, number, decisions.accept),
        ):
            steps.append([])
            step()
    finally:
        del db.execute_sql, db.cursor
    return steps


def replayer(path: Path, steps: list[list[Statement]]) -> Callable[[], None]:
    """Replay the intake's statements with sqlite3, in its four transactions, on a scratch
    copy of the database as it was before them; what a replay wrote is deleted after it,
    untimed, by the returned function's caller (``replayed``)."""
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma, value in SQLITE_PRAGMAS.items():
        connection.execute(f"PRAGMA {pragma} = {value}")

    def replay() -> None:
        for step in steps:
            connection.execute("BEGIN IMMEDIATE")
            for sql, values in step:
                if isinstance(values, list):
                    connection.executemany(sql, values)
                else:
                    connection.execute(sql, values).fetchall()
            connection.execute("COMMIT")

    replay.connection = connection  # type: ignore[attr-defined]
    return replay


def replayed(folder: Path, clerk: StaffSession, repeat: int) -> list[float]:
    """Milliseconds of the intake's own statements replayed with sqlite3 (see replayer):
    the database's share of an intake."""
    copy = folder / "replay.db"
    with sqlite3.connect(copy) as target:
        sqlite3.connect(database_proxy.database).backup(target)
    steps = recorded_intake(clerk)
    replay = replayer(copy, steps)
    connection: sqlite3.Connection = replay.connection  # type: ignore[attr-defined]
    # A scratch copy: the event log's append-only triggers would refuse the clean-up.
    for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
        connection.execute(f'DROP TRIGGER "{name}"')
    tables = ("event", "document", "case_material", '"case"')
    last_id = {t: connection.execute(f"SELECT max(id) FROM {t}").fetchone()[0] for t in tables}
    counters = connection.execute("SELECT scope, period, last FROM number_counter").fetchall()
    uses = connection.execute("SELECT use_count, id FROM item").fetchall()

    def undo() -> None:
        connection.execute("BEGIN IMMEDIATE")
        for table in tables:
            connection.execute(f"DELETE FROM {table} WHERE id > ?", (last_id[table] or 0,))
        connection.execute("DELETE FROM number_counter")
        connection.executemany(
            "INSERT INTO number_counter (scope, period, last) VALUES (?, ?, ?)", counters
        )
        connection.executemany("UPDATE item SET use_count = ? WHERE id = ?", uses)
        connection.execute("COMMIT")

    times = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        replay()
        times.append((time.perf_counter() - start) * 1000)
        undo()
    connection.close()
    return times[1:]  # the first warms the connection


def timed(action: Callable[[], object], repeat: int, cpu: list[float]) -> list[float]:
    """Wall milliseconds of each run; the CPU milliseconds go to ``cpu`` (on a busy
    machine the wall time includes waiting for a CPU, the CPU time does not)."""
    times = []
    for _ in range(repeat):
        start, started_cpu = time.perf_counter(), time.process_time()
        action()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return times


def measure(repeat: int) -> dict[str, tuple[list[float], list[float]]]:
    """Milliseconds (wall, CPU) per intake through the services and per baseline write,
    interleaved in rounds of ten after a warm-up of each; then the intake's own statements
    replayed with sqlite3 (wall for both)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        clerk = build(path)
        number = one_intake(clerk)
        connection = sqlite3.connect(path, isolation_level=None)
        for pragma, value in SQLITE_PRAGMAS.items():
            connection.execute(f"PRAGMA {pragma} = {value}")
        write = baseline_writer(connection, rows_of(connection, number))
        write()
        runs: dict[str, tuple[list[float], list[float]]] = {
            "services": ([], []),
            "sqlite3 rows": ([], []),
        }
        for _ in range(max(1, repeat // 10)):
            for name, action in (("services", lambda: one_intake(clerk)), ("sqlite3 rows", write)):
                wall, cpu = runs[name]
                wall += timed(action, 10, cpu)
        connection.close()
        replay = replayed(Path(folder), clerk, repeat)
        runs["its statements"] = (replay, replay)
        database_proxy.close()
    return runs


def figures(quick: bool) -> list[Figure]:
    runs = measure(50 if quick else 300)
    (services, services_cpu), (direct, direct_cpu) = runs["services"], runs["sqlite3 rows"]
    ours, floor = statistics.median(services), statistics.median(direct)
    ratio = ours / floor
    own = statistics.median(runs["its statements"][0])
    return [
        Figure(
            "intake committed, 20 materials (wall; CPU)",
            f"median {ours:.1f} ms ×{ratio:.0f}; {statistics.median(services_cpu):.1f} ms",
            f"sqlite3 1 txn {floor:.2f} ms; {statistics.median(direct_cpu):.2f} ms "
            f"(its own statements: {own:.2f} ms)",
            f"≤ {BUDGET_MS:g} ms and ≤ {BUDGET_RATIO:g}×",
            ours <= BUDGET_MS and ratio <= BUDGET_RATIO,
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300, help="intakes of each kind")
    args = parser.parse_args()
    runs = measure(args.repeat)
    for name, (times, cpu) in runs.items():
        ordered = sorted(times)
        print(
            f"{name:<14} median {statistics.median(times):6.2f} ms  "
            f"min {ordered[0]:6.2f} ms  p95 {ordered[round(0.95 * (len(ordered) - 1))]:6.2f} ms"
            f"  CPU median {statistics.median(cpu):6.2f} ms"
        )
    ours, floor = statistics.median(runs["services"][0]), statistics.median(runs["sqlite3 rows"][0])
    within = ours <= BUDGET_MS and ours / floor <= BUDGET_RATIO
    print(
        f"median {ours:.2f} ms, ×{ours / floor:.1f} the sqlite3 rows: "
        f"{'within' if within else 'OVER'} ≤ {BUDGET_MS:g} ms and ≤ {BUDGET_RATIO:g}×"
    )
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
