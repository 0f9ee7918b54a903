"""Personal data on the command line (docs/architecture.md §3.7): every export and print of
cases is an access event that `audit access` lists, and every file of applicants' data
says it holds personal data (a CSV's first line, an XLSX's and a PDF's properties)."""

import csv
import json
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest

Run = Callable[..., tuple[int, str, str]]
PERIOD = ("--from", "2026-10-01", "--to", "2026-11-27")
CI_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # fonts-wqy-microhei
NOTICE_EN = "Contains personal data"
NOTICE_ZH = "本文件含个人信息"


def access(run_cli: Run, db: str, *argv: str) -> list[dict]:
    code, out, err = run_cli("--database", db, "audit", "access", *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_exports_and_prints_are_listed_by_audit_access(
    run_cli: Run, demo_file: str, tmp_path: Path
) -> None:
    assert access(run_cli, demo_file) == []  # the demo's history shows and exports nothing
    code, out, err = run_cli("--database", demo_file, "export", *PERIOD, "--json")
    assert code == 0, err
    register = [line["number"] for line in json.loads(out)]
    assert (
        run_cli("--database", demo_file, "report", "overdue", "--csv", str(tmp_path / "o.csv"))[0]
        == 0
    )
    code, _out, err = run_cli(
        "--database", demo_file, "case", "print", register[0], "-o", str(tmp_path)
    )
    assert run_cli("--database", demo_file, "case", "show", register[1])[0] == 0
    [exported, overdue, printed, shown] = access(run_cli, demo_file)
    assert exported["act"] == "exported" and exported["what"] == "register"
    assert exported["file"] == "json" and exported["staff_code"] is None
    # More than 50 cases: named by their count and the period, not one by one.
    assert len(register) > 50 and exported["count"] == len(register) and exported["cases"] == []
    assert exported["selection"] == {"from": "2026-10-01", "to": "2026-11-27", "department": ""}
    assert (overdue["what"], overdue["file"]) == ("overdue_report", "csv")
    assert printed["act"] == "printed" and printed["cases"] == [register[0]]
    assert printed["documents"] and all("〔" in number for number in printed["documents"])
    assert (shown["what"], shown["file"], shown["cases"]) == ("case", "text", [register[1]])
    # For people: a line each, with the act in words.
    code, out, err = run_cli("--lang", "en", "--database", demo_file, "audit", "access")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 4 and "(command line)" in lines[0] and "exported" in lines[0]
    assert f"{len(register)} cases" in lines[0] and "printed" in lines[2]


def test_audit_access_filters_and_refuses_mistakes(
    run_cli: Run, demo_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run_cli("--database", demo_file, "report", "overdue", "--json")
    assert len(access(run_cli, demo_file, "--from", "2026-01-01")) == 1
    assert access(run_cli, demo_file, "--staff", "ga01") == []  # the command line's, not ga01's
    code, _out, err = run_cli(
        "--lang", "en", "--database", demo_file, "audit", "access", "--staff", "nobody"
    )
    assert code == 2 and "nobody" in err
    code, _out, err = run_cli(
        "--database", demo_file, "audit", "access", "--from", "2026-11-30", "--to", "2026-11-01"
    )
    assert code == 2 and "2026-11-30" in err
    with pytest.raises(SystemExit) as exit_info:
        run_cli("--database", demo_file, "audit", "access", "--from", "2026-13-01")
    assert exit_info.value.code == 2 and "2026-13-01" in capsys.readouterr().err


def test_files_of_cases_say_they_hold_personal_data(
    run_cli: Run, demo_file: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    register = tmp_path / "register.csv"
    assert run_cli("--database", demo_file, "export", *PERIOD, "--csv", str(register))[0] == 0
    rows = list(csv.reader(register.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][0].startswith(NOTICE_ZH) and rows[1][0] == "办件编号"
    overdue = tmp_path / "overdue.csv"
    run_cli("--lang", "en", "--database", demo_file, "report", "overdue", "--csv", str(overdue))
    assert overdue.read_text(encoding="utf-8-sig").startswith(NOTICE_EN)
    workbook = tmp_path / "register.xlsx"
    assert run_cli("--database", demo_file, "export", *PERIOD, "--xlsx", str(workbook))[0] == 0
    opened = load_workbook(workbook)
    assert opened.properties.subject.startswith(NOTICE_ZH)
    assert opened.active["A1"].value == "办件编号"  # the table still starts at A1
    code, out, _err = run_cli("--database", demo_file, "report", "overdue")
    assert code == 0 and out.startswith(NOTICE_ZH)
    assert CI_FONT.is_file(), f"{CI_FONT} is missing: .ci/run installs fonts-wqy-microhei"
    monkeypatch.setenv("COUNTER_TUI_FONT", str(CI_FONT))
    pdf = tmp_path / "overdue.pdf"
    assert run_cli("--database", demo_file, "report", "overdue", "--pdf", str(pdf))[0] == 0
    assert PdfReader(BytesIO(pdf.read_bytes())).metadata.subject.startswith(NOTICE_ZH)
    # The figures hold no one's data: no line added there.
    figures = tmp_path / "figures.csv"
    assert run_cli("--database", demo_file, "report", *PERIOD, "--csv", str(figures))[0] == 0
    assert not figures.read_text(encoding="utf-8-sig").startswith(NOTICE_ZH)
