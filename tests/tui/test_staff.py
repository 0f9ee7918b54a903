"""The administrator's staff (Ctrl+E): a PIN reset (typed twice, masked), a lock cleared, an
account disabled and enabled, one added; a refusal is shown in the service's words and
changes nothing; a clerk cannot open the screen and is told whose it is."""

import pytest

from counter_tui.i18n import _
from counter_tui.services import auth
from counter_tui.services.auth import sign_in
from counter_tui.services.errors import AuthError
from counter_tui.store.models import Staff
from counter_tui.tui.screens.prompts import AccountPrompt
from counter_tui.tui.screens.staff import StaffScreen

PIN = "802461"


def _staff(code: str) -> Staff:
    return Staff.get(Staff.code == code)


async def _open(pilot, helpers, accounts, code: str | None = None) -> StaffScreen:
    await helpers.sign_in(pilot, "admin", accounts["admin"].pin)
    await pilot.press("ctrl+e")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, StaffScreen)
    if code is not None:
        row = [line.code for line in screen.lines].index(code)
        screen.table.move_cursor(row=row, animate=False)
        await pilot.pause()
    return screen


async def _pins(pilot, helpers, first: str, again: str) -> None:
    await helpers.paste(pilot, first)
    await pilot.press("enter")
    await helpers.paste(pilot, again)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_pin_is_reset_twice_typed(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _open(pilot, helpers, accounts, "ga02")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, AccountPrompt)
        await _pins(pilot, helpers, PIN, "802462")
        assert isinstance(app.screen, AccountPrompt)  # they differ: asked again
        assert _("The two PINs differ") in helpers.screen_text(app)
        assert PIN not in helpers.screen_text(app)  # masked
        await _pins(pilot, helpers, PIN, PIN)
        assert isinstance(app.screen, StaffScreen)
        assert _staff("ga02").must_change_pin
        assert _("one-time PIN") in helpers.screen_text(app)
    assert sign_in("ga02", PIN).must_change_pin


async def test_a_guessable_pin_is_refused_in_the_services_words(
    make_app, accounts, helpers
) -> None:
    before = _staff("ga02").pin_hash
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _open(pilot, helpers, accounts, "ga02")
        await pilot.press("p")
        await pilot.pause()
        await _pins(pilot, helpers, "111111", "111111")
        assert isinstance(app.screen, StaffScreen)
    assert _staff("ga02").pin_hash == before


async def test_a_locked_account_is_unlocked(make_app, accounts, helpers) -> None:
    for _attempt in range(auth.MAX_FAILURES):
        with pytest.raises(AuthError):
            sign_in("ga03", "wrong-pin")
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _open(pilot, helpers, accounts, "ga03")
        assert _("locked") in helpers.screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert _staff("ga03").locked_until is None
    assert sign_in("ga03", accounts["ga03"].pin)


async def test_disable_and_enable_and_a_refusal(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _open(pilot, helpers, accounts, "ga01")  # A clerk at window 1: open work
        await pilot.press("d")
        await pilot.pause()
        assert _staff("ga01").active
        notes = [str(n.message) for n in app._notifications]
        assert any(_staff("ga01").name in n for n in notes)  # the open work, said
        screen = app.screen
        row = [line.code for line in screen.lines].index("gadeputy")
        screen.table.move_cursor(row=row, animate=False)
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert not _staff("gadeputy").active
        assert _("disabled") in helpers.screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert _staff("gadeputy").active


async def test_an_account_is_added(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _open(pilot, helpers, accounts)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AccountPrompt)
        await helpers.paste(pilot, "ga06")
        await pilot.press("enter")
        await helpers.paste(pilot, "陈新")
        await pilot.press("enter", "enter")  # the role: clerk, as offered
        await helpers.paste(pilot, "GA")
        await pilot.press("enter")
        await _pins(pilot, helpers, PIN, PIN)
        assert isinstance(app.screen, StaffScreen)
        assert "陈新" in helpers.screen_text(app)
    added = _staff("ga06")
    assert (added.role, added.department.code, added.must_change_pin) == ("clerk", "GA", True)


async def test_a_clerk_is_told_whose_screen_it_is(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "ga01", accounts["ga01"].pin)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert not isinstance(app.screen, StaffScreen)
        notes = [str(n.message) for n in app._notifications]
        assert any(_("the administrator") in n for n in notes)
