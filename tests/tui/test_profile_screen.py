"""The administrator's centre profile (F12 or Ctrl+J): changed in one box by keyboard; bad
opening hours are refused in the service's words and change nothing; a clerk cannot open
the screen."""

from counter_tui.services.profile import centre_profile
from counter_tui.tui.screens.profile import EDITABLE, ProfileScreen
from counter_tui.tui.screens.prompts import FieldsPrompt


async def _edit(pilot, helpers, accounts, court: str, monday: str) -> None:
    await helpers.sign_in(pilot, "admin", accounts["admin"].pin)
    await pilot.press("ctrl+j")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ProfileScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FieldsPrompt)
    await pilot.press(*["enter"] * (len(EDITABLE) - 1), "ctrl+u")
    await helpers.paste(pilot, court)
    await pilot.press("enter", "ctrl+u")
    await helpers.paste(pilot, monday)
    await pilot.press(*["enter"] * 7)
    await pilot.pause()


async def test_the_profile_is_changed(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _edit(pilot, helpers, accounts, "示范市第二人民法院", "09:00-12:00,14:00-17:30")
        assert isinstance(app.screen, ProfileScreen)
        assert "示范市第二人民法院" in helpers.screen_text(app)
    profile = centre_profile()
    assert profile.court == "示范市第二人民法院"
    assert profile.hours_of("mon") == "09:00-12:00,14:00-17:30"


async def test_bad_hours_change_nothing(make_app, accounts, helpers) -> None:
    before = centre_profile()
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _edit(pilot, helpers, accounts, "示范市第二人民法院", "17:00-09:00")
        notes = [str(n.message) for n in app._notifications]
        assert any("17:00-09:00" in n for n in notes)
    assert centre_profile() == before


async def test_a_clerk_has_no_profile_screen(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "ga01", accounts["ga01"].pin)
        for key in ("ctrl+j", "f12"):
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, ProfileScreen)
