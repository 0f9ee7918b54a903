"""The figures (F6 / Ctrl+R) by keyboard: whose figures each role sees, the period and
grouping keys, the exports and the printed overdue report."""

import json
from pathlib import Path

import pytest

from counter_tui.i18n import _
from counter_tui.services.auth import sign_in as service_sign_in
from counter_tui.services.cases.access import ACCESS_EVENT
from counter_tui.services.reports.figures import centre_report, report_scope
from counter_tui.services.reports.files import FIGURE_COLUMNS, figure_text
from counter_tui.store.models import Event
from counter_tui.tui.screens.reports import ReportsScreen

CI_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # fonts-wqy-microhei


async def _open(pilot, helpers, accounts, code: str, key: str = "f6") -> ReportsScreen:
    await helpers.sign_in(pilot, code, accounts[code].pin)
    await helpers.settle(pilot)
    await pilot.press(key)
    await helpers.settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReportsScreen)
    return screen


def _text(figures, name: str) -> str:
    return figure_text(figures, next(c for c in FIGURE_COLUMNS if c.name == name))


async def test_a_chief_sees_the_department_then_the_whole_centre(
    make_app, accounts, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await _open(pilot, helpers, accounts, "gachief")
        text = helpers.screen_text(app)
        assert "示范市公安局" in text and "本月 2026-11-01 — 2026-11-27" in text
        assert "合计" in text and "每日收件量" in text
        session = service_sign_in("gachief", accounts["gachief"].pin)
        expected = centre_report(
            helpers.today.replace(day=1), helpers.today, "department", helpers.today,
            report_scope(session),
        )  # fmt: skip
        assert screen.report is not None and screen.report.total == expected.total
        assert _text(expected.total, "received") in text
        # Every figure can be reached with →, the group's name staying in view (issue 21
        # item 25: at 80 columns 受理量, 一次性告知 and 不予受理 were not shown at all).
        seen = text
        for _step in range(20):
            await pilot.press("right")
            await pilot.pause()
            seen += helpers.screen_text(app)
            assert "示范市公安局" in helpers.screen_text(app)
        for column in FIGURE_COLUMNS:
            assert _(column.header)[:5] in seen, column.name
        assert _text(expected.total, "compression") in seen
        await pilot.press("s")
        await helpers.settle(pilot)
        text = helpers.screen_text(app)
        assert "全中心" in text
        for department in ("示范市公安局", "示范市生态环境局", "示范市自然资源和规划局"):
            assert department in text
        await pilot.press("g")  # department → window
        await helpers.settle(pilot)
        assert "按窗口" in helpers.screen_text(app) and "1号窗口" in helpers.screen_text(app)


async def test_the_bundle_cases_have_a_line_under_the_table(make_app, accounts, helpers) -> None:
    """一件事 (docs/rules.md §21.1 "Reports"): the whole centre's bundle cases in one line
    under the figures, whole at 80 columns in Chinese and in English; a chief's own
    department took none."""
    from counter_tui.i18n import set_language

    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await _open(pilot, helpers, accounts, "admin")
        assert screen.report is not None
        total = screen.report.total
        assert total.bundles_received == 2  # the demo's two, taken this month
        line = next(ln for ln in helpers.screen_text(app).splitlines() if "一件事：" in ln)
        assert "收件 2 · 办结 0，其中按时 0、超期 0（按时办结率 —）" in line
        assert "办结量" in helpers.screen_text(app)  # the case figures above it
    set_language("en")  # the autouse fixture switches back to zh_CN afterwards
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _open(pilot, helpers, accounts, "gachief")
        lines = helpers.screen_text(app).splitlines()
        line = next(ln for ln in lines if "Bundle cases:" in ln)
        assert "0 received · 0 completed, 0 on time, 0 late (—)" in line


async def test_a_clerk_sees_only_their_own_figures(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await _open(pilot, helpers, accounts, "ga01", key="ctrl+r")
        text = helpers.screen_text(app)
        assert "张敏" in text and "全中心" not in text
        session = service_sign_in("ga01", accounts["ga01"].pin)
        own = centre_report(
            helpers.today.replace(day=1), helpers.today, None, helpers.today, report_scope(session)
        )
        assert screen.report is not None and screen.report.total == own.total
        await pilot.press("s", "g")  # neither is a clerk's
        await helpers.settle(pilot)
        assert screen.report.total == own.total and screen.by is None
        footer = helpers.key_bar(app)
        assert "范围" not in footer and "分组" not in footer


async def test_the_admin_sees_the_whole_centre_then_each_department(
    make_app, accounts, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _open(pilot, helpers, accounts, "admin")
        assert "全中心" in helpers.screen_text(app)
        await pilot.press("s")
        await helpers.settle(pilot)
        caption = helpers.screen_text(app).splitlines()[1]
        assert "全中心" not in caption and "示范市" in caption


async def test_periods(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await _open(pilot, helpers, accounts, "gachief")
        await pilot.press("l")
        await helpers.settle(pilot)
        assert "上月 2026-10-01 — 2026-10-31" in helpers.screen_text(app)
        await pilot.press("y")
        await helpers.settle(pilot)
        assert "本年 2026-01-01 — 2026-11-27" in helpers.screen_text(app)
        assert "每周收件量" in helpers.screen_text(app)  # a long period is charted by week
        await pilot.press("c")
        await pilot.pause()
        for field in ("#from", "#to"):
            screen.app.screen.query_one(field).value = ""
        await helpers.paste(pilot, "2026-11-20")
        await pilot.press("enter")
        await helpers.paste(pilot, "2026-11-10")
        await pilot.press("enter")
        await pilot.pause()
        assert "起始日期晚于截止日期" in helpers.screen_text(app)
        screen.app.screen.query_one("#to").value = "2026-11-25"
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, ReportsScreen)
        assert "期间 2026-11-20 — 2026-11-25" in helpers.screen_text(app)


async def test_exports_and_the_overdue_report(
    make_app, accounts, helpers, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    assert CI_FONT.is_file(), f"{CI_FONT} is missing: .ci/run installs fonts-wqy-microhei"
    monkeypatch.setenv("COUNTER_TUI_FONT", str(CI_FONT))
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _open(pilot, helpers, accounts, "gachief")
        await pilot.press("e", "x", "p")
        await helpers.settle(pilot)
        folder = app.document_dir
        csv = folder / "report_2026-11-01_2026-11-27_department.csv"
        xlsx = csv.with_suffix(".xlsx")
        pdf = folder / "overdue_2026-11-27.pdf"
        assert csv.is_file() and xlsx.is_file() and pdf.is_file()
        assert "收件量" in csv.read_text(encoding="utf-8-sig")
        assert load_workbook(xlsx).worksheets[0]["B2"].value == "示范市公安局"
        text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
        assert "超时通报" in text and "示范市公安局" in text
        assert "示范市生态环境局" not in text  # the chief's own department
        assert PdfReader(pdf).metadata.subject.startswith("本文件含个人信息")
    # The overdue report names cases: its printing is an access event
    # (docs/architecture.md §3.7); the
    # figures name none.
    [printed] = Event.select().where(Event.kind == ACCESS_EVENT)
    assert printed.staff.code == "gachief"
    assert json.loads(printed.data)["what"] == "overdue_report"


async def test_a_slow_report_shows_its_progress_until_its_figures(
    make_app, accounts, helpers, monkeypatch
) -> None:
    import threading

    from textual.widgets import ProgressBar

    from counter_tui.tui.screens import reports

    release = threading.Event()

    def slow_report(*args, **kwargs):
        release.wait(10)
        return centre_report(*args, **kwargs)

    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await _open(pilot, helpers, accounts, "gachief")
        shown = screen.query_one_optional("#report-progress", ProgressBar)
        assert shown is None or not shown.display  # done: no bar, or a hidden one
        monkeypatch.setattr(reports, "centre_report", slow_report)
        await pilot.press("m")  # the period again: a report that takes a while
        await pilot.pause()
        screen.show_progress()  # what the timer does once PROGRESS_AFTER has passed
        await pilot.pause()
        bar = screen.query_one("#report-progress", ProgressBar)
        assert bar.display and bar.region.height == 1
        release.set()
        await helpers.settle(pilot)
        assert not bar.display and screen.progress_timer is None
        assert screen.report is not None and "合计" in helpers.screen_text(app)


async def test_long_english_headers_take_two_lines_not_an_ellipsis(
    make_app, accounts, helpers
) -> None:
    """Issue 21 item 26: at 80 columns "Refused to ac…" and "One-time noti…" were cut; a
    header wider than its column is broken onto two lines instead."""
    from counter_tui.i18n import set_language

    set_language("en")  # the autouse fixture switches back to zh_CN afterwards
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await _open(pilot, helpers, accounts, "gachief")
        assert screen.table.header_height == 2
        lines = helpers.screen_text(app).splitlines()
        top = next(n for n, line in enumerate(lines) if "Cases received" in line)
        assert "Refused" in lines[top] and "to accept" in lines[top + 1]
        assert "One-time" in lines[top] and "notices" in lines[top + 1]
        assert "…" not in lines[top] + lines[top + 1]


def test_a_header_is_broken_at_a_space_and_never_beyond_two_lines() -> None:
    from counter_tui.tui.widgets.tables import two_lines

    assert two_lines("Cases received", 14) == "Cases received"
    assert two_lines("Average working days taken", 14) == "Average working\ndays taken"
    assert two_lines("Refused to accept", 14) == "Refused\nto accept"  # the evener
    assert two_lines("A very long header of many words", 8).count("\n") == 1
    assert two_lines("平均承诺办理时限天数", 14) == "平均承诺办\n理时限天数"
    assert two_lines("Unbreakable-header-word", 14) == "Unbreakable-\nheader-word"
