"""`counter-tui queue list|add` and `device list|bind`: the hall's ticket queues and devices
from the command line (docs/rules.md §24)."""

import json
from collections.abc import Callable

Run = Callable[..., tuple[int, str, str]]


def test_queue_list_and_add(run_cli: Run, demo_db: str) -> None:
    code, out, _ = run_cli("--database", demo_db, "queue", "list", "--json")
    assert code == 0
    queues = {q["prefix"]: q for q in json.loads(out)}
    assert queues["A"]["windows"] == [2, 3] and queues["C"]["department_code"] == "ZW"
    code, out, err = run_cli(
        "--database", demo_db, "queue", "add", "d", "--name", "环评审批", "--department", "HB",
        "--item", "HB-001", "--windows", "4, 5",
    )  # fmt: skip
    assert code == 0, err
    assert "D" in out and "环评审批" in out and "4, 5" in out and "HB-001" in out
    code, out, _ = run_cli("--database", demo_db, "queue", "list")
    assert code == 0 and out.count("\n") == 4 and "规划许可" in out
    code, _, err = run_cli(
        "--database", demo_db, "queue", "add", "A", "--name", "又一个", "--department", "GA"
    )
    assert code == 1 and "A" in err and "Traceback" not in err
    code, _, err = run_cli(
        "--database", demo_db, "queue", "add", "F", "--name", "x", "--department", "GA",
        "--windows", "99",
    )  # fmt: skip
    assert code == 1 and "99" in err


def test_device_list_and_bind(run_cli: Run, demo_db: str) -> None:
    code, out, _ = run_cli("--database", demo_db, "device", "list", "--json")
    assert code == 0
    devices = {d["code"]: d for d in json.loads(out)}
    assert (devices["pad-02"]["kind"], devices["pad-02"]["window"]) == ("pad", 2)
    assert devices["kiosk-1"]["window"] is None
    code, out, err = run_cli(
        "--database", demo_db, "device", "bind", "pad-04", "--kind", "pad", "--window", "4"
    )
    assert code == 0 and "pad-04" in out and "4号窗口" in out, err
    code, out, _ = run_cli("--database", demo_db, "device", "list")
    assert code == 0 and "pad-04" in out and "大厅" in out
    code, _, err = run_cli(
        "--database", demo_db, "device", "bind", "kiosk-2", "--kind", "kiosk", "--window", "1"
    )
    assert code == 1 and "不绑定窗口" in err
    code, _, err = run_cli("--database", demo_db, "device", "bind", "pad-09", "--kind", "pad")
    assert code == 1 and "评价器须绑定到窗口" in err
