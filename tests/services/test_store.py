"""connect(url), the migration runner and the write transaction, on real SQLite files."""

import importlib.util
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from counter_tui.resources import migrations_dir
from counter_tui.store.database import (
    WRITER_LOCK,
    change_mark,
    connect,
    redact,
    sqlite_path,
    write_transaction,
)
from counter_tui.store.errors import StoreError
from counter_tui.store.migrations import current_version, latest_version, migrate
from counter_tui.store.models import ALL_MODELS, NumberCounter, SchemaVersion, database_proxy
from counter_tui.store.settings import set_setting, setting

pytestmark = pytest.mark.both_engines


def test_new_database_file_is_private_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "counter.db"
    db = connect(str(path))
    migrate(db)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
    db.close()


def test_sqlite_url_and_bare_path_open_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    migrate(connect(f"sqlite:///{path}"))
    database_proxy.close()
    db = connect(str(path))
    assert current_version(db) == latest_version()
    db.close()


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    db = connect(str(tmp_path / "schema.db"))
    migrate(db)
    for model in ALL_MODELS:
        table = model._meta.table_name
        columns = {c.name for c in db.get_columns(table)}
        expected = {f.column_name for f in model._meta.sorted_fields}
        assert columns == expected, table
        # Types and constraints too: SQLite keeps each table's CREATE statement verbatim.
        created = db.execute_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()[0]
        if model is not SchemaVersion:
            assert created == model._schema._create_table(safe=False).query()[0], table
    db.close()


def test_migrated_indexes_match_the_models(tmp_path: Path) -> None:
    # The queue and the reports rest on these (migration 0003): a model that declares an
    # index the migrations do not create, or the reverse, fails here.
    db = connect(str(tmp_path / "indexes.db"))
    migrate(db)
    created = dict(
        db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
    )
    declared = {}
    for model in ALL_MODELS:
        for index in model._schema._create_indexes(safe=False):
            sql = index.query()[0]
            declared[sql.split('"')[1]] = sql
    assert created == declared
    assert "case_window_id_state" in created and "case_received_on" in created
    db.close()


def test_migrate_twice_applies_nothing_the_second_time(empty_db: str) -> None:
    assert migrate(database_proxy.obj) == []
    assert SchemaVersion.select().count() == latest_version()


def test_newer_database_is_refused_with_a_clear_message(empty_db: str) -> None:
    SchemaVersion.create(version=latest_version() + 1)
    with pytest.raises(StoreError) as error:
        migrate(database_proxy.obj)
    assert error.value.rule == "store.too_new"
    assert str(latest_version() + 1) in str(error.value)


def test_a_program_older_than_the_shared_database_writes_nothing_more(empty_db: str) -> None:
    # Issue 20: another workstation upgraded the shared database while this one ran on.
    with write_transaction(database_proxy):
        set_setting("before", "1")
    SchemaVersion.create(version=latest_version() + 1)  # what the newer program's upgrade does
    with pytest.raises(StoreError) as error, write_transaction(database_proxy):
        set_setting("after", "1")
    assert error.value.rule == "store.too_new"
    assert (setting("before"), setting("after")) == ("1", None)


def test_older_database_is_backed_up_then_migrated(tmp_path: Path) -> None:
    shipped = sorted(migrations_dir().glob("0001_*"))
    v1, v2 = tmp_path / "v1", tmp_path / "v2"
    for folder in (v1, v2):
        folder.mkdir()
        for path in shipped:
            shutil.copy(path, folder / path.name)
    (v2 / "0002_staff_phone.sqlite.sql").write_text(
        'ALTER TABLE "staff" ADD COLUMN "phone" TEXT NOT NULL DEFAULT \'\';\n'
    )
    path = tmp_path / "old.db"
    db = connect(str(path))
    assert migrate(db, folder=v1) == [1]
    db.execute_sql("INSERT INTO \"setting\" VALUES ('centre_name', '旧中心')")

    assert migrate(db, backup_dir=tmp_path, folder=v2) == [2]

    assert current_version(db) == 2
    assert "phone" in {c.name for c in db.get_columns("staff")}
    backups = list(tmp_path.glob("old.db.v1-*.bak"))
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT value FROM setting").fetchone() == ("旧中心",)
    assert "phone" not in {row[1] for row in copy.execute("PRAGMA table_info(staff)")}
    copy.close()
    db.close()


def test_failed_migration_leaves_nothing_half_done(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    for path in migrations_dir().glob("0001_*"):
        shutil.copy(path, folder / path.name)
    (folder / "0002_broken.sqlite.sql").write_text(
        'ALTER TABLE "staff" ADD COLUMN "phone" TEXT;\nTHIS IS NOT SQL;\n'
    )
    db = connect(str(tmp_path / "bad.db"))
    with pytest.raises(sqlite3.OperationalError):
        migrate(db, backup_dir=tmp_path, folder=folder)
    assert current_version(db) == 1
    assert "phone" not in {c.name for c in db.get_columns("staff")}
    db.close()


def test_unreadable_location_gives_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError) as error:
        connect(str(blocker / "counter.db"))
    assert error.value.rule == "store.open"


def test_not_a_database_file_gives_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        migrate(connect(str(path)))
    database_proxy.close()


def test_unknown_scheme_gives_a_store_error() -> None:
    with pytest.raises(StoreError) as error:
        connect("nosuch://user:secret@host/db")
    assert "secret" not in str(error.value)


def test_postgres_without_its_driver_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "psycopg" else real_find_spec(name, *args),
    )
    with pytest.raises(StoreError) as error:
        connect("postgresql://clerk:secret@127.0.0.1:1/centre")
    assert error.value.rule == "store.driver"
    assert "counter-tui[postgres]" in str(error.value)
    assert "psycopg2" not in str(error.value)


def test_redact_hides_the_password() -> None:
    assert redact("postgresql://clerk:pa55@db.local:5432/centre") == (
        "postgresql://clerk:***@db.local:5432/centre"
    )
    assert redact("sqlite:///tmp/x.db") == "sqlite:///tmp/x.db"


WRITER = textwrap.dedent(
    """
    import sys
    from counter_tui.store.database import connect, write_transaction
    from counter_tui.services.cases.numbers import take_next
    db = connect(sys.argv[1])
    taken = []
    for _ in range(int(sys.argv[2])):
        with write_transaction(db):
            taken.append(take_next("case:GA", "20261128"))
    print(" ".join(map(str, taken)))
    """
)


def test_concurrent_writers_never_share_a_number(empty_db: str) -> None:
    """Four processes take numbers at once: BEGIN IMMEDIATE serialises them, none fails."""
    database_proxy.close()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, empty_db, "50"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    taken: list[int] = []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        taken += [int(n) for n in out.split()]
    assert sorted(taken) == list(range(1, 201))
    connect(empty_db)
    assert NumberCounter.get(scope="case:GA").last == 200


def test_write_transaction_rolls_back_on_error(empty_db: str) -> None:
    with pytest.raises(RuntimeError), write_transaction(database_proxy.obj):
        NumberCounter.create(scope="x", period="1", last=5)
        raise RuntimeError("boom")
    assert not NumberCounter.select().where(NumberCounter.scope == "x").exists()


def test_write_transaction_through_the_models_proxy_takes_the_write_lock(empty_db: str) -> None:
    """The services pass ``database_proxy``: on SQLite that still begins IMMEDIATE, so a
    second writer waits at BEGIN instead of failing halfway through its transaction. On
    PostgreSQL it holds the writers' advisory lock until it ends."""
    if sqlite_path(empty_db) is None:
        import psycopg

        with psycopg.connect(empty_db, autocommit=True) as other:
            taken = "SELECT pg_try_advisory_lock(%s)"
            with write_transaction(database_proxy):
                assert other.execute(taken, (WRITER_LOCK,)).fetchone() == (False,)
            assert other.execute(taken, (WRITER_LOCK,)).fetchone() == (True,)
        return
    other = sqlite3.connect(empty_db, timeout=0, isolation_level=None)
    try:
        with (
            write_transaction(database_proxy),
            pytest.raises(sqlite3.OperationalError, match="locked"),
        ):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_the_change_mark_moves_on_every_write_and_only_then(empty_db: str) -> None:
    """What lets a screen skip reading again (home, issue 17): reads leave the mark, a
    write of this connection moves it, rolled back too, and so does another connection's
    commit (another workstation's, or a worker thread's). PostgreSQL keeps no such count:
    no mark, so every reader reads again."""
    if sqlite_path(empty_db) is None:
        assert change_mark(database_proxy) is None
        return
    before = change_mark(database_proxy)
    assert before is not None
    setting("no-such-key")
    assert change_mark(database_proxy) == before
    set_setting("mark-test", "1")
    after_own = change_mark(database_proxy)
    assert after_own != before
    with pytest.raises(RuntimeError), write_transaction(database_proxy):
        set_setting("mark-test", "2")
        raise RuntimeError("rolled back")
    after_rollback = change_mark(database_proxy)
    assert after_rollback != after_own
    other = sqlite3.connect(empty_db, isolation_level=None)
    try:
        other.execute("UPDATE setting SET value = '3' WHERE key = 'mark-test'")
    finally:
        other.close()
    assert change_mark(database_proxy) != after_rollback
