"""The administrator's home lists what is missing or wrong in the centre and names the
keys of the administrator's screens; a clerk's home asks nothing of it."""

from counter_tui.i18n import _
from counter_tui.store.models import Window
from counter_tui.tui import keys
from counter_tui.tui.screens.home import HomeScreen


async def test_the_admin_reads_what_to_fix(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "admin", accounts["admin"].pin)
        text = helpers.screen_text(app)
        assert _("Nothing to fix in the centre.") in text
        assert f"^E {_(keys.STAFF.label)}" in text and f"^W {_(keys.WINDOWS.label)}" in text
    Window.update(clerk_b=None).where(Window.number == 1).execute()
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "admin", accounts["admin"].pin)
        text = helpers.screen_text(app)
        assert _("To fix ({count}):").format(count=1) in text
        assert _("Window {number} has no B clerk").format(number=1) in text


async def test_a_clerks_home_has_no_list(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        assert isinstance(app.screen, HomeScreen)
        assert not app.screen.query_one("#problems").display
        assert _("Nothing to fix in the centre.") not in helpers.screen_text(app)
