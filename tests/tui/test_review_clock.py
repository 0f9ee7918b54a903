"""The 333's review clock on screen (docs/rules.md §19), at 80x24: the demo received a
建设工程规划许可证 (3 working hours) at 09:30 today and a 建设项目环境影响报告表审批
at 09:10 yesterday (due 13:40 then); the app's frozen clock reads 10:00."""

from datetime import datetime

from rich.cells import cell_len
from textual.widgets import DataTable

from counter_tui.i18n import set_language
from counter_tui.store.models import Case, Item
from counter_tui.tui.screens.case_detail import CaseDetailScreen
from counter_tui.tui.screens.decision import DecisionStep
from counter_tui.tui.screens.queue import QueueScreen


def received_333(code: str, at: datetime) -> str:
    """The demo's case of ``code`` from its 333 block, received at ``at`` (naive UTC)."""
    where = (Item.code == code) & (Case.received_at == at)
    return Case.select().join(Item).where(where).get().number


async def queue_row(pilot, helpers, clerk, number: str) -> str:
    """The queue's row of ``number``, read by ``clerk`` signed in; back home after."""
    await helpers.sign_in(pilot, clerk.code, clerk.pin)
    await pilot.press("f5")
    await pilot.pause()
    assert isinstance(pilot.app.screen, QueueScreen)
    table = pilot.app.screen.query_one("#queue-table", DataTable)
    row = " ".join(str(cell) for cell in table.get_row(number))
    await pilot.press("escape")
    return row


async def detail_of(pilot, helpers, number: str) -> str:
    await pilot.press("f8")
    await helpers.paste(pilot, number)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CaseDetailScreen)
    return helpers.screen_text(pilot.app)


async def test_the_queue_and_the_detail_show_a_review_running_in_time(
    make_app, accounts, helpers
) -> None:
    number = received_333("GH-002", datetime(2026, 11, 27, 1, 30))  # 09:30 in Shanghai
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        row = await queue_row(pilot, helpers, accounts["gh01"], number)
        assert "正常" in row and "14:00" in row and "2:30" in row  # 09:30-12:00, 13:30-14:00
        text = await detail_of(pilot, helpers, number)
        assert "审核剩 2 小时 30 分 · 审核截止 11-27 14:00" in text
        assert all(cell_len(line) <= 80 for line in text.splitlines())


async def test_a_review_past_its_promise_is_red_with_the_time_over(
    make_app, accounts, helpers
) -> None:
    number = received_333("HB-002", datetime(2026, 11, 26, 1, 10))  # 09:10 in Shanghai
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        row = await queue_row(pilot, helpers, accounts["hb01"], number)
        # 13:40-17:00 yesterday and 08:30-10:00 today
        assert "超期" in row and "11-26" in row and "-4:50" in row
        text = await detail_of(pilot, helpers, number)
        assert "● 超期 · 审核超时 4 小时 50 分 · 审核截止 11-26 13:40" in text


async def test_the_clock_speaks_english_too(make_app, accounts, helpers) -> None:
    clerk = accounts["gh01"]
    number = received_333("GH-002", datetime(2026, 11, 27, 1, 30))
    set_language("en")  # the autouse fixture switches back to zh_CN afterwards
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        text = await detail_of(pilot, helpers, number)
        assert "Review: 2 h 30 min left · Review due 11-27 14:00" in text


async def test_the_decision_step_shows_the_review_it_ends(make_app, accounts, helpers) -> None:
    """At the window's decision (accept, notice, refuse…) the clerk sees the hours the
    review has left: the decision is what stops that clock."""
    clerk = accounts["gh01"]
    number = received_333("GH-002", datetime(2026, 11, 27, 1, 30))
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        app.push_screen(DecisionStep(number))
        await helpers.settle(pilot)
        assert "审核剩 2 小时 30 分 · 审核截止 11-27 14:00" in helpers.screen_text(app)
