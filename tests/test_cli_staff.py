"""`counter-tui staff list|add|set|disable|enable|reset-pin|unlock`: accounts from the command
line, one-time PINs read from standard input only; and a centre set up from an empty
database by the commands alone, up to a new clerk's first intake."""

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from counter_tui.cli import main
from counter_tui.services import auth

Run = Callable[..., tuple[int, str, str]]
PIN = "802461"
ROOT = Path(__file__).resolve().parents[1]
NEWCOMER = ("staff", "add", "ga06", "--name", "新人", "--role", "clerk", "--department", "GA")


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    return lambda text: monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def _staff(run_cli: Run, db: str, *more: str) -> dict[str, dict]:
    code, out, _ = run_cli("--database", db, "staff", "list", "--json", *more)
    assert code == 0
    return {line["code"]: line for line in json.loads(out)}


def test_add_reads_the_one_time_pin_from_standard_input(run_cli: Run, demo_db: str, stdin) -> None:
    stdin(PIN + "\n")
    code, out, err = run_cli(
        "--database", demo_db, "staff", "add", "gadeputy2", "--name", "副首席",
        "--role", "deputy", "--department", "GA", "--pin-stdin",
    )  # fmt: skip
    assert code == 0, err
    assert "gadeputy2" in out and PIN not in out
    added = _staff(run_cli, demo_db)["gadeputy2"]
    assert (added["role"], added["department"], added["must_change_pin"]) == ("deputy", "GA", True)
    assert "gadeputy2" in _staff(run_cli, demo_db, "--department", "GA")
    assert "gadeputy2" not in _staff(run_cli, demo_db, "--department", "HB")


def test_without_a_terminal_the_pin_must_come_on_standard_input(
    run_cli: Run, demo_db: str, stdin
) -> None:
    stdin("")
    code, _, err = run_cli(
        "--database",
        demo_db,
        *NEWCOMER,
    )
    assert code == 1 and "--pin-stdin" in err
    assert "ga06" not in _staff(run_cli, demo_db)


def test_mistakes_are_explained_and_change_nothing(run_cli: Run, demo_db: str, stdin) -> None:
    before = _staff(run_cli, demo_db)
    for argv, pin, said in (
        (
            ("add", "ga06", "--name", "新人", "--role", "clerk", "--department", "GA"),
            "123456",
            "123456",
        ),
        (("add", "ga06", "--name", "新人", "--role", "clerk"), PIN, "部门"),
        (("add", "ga01", "--name", "新人", "--role", "clerk", "--department", "GA"), PIN, "ga01"),
        (("disable", "ga03"), "", "交接"),
        (("disable", "admin"), "", "管理员"),
        (("set", "admin", "--role", "clerk", "--department", "GA"), "", "管理员"),
        (("reset-pin", "nobody", "--pin-stdin"), PIN, "nobody"),
        (("unlock", "\x1b[2J"), "", "工号"),
    ):
        stdin(pin + "\n")
        extra = ("--pin-stdin",) if argv[0] == "add" else ()
        code, out, err = run_cli("--database", demo_db, "staff", *argv, *extra)
        assert code == 1 and out == "" and err.startswith("错误：") and said in err, err
    with pytest.raises(SystemExit) as usage:
        main(["--database", demo_db, "staff", "add", "ga06", "--name", "新人", "--role", "boss"])
    assert usage.value.code == 2
    assert _staff(run_cli, demo_db) == before


def test_set_disable_enable(run_cli: Run, demo_db: str, stdin) -> None:
    stdin(PIN + "\n")
    run_cli(
        "--database",
        demo_db,
        *NEWCOMER,
        "--pin-stdin",
    )
    code, out, _ = run_cli(
        "--database", demo_db, "staff", "set", "ga06", "--name", "新人甲", "--department", "HB"
    )
    assert code == 0 and "新人甲" in out and "HB" in out
    code, out, _ = run_cli("--database", demo_db, "staff", "disable", "ga06")
    assert code == 0 and "停用" in out
    assert _staff(run_cli, demo_db)["ga06"]["active"] is False
    code, out, _ = run_cli("--database", demo_db, "staff", "enable", "ga06")
    assert code == 0 and _staff(run_cli, demo_db)["ga06"]["active"] is True


def test_a_locked_account_is_unlocked_and_its_pin_reset(run_cli: Run, demo_db: str, stdin) -> None:
    from counter_tui.services.centre.opening import open_database

    open_database(demo_db)
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(auth.AuthError):
            auth.sign_in("ga01", "000000")
    assert _staff(run_cli, demo_db)["ga01"]["locked"] is True
    code, out, _ = run_cli("--database", demo_db, "staff", "unlock", "ga01")
    assert code == 0 and "ga01" in out
    assert _staff(run_cli, demo_db)["ga01"]["locked"] is False
    code, out, _ = run_cli("--database", demo_db, "staff", "unlock", "ga01")
    assert code == 0 and "ga01" in out  # was not locked: said so
    stdin(PIN + "\n")
    code, out, _ = run_cli("--database", demo_db, "staff", "reset-pin", "ga01", "--pin-stdin")
    assert code == 0 and PIN not in out
    line = _staff(run_cli, demo_db)["ga01"]
    assert line["must_change_pin"] is True and line["locked"] is False
    open_database(demo_db)
    assert auth.sign_in("ga01", PIN).must_change_pin


def test_a_centre_from_an_empty_database_to_a_clerks_first_intake(
    run_cli: Run, empty_template: Path, tmp_path: Path, stdin
) -> None:
    """init, the departments of the demo's catalog, a clerk and a window, the catalog;
    the clerk signs in with the one-time PIN, chooses a PIN and takes an application."""
    import shutil

    db = str(tmp_path / "new.db")
    shutil.copyfile(empty_template, db)
    stdin("2468\n")
    init = ("init", "--centre-name", "示范市行政服务中心", "--admin-code", "admin")
    steps = [
        (*init, "--admin-name", "管理员", "--pin-stdin"),
        (
            "department",
            "add",
            "GA",
            "--name",
            "示范市公安局",
            "--short-name",
            "公安",
            "--chief-signs-refusals",
        ),
        ("department", "add", "HB", "--name", "示范市生态环境局", "--short-name", "环保"),
        ("department", "add", "GH", "--name", "示范市自然资源和规划局", "--short-name", "规划"),
    ]
    for argv in steps:
        code, _, err = run_cli("--database", db, *argv)
        assert code == 0, err
    stdin(PIN + "\n")
    code, _, err = run_cli(
        "--database",
        db,
        "staff",
        "add",
        "ga01",
        "--name",
        "张敏",
        "--role",
        "clerk",
        "--department",
        "GA",
        "--pin-stdin",
    )
    assert code == 0, err
    code, _, err = run_cli(
        "--database", db, "window", "add", "1", "--department", "GA", "--a", "ga01", "--first"
    )
    assert code == 0, err
    code, _, err = run_cli(
        "--database", db, "catalog", "import", str(ROOT / "db" / "seed" / "catalog.yaml")
    )
    assert code == 0, err
    from counter_tui.services.centre.opening import open_database
    from counter_tui.services.intake.draft import start_draft

    open_database(db)
    session = auth.sign_in("ga01", PIN)
    assert session.must_change_pin and session.window_id is not None
    session = auth.change_pin(session, PIN, "735913")
    assert start_draft(session, "GA-010").startswith("GA")
