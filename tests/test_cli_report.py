"""`counter-tui report` and `report overdue`: every figure in JSON, agreeing with counts
taken from the database by independent SQL; CSV, XLSX and PDF files with masked IDs;
mistakes with a message and the CLI's exit codes."""

import csv
import json
import re
import sqlite3
from collections.abc import Callable
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest

from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.deadlines import case_deadline
from counter_tui.services.centre.opening import open_database
from counter_tui.store.models import Case, database_proxy

CI_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # fonts-wqy-microhei
DEMO_TODAY = date(2026, 11, 27)  # the day the demo template is built for (conftest.py)
PERIOD = ("--from", "2026-10-01", "--to", "2026-11-27")
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def demo(demo_file: str) -> str:
    return demo_file


def _report(run_cli: Run, db: str, *argv: str) -> dict:
    code, out, err = run_cli("--database", db, "report", *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def _sql(db: str, query: str, *params: object) -> int:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(query, params).fetchone()[0] or 0
    finally:
        connection.close()


DECIDED_IN = "state IN ('completed', 'denied') AND completed_on BETWEEN ? AND ?"


def test_demo_figures_agree_with_the_database(run_cli: Run, demo: str) -> None:
    data = _report(run_cli, demo, *PERIOD)
    total = data["total"]
    start, end = "2026-10-01", "2026-11-27"
    received = "received_on BETWEEN ? AND ?"
    assert total["received"] == _sql(
        demo, f'SELECT COUNT(*) FROM "case" WHERE {received}', start, end
    )
    assert total["accepted"] == _sql(
        demo,
        f'SELECT COUNT(*) FROM "case" WHERE {received} AND accepted_on IS NOT NULL',
        start,
        end,
    )
    assert total["refused"] == _sql(
        demo, f"SELECT COUNT(*) FROM \"case\" WHERE {received} AND state = 'refused'", start, end
    )
    assert total["notices"] == _sql(
        demo,
        # A case's own notice, or its bundle case's combined one (docs/rules.md §21).
        'SELECT COUNT(DISTINCT c.id) FROM document d JOIN "case" c ON c.id = d.case_id'
        " OR c.bundle_case_id = d.bundle_case_id"
        f" WHERE d.kind = 'deficiency_notice' AND c.{received}",
        start,
        end,
    )
    assert total["completed"] == _sql(
        demo, f'SELECT COUNT(*) FROM "case" WHERE {DECIDED_IN}', start, end
    )
    assert total["denied"] == _sql(
        demo, f"SELECT COUNT(*) FROM \"case\" WHERE {DECIDED_IN} AND state = 'denied'", start, end
    )
    # 即办 by the dates agrees with the events the on-the-spot path writes.
    by_events = _sql(
        demo,
        f'SELECT COUNT(*) FROM "case" c WHERE c.{DECIDED_IN} AND c.id IN (SELECT case_id FROM '
        "event WHERE kind = 'complete_on_spot' OR (kind = 'request_approval' AND data LIKE "
        "'%\"on_spot\":true%') OR (kind = 'request_approval' AND data LIKE '%\"on_spot\": true%'))",
        start,
        end,
    )
    assert total["on_spot"] == by_events > 0
    # Every service rated on the pad: a case's, a consultation's, a bundle case's step
    # (docs/rules.md §11, §21.1).
    poor = "level IN (4, 5)"
    rated = (
        "state = 'rated' AND rated_at >= '2026-09-30 16:00:00' AND rated_at < '2026-11-27 16:00:00'"
    )
    ratings = f"SELECT COUNT(*) FROM rating_request WHERE {rated}"
    assert total["ratings"] == _sql(demo, ratings) > 0
    assert total["satisfied"] == _sql(demo, f"{ratings} AND level <= 3")
    assert total["poor"] == _sql(demo, f"{ratings} AND {poor}") > 0
    assert total["follow_ups_open"] == _sql(
        demo,
        f"SELECT COUNT(*) FROM rating_request JOIN rating_follow_up f ON f.request_id = "
        f"rating_request.id WHERE {rated} AND {poor} AND f.closed_at IS NULL",
    )
    asked = (
        "kind != 'entered' AND requested_at >= '2026-09-30 16:00:00' "
        "AND requested_at < '2026-11-27 16:00:00'"
    )
    participation = data["rating_participation"]
    of_cases = _sql(demo, f"SELECT COUNT(*) FROM rating_request WHERE {asked} AND case_id > 0")
    assert (
        participation["requests"]
        == _sql(demo, f"SELECT COUNT(*) FROM rating_request WHERE {asked}")
        > of_cases  # the demo's questions answered at once and its bundles' steps
    )
    assert participation["rated"] == total["ratings"] < participation["requests"]
    assert participation["share"] == round(total["ratings"] / participation["requests"], 4)
    assert set(data["follow_ups_in_time"]) == {"due", "in_time", "share"}
    assert total["open"] == _sql(
        demo,
        "SELECT COUNT(*) FROM \"case\" WHERE state IN ('received', 'awaiting_supplement', "
        "'accepted', 'in_review', 'awaiting_approval', 'suspended')",
    )
    assert total["satisfaction_rate"] == round(total["satisfied"] / total["ratings"], 4)
    assert total["on_spot_rate"] == round(total["on_spot"] / total["completed"], 4)

    # The time figures, case by case through the services' own deadline (no SQL GROUP BY).
    open_database(demo)
    calendar = load_calendar()
    on_time = late = taken = legal = promised = red = yellow = 0
    period = (date(2026, 10, 1), date(2026, 11, 27))
    for case in Case.select():
        if case.state in ("completed", "denied") and period[0] <= case.completed_on <= period[1]:
            deadline = case_deadline(calendar, case, case.completed_on)
            on_time += case.completed_on <= deadline.due.date
            late += case.completed_on > deadline.due.date
            stopped = sum(
                calendar.workdays_between(s.started_on, s.ended_on) for s in case.suspensions
            )
            taken += calendar.workdays_between(case.accepted_on, case.completed_on) - stopped
            legal += case.item.legal_limit_days
            promised += case.item.promised_limit_days or case.item.legal_limit_days
        elif case.state not in ("completed", "denied", "refused", "withdrawn", "draft"):
            deadline = case_deadline(calendar, case, DEMO_TODAY)
            red += deadline is not None and deadline.light.value == "red"
            yellow += deadline is not None and deadline.light.value == "yellow"
    database_proxy.close()
    assert (total["on_time"], total["late"]) == (on_time, late)
    assert (total["days_taken"], total["legal_days"], total["promised_days"]) == (
        taken,
        legal,
        promised,
    )
    assert (total["open_overdue"], total["open_yellow"]) == (red, yellow)
    assert total["overdue"] == red + late
    assert total["compression"] == round(1 - taken / legal, 4)

    catalog = data["catalog"]
    assert catalog["items"] == _sql(demo, "SELECT COUNT(*) FROM item WHERE current")
    assert catalog["immediate"] == _sql(
        demo, "SELECT COUNT(*) FROM item WHERE current AND kind = 'immediate'"
    )
    assert catalog["decided_at_window"] == _sql(
        demo, "SELECT COUNT(*) FROM item WHERE current AND (kind = 'immediate' OR window_decides)"
    )


def test_every_figure_of_the_issue_is_printed(run_cli: Run, demo: str) -> None:
    data = _report(run_cli, demo, *PERIOD, "--by", "department")
    figures = {
        "received", "accepted", "refused", "notices", "completed", "on_spot", "on_spot_rate",
        "on_time", "on_time_rate", "overdue", "open_overdue", "late", "average_days",
        "average_legal_limit", "average_promised_limit", "compression", "ratings",
        "satisfaction_rate", "poor", "follow_ups_open", "follow_ups_closed",
        "rating_requests", "rating_participation_rate", "good_rate", "follow_ups_in_time_rate",
        "rectification_rate", "appeals_upheld",
    }  # fmt: skip
    assert figures <= set(data["total"])
    # ZW: the centre's office, no case of its own: its comprehensive window took the demo's
    # bundle cases, and its queue C (综合窗口) the hall's tickets of the demo's morning.
    assert [g["key"] for g in data["groups"]] == ["GA", "GH", "HB", "ZW"]
    assert sum(g["received"] for g in data["groups"]) == data["total"]["received"]
    assert {"items", "promised", "immediate", "decided_at_window_share"} <= set(data["catalog"])
    assert len(data["daily"]) == 58


def test_the_period_defaults_to_this_month_up_to_today(run_cli: Run, demo: str) -> None:
    data = _report(run_cli, demo)
    assert (data["from"], data["to"], data["today"]) == ("2026-11-01", "2026-11-27", "2026-11-27")
    data = _report(run_cli, demo, "--to", "2026-10-15")
    assert (data["from"], data["to"]) == ("2026-10-01", "2026-10-15")


def test_plain_text_in_chinese(run_cli: Run, demo: str) -> None:
    code, out, _ = run_cli("--database", demo, "report", *PERIOD, "--by", "window")
    assert code == 0
    for word in ("收件量", "办结量", "即办率", "按时办结率", "超期", "压缩率", "满意率", "差评"):
        assert word in out, word
    assert "即办授权比例" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("report", "--from", "2026-13-01"),
        ("report", "--to", "yesterday"),
        ("report", "--by", "weather"),
        ("report", "--json", "--csv", "x.csv"),
        ("report", "overdue", "--pdf"),
    ],
)
def test_usage_mistakes_exit_2(capsys: pytest.CaptureFixture[str], demo: str, argv) -> None:
    from counter_tui.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--database", demo, *argv])
    assert exit_info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_period_backwards_is_refused_with_a_message(run_cli: Run, demo: str) -> None:
    code, out, err = run_cli(
        "--database", demo, "report", "--from", "2026-11-20", "--to", "2026-11-01"
    )
    assert code == 1 and out == ""
    assert "2026-11-20" in err and "晚于" in err and "Traceback" not in err


def test_an_unwritable_file_is_refused(run_cli: Run, demo: str, tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "r.csv"
    code, _, err = run_cli("--database", demo, "report", "--csv", str(target))
    assert code == 1 and "无法写入" in err and "Traceback" not in err
    assert not target.parent.exists()


def _id_numbers(db: str) -> list[str]:
    connection = sqlite3.connect(db)
    try:
        rows = connection.execute(
            "SELECT applicant_id_number FROM \"case\" WHERE applicant_id_number != ''"
        )
        return [row[0] for row in rows]
    finally:
        connection.close()


def test_report_xlsx_and_csv(run_cli: Run, demo: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    workbook_path = tmp_path / "report.xlsx"
    code, out, _ = run_cli(
        "--database", demo, "report", *PERIOD, "--by", "department", "--xlsx", str(workbook_path)
    )
    assert code == 0 and str(workbook_path) in out
    data = _report(run_cli, demo, *PERIOD, "--by", "department")
    workbook = load_workbook(workbook_path)
    figures, daily = workbook.worksheets
    rows = list(figures.values)
    assert rows[0][:4] == ("编码", "部门", "收件量", "受理量")
    assert "压缩率" in rows[0] and "即办率" in rows[0]
    assert [row[0] for row in rows[1:]] == ["GA", "GH", "HB", "ZW", "合计"]
    header = rows[0]
    total = dict(zip(header, rows[-1], strict=True))
    assert total["收件量"] == data["total"]["received"]
    # The hall's tickets (docs/rules.md §24): counts, and the minutes to one decimal.
    assert total["取号数"] == data["total"]["tickets_taken"] > 0
    wait = total["平均等候分钟"]
    assert wait == pytest.approx(data["total"]["average_wait_minutes"], abs=0.05)
    assert figures.cell(row=len(rows), column=header.index("平均等候分钟") + 1).number_format == (
        "0.0"
    )
    assert total["压缩率"] == pytest.approx(data["total"]["compression"], abs=1e-4)
    assert figures.cell(row=len(rows), column=header.index("压缩率") + 1).number_format == "0.0%"
    assert total["一件事收件量"] == data["bundles"]["received"] > 0
    rate = figures.cell(row=len(rows), column=header.index("一件事按时办结率") + 1)
    assert rate.number_format == "0.0%"
    assert daily.max_row == 59  # the header and 58 days

    csv_path = tmp_path / "report.csv"
    code, _, _ = run_cli("--database", demo, "report", *PERIOD, "--csv", str(csv_path))
    assert code == 0
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese as UTF-8
    table = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert table[0][2] == "收件量" and table[-1][0] == "合计"
    assert table[-1][table[0].index("即办率")].endswith("%")
    assert table[-1][table[0].index("一件事收件量")] == str(data["bundles"]["received"])


def test_overdue_exports_mask_every_id(run_cli: Run, demo: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _code, out, _ = run_cli("--database", demo, "report", "overdue", "--json")
    data = json.loads(out)
    assert data["red"] > 0 and len(data["cases"]) == data["red"] + data["yellow"]
    full = _id_numbers(demo)
    csv_path, xlsx_path = tmp_path / "overdue.csv", tmp_path / "overdue.xlsx"
    assert run_cli("--database", demo, "report", "overdue", "--csv", str(csv_path))[0] == 0
    assert run_cli("--database", demo, "report", "overdue", "--xlsx", str(xlsx_path))[0] == 0
    cells = [str(c) for row in load_workbook(xlsx_path).active.values for c in row]
    for text in (out, csv_path.read_text(encoding="utf-8-sig"), "\n".join(cells)):
        assert not any(number in text for number in full)
        assert re.search(r"\d{6}\*{8}\w{4}", text)
    assert data["cases"][0]["number"] in cells


def test_overdue_pdf(run_cli: Run, demo: str, tmp_path: Path, monkeypatch) -> None:
    from pypdf import PdfReader

    assert CI_FONT.is_file(), f"{CI_FONT} is missing: .ci/run installs fonts-wqy-microhei"
    monkeypatch.setenv("COUNTER_TUI_FONT", str(CI_FONT))
    path = tmp_path / "overdue.pdf"
    code, _out, err = run_cli("--database", demo, "report", "overdue", "--pdf", str(path))
    assert code == 0, err
    text = re.sub(
        r"\s+", "", "".join(p.extract_text() for p in PdfReader(BytesIO(path.read_bytes())).pages)
    )
    data = json.loads(run_cli("--database", demo, "report", "overdue", "--json")[1])
    assert "超时通报" in text and "截至2026年11月27日" in text
    first = data["cases"][0]
    for fact in (first["number"], first["applicant_id"], first["department"], "超期"):
        assert fact in text, fact
    assert not any(number in text for number in _id_numbers(demo))
    assert path.stat().st_mode & 0o077 == 0


def test_export_writes_the_case_register_with_masked_ids(
    run_cli: Run, demo: str, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    code, out, err = run_cli("--database", demo, "export", *PERIOD, "--json")
    assert code == 0, err
    lines = json.loads(out)
    connection = sqlite3.connect(demo)
    received = connection.execute(
        """SELECT number FROM "case" WHERE state != 'draft'
           AND received_on BETWEEN '2026-10-01' AND '2026-11-27' ORDER BY received_on, number"""
    ).fetchall()
    connection.close()
    assert [line["number"] for line in lines] == [number for (number,) in received]
    csv_path, xlsx_path = tmp_path / "register.csv", tmp_path / "register.xlsx"
    code, out, _ = run_cli("--database", demo, "export", *PERIOD, "--csv", str(csv_path))
    assert code == 0 and str(len(lines)) in out
    assert run_cli("--database", demo, "export", *PERIOD, "--xlsx", str(xlsx_path))[0] == 0
    rows = list(load_workbook(xlsx_path).active.values)
    assert len(rows) == len(lines) + 1 and rows[0][0] == "办件编号"
    full = _id_numbers(demo)
    cells = "\n".join(str(c) for row in rows for c in row)
    for text in (out, csv_path.read_text(encoding="utf-8-sig"), cells):
        assert not any(number in text for number in full)


def test_export_mistakes(run_cli: Run, demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run_cli("--database", demo, "export")
    assert exit_info.value.code == 2
    assert "--json" in capsys.readouterr().err  # one output is required
    code, _out, err = run_cli("--database", demo, "export", "--department", "XX", "--json")
    assert code == 1 and "XX" in err
    code, _out, err = run_cli(
        "--database", demo, "export", "--from", "2026-11-30", "--to", "2026-11-01", "--json"
    )
    assert code == 1 and "2026-11-30" in err


def test_the_overdue_report_carries_the_end_of_the_event_chain(run_cli: Run, demo: str) -> None:
    # Issue 20 item 2: recorded as an anchor, and printed, out of reach of the database.
    with sqlite3.connect(demo) as connection:
        last = connection.execute('SELECT id, hash FROM "event" ORDER BY id DESC LIMIT 1')
        event_id, head = last.fetchone()
    code, out, err = run_cli("--lang", "en", "--database", demo, "report", "overdue")
    assert code == 0, err
    assert f"Event log at printing: event {event_id}, {head[:16]}" in out
    with sqlite3.connect(demo) as connection:
        anchors = connection.execute(
            "SELECT last_event_id, hash FROM chain_anchor WHERE reason = 'overdue_report'"
        ).fetchall()
    assert anchors == [(event_id, head)]


def test_consultations_in_the_json_agree_with_the_database(run_cli: Run, demo: str) -> None:
    data = _report(run_cli, demo, *PERIOD)
    asked = "asked_at >= '2026-09-30 16:00:00' AND asked_at < '2026-11-27 16:00:00'"
    consultations = data["consultations"]
    assert consultations["count"] == _sql(demo, f"SELECT COUNT(*) FROM consultation WHERE {asked}")
    assert consultations["converted"] == _sql(
        demo, f"SELECT COUNT(*) FROM consultation WHERE {asked} AND case_id IS NOT NULL"
    )
    assert consultations["referred"] == _sql(
        demo, f"SELECT COUNT(*) FROM consultation WHERE {asked} AND state = 'referred'"
    )
    assert consultations["converted"] > 0 and consultations["referred"] > 0
    for by in ("department", "window", "staff", "item"):
        groups = consultations[f"by_{by}"]
        assert {"key", "label", "consultations", "consultation_on_time_rate"} <= set(groups[0])
        assert sum(g["consultations"] for g in groups) == consultations["count"], by
    on_time = data["consultations_answered_on_time"]
    assert set(on_time) == {"count", "late", "share"}
    assert on_time["count"] == data["total"]["consultations_on_time"] > 0
    assert on_time["share"] == round(on_time["count"] / (on_time["count"] + on_time["late"]), 4)


def test_the_overdue_report_names_late_consultations_masked(
    run_cli: Run, demo: str, tmp_path: Path, monkeypatch
) -> None:
    from pypdf import PdfReader

    data = json.loads(run_cli("--database", demo, "report", "overdue", "--json")[1])
    # The demo's: ga03's question open since yesterday afternoon, and one answered late today.
    states = sorted(line["state"] for line in data["consultations"] if line["owner"] == "王丽娟")
    assert states == ["answered", "open"]
    assert all(line["minutes_late"] > 0 for line in data["consultations"])
    with sqlite3.connect(demo) as connection:
        phones = [p for (p,) in connection.execute("SELECT phone FROM consultation") if p]
    assert phones and not any(phone in json.dumps(data) for phone in phones)
    code, out, _ = run_cli("--database", demo, "report", "overdue")
    assert code == 0 and "超过答复时限的咨询" in out
    monkeypatch.setenv("COUNTER_TUI_FONT", str(CI_FONT))
    path = tmp_path / "overdue.pdf"
    assert run_cli("--database", demo, "report", "overdue", "--pdf", str(path))[0] == 0
    pages = PdfReader(BytesIO(path.read_bytes())).pages
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))
    assert "超过答复时限的咨询" in text and "王丽娟" in text
    assert not any(phone in text for phone in phones)


BUNDLES_RECEIVED = """
SELECT COUNT(*) FROM bundle_case b
WHERE (SELECT MIN(c.received_on) FROM "case" c WHERE c.bundle_case_id = b.id) BETWEEN ? AND ?
"""
# No case open any more, and the last decision in the period.
BUNDLES_COMPLETED = """
SELECT COUNT(*) FROM bundle_case b
WHERE NOT EXISTS (SELECT 1 FROM "case" c WHERE c.bundle_case_id = b.id AND c.state NOT IN
                  ('completed', 'denied', 'refused', 'withdrawn'))
AND (SELECT MAX(c.completed_on) FROM "case" c WHERE c.bundle_case_id = b.id
     AND c.state IN ('completed', 'denied')) BETWEEN ? AND ?
"""


def test_bundle_cases_in_the_json_agree_with_the_database(run_cli: Run, demo: str) -> None:
    """The demo's two bundle cases, taken at the comprehensive window in November and not
    complete: received, none completed, no rate (docs/rules.md §21.1 "Reports")."""
    data = _report(run_cli, demo, *PERIOD, "--by", "staff")
    bundles = data["bundles"]
    start, end = "2026-10-01", "2026-11-27"
    assert bundles["received"] == _sql(demo, BUNDLES_RECEIVED, start, end) == 2
    assert bundles["completed"] == _sql(demo, BUNDLES_COMPLETED, start, end) == 0
    assert (bundles["on_time"], bundles["late"], bundles["on_time_rate"]) == (0, 0, None)
    assert bundles["received"] == data["total"]["bundles_received"]
    # By the department of the clerk who took them, and in the groups by that clerk.
    (office,) = bundles["by_department"]
    assert (office["key"], office["received"]) == ("ZW", 2)
    taker = _sql(demo, "SELECT s.code FROM bundle_case b JOIN staff s ON s.id = b.owner_id")
    (group,) = [g for g in data["groups"] if g["bundles_received"]]
    assert (group["key"], group["bundles_received"]) == (taker, 2)
    # October alone: none.
    october = _report(run_cli, demo, "--from", "2026-10-01", "--to", "2026-10-31")
    assert october["bundles"]["received"] == 0


def test_report_json_has_the_waits_of_the_hall(run_cli: Run, demo: str) -> None:
    """The demo's morning (services/demo/tickets.py): A001 taken 09:02, called 09:10;
    A004 (elderly) 09:14 → 09:18; B001 09:09 → 09:25; A002 09:05 → 09:42; B002 (key
    project) 09:40 → 09:50 — waits of 8, 4, 16, 37 and 10 minutes."""
    data = _report(run_cli, demo, *PERIOD, "--by", "window")
    total = data["total"]
    assert total["tickets_taken"] == _sql(demo, "SELECT COUNT(*) FROM ticket")
    assert (total["tickets_called"], total["average_wait_minutes"]) == (5, 15.0)
    assert total["longest_wait_minutes"] == 37.0
    windows = {group["key"]: group for group in data["groups"]}
    assert windows["7"]["longest_wait_minutes"] == 16.0  # B002's 10, B001's 16
    hours = data["tickets_by_window_and_hour"]
    assert {(h["window"], h["hour"]) for h in hours} == {(2, 9), (7, 9)}
    assert sum(h["tickets"] for h in hours) == total["tickets_called"]
