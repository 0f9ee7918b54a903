"""`counter-tui window list|add|set`: the windows, their A and B clerks, 一号窗口 and
综合窗口 from the command line."""

import json
from collections.abc import Callable

import pytest

from counter_tui.cli import main
from counter_tui.i18n import _

Run = Callable[..., tuple[int, str, str]]


def test_window_list_names_the_clerks_and_who_is_on_duty(run_cli: Run, demo_db: str) -> None:
    code, out, _ = run_cli("--database", demo_db, "window", "list", "--json")
    assert code == 0
    windows = {w["number"]: w for w in json.loads(out)}
    assert len(windows) == 8
    assert [n for n, w in windows.items() if w["comprehensive"]] == [8]
    assert (windows[1]["clerk_a"], windows[1]["clerk_b"], windows[1]["on_duty"]) == (
        "ga01",
        "ga02",
        "ga01",
    )
    code, out, _ = run_cli("--database", demo_db, "window", "list")
    assert code == 0 and "1号窗口" in out and "张敏 ga01" in out and "李强 ga02" in out


def test_window_set_changes_the_clerks_or_explains_why_not(run_cli: Run, demo_db: str) -> None:
    code, out, _ = run_cli(
        "--database", demo_db, "window", "set", "2", "--a", "ga04", "--b", "ga03"
    )
    assert code == 0, out
    code, out, _ = run_cli("--database", demo_db, "window", "list", "--json")
    window = next(w for w in json.loads(out) if w["number"] == 2)
    assert (window["clerk_a"], window["clerk_b"], window["on_duty"]) == ("ga04", "ga03", "ga03")
    code, _, err = run_cli(
        "--database", demo_db, "window", "set", "2", "--a", "ga04", "--b", "hb01"
    )
    assert code == 1 and "孙静" in err and "示范市公安局" in err
    code, _, err = run_cli(
        "--database", demo_db, "window", "set", "9", "--a", "ga04", "--b", "ga03"
    )
    assert code == 1 and "9" in err
    code, out, _ = run_cli("--database", demo_db, "window", "list", "--json")
    assert next(w for w in json.loads(out) if w["number"] == 2)["clerk_b"] == "ga03"


def _windows(run_cli: Run, db: str) -> dict[int, dict]:
    code, out, _ = run_cli("--database", db, "window", "list", "--json")
    assert code == 0
    return {w["number"]: w for w in json.loads(out)}


def test_window_add_and_the_first_window_mark(run_cli: Run, demo_db: str) -> None:
    code, out, err = run_cli(
        "--database", demo_db, "window", "add", "9", "--department", "GA",
        "--phone", "0571-86801009", "--first",
    )  # fmt: skip
    assert code == 0, err
    assert "9号窗口" in out and "一号窗口" in out
    added = _windows(run_cli, demo_db)[9]
    assert (added["department_code"], added["phone"], added["first_window"]) == (
        "GA",
        "0571-86801009",
        True,
    )
    assert not added["comprehensive"]
    assert added["clerk_a"] is None and added["on_duty"] is None
    code, _, err = run_cli("--database", demo_db, "window", "set", "1", "--first", "yes")
    assert code == 0, err
    windows = _windows(run_cli, demo_db)
    assert windows[1]["first_window"] and not windows[9]["first_window"]  # the mark moved
    code, out, _ = run_cli("--database", demo_db, "window", "list")
    assert "电话：0571-86801001  一号窗口" in out


def test_window_add_and_set_the_comprehensive_mark(run_cli: Run, demo_db: str) -> None:
    code, out, err = run_cli(
        "--database", demo_db, "window", "add", "9", "--department", "GA", "--comprehensive"
    )
    assert code == 0, err
    assert "9号窗口" in out and _("comprehensive window") in out
    code, _out, err = run_cli("--database", demo_db, "window", "set", "8", "--comprehensive", "no")
    assert code == 0, err
    windows = _windows(run_cli, demo_db)
    assert (windows[9]["comprehensive"], windows[8]["comprehensive"]) == (True, False)
    assert not windows[9]["first_window"]
    code, out, _err = run_cli("--database", demo_db, "window", "list")
    line = next(line for line in out.splitlines() if line.startswith("9号窗口"))
    assert line.endswith("  " + _("comprehensive window")), line


def test_window_set_changes_only_what_is_given(run_cli: Run, demo_db: str) -> None:
    code, _, err = run_cli("--database", demo_db, "window", "set", "2", "--phone", "0571-1234")
    assert code == 0, err
    window = _windows(run_cli, demo_db)[2]
    assert (window["phone"], window["clerk_a"], window["clerk_b"]) == ("0571-1234", "ga03", "ga04")
    code, _, err = run_cli("--database", demo_db, "window", "set", "2", "--b", "")
    assert code == 0, err
    assert _windows(run_cli, demo_db)[2]["clerk_b"] is None


def test_window_mistakes_are_explained_and_change_nothing(run_cli: Run, demo_db: str) -> None:
    before = _windows(run_cli, demo_db)
    for argv, said in (
        (("add", "1", "--department", "GA"), "1号窗口"),
        (("add", "1000", "--department", "GA"), "1000"),
        (("add", "9", "--department", "XX"), "XX"),
        (("add", "9", "--department", "GA", "--phone", "[red]x"), "[red]x"),
        (("add", "9", "--department", "GA", "--first", "--comprehensive"), "综合窗口"),
        (("set", "1", "--comprehensive", "yes"), "综合窗口"),
        (("set", "8", "--first", "yes"), "综合窗口"),
        (("set", "2", "--department", "HB"), "示范市生态环境局"),
    ):
        code, out, err = run_cli("--database", demo_db, "window", *argv)
        assert code == 1 and out == "" and err.startswith("错误：") and said in err, err
    for argv in (
        ("add", "9"),
        ("set", "2", "--first", "maybe"),
        ("set", "8", "--comprehensive", "[red]"),
        ("add", "9", "--department", "GA", "--comprehensive", "yes"),
        ("add", "八", "--department", "GA"),
    ):
        with pytest.raises(SystemExit) as usage:
            main(["--database", demo_db, "window", *argv])
        assert usage.value.code == 2
    assert _windows(run_cli, demo_db) == before
