"""`counter-tui queue list|add` and `device list|bind`: the hall's ticket queues and devices
from the command line (docs/rules.md §24)."""

import json
from collections.abc import Callable

import pytest

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


def test_kiosk_and_display_refuse_a_device_not_theirs(run_cli: Run, demo_db: str) -> None:
    from counter_tui.i18n import _
    from counter_tui.services.centre.devices import bind_device

    bind_device(None, "kiosk-2", "kiosk", active=False)
    refused = {
        ("kiosk", "nope"): "nope",
        ("kiosk", "kiosk-2"): "kiosk-2",  # disabled
        ("kiosk", "display-1"): _("calling display"),
        ("display", "pad-02"): _("rating pad"),
        ("display", "kiosk-1"): _("ticket kiosk"),
    }
    for (command, code), said in refused.items():
        status, out, err = run_cli("--database", demo_db, command, "--device", code)
        assert status == 2 and out == "", (command, code)
        assert err.count("\n") == 1 and said in err and "Traceback" not in err, err


def test_kiosk_and_display_start_on_their_own_device(
    run_cli: Run, demo_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counter_tui.tui.hall.display import DisplayApp
    from counter_tui.tui.hall.kiosk import KioskApp

    started: list[object] = []
    monkeypatch.setattr(KioskApp, "run", lambda app: started.append(app))
    monkeypatch.setattr(DisplayApp, "run", lambda app: started.append(app))
    assert run_cli("--database", demo_db, "kiosk", "--device", "kiosk-1", "--paper", "80")[0] == 0
    assert run_cli("--database", demo_db, "display", "--device", "display-1")[0] == 0
    kiosk, display = started
    assert isinstance(kiosk, KioskApp) and (kiosk.device.code, kiosk.paper) == ("kiosk-1", 80)
    assert isinstance(display, DisplayApp) and display.device.code == "display-1"
    with pytest.raises(SystemExit) as exit_:  # argparse's own refusal
        run_cli("--database", demo_db, "kiosk", "--device", "kiosk-1", "--paper", "70")
    assert exit_.value.code == 2 and len(started) == 2


def test_a_kiosk_prints_on_its_device_s_paper_unless_told(
    run_cli: Run, demo_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counter_tui.tui.hall.kiosk import KioskApp

    started: list[KioskApp] = []
    monkeypatch.setattr(KioskApp, "run", lambda app: started.append(app))
    bind = ("--database", demo_db, "device", "bind", "kiosk-1", "--kind", "kiosk")
    code, out, err = run_cli(*bind, "--paper", "80")
    assert code == 0 and "80" in out, err
    devices = {
        d["code"]: d
        for d in json.loads(run_cli("--database", demo_db, "device", "list", "--json")[1])
    }
    assert (devices["kiosk-1"]["paper"], devices["display-1"]["paper"]) == (80, None)
    assert run_cli("--database", demo_db, "kiosk", "--device", "kiosk-1")[0] == 0
    assert run_cli("--database", demo_db, "kiosk", "--device", "kiosk-1", "--paper", "58")[0] == 0
    assert [app.paper for app in started] == [80, 58]  # the device's; the command line's
    code, _, err = run_cli(
        "--database", demo_db, "device", "bind", "display-1", "--kind", "display", "--paper", "80"
    )
    assert code == 1 and "取号机" in err
