"""The shared PostgreSQL database out of reach under a clerk's intake (issue 20), made for
real: the server ends the workstation's connection and refuses new ones for a while. The
clerk reads why, nothing typed is lost, and the next try goes on once it is back."""

import os

import psycopg
import pytest
from textual.widgets import Input

from counter_tui.i18n import _
from counter_tui.store.models import Case, database_proxy
from counter_tui.tui.screens.intake import ApplicantStep

ADMIN = os.environ.get("COUNTER_TUI_TEST_POSTGRES", "")
# Without a server there is nothing to cut; CI always has one (tests/conftest.py).
pytestmark = pytest.mark.skipif(not ADMIN, reason="needs COUNTER_TUI_TEST_POSTGRES")


@pytest.fixture
def db_engine() -> str:
    return "postgresql"


def _out_of_reach(allowed: bool) -> None:
    """Connections to the workstation's database refused (and the one it has ended), or
    allowed again."""
    name = database_proxy.obj.database
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}')
        if not allowed:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )


async def test_the_intake_waits_out_the_database_and_keeps_what_was_typed(
    make_app, clerk, helpers, monkeypatch
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await helpers.settle(pilot)
        form = await helpers.new_applicant(pilot)
        assert isinstance(form, ApplicantStep)
        notes = helpers.notes(app, monkeypatch)
        _out_of_reach(allowed=False)
        try:
            await helpers.paste(pilot, "王小明")
            await pilot.press("f9")  # the draft is saved on the way: refused, said why
            await helpers.settle(pilot)
            assert app.is_running and app.screen is form
            assert form.query_one("#name", Input).value == "王小明"
            reached = _(
                "The database cannot be reached just now: {reason}. Nothing on the screen "
                "is lost; try again in a moment."
            ).split("{")[0]
            assert any(note.startswith(reached) for note in notes), notes
        finally:
            _out_of_reach(allowed=True)
        await pilot.press("f9")
        await helpers.settle(pilot)
        assert Case.get(Case.number == form.number).applicant_name == "王小明"


async def test_the_hall_devices_wait_out_the_database_and_go_on(
    demo_db: str, helpers, tmp_path
) -> None:
    """The calling display, the ticket kiosk and the rating pad (docs/rules.md §24) keep
    running with a line that says the database is away, and go on by themselves once it
    is back."""
    from counter_tui.domain.tickets import DeviceKind
    from counter_tui.services.centre.devices import device_of_kind
    from counter_tui.store.models import Ticket
    from counter_tui.tui.hall.display import DisplayApp
    from counter_tui.tui.hall.kiosk import KioskApp, Step
    from counter_tui.tui.hall.pad import PadApp

    away = _("The database cannot be reached just now; trying again…")
    board = DisplayApp(
        device_of_kind("display-1", DeviceKind.DISPLAY),
        today=lambda: helpers.today,
        refresh_seconds=0.2,
    )
    async with board.run_test(size=helpers.size) as pilot:
        await pilot.pause()
        shown = [call.label for call in board.calls]
        assert shown and away not in helpers.screen_text(board)
        _out_of_reach(allowed=False)
        try:
            assert await helpers.until(pilot, lambda: board.away, 2.0)
            await pilot.pause()
            assert board.is_running and away in helpers.screen_text(board)
            assert [call.label for call in board.calls] == shown  # what was shown stays
        finally:
            _out_of_reach(allowed=True)
        assert await helpers.until(pilot, lambda: not board.away, 2.0)
        await pilot.pause()
        assert away not in helpers.screen_text(board)

    before = Ticket.select().count()
    kiosk = KioskApp(
        device_of_kind("kiosk-1", DeviceKind.KIOSK),
        print_dir=tmp_path / "tickets",
        today=lambda: helpers.today,
    )
    async with kiosk.run_test(size=helpers.size) as pilot:
        await pilot.press("1")
        _out_of_reach(allowed=False)
        try:
            await pilot.press("enter")
            await pilot.pause()
            assert kiosk.is_running and kiosk.step is Step.PRIORITY
            assert away in helpers.screen_text(kiosk)
        finally:
            _out_of_reach(allowed=True)
        await pilot.press("enter")  # the visitor presses again
        await pilot.pause()
        assert kiosk.step is Step.RECEIPT and away not in helpers.screen_text(kiosk)
        await helpers.settle(pilot)
    assert Ticket.select().count() == before + 1

    # The rating pad of window 2: idle, away, back; what it shows stays meanwhile.
    pad = PadApp(device_of_kind("pad-02", DeviceKind.PAD), today=lambda: helpers.today)
    async with pad.run_test(size=helpers.size) as pilot:
        await pilot.pause()
        window = _("Window {n}").format(n=2)
        assert window in helpers.screen_text(pad) and away not in helpers.screen_text(pad)
        _out_of_reach(allowed=False)
        try:
            assert await helpers.until(pilot, lambda: pad.away, 2.0)
            await pilot.pause()
            assert pad.is_running and away in helpers.screen_text(pad)
            assert window in helpers.screen_text(pad)
        finally:
            _out_of_reach(allowed=True)
        assert await helpers.until(pilot, lambda: not pad.away, 2.0)
