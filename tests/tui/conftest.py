"""Fixtures for the Pilot and snapshot tests: the app on a copy of the demo database.

The demo database itself (``demo_db``, built once per session for a fixed day) and
the language reset come from ``tests/conftest.py``.
"""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen

from counter_tui.services.auth import sign_in as service_sign_in
from counter_tui.services.demo.seed import DemoAccount, demo_accounts
from counter_tui.tui import app as app_module
from counter_tui.tui.app import CounterApp

# The day the demo history was built for (tests/conftest.py DEMO_TODAY).
TODAY = date(2026, 11, 27)
CLERK = "ga01"  # A clerk at window 1: drafts of their own, open cases at the window
SIZE = (80, 24)


@pytest.fixture
def make_app(demo_db: str, tmp_path: Path) -> Callable[..., CounterApp]:
    """``make_app(**options)``: a CounterApp on the demo database, frozen on TODAY, that
    prints into the test's own folder (never the home directory)."""

    def make(**options: Any) -> CounterApp:
        options.setdefault("demo", True)
        options.setdefault("today", lambda: TODAY)
        options.setdefault("print_dir", tmp_path / "prints")
        return CounterApp(**options)

    return make


class Clock:
    """The app's monotonic clock (its pauses, tui/app.py), moved by the test alone: keys
    sent on a loaded machine can come late enough for the app to see a pause."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def app_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The app's clock stands still until the test moves ``now``."""
    clock = Clock()
    monkeypatch.setattr(app_module, "monotonic", clock)
    return clock


@pytest.fixture
def accounts(demo_db: str) -> dict[str, DemoAccount]:
    return {account.code: account for account in demo_accounts()}


@pytest.fixture
def clerk(accounts: dict[str, DemoAccount]) -> DemoAccount:
    return accounts[CLERK]


def screen_text(app: CounterApp) -> str:
    """What the terminal shows now, as plain text, one line per row."""
    return "\n".join(strip.text.rstrip() for strip in app.screen._compositor.render_strips())


def key_bar(app: CounterApp) -> str:
    """The key lines at the foot of the screen (one or two), as drawn."""
    from counter_tui.tui.widgets.bars import KeyBar

    return app.screen.query_one(KeyBar).render().plain


async def type_in(pilot: Pilot, text: str) -> None:
    """One key per character: where the keys are the subject."""
    await pilot.press(*text)


async def paste(pilot: Pilot, text: str) -> None:
    """``text`` pasted into the focused field, as a terminal sends it (one Paste event, the
    field's checks and handlers run as for typing): for data entry."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def burst(pilot: Pilot, keys: list[str]) -> None:
    """Keys as a card reader or a fast typist sends them: all in the app's queue before
    the first is handled (``pilot.press`` waits after each key, so it cannot show this)."""
    for key in keys:
        pilot.app.post_message(events.Key(key, "\t" if key == "tab" else key))
    await settle(pilot)


async def new_applicant(pilot: Pilot) -> Screen:
    """F2 from home, past the drafts list if the clerk has drafts, the first item found by
    "qzsn": the applicant form of a new draft."""
    from counter_tui.tui.screens.intake import ApplicantStep

    await pilot.press("f2")
    await settle(pilot)
    if not isinstance(pilot.app.screen, ApplicantStep):
        await pilot.press("f2")  # the drafts list: F2 again, a new one
        await settle(pilot)
        await type_in(pilot, "qzsn")
        await pilot.press("enter")
        await settle(pilot)
    return pilot.app.screen


def notes(app: CounterApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the app tells the clerk from now on (its notifications), in order."""
    said: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **options: said.append(message))
    return said


async def settle(pilot: Pilot) -> None:
    """Let the workers (the catalog index, a print) finish and the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def answer(pilot: Pilot, *fields: str) -> None:
    """A prompt answered: each field pasted, then Enter after it."""
    for text in fields:
        await paste(pilot, text)
        await pilot.press("enter")
        await pilot.pause()
    await settle(pilot)


async def until(pilot: Pilot, condition: Callable[[], object], seconds: float) -> bool:
    """Let the app's timers run until ``condition()`` holds, ``seconds`` at the most;
    whether it held (a display's refresh, the end of a flash)."""
    for _tick in range(max(1, round(seconds / 0.05))):
        if condition():
            return True
        await pilot.pause(0.05)
    return bool(condition())


async def type_sign_in(pilot: Pilot, code: str, pin: str) -> None:
    """Staff code, Enter, PIN, Enter: the keyboard path a clerk takes. For the tests of
    signing in, out and locking; the others take ``sign_in``."""
    await type_in(pilot, code)
    await pilot.press("enter")
    await type_in(pilot, pin)
    await pilot.press("enter")
    await settle(pilot)  # the PIN is checked in a worker thread


async def sign_in(pilot: Pilot, code: str, pin: str) -> None:
    """Signed in without typing: the service checks the code and PIN and records the
    sign-in, and the app takes the session and shows home, as the sign-in screen has it
    do once they are right (ten keys fewer per test)."""
    session = service_sign_in(code, pin)
    pilot.app.call_later(pilot.app.signed_in, session)
    await pilot.pause()


@pytest.fixture
def helpers() -> Any:
    """The helpers above, for test modules (conftest modules are not importable)."""

    class Helpers:
        today = TODAY
        size = SIZE
        screen_text = staticmethod(screen_text)
        key_bar = staticmethod(key_bar)
        type_in = staticmethod(type_in)
        paste = staticmethod(paste)
        sign_in = staticmethod(sign_in)
        type_sign_in = staticmethod(type_sign_in)
        settle = staticmethod(settle)
        answer = staticmethod(answer)
        until = staticmethod(until)
        burst = staticmethod(burst)
        new_applicant = staticmethod(new_applicant)
        notes = staticmethod(notes)

    return Helpers
