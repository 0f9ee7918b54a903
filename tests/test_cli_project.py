"""`counter-tui project list|show|print|add|close`: the key projects (docs/rules.md §23)
from the command line, on the demo centre frozen on its day."""

import json
import sqlite3
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from counter_tui.services.demo.key_project import PROJECT

Run = Callable[..., tuple[int, str, str]]
CI_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # fonts-wqy-microhei
NAME = PROJECT["name"]


def _linked_states(database: str) -> list[str]:
    """The states of the cases linked to the demo's project, by SQL of its own."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            'SELECT c.state FROM "case" c JOIN key_project p ON p.id = c.key_project_id'
            " WHERE p.name = ?",
            (NAME,),
        )
        return [state for (state,) in rows]


def test_project_list_gives_each_project_with_its_counts(run_cli: Run, demo_file: str) -> None:
    code, out, _ = run_cli("--database", demo_file, "project", "list", "--json")
    assert code == 0
    [project] = json.loads(out)
    assert (project["name"], project["level"], project["liaison"]) == (NAME, "市重点", "ghchief")
    linked = _linked_states(demo_file)
    assert project["cases"] == len(linked) > 4  # the history's four, the bundle cases'
    assert project["open_cases"] == len(linked) - linked.count("completed")
    assert project["completed_cases"] == linked.count("completed") >= 1
    assert project["worst_light"] == "red"
    code, out, _ = run_cli("--database", demo_file, "project", "list")
    assert code == 0 and NAME in out and "马丽华" in out and "超期" in out


def test_project_show_is_the_board_by_name_or_number(run_cli: Run, demo_file: str) -> None:
    code, out, _ = run_cli("--database", demo_file, "project", "show", NAME, "--json")
    assert code == 0
    board = json.loads(out)
    assert board["project"]["uscc"] == PROJECT["uscc"] and board["today"] == "2026-11-27"
    cases = {case["number"]: case for case in board["cases"]}
    assert {case["department"] for case in cases.values()} == {
        "示范市生态环境局",
        "示范市自然资源和规划局",
    }
    late = next(case for case in cases.values() if case["state"] == "accepted")
    assert late["light"] == "red" and late["next_step"] == "decision"
    assert late["promised_due"] < late["legal_due"]
    code, out, _ = run_cli("--database", demo_file, "project", "show", str(board["project"]["id"]))
    assert code == 0 and NAME in out and "示范市行政服务中心" in out
    assert all(number in out for number in cases)


def test_project_print_writes_the_progress_table(
    run_cli: Run, demo_file: str, tmp_path: Path, monkeypatch
) -> None:
    from openpyxl import load_workbook

    assert CI_FONT.is_file(), f"{CI_FONT} is missing: .ci/run installs fonts-wqy-microhei"
    monkeypatch.setenv("COUNTER_TUI_FONT", str(CI_FONT))
    pdf = tmp_path / "进度表.pdf"
    code, out, err = run_cli("--database", demo_file, "project", "print", NAME, "--pdf", str(pdf))
    assert code == 0, err
    assert str(pdf) in out
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.read_bytes())).pages)
    assert NAME in "".join(text.split()) and PROJECT["uscc"] in text
    xlsx = tmp_path / "进度表.xlsx"
    code, out, err = run_cli("--database", demo_file, "project", "print", NAME, "--xlsx", str(xlsx))
    assert code == 0, err
    values = [
        cell for row in load_workbook(xlsx).active.iter_rows(values_only=True) for cell in row
    ]
    assert NAME in values and PROJECT["company"] in values
    with pytest.raises(SystemExit) as usage:  # --pdf or --xlsx is required
        run_cli("--database", demo_file, "project", "print", NAME)
    assert usage.value.code == 2


def test_project_add_and_close_name_who_acts(run_cli: Run, demo_file: str) -> None:
    add = (
        "--database", demo_file, "project", "add", "城东产业园项目",
        "--company", "示范市城东智造投资有限公司", "--level", "区重点", "--liaison", "gh01",
        "--leader", "城东区区长 李华",
    )  # fmt: skip
    code, _, err = run_cli(*add, "--uscc", "91330106MA2H7KQW38", "--by", "admin")
    assert code == 1 and "GB 32100" in err  # the check character is wrong
    code, _, err = run_cli(*add, "--uscc", PROJECT["uscc"], "--by", "gh01")  # a clerk
    assert code == 1 and "gh01" in err
    with pytest.raises(SystemExit) as usage:
        run_cli(*add, "--uscc", PROJECT["uscc"])  # --by is required
    assert usage.value.code == 2
    code, out, err = run_cli(*add, "--uscc", PROJECT["uscc"], "--by", "admin")
    assert code == 0, err
    assert "城东产业园项目" in out and "黄磊" in out
    code, _, err = run_cli(*add, "--uscc", PROJECT["uscc"], "--by", "admin")
    assert code == 1 and "城东产业园项目" in err  # the name is taken
    code, out, err = run_cli(
        "--database", demo_file, "project", "close", "城东产业园项目", "--by", "ghchief"
    )
    assert code == 0 and "城东产业园项目" in out, err
    code, out, _ = run_cli("--database", demo_file, "project", "list", "--json")
    names = [project["name"] for project in json.loads(out)]
    assert names == [NAME, "城东产业园项目"]  # the open ones first
    assert json.loads(out)[1]["closed_on"] is not None  # closed today, by the centre's clock
    assert json.loads(out)[0]["closed_on"] is None


def test_an_unknown_project_is_a_message_not_a_traceback(run_cli: Run, demo_file: str) -> None:
    code, out, err = run_cli("--database", demo_file, "project", "show", "没有这个项目")
    assert code == 1 and out == "" and "没有这个项目" in err and "Traceback" not in err
