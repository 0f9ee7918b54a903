"""A database made by the first schema version (tests/fixtures/schema_0001.sql, see the
README there) upgrades to this program's version with every row intact, its event chain
unbroken, and the program working on it; one newer than the program is refused untouched."""

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from counter_tui.services.auth import session_of
from counter_tui.services.cases.queue import DEPARTMENT, QUEUE_STATES, queue
from counter_tui.services.centre.opening import open_database
from counter_tui.services.intake import draft
from counter_tui.store.migrations import available, latest_version
from counter_tui.store.models import Staff, database_proxy

FIXTURE = Path(__file__).parent / "fixtures" / "schema_0001.sql"
FIXTURE_DAY = datetime(2026, 11, 27, 10).replace(tzinfo=ZoneInfo("Asia/Shanghai"))
# Tables the program fills on opening any database: the official calendar is brought up to
# the years the installed `holidays` package covers, and each migration records itself.
GROWS_ON_OPEN = {"calendar_year", "calendar_day", "schema_version"}
# What the migrations since 0001 change in existing rows, by table: nothing yet (0002 only
# changes column types on PostgreSQL). A migration that rewrites rows names them here.
# Migration 0017 moved what a clerk typed with a rating to the rating's request (the comment)
# and its follow-up (docs/rules.md §11); test_the_ratings_typed_by_clerks_keep_their_words
# follows them there.
MOVED_RATING_COLUMNS = {
    "comment",
    "follow_up_note",
    "follow_up_closed_by_id",
    "follow_up_closed_at",
}
CHANGED_ON_PURPOSE: dict[str, set[str]] = {"rating": MOVED_RATING_COLUMNS}

Rows = dict[str, dict[tuple, dict[str, object]]]


def _load(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.executescript(FIXTURE.read_text(encoding="utf-8"))
    connection.close()
    path.chmod(0o600)


def _rows(path: Path) -> Rows:
    """Every row of every table, keyed by table and primary key."""
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    tables = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    found: Rows = {}
    for table in tables:
        info = connection.execute(f'PRAGMA table_info("{table}")').fetchall()
        key = [row["name"] for row in sorted(info, key=lambda r: r["pk"]) if row["pk"]]
        rows = connection.execute(f'SELECT * FROM "{table}"').fetchall()
        found[table] = {tuple(row[k] for k in key): dict(row) for row in rows}
    connection.close()
    return found


def _dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    dump = list(connection.iterdump())
    connection.close()
    return dump


@pytest.fixture
def first_schema(tmp_path: Path) -> Path:
    path = tmp_path / "centre.db"
    _load(path)
    return path


def test_the_fixture_is_a_first_schema_database_with_work_in_every_table(
    first_schema: Path,
) -> None:
    rows = _rows(first_schema)
    assert [key for key, _ in rows["schema_version"].items()] == [(1,)]
    empty = sorted(table for table, found in rows.items() if not found)
    assert empty == []
    states = {row["state"] for row in rows["case"].values()}
    assert {"draft", "received", "accepted", "completed", "refused", "suspended"} <= states
    assert {row["state"] for row in rows["handover"].values()} == {"confirmed", "pending"}


def test_upgrading_keeps_every_row_of_the_first_schema(
    first_schema: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    before = _rows(first_schema)

    code, out, _ = run_cli("--lang", "en", "--database", str(first_schema), "db", "upgrade")

    assert code == 0 and f"Schema version {latest_version()}" in out
    after = _rows(first_schema)
    assert set(before) <= set(after)
    for table, rows in before.items():
        kept = {key: after[table].get(key) for key in rows}
        changed = CHANGED_ON_PURPOSE.get(table, set())
        for key, row in rows.items():
            assert kept[key] is not None, (table, key)
            assert {c: v for c, v in kept[key].items() if c in row and c not in changed} == {
                c: v for c, v in row.items() if c not in changed
            }, (table, key)
        if table not in GROWS_ON_OPEN:
            assert len(after[table]) == len(rows), table
    assert sorted(after["schema_version"]) == [(m.version,) for m in available("sqlite")]
    # The copy taken before migrating is the first-schema database itself.
    (backup,) = first_schema.parent.glob("centre.db.v1-*.bak")
    assert _rows(backup) == before


def test_the_event_chain_of_the_first_schema_verifies_after_the_upgrade(
    first_schema: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    assert run_cli("--database", str(first_schema), "db", "upgrade")[0] == 0
    code, out, _ = run_cli("--lang", "en", "--database", str(first_schema), "audit", "verify")
    assert code == 0 and "intact" in out


def test_the_program_works_on_the_upgraded_database(
    first_schema: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    old = _rows(first_schema)
    department = next(r for r in old["department"].values() if r["code"] == "GA")
    open_cases = {
        row["number"]
        for row in old["case"].values()
        if row["department_id"] == department["id"]
        and row["state"] in {s.value for s in QUEUE_STATES}
    }
    day = FIXTURE_DAY.strftime("%Y%m%d")
    taken = [n for n in (r["number"] for r in old["case"].values()) if n[2:].startswith(day)]
    last = max(int(number.rsplit("-", 1)[1]) for number in taken if number.startswith("GA"))
    try:
        open_database(str(first_schema))
        chief = session_of(Staff.get(Staff.code == "gachief"))
        listed = queue(chief, FIXTURE_DAY.date(), scope=DEPARTMENT, limit=None)
        assert {line.number for line in listed} == open_cases

        clerk = session_of(Staff.get(Staff.code == "ga02"))
        at = FIXTURE_DAY.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
        number = draft.start_draft(clerk, "GA-010", at=at)
    finally:
        database_proxy.close()
    assert number == f"GA{day}-{last + 1:04d}"
    code, out, _ = run_cli("--lang", "en", "--database", str(first_schema), "audit", "verify")
    assert code == 0 and "intact" in out


def test_the_ratings_typed_by_clerks_keep_their_words(
    first_schema: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    # Two of the fixture's ratings made 差评: one followed up and closed, one still open.
    connection = sqlite3.connect(first_schema)
    connection.execute(
        "UPDATE rating SET level = 5, comment = '等太久', follow_up_note = '已致歉', "
        "follow_up_closed_by_id = 1, follow_up_closed_at = '2026-11-04 02:00:00' WHERE id = 2"
    )
    connection.execute("UPDATE rating SET level = 4, comment = '材料多' WHERE id = 3")
    connection.commit()
    connection.close()
    before = _rows(first_schema)["rating"]
    assert {row["level"] for row in before.values()} >= {1, 4, 5}

    code, _, _ = run_cli("--lang", "en", "--database", str(first_schema), "db", "upgrade")

    assert code == 0
    after = _rows(first_schema)
    requests, follow_ups = after["rating_request"], after["rating_follow_up"]
    by_request = {row["request_id"]: row for row in follow_ups.values()}
    for key, old in before.items():
        request = requests[(after["rating"][key]["request_id"],)]
        assert request["kind"] == "entered" and request["state"] == "rated"
        assert (request["case_id"], request["level"]) == (old["case_id"], old["level"])
        assert request["text"] == old["comment"] and request["device_id"] is None
        follow_up = by_request.get(request["id"])
        if old["level"] >= 4:
            assert follow_up is not None and follow_up["due_on"] is None
            assert follow_up["note"] == old["follow_up_note"]
            assert follow_up["closed_at"] == old["follow_up_closed_at"]
            assert follow_up["closed_by_id"] == old["follow_up_closed_by_id"]
        else:
            assert follow_up is None


def test_a_database_newer_than_the_program_is_refused_in_chinese_and_left_untouched(
    first_schema: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    newer = latest_version() + 1
    connection = sqlite3.connect(first_schema)
    connection.execute("INSERT INTO schema_version VALUES (?, '2030-01-01 00:00:00')", (newer,))
    connection.commit()
    connection.close()
    before = _dump(first_schema)

    code, _, err = run_cli("--database", str(first_schema), "db", "upgrade")

    assert code == 1
    assert str(newer) in err and "升级" in err and "Upgrade" not in err
    # Opening switches the file to WAL mode (two header bytes); schema and rows stay.
    assert _dump(first_schema) == before
    assert sorted(p.name for p in first_schema.parent.iterdir()) == ["centre.db"]
