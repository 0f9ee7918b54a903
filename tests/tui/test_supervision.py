"""Supervision orders (督办, docs/rules.md §22) at 80×24: home lists the orders the person
answers, Enter opens one in full, R replies; the chief who issued one sees it answered on
home and closes it (C); a chief issues one from a case's detail (B)."""

from contextlib import asynccontextmanager

from rich.cells import cell_len

from counter_tui.domain.supervision import OrderState
from counter_tui.i18n import _
from counter_tui.services.supervision.targets import OPEN_CASE_STATES
from counter_tui.store.models import Case, Department, Staff, SupervisionOrder, SupervisionReply
from counter_tui.tui.labels import light_label
from counter_tui.tui.screens.case_detail import CaseDetailScreen
from counter_tui.tui.screens.home import HomeScreen
from counter_tui.tui.screens.order import OrderScreen


def _fits(helpers, app) -> None:
    lines = helpers.screen_text(app).splitlines()
    assert len(lines) == 24 and all(cell_len(line) <= 80 for line in lines)


def _order(state: OrderState) -> SupervisionOrder:
    """The demo's order in this state (the demo has one open, one answered)."""
    return SupervisionOrder.get(SupervisionOrder.state == state.value)


async def _open_from_home(pilot, helpers, account, number: str) -> str:
    """Signed in as ``account``, the order opened from home; its line on home returned."""
    app = pilot.app
    await helpers.sign_in(pilot, account.code, account.pin)
    assert isinstance(app.screen, HomeScreen)
    [line] = [line for line in helpers.screen_text(app).splitlines() if number in line]
    _fits(helpers, app)
    await pilot.press("shift+tab", "enter")  # up to the orders, open the first
    await helpers.settle(pilot)
    assert isinstance(app.screen, OrderScreen) and app.screen.number == number
    return line


@asynccontextmanager
async def _order_screen(make_app, accounts, helpers, state: OrderState, issuer: bool = False):
    """The demo's order in ``state`` open, from home, for whoever answers it (or issued
    it): the pilot, the app, the order, the account signed in and the order's line on home."""
    order = _order(state)
    account = accounts[(order.issued_by if issuer else order.owner).code]
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        line = await _open_from_home(pilot, helpers, account, order.number)
        yield pilot, app, order, account, line


async def test_the_holder_opens_the_order_from_home_and_replies(
    make_app, accounts, helpers
) -> None:
    async with _order_screen(make_app, accounts, helpers, OrderState.OPEN) as at:
        pilot, app, order, holder, line = at
        assert order.case.number in line and order.reply_by.strftime("%m-%d") in line
        assert any(light_label(light) in line for light in ("green", "yellow", "red"))
        text = helpers.screen_text(app)
        assert order.reason in text and order.expected in text and "马丽华" in text
        _fits(helpers, app)
        await pilot.press("r")
        await helpers.settle(pilot)
        await helpers.paste(pilot, "材料已补齐，正在审查")
        await pilot.press("enter")
        await helpers.paste(pilot, "等待现场勘验")
        await pilot.press("enter")
        await helpers.paste(pilot, helpers.today.replace(day=30).isoformat())
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, OrderScreen)
        [row] = SupervisionReply.select().where(SupervisionReply.order == order)
        assert (row.progress, row.delay_reason, row.new_date, row.staff.code) == (
            "材料已补齐，正在审查",
            "等待现场勘验",
            helpers.today.replace(day=30),
            holder.code,
        )
        assert SupervisionOrder.get_by_id(order.id).state == OrderState.ANSWERED.value
        text = helpers.screen_text(app)
        assert "材料已补齐，正在审查" in text and _("Answered: awaiting closing") in text
        _fits(helpers, app)


async def test_a_reply_without_progress_stays_in_the_box_and_records_nothing(
    make_app, accounts, helpers
) -> None:
    async with _order_screen(make_app, accounts, helpers, OrderState.OPEN) as at:
        pilot, app, order = at[:3]
        await pilot.press("r", "enter", "enter", "enter")
        await helpers.settle(pilot)
        text = helpers.screen_text(app)
        assert _("{label} cannot be left empty").format(label=_("Progress")) in text
        assert not SupervisionReply.select().where(SupervisionReply.order == order).exists()


async def test_the_issuing_chief_closes_the_answered_order_from_home(
    make_app, accounts, helpers
) -> None:
    async with _order_screen(make_app, accounts, helpers, OrderState.ANSWERED, issuer=True) as at:
        pilot, app, order, chief, line = at
        assert _("Answered") in line
        open_number = _order(OrderState.OPEN).number
        assert open_number not in helpers.screen_text(app)  # awaits its reply, not closing
        await pilot.press("c")
        await helpers.settle(pilot)
        await helpers.paste(pilot, "已落实")
        await pilot.press("enter")
        await helpers.settle(pilot)
        row = SupervisionOrder.get_by_id(order.id)
        assert (row.state, row.close_note, row.closed_by.code) == (
            OrderState.CLOSED.value,
            "已落实",
            chief.code,
        )
        assert _("Closed") in helpers.screen_text(app)
        await pilot.press("escape")
        await helpers.settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert order.number not in helpers.screen_text(app)


async def test_the_clerk_who_holds_the_order_has_no_close_key(make_app, accounts, helpers) -> None:
    async with _order_screen(make_app, accounts, helpers, OrderState.ANSWERED) as at:
        pilot, app, order, holder = at[:4]
        await pilot.press("c")
        await helpers.settle(pilot)
        assert isinstance(app.screen, OrderScreen)
        assert SupervisionOrder.get_by_id(order.id).state == OrderState.ANSWERED.value
        assert Staff.get_by_id(order.owner_id).code == holder.code


def _open_gh_case() -> Case:
    """A 规划 case still open, held by a clerk, without an order yet."""
    ordered = SupervisionOrder.select(SupervisionOrder.case).where(
        SupervisionOrder.case.is_null(False)
    )
    return (
        Case.select()
        .join(Department)
        .switch(Case)
        .join(Staff, on=(Case.owner == Staff.id))
        .where(
            (Department.code == "GH")
            & Case.state.in_(OPEN_CASE_STATES)
            & (Staff.role == "clerk")
            & Case.id.not_in(ordered)
        )
        .order_by(Case.number)
        .first()
    )


async def _case_detail(pilot, helpers, account, number: str) -> None:
    await helpers.sign_in(pilot, account.code, account.pin)
    await pilot.app.push_screen(CaseDetailScreen(number))
    await helpers.settle(pilot)


async def test_the_chief_issues_an_order_from_the_case_detail(
    make_app, accounts, helpers, monkeypatch
) -> None:
    case = _open_gh_case()
    app = make_app()
    said = helpers.notes(app, monkeypatch)
    async with app.run_test(size=helpers.size) as pilot:
        await _case_detail(pilot, helpers, accounts["ghchief"], case.number)
        await pilot.press("b")
        await helpers.settle(pilot)
        _fits(helpers, app)
        await helpers.paste(pilot, "群众来电催办")
        await pilot.press("enter")
        await helpers.paste(pilot, "说明进度")
        await pilot.press("enter", "enter")  # the three reply days suggested
        await helpers.settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        [order] = SupervisionOrder.select().where(SupervisionOrder.case == case)
        assert (order.issued_by.code, order.owner_id, order.reason, order.expected) == (
            "ghchief",
            case.owner_id,
            "群众来电催办",
            "说明进度",
        )
        assert (order.reply_days, order.state) == (3, OrderState.OPEN.value)
        issued = _("Supervision order {number} issued.").format(number=order.number)
        assert issued in said


async def test_the_order_box_keeps_an_empty_expectation_and_a_clerk_has_no_key(
    make_app, accounts, helpers
) -> None:
    case = _open_gh_case()
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _case_detail(pilot, helpers, accounts["ghchief"], case.number)
        await pilot.press("b")
        await helpers.paste(pilot, "群众来电催办")
        await pilot.press("enter", "enter", "enter")
        await helpers.settle(pilot)
        empty = _("{label} cannot be left empty").format(label=_("Expected"))
        assert empty in helpers.screen_text(app)
        assert not SupervisionOrder.select().where(SupervisionOrder.case == case).exists()
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _case_detail(pilot, helpers, accounts[case.owner.code], case.number)
        await pilot.press("b")
        await helpers.settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert _("督办") not in helpers.screen_text(app).splitlines()[-2:][0]


async def test_a_chief_without_open_cases_opens_the_first_order_with_enter(
    make_app, accounts, helpers
) -> None:
    chief = accounts["ghchief"]
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, chief.code, chief.pin)
        assert app.screen.summary.open_count == 0
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, OrderScreen)
        assert app.screen.number == _order(OrderState.ANSWERED).number
