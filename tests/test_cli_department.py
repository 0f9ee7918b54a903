"""`counter-tui department list|add|set`: the centre's departments from the command line."""

import json
from collections.abc import Callable

import pytest

from counter_tui.cli import main

Run = Callable[..., tuple[int, str, str]]


def _departments(run_cli: Run, db: str) -> dict[str, dict]:
    code, out, _ = run_cli("--database", db, "department", "list", "--json")
    assert code == 0
    return {line["code"]: line for line in json.loads(out)}


def test_list_shows_each_department_and_its_approvers(run_cli: Run, demo_db: str) -> None:
    departments = _departments(run_cli, demo_db)
    assert sorted(departments) == ["GA", "GH", "HB", "ZW"]
    assert departments["GA"]["approvers"] == ["gachief", "gadeputy"]
    assert departments["GA"]["chief_signs_refusals"] is True
    code, out, _ = run_cli("--database", demo_db, "department", "list")
    assert code == 0 and "GA  公安  示范市公安局" in out and "gachief" in out


def test_add_then_set_a_department(run_cli: Run, demo_db: str) -> None:
    code, out, err = run_cli(
        "--database", demo_db, "department", "add", "SW",
        "--name", "国家税务总局示范市税务局", "--short-name", "税务",
        "--reconsideration-body", "国家税务总局浙江省税务局", "--chief-signs-refusals",
    )  # fmt: skip
    assert code == 0, err
    assert "SW" in out
    added = _departments(run_cli, demo_db)["SW"]
    assert added["reconsideration_body"] == "国家税务总局浙江省税务局"
    assert added["chief_signs_refusals"] is True and added["delegation"] == ""
    code, _, err = run_cli(
        "--database", demo_db, "department", "set", "SW",
        "--chief-signs-refusals", "no", "--delegation", "示税发〔2026〕1号",
    )  # fmt: skip
    assert code == 0, err
    changed = _departments(run_cli, demo_db)["SW"]
    assert changed["chief_signs_refusals"] is False
    assert changed["delegation"] == "示税发〔2026〕1号"
    assert changed["name"] == "国家税务总局示范市税务局"


def test_mistakes_are_explained_and_change_nothing(run_cli: Run, demo_db: str) -> None:
    before = _departments(run_cli, demo_db)
    for argv, said in (
        (("add", "GA", "--name", "又一个局", "--short-name", "又一"), "GA"),
        (("add", "SW", "--name", "税务局", "--short-name", "公安"), "公安"),
        (("add", "9X", "--name", "税务局", "--short-name", "税务"), "9X"),
        (("set", "GA", "--short-name", "环保"), "环保"),
        (("set", "XX", "--name", "无"), "XX"),
        (("add", "SW", "--name", "[red]税务局\x1b[2J", "--short-name", "税务"), ""),
    ):
        code, out, err = run_cli("--database", demo_db, "department", *argv)
        assert code == 1 and out == "" and err.startswith("错误：") and said in err
    for argv in (
        ("set", "GA", "--chief-signs-refusals", "maybe"),
        ("add", "SW", "--name", "税务局"),  # no --short-name
    ):
        with pytest.raises(SystemExit) as usage:
            main(["--database", demo_db, "department", *argv])
        assert usage.value.code == 2
    assert _departments(run_cli, demo_db) == before


def test_a_mistake_is_explained_in_english_when_asked(run_cli: Run, demo_db: str) -> None:
    code, _, err = run_cli(
        "--lang", "en", "--database", demo_db, "department", "set", "GA", "--short-name", "公 安"
    )
    assert code == 1 and err.startswith("Error: ") and "no spaces or brackets" in err
