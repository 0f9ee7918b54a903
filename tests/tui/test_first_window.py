"""The 一号窗口 by keys at 80×24 (docs/rules.md §20): a clerk refers a case from its detail
(key 1, a note); the chief sees it counted at home and listed in the queue's 一号窗口
scope, takes it (K), opens it and completes it; the timeline tells the journey. A referral
is sent back (B) with a note, and a department without a 一号窗口 is refused in words."""

from case_checks import taken_case
from rich.cells import cell_len
from textual.widgets import DataTable

from counter_tui.i18n import _
from counter_tui.services.cases.queue import FIRST_WINDOW
from counter_tui.store.models import Case, Referral, Window
from counter_tui.tui.screens.case_detail import CaseDetailScreen
from counter_tui.tui.screens.queue import QueueScreen


def _rows(app) -> list[str]:
    table = app.screen.query_one("#queue-table", DataTable)
    return [str(key.value) for key in table.rows]


async def _refer(pilot, helpers, accounts, number: str, note: str) -> None:
    await helpers.sign_in(pilot, "ga01", accounts["ga01"].pin)
    await pilot.app.push_screen(CaseDetailScreen(number))
    await pilot.pause()
    await pilot.press("1")
    await pilot.pause()
    await helpers.paste(pilot, note)
    await pilot.press("enter")
    await helpers.settle(pilot)


async def _chiefs_queue(pilot) -> QueueScreen:
    """F5 from the chief's home, then S until the 一号窗口's referrals."""
    await pilot.press("f5")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, QueueScreen)
    while screen.scope != FIRST_WINDOW:
        await pilot.press("s")
    await pilot.pause()
    return screen


async def test_refer_take_decide_and_read_the_journey(
    make_app, accounts, helpers, monkeypatch
) -> None:
    number = taken_case("ga01")
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        said = helpers.notes(app, monkeypatch)
        await _refer(pilot, helpers, accounts, number, "申请人户籍存疑，请首席定夺")
        assert said[-1] == _("Referred: the case waits at the 一号窗口."), said
        referral = Referral.get(Referral.case == Case.get(Case.number == number))
        assert (referral.state, referral.note) == ("waiting", "申请人户籍存疑，请首席定夺")
        text = helpers.screen_text(app)
        assert _("Referred to the 一号窗口") in text
        assert all(cell_len(line) <= 80 for line in text.splitlines())

    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        said = helpers.notes(app, monkeypatch)
        await helpers.sign_in(pilot, "gachief", accounts["gachief"].pin)
        await helpers.settle(pilot)
        waiting = _("一号窗口: {count} ({key}, S)")
        to_take = Referral.select().where(Referral.state == "waiting").count()  # the demo's too
        assert waiting.format(count=to_take, key="F5") in helpers.screen_text(app)
        await _chiefs_queue(pilot)
        assert number in _rows(app)
        await pilot.press(*["down"] * _rows(app).index(number))
        assert _("The 一号窗口's referrals") in helpers.screen_text(app)
        await pilot.press("k")
        await helpers.settle(pilot)
        assert Referral.get(Referral.note == "申请人户籍存疑，请首席定夺").state == "taken"
        assert said[-1].startswith(
            _("Taken at the 一号窗口: {case}. Enter opens it to decide.")[:4]
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseDetailScreen)
        await pilot.press("c")  # complete: handed over at the window
        await pilot.pause()
        await pilot.press("enter")
        for _field in range(2):
            await pilot.press("enter")
            await pilot.pause()
        await helpers.settle(pilot)
        assert Case.get(Case.number == number).state == "completed"
        await pilot.press("escape")  # the decision's print preview
        await helpers.settle(pilot)
        text = helpers.screen_text(app)
        for label in ("Referred to the 一号窗口", "Taken at the 一号窗口", "Completed"):
            assert _(label) in text, text
        assert all(cell_len(line) <= 80 for line in text.splitlines())
        referral = Referral.get(Referral.note == "申请人户籍存疑，请首席定夺")
        assert (referral.outcome, referral.decision) == ("decided", "complete")


async def test_the_chief_sends_a_referral_back_with_a_note(
    make_app, accounts, helpers, monkeypatch
) -> None:
    number = taken_case("ga01")
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _refer(pilot, helpers, accounts, number, "请示")
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        said = helpers.notes(app, monkeypatch)
        await helpers.sign_in(pilot, "gachief", accounts["gachief"].pin)
        await helpers.settle(pilot)
        await _chiefs_queue(pilot)
        to_take = Referral.select().where(Referral.state == "waiting").count()
        assert _("To take: {count}").format(count=to_take) in helpers.screen_text(app)
        await pilot.press(*["down"] * _rows(app).index(number))
        await pilot.press("b")  # not taken yet: refused in words, before any note
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        assert Referral.get(Referral.note == "请示").state == "waiting"
        assert said[-1] == _("Take the referral at the 一号窗口 first"), said
        await pilot.press("k")
        await helpers.settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        await helpers.paste(pilot, "按一般程序办理")
        await pilot.press("enter")
        await helpers.settle(pilot)
        referral = Referral.get(Referral.note == "请示")
        assert (referral.outcome, referral.reply) == ("sent_back", "按一般程序办理")
        assert number not in _rows(app)


async def test_no_first_window_is_said_in_words(make_app, accounts, helpers, monkeypatch) -> None:
    number = taken_case("ga01")
    Window.update(first_window=False).execute()
    before = Referral.select().count()
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        said = helpers.notes(app, monkeypatch)
        await _refer(pilot, helpers, accounts, number, "请示")
        assert Referral.select().count() == before
        assert "一号窗口" in said[-1] and "Ctrl+W" in said[-1], said
