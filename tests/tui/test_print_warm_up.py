"""The first print of a session is prepared in the background once the clerk has signed
in and paused (fpdf2's import and the font: about 500 ms it would otherwise take), and the
day's screens imported; what the session keeps is set aside from the garbage collector at
home; the process's first sign-in is prepared while the sign-in screen waits (issue 17)."""

import gc
import threading
from collections.abc import Callable

from counter_tui.services import calendar
from counter_tui.services.auth import sign_in
from counter_tui.tui import app as app_module
from counter_tui.tui import printing
from counter_tui.tui.screens.cases import FindCaseScreen


async def _until(pilot, condition: Callable[[], object]) -> None:
    """Up to 2 s of the app's turns, until ``condition()`` holds; the test then asserts."""
    for _ in range(100):
        if condition():
            return
        await pilot.pause(0.02)


def _recorder(into: list[tuple[str, bool]]) -> Callable[[str], None]:
    """Records each name it is called with, and whether on this (the event loop's) thread."""
    loop_thread = threading.current_thread()
    return lambda name: into.append((name, threading.current_thread() is loop_thread))


async def test_the_first_print_is_prepared_in_a_thread_after_sign_in(
    make_app, clerk, helpers, monkeypatch
) -> None:
    warmed: list[bool] = []  # per warm-up: on the event loop's thread
    loop_thread = threading.current_thread()
    monkeypatch.setattr(
        printing, "warm_up", lambda: warmed.append(threading.current_thread() is loop_thread)
    )
    imported: list[tuple[str, bool]] = []  # the screens of the day, and where
    monkeypatch.setattr(printing, "import_module", _recorder(imported))
    monkeypatch.setattr(app_module, "WARM_UP_AFTER", 0.05)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await pilot.pause(0.2)
        assert warmed == [] and imported == []  # nobody signed in: nothing to prepare yet
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await _until(pilot, lambda: bool(warmed))
        await helpers.settle(pilot)
        assert warmed == [False]  # once, in a worker thread
        assert imported == [(name, False) for name in app_module.SESSION_SCREENS]
        assert "counter_tui.tui.screens.queue" in app_module.SESSION_SCREENS


async def test_what_the_session_keeps_is_frozen_at_the_first_pause_after_sign_in(
    make_app, clerk, helpers, monkeypatch, app_clock
) -> None:
    """Not on the sign-in key, which the collection took 60 to 150 ms of (issue 17): the
    clerk's clock stands still at the key until the test lets a pause pass."""
    monkeypatch.setattr(app_module, "WARM_UP_AFTER", 3600)  # no print warm-up in the test
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await pilot.pause(0.1)
        assert gc.get_freeze_count() == 0  # nobody signed in: nothing kept yet
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await _until(pilot, lambda: app.guide_index is not None)
        await pilot.pause(0.5)  # the app's checks come and go; no pause since the key
        assert gc.get_freeze_count() == 0
        app_clock.now += app_module.FREE_AFTER
        await _until(pilot, gc.get_freeze_count)
        # The session's objects are out of the collector's walks, its home screen too.
        assert gc.get_freeze_count() > 1000
        await pilot.press("ctrl+o")
        await helpers.settle(pilot)
        assert gc.get_freeze_count() == 0
    assert gc.get_freeze_count() == 0


async def test_nothing_is_frozen_while_a_screen_is_open_over_home(
    make_app, clerk, helpers, monkeypatch
) -> None:
    monkeypatch.setattr(printing, "warm_up", lambda: None)
    monkeypatch.setattr(app_module, "WARM_UP_AFTER", 0.05)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        # Signed in and a screen opened at once, before the warm-up's first turn: the
        # clerk leaves it open a while, then closes it.
        app.call_later(app.signed_in, sign_in(clerk.code, clerk.pin))
        app.call_later(app.action_find_case)
        await pilot.pause(0.5)
        assert isinstance(app.screen, FindCaseScreen)
        assert gc.get_freeze_count() == 0
        await pilot.press("escape")
        await _until(pilot, gc.get_freeze_count)
        assert gc.get_freeze_count() > 1000  # home alone in front again: frozen


async def test_a_freeze_due_as_the_app_closes_does_nothing(make_app, clerk, helpers) -> None:
    """The freeze can come due while the app shuts down, with no screen left: under load
    this raised ScreenStackError at the end of a session."""
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
    assert app.session is not None and not app.screen_stack
    app._set_aside_due = True
    app._set_aside_the_session()  # no screen to look at: nothing happens
    assert gc.get_freeze_count() == 0


async def test_the_first_sign_in_is_prepared_in_a_thread_while_the_sign_in_screen_waits(
    make_app, clerk, helpers, monkeypatch, app_clock
) -> None:
    """The calendar's estimated years and home's modules, about 100 ms of the process's
    first sign-in otherwise (issue 17): not while keys come, and not on the event loop."""
    prepared: list[tuple[str, bool]] = []
    record, estimates = _recorder(prepared), calendar.statutory_estimates

    def counted_estimates() -> object:
        record("estimates")
        return estimates()

    monkeypatch.setattr(calendar, "statutory_estimates", counted_estimates)
    monkeypatch.setattr(app_module, "import_module", record)
    monkeypatch.setattr(app_module, "WARM_UP_AFTER", 0.05)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await pilot.pause(0.3)  # the app's checks come and go; the clerk's clock stands still
        assert prepared == []
        app_clock.now += 1  # a pause longer than WARM_UP_AFTER
        await _until(pilot, lambda: len(prepared) == 2)
        assert prepared == [("estimates", False), (app_module.HOME_SCREEN, False)]
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        assert type(app.screen).__name__ == "HomeScreen"


async def test_a_clerk_who_signs_in_at_once_is_not_prepared_for_afterwards(
    make_app, clerk, helpers, monkeypatch, app_clock
) -> None:
    prepared: list[str] = []
    monkeypatch.setattr(app_module, "prepare_first_sign_in", lambda: prepared.append("late"))
    monkeypatch.setattr(app_module, "WARM_UP_AFTER", 0.05)
    monkeypatch.setattr(printing, "warm_up", lambda: None)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        app_clock.now += 1  # a pause longer than WARM_UP_AFTER
        await pilot.pause(0.3)
        assert app.session is not None and prepared == []
