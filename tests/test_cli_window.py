"""`counter-tui window list|set`: the windows' A and B clerks from the command line."""

import json
from collections.abc import Callable

Run = Callable[..., tuple[int, str, str]]


def test_window_list_names_the_clerks_and_who_is_on_duty(run_cli: Run, demo_db: str) -> None:
    code, out, _ = run_cli("--database", demo_db, "window", "list", "--json")
    assert code == 0
    windows = {w["number"]: w for w in json.loads(out)}
    assert len(windows) == 7
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
