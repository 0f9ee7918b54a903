"""The lock: Ctrl+L at once, by itself when idle; nothing of the work shows; PIN or sign out."""

from time import monotonic

import pytest
from textual.widgets import Input

from counter_tui.i18n import _
from counter_tui.tui.screens.home import HomeScreen
from counter_tui.tui.screens.lock import LockScreen
from counter_tui.tui.screens.sign_in import SignInScreen

WRONG = "Wrong PIN"


async def test_ctrl_l_hides_every_case_and_the_pin_unlocks(make_app, accounts, helpers) -> None:
    clerk = accounts["hb01"]  # open cases on the home screen (ga01's are drafts)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.type_sign_in(pilot, clerk.code, clerk.pin)
        home = app.screen
        numbers = [line.number for line in home.summary.open_cases]
        assert numbers and all(number in helpers.screen_text(app) for number in numbers)

        await pilot.press("ctrl+l")
        assert isinstance(app.screen, LockScreen)
        text = helpers.screen_text(app)
        assert not any(number in text for number in numbers)
        assert not any(line.applicant.split()[0] in text for line in home.summary.open_cases)
        assert clerk.name in text and clerk.code in text  # who is signed in
        assert app.focused is app.screen.query_one("#unlock-pin", Input)

        await helpers.type_in(pilot, "0000" if clerk.pin != "0000" else "9999")
        await pilot.press("enter")
        assert isinstance(app.screen, LockScreen)
        assert app.screen.error_text == _(WRONG)

        await helpers.type_in(pilot, clerk.pin)
        await pilot.press("enter")
        assert app.screen is home
        assert all(number in helpers.screen_text(app) for number in numbers)


async def test_nothing_gets_past_the_lock_but_the_pin_or_sign_out(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.type_sign_in(pilot, clerk.code, clerk.pin)
        await pilot.press("ctrl+l")
        for key in ("f1", "question_mark", "ctrl+p", "ctrl+q", "escape", "ctrl+l"):
            await pilot.press(key)
            assert isinstance(app.screen, LockScreen), key
            assert app.is_running
        assert list(app.get_system_commands(app.screen)) == []
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, SignInScreen)
        assert app.session is None
        assert len(app.screen_stack) == 2  # the bare base screen and the sign-in


async def test_a_locked_account_can_still_sign_out(make_app, clerk, helpers) -> None:
    from counter_tui.services.auth import MAX_FAILURES

    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.type_sign_in(pilot, clerk.code, clerk.pin)
        await pilot.press("ctrl+l")
        for _attempt in range(MAX_FAILURES):
            await helpers.type_in(pilot, "0000" if clerk.pin != "0000" else "9999")
            await pilot.press("enter")
        await helpers.type_in(pilot, clerk.pin)
        await pilot.press("enter")
        assert isinstance(app.screen, LockScreen)  # the account is locked now
        assert app.screen.error_text != _(WRONG)
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, SignInScreen)


async def test_idle_workstation_locks_itself(make_app, clerk, helpers) -> None:
    app = make_app(idle_lock_seconds=300)
    async with app.run_test(size=helpers.size) as pilot:
        assert not app.lock_if_idle(now=monotonic() + 10_000)  # nobody signed in: no lock
        await helpers.type_sign_in(pilot, clerk.code, clerk.pin)
        assert not app.lock_if_idle(now=monotonic() + 290)
        assert isinstance(app.screen, HomeScreen)
        assert app.lock_if_idle(now=monotonic() + 301)
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        assert not app.lock_if_idle(now=monotonic() + 10_000)  # already locked
        assert len([s for s in app.screen_stack if isinstance(s, LockScreen)]) == 1


async def test_a_key_press_keeps_the_workstation_unlocked(make_app, clerk, helpers) -> None:
    app = make_app(idle_lock_seconds=300)
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.type_sign_in(pilot, clerk.code, clerk.pin)
        app._last_activity -= 299  # as if nobody had touched a key for 299 s
        await pilot.press("down")
        assert not app.lock_if_idle(now=monotonic() + 200)
        assert isinstance(app.screen, HomeScreen)


async def test_the_idle_timer_really_fires(make_app, clerk, helpers) -> None:
    app = make_app(idle_lock_seconds=1)
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.type_sign_in(pilot, clerk.code, clerk.pin)
        assert isinstance(app.screen, HomeScreen)
        await pilot.pause(1.6)
        assert isinstance(app.screen, LockScreen)


async def test_idle_lock_can_be_switched_off(make_app, clerk, helpers) -> None:
    app = make_app(idle_lock_seconds=0)
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.type_sign_in(pilot, clerk.code, clerk.pin)
        assert not app.lock_if_idle(now=monotonic() + 10_000)
        assert isinstance(app.screen, HomeScreen)


async def test_lock_comes_over_an_open_help_screen(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.type_sign_in(pilot, clerk.code, clerk.pin)
        await pilot.press("f1", "ctrl+l")
        assert isinstance(app.screen, LockScreen)
        await helpers.type_in(pilot, clerk.pin)
        await pilot.press("enter", "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_sign_out_returns_to_an_empty_sign_in(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.type_sign_in(pilot, clerk.code, clerk.pin)
        await pilot.press("f1", "ctrl+o")
        assert isinstance(app.screen, SignInScreen)
        assert app.session is None
        assert app.screen.query_one("#code", Input).value == ""
        assert clerk.name not in helpers.screen_text(app).split(_("PIN"))[0]
        await pilot.press("ctrl+l")  # nobody to lock
        assert isinstance(app.screen, SignInScreen)


@pytest.mark.parametrize("change", ["disabled", "locked"])
async def test_an_account_disabled_or_locked_elsewhere_ends_the_session(
    make_app, clerk, helpers, monkeypatch, change
) -> None:
    # Issue 20 item 4: the administrator disables the account, or wrong PINs lock it, at
    # another workstation; this one goes to the sign-in screen and says why.
    from datetime import timedelta

    from counter_tui.store.models import Staff, utc_now

    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.type_sign_in(pilot, clerk.code, clerk.pin)
        assert isinstance(app.screen, HomeScreen)
        app.check_account()  # the account as it was: nothing happens
        await helpers.settle(pilot)
        assert isinstance(app.screen, HomeScreen)

        notes = helpers.notes(app, monkeypatch)
        if change == "disabled":
            Staff.update(active=False).where(Staff.code == clerk.code).execute()
        else:
            later = utc_now() + timedelta(minutes=15)
            Staff.update(locked_until=later).where(Staff.code == clerk.code).execute()
        app.check_account()  # what the timer does every few seconds
        await helpers.settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert app.session is None
        reason = (
            _("This staff account is not active")
            if change == "disabled"
            else _("Too many wrong PINs: this account is locked for {minutes} more minutes").format(
                minutes=15
            )
        )
        assert notes == [_("You have been signed out: {reason}").format(reason=reason)]
