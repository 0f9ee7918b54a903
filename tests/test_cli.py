"""The command line: data commands, --json, and user mistakes without tracebacks."""

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from counter_tui import __version__
from counter_tui.cli import main
from counter_tui.services.centre.opening import open_database
from counter_tui.store.models import database_proxy


@pytest.fixture
def db(empty_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "cli.db"
    shutil.copyfile(empty_template, path)
    return str(path)


def test_due_over_national_day(run_cli: Callable[..., tuple[int, str, str]], db: str) -> None:
    code, out, _ = run_cli("--database", db, "calendar", "due", "2025-09-30", "5", "--json")
    assert code == 0
    assert json.loads(out) == {
        "start": "2025-09-30",
        "working_days": 5,
        "due": "2025-10-14",
        "provisional": False,
    }


def test_due_in_a_year_without_schedule_is_provisional(
    run_cli: Callable[..., tuple[int, str, str]], db: str, tmp_path: Path
) -> None:
    code, out, _ = run_cli("--database", db, "calendar", "due", "2026-12-15", "20", "--json")
    assert code == 0
    assert json.loads(out)["provisional"] is True

    schedule = tmp_path / "2027.json"
    schedule.write_text(
        json.dumps(
            {
                "year": 2027,
                "holidays": [{"date": "2027-01-01", "name": "元旦"}],
                "workdays": [],
            }
        ),
        encoding="utf-8",
    )
    code, out, _ = run_cli("--database", db, "calendar", "import", str(schedule))
    assert code == 0
    code, out, _ = run_cli("--database", db, "calendar", "due", "2026-12-15", "20", "--json")
    assert json.loads(out)["provisional"] is False


def test_calendar_show_lists_adjusted_workdays(
    run_cli: Callable[..., tuple[int, str, str]], db: str
) -> None:
    code, out, _ = run_cli("--database", db, "calendar", "show", "2026", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["official"] is True
    assert {"date": "2026-02-14", "kind": "workday", "name": ""} in data["days"]


def test_a_provisional_year_keeps_its_statutory_holidays(
    run_cli: Callable[..., tuple[int, str, str]], db: str
) -> None:
    # Friday 25 December 2026, five working days: not Friday 1 January 2027 (元旦).
    code, out, _ = run_cli("--database", db, "calendar", "due", "2026-12-25", "5", "--json")
    assert code == 0 and json.loads(out)["due"] == "2027-01-04"
    code, out, _ = run_cli("--database", db, "calendar", "show", "2027", "--json")
    data = json.loads(out)
    assert data["official"] is False
    assert {"date": "2027-10-01", "kind": "holiday", "name": "国庆节"} in data["days"]
    assert all(day["kind"] == "holiday" for day in data["days"])  # no 调休 is guessed


def test_plain_due_marks_provisional_in_chinese(
    run_cli: Callable[..., tuple[int, str, str]], db: str
) -> None:
    code, out, _ = run_cli("--database", db, "calendar", "due", "2026-12-15", "20")
    assert code == 0
    assert out.startswith("2027-") and "暂定" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("calendar", "due", "2025-13-40", "5"),
        ("calendar", "due", "2025-09-30", "-3"),
        ("calendar", "due", "2025-09-30", "many"),
        ("calendar", "frobnicate"),
        ("--lang", "fr", "calendar", "show", "2026"),
    ],
)
def test_usage_mistakes_exit_2_with_a_message(
    capsys: pytest.CaptureFixture[str], db: str, argv: tuple[str, ...]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--database", db, *argv])
    assert exit_info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "无法读取"),
        ("{not json", "JSON"),
        ("[1, 2]", "JSON"),
        ('{"year": 2027, "holidays": [{"date": "2028-01-01"}]}', "2028-01-01"),
    ],
)
def test_bad_calendar_files_give_a_message_and_change_nothing(
    run_cli: Callable[..., tuple[int, str, str]],
    db: str,
    tmp_path: Path,
    content: str | None,
    expected: str,
) -> None:
    path = tmp_path / "schedule.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, _, err = run_cli("--database", db, "calendar", "import", str(path))
    assert code == 1
    assert expected in err
    assert "Traceback" not in err
    code, out, _ = run_cli("--database", db, "calendar", "show", "2027", "--json")
    assert json.loads(out)["official"] is False


def test_init_sets_up_the_centre_once(
    run_cli: Callable[..., tuple[int, str, str]], db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("4321\n"))
    argv = [
        "--database",
        db,
        "init",
        "--centre-name",
        "示范市行政服务中心",
        "--admin-code",
        "admin",
        "--admin-name",
        "管理员",
        "--pin-stdin",
    ]
    code, out, _ = run_cli(*argv)
    assert code == 0 and "admin" in out
    monkeypatch.setattr(sys, "stdin", io.StringIO("4321\n"))
    code, _, err = run_cli(*argv)
    assert code == 1 and "示范市行政服务中心" in err


def test_tui_on_an_uninitialised_database_explains_what_to_do(
    run_cli: Callable[..., tuple[int, str, str]], db: str
) -> None:
    code, _, err = run_cli("--database", db)
    assert code == 1
    assert "counter-tui init" in err and "--demo" in err


def test_the_tui_starts_with_what_the_start_made_set_aside(
    run_cli: Callable[..., tuple[int, str, str]], demo_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from counter_tui.tui.app import CounterApp

    seen: list[tuple[CounterApp, bool, int]] = []
    monkeypatch.setattr(
        CounterApp, "run", lambda app: seen.append((app, gc.isenabled(), gc.get_freeze_count()))
    )
    gc.unfreeze()
    try:
        code, _, _ = run_cli("--database", demo_file)
    finally:
        gc.unfreeze()  # the rest of the tests collect as ever
    assert code == 0
    [(app, collecting, frozen)] = seen
    assert isinstance(app, CounterApp) and not app.demo
    assert collecting  # the collector is back on for the session
    assert frozen > 10_000  # the modules and the open database, never walked again


def test_a_start_that_fails_leaves_the_collector_on(
    run_cli: Callable[..., tuple[int, str, str]], db: str
) -> None:
    import gc

    code, _, _ = run_cli("--database", db)  # not set up: refused
    gc.unfreeze()
    assert code == 1 and gc.isenabled()


def test_newer_database_is_refused(run_cli: Callable[..., tuple[int, str, str]], db: str) -> None:
    import sqlite3

    connection = sqlite3.connect(db)
    connection.execute("INSERT INTO schema_version VALUES (99, CURRENT_TIMESTAMP)")
    connection.commit()
    connection.close()
    code, _, err = run_cli("--lang", "en", "--database", db, "db", "upgrade")
    assert code == 1
    assert "99" in err and "Upgrade counter-tui" in err


def test_audit_verify_reports_an_intact_chain(
    run_cli: Callable[..., tuple[int, str, str]], db: str
) -> None:
    code, out, _ = run_cli("--lang", "en", "--database", db, "audit", "verify")
    assert code == 0 and "intact" in out


def test_installed_console_script_runs(db: str) -> None:
    script = Path(sys.executable).parent / "counter-tui"
    version = subprocess.run([script, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == f"counter-tui {__version__}"
    due = subprocess.run(
        [script, "--database", db, "calendar", "due", "2025-09-30", "5", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(due.stdout)["due"] == "2025-10-14"


def test_python_dash_m_runs(db: str) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "counter_tui",
            "--database",
            db,
            "calendar",
            "due",
            "2026-02-13",
            "1",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "2026-02-14"


def test_audit_verify_names_the_event_and_case_altered_by_hand(
    run_cli: Callable[..., tuple[int, str, str]], demo_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "altered.db"
    shutil.copyfile(demo_template, path)
    connection = sqlite3.connect(path)
    event_id, case_number = connection.execute(
        'SELECT e.id, c.number FROM "event" e JOIN "case" c ON c.id = e.case_id '
        "ORDER BY e.id LIMIT 1 OFFSET 40"
    ).fetchone()
    # Behind the program's back: the database's own guard taken away first.
    connection.execute('DROP TRIGGER "event_no_update"')
    connection.execute('UPDATE "event" SET data = \'{"note": "改"}\' WHERE id = ?', (event_id,))
    connection.commit()
    connection.close()
    code, out, _ = run_cli("--lang", "en", "--database", str(path), "audit", "verify")
    assert code == 1
    assert f"event {event_id}" in out and case_number in out


def test_audit_verify_notices_events_cut_off_the_end(
    run_cli: Callable[..., tuple[int, str, str]], demo_template: Path, tmp_path: Path
) -> None:
    # Issue 20 item 2: deleting the newest events breaks no link; the day's first sign-in
    # anchored the chain's end, and the anchor names what is gone.
    from counter_tui.services.auth import sign_in
    from counter_tui.store.models import ChainAnchor, Event

    path = tmp_path / "cut.db"
    shutil.copyfile(demo_template, path)
    open_database(f"sqlite:///{path}")
    sign_in("ga01", "1101")
    sign_in("ga03", "1103")  # the day's second sign-in anchors nothing more
    [anchor] = ChainAnchor.select()
    last = Event.select(Event.id).order_by(Event.id.desc()).scalar()
    assert anchor.last_event_id == last - 1  # ga01's sign-in, before ga03's
    database_proxy.close()
    code, out, _ = run_cli("--lang", "en", "--database", str(path), "audit", "verify")
    assert code == 0 and "intact" in out
    connection = sqlite3.connect(path)
    connection.execute('DROP TRIGGER "event_no_delete"')  # behind the program's back
    connection.execute('DELETE FROM "event" WHERE id >= ?', (last - 1,))
    connection.commit()
    connection.close()
    code, out, _ = run_cli("--lang", "en", "--database", str(path), "audit", "verify")
    assert code == 1
    assert "cut short" in out and f"event {last - 1}" in out and f"event {last - 2}" in out


def test_the_programs_own_data_folder_is_made_private(
    run_cli: Callable[..., tuple[int, str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counter_tui import config

    home = tmp_path / "data"
    home.mkdir(mode=0o755)  # made by something else, readable by all
    home.chmod(0o755)
    monkeypatch.setattr(config, "data_home", lambda: home)
    monkeypatch.delenv(config.DATABASE_ENV, raising=False)
    code, _out, err = run_cli("db", "upgrade")
    assert code == 0, err
    assert home.stat().st_mode & 0o777 == 0o700
    assert (home / "counter.db").stat().st_mode & 0o777 == 0o600


def test_keys_typed_while_the_demo_was_built_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    # Typed blind during the first --demo start, they reached the sign-in form mangled.
    import os
    import pty

    from counter_tui.cli import discard_type_ahead

    master, slave = pty.openpty()
    with os.fdopen(slave, "r") as terminal:
        os.write(master, b"ga01\t1101\r")  # a whole line: readable unless dropped
        monkeypatch.setattr(sys, "stdin", terminal)
        discard_type_ahead()
        os.set_blocking(slave, False)
        with pytest.raises(BlockingIOError):
            os.read(slave, 100)
    os.close(master)
