"""Sign-in by keyboard alone; errors under the form; hostile input is only data."""

import threading

from textual import events
from textual.command import CommandPalette
from textual.widgets import DataTable, Input

from counter_tui.i18n import _
from counter_tui.services import auth
from counter_tui.services.auth import LOCK_MINUTES, MAX_FAILURES, StaffSession
from counter_tui.store.models import Staff
from counter_tui.tui import keys
from counter_tui.tui.screens import sign_in as sign_in_screen
from counter_tui.tui.screens.home import HomeScreen
from counter_tui.tui.screens.sign_in import SignInScreen

WRONG = "Wrong staff code or PIN"
LOCKED = "Too many wrong PINs: this account is locked for {minutes} more minutes"


async def test_clerk_signs_in_by_keyboard_alone(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        assert isinstance(app.screen, SignInScreen)
        assert app.focused is app.screen.query_one("#code", Input)
        await helpers.type_sign_in(pilot, clerk.code, clerk.pin)
        assert isinstance(app.screen, HomeScreen)
        assert app.session is not None and app.session.code == clerk.code
        text = helpers.screen_text(app)
        assert clerk.name in text
        assert _("Window {number}").format(number=1) in text
        assert app.title in text  # the centre's name heads the screen


async def test_the_centre_heads_the_screen_and_its_keys_are_at_the_foot(make_app, helpers) -> None:
    """The sign-in screen's own title and key lines (no Header, no Footer: issue 10)."""
    app = make_app(keymap={keys.QUIT.id: "ctrl+b"})
    async with app.run_test(size=helpers.size):
        lines = helpers.screen_text(app).splitlines()
        assert app.title in lines[0] and _("Sign in") in lines[0]
        hints = lines[-1]
        for key, label in (
            ("Enter", _("Sign in")),
            ("F1", _(keys.HELP.label)),
            ("^B", _(keys.QUIT.label)),  # the keymap's key, not Ctrl+Q
            ("^P", _(keys.COMMANDS.label)),
        ):
            assert f"{key} {label}" in hints


async def test_enter_moves_from_code_to_pin(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.type_in(pilot, clerk.code)
        await pilot.press("enter")
        assert app.focused is app.screen.query_one("#pin", Input)
        assert app.screen.error_text == ""


async def test_empty_fields_ask_for_what_is_missing(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await pilot.press("enter")
        assert app.screen.error_text == _("Enter your staff code")
        assert app.focused is app.screen.query_one("#code", Input)
        await helpers.type_in(pilot, clerk.code)
        await pilot.press("enter", "enter")
        assert app.screen.error_text == _("Enter your PIN")
        assert isinstance(app.screen, SignInScreen)


async def test_wrong_pin_shows_the_error_and_stays(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.type_sign_in(pilot, clerk.code, clerk.pin + "9")
        assert isinstance(app.screen, SignInScreen)
        assert app.session is None
        assert app.screen.error_text == _(WRONG)
        assert _(WRONG) in helpers.screen_text(app)
        pin = app.screen.query_one("#pin", Input)
        assert pin.value == "" and app.focused is pin
        # The code stays: the PIN again is enough.
        assert app.screen.query_one("#code", Input).value == clerk.code
        await helpers.type_in(pilot, clerk.pin)
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_repeated_wrong_pins_lock_the_account(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.type_in(pilot, clerk.code)
        await pilot.press("enter")
        wrong_pin = "0000" if clerk.pin != "0000" else "9999"
        for _attempt in range(MAX_FAILURES - 1):
            await helpers.type_in(pilot, wrong_pin)
            await pilot.press("enter")
            await helpers.settle(pilot)
            assert app.screen.error_text == _(WRONG)
        # The last wrong PIN says at once that the account is now locked.
        await helpers.type_in(pilot, wrong_pin)
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert app.screen.error_text == _(LOCKED).format(minutes=LOCK_MINUTES)
        # Even the right PIN is refused now, and the message says why.
        await helpers.type_in(pilot, clerk.pin)
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert app.screen.error_text == _(LOCKED).format(minutes=LOCK_MINUTES)
        assert app.session is None


async def test_the_pin_is_checked_off_the_event_loop_and_once_per_try(
    make_app, clerk, helpers, monkeypatch
) -> None:
    release = threading.Event()
    checks: list[bool] = []  # per check: on the event loop's thread
    loop_thread = threading.current_thread()

    def held_sign_in(code: str, pin: str) -> StaffSession:
        checks.append(threading.current_thread() is loop_thread)
        release.wait(10)
        return auth.sign_in(code, pin)

    monkeypatch.setattr(sign_in_screen, "sign_in", held_sign_in)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.type_in(pilot, clerk.code)
        await pilot.press("enter")
        await helpers.type_in(pilot, "0000" if clerk.pin != "0000" else "9999")
        await pilot.press("enter", "enter", "enter")  # impatient: the check is running
        await pilot.press("ctrl+p")  # the screen still answers: the palette opens
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        release.set()
        await helpers.settle(pilot)
        assert checks == [False]  # one check, in a worker thread
        assert app.screen.error_text == _(WRONG)
        staff = Staff.get(Staff.code == clerk.code)
        assert staff.failed_attempts == 1  # the wrong PIN counted once


async def test_markup_in_the_code_is_shown_as_typed(make_app, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.type_in(pilot, "[red]x[/]")
        await pilot.press("enter")
        code = app.screen.query_one("#code", Input)
        assert code.value == "[red]x[/]"
        await helpers.type_in(pilot, "1234")
        await pilot.press("enter")
        assert isinstance(app.screen, SignInScreen)
        assert app.screen.error_text == _(WRONG)
        assert "[red]x[/]" in helpers.screen_text(app)


async def test_control_characters_never_reach_the_fields(make_app, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        code = app.screen.query_one("#code", Input)
        code.post_message(events.Paste("\x1b[2J\x07"))
        await pilot.pause()
        assert "\x1b" not in code.value and "\x07" not in code.value
        # Pressed as keys, ESC is a key, the rest are characters: no crash, an error.
        await pilot.press("escape", *"[2J", "enter", *"1234", "enter")
        assert isinstance(app.screen, SignInScreen)
        assert app.screen.error_text == _(WRONG)


async def test_control_characters_set_directly_are_refused_and_not_echoed(
    make_app, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        code = app.screen.query_one("#code", Input)
        pin = app.screen.query_one("#pin", Input)
        code.value = "\x1b[2J\x1b]0;pwned\x07"
        pin.value = "\x00\x1b1234"
        assert code.value == "[2J]0;pwned" and pin.value == "1234"
        pin.focus()
        await pilot.press("enter")
        assert app.screen.error_text == _(WRONG)
        assert "\x1b" not in helpers.screen_text(app)
        assert "[2J]0;pwned" in helpers.screen_text(app)


async def test_very_long_input_is_an_error_not_a_crash(make_app, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        code = app.screen.query_one("#code", Input)
        code.post_message(events.Paste("x" * 500))
        await pilot.pause()
        assert code.value == ""  # longer than the field takes: refused as a whole
        await helpers.type_in(pilot, "y" * 70)
        assert code.value == "y" * 64  # typing stops at the field's length
        await pilot.press("enter", *"1234", "enter")
        await helpers.settle(pilot)
        assert app.screen.error_text == _(WRONG)
        code.value = "码" * 500  # however it got there
        code.focus()
        await pilot.press("enter", *"1234", "enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert app.screen.error_text == _(WRONG)
        # Still a tidy screen of 24 lines.
        assert len(helpers.screen_text(app).splitlines()) == helpers.size[1]


async def test_demo_accounts_are_listed_and_a_row_fills_the_code(
    make_app, accounts, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        table = app.screen.query_one("#demo-accounts", DataTable)
        assert table.row_count == len(accounts) > 0
        first = next(iter(accounts.values()))
        assert first.code in helpers.screen_text(app)
        await pilot.press("tab", "tab")  # code → PIN → the table
        assert app.focused is table
        await pilot.press("enter")
        assert app.screen.query_one("#code", Input).value == first.code
        assert app.focused is app.screen.query_one("#pin", Input)
        await helpers.type_in(pilot, first.pin)
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_no_demo_accounts_outside_demo_mode(make_app, clerk, helpers) -> None:
    app = make_app(demo=False)
    async with app.run_test(size=helpers.size):
        assert not app.screen.query("#demo-accounts")
        assert clerk.pin not in helpers.screen_text(app)


async def test_the_interface_works_in_english(make_app, clerk, accounts, helpers) -> None:
    from counter_tui.i18n import set_language

    set_language("en")  # the autouse fixture switches back to zh_CN afterwards
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        text = helpers.screen_text(app)
        assert "Staff code" in text and "Staff sign-in" in text
        # Each practice account in view has its PIN beside its code, however long its role.
        shown = [account for account in accounts.values() if f" {account.code} " in text]
        assert len(shown) >= 5
        for account in shown:
            assert f" {account.code} {account.pin} " in " ".join(text.split()), account
        await helpers.type_sign_in(pilot, clerk.code, "0000" if clerk.pin != "0000" else "9")
        assert app.screen.error_text == WRONG
        await helpers.type_in(pilot, clerk.pin)
        await pilot.press("enter")
        await helpers.settle(pilot)
        text = helpers.screen_text(app)
        assert "Window 1" in text
        assert "Open cases:" in text
        # English words are longer: at 80 columns the footer ends after the lock key (F1
        # and the palette list the rest).
        assert "F5 Queue" in text and "^L Lock" in text


async def test_a_burst_of_keys_with_tab_fills_each_field(make_app, clerk, helpers) -> None:
    # Textual's own Tab moved the focus only after the keys behind it had gone into the
    # field it left: "ga011101" in the code, nothing in the PIN.
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.burst(pilot, [*clerk.code, "tab", *clerk.pin])
        assert app.screen.query_one("#code", Input).value == clerk.code
        assert app.screen.query_one("#pin", Input).value == clerk.pin
