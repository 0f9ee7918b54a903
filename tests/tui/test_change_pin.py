"""The first sign-in with a one-time PIN: the new PIN typed twice before home opens;
nothing else gets past it but signing out."""

import pytest

from counter_tui.domain.centre import CentreError, check_chosen_pin
from counter_tui.i18n import _, explain
from counter_tui.services.centre.staff import add_staff
from counter_tui.store.models import Staff
from counter_tui.tui.screens.change_pin import ChangePinScreen
from counter_tui.tui.screens.home import HomeScreen
from counter_tui.tui.screens.sign_in import SignInScreen

ONE_TIME = "802461"
OWN = "735913"


@pytest.fixture
def newcomer(demo_db: str) -> str:
    """A clerk of 公安 given a one-time PIN by the administrator."""
    add_staff(None, "ga06", "新人", "clerk", ONE_TIME, "GA")
    return "ga06"


async def _choose(pilot, helpers, pin: str, again: str) -> None:
    await helpers.type_in(pilot, pin)
    await pilot.press("enter")
    await helpers.type_in(pilot, again)
    await pilot.press("enter")
    await helpers.settle(pilot)  # the PIN is saved in a worker thread


async def test_the_new_pin_is_typed_twice_before_home(make_app, helpers, newcomer) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.type_sign_in(pilot, newcomer, ONE_TIME)
        assert isinstance(app.screen, ChangePinScreen)
        screen = app.screen
        for key in ("f2", "f5", "f1", "ctrl+p", "ctrl+l", "escape"):
            await pilot.press(key)
            assert app.screen is screen, key
        await _choose(pilot, helpers, OWN, "735914")
        assert screen.error_text == _("The two PINs differ")
        await _choose(pilot, helpers, "111111", "111111")
        with pytest.raises(CentreError) as guessable:
            check_chosen_pin("111111")
        assert screen.error_text == explain(guessable.value)
        await _choose(pilot, helpers, ONE_TIME, ONE_TIME)
        assert screen.error_text == _("Choose a PIN other than the current one")
        assert Staff.get(Staff.code == newcomer).must_change_pin
        await _choose(pilot, helpers, OWN, OWN)
        assert isinstance(app.screen, HomeScreen)
        assert not app.session.must_change_pin
        assert not Staff.get(Staff.code == newcomer).must_change_pin


async def test_someone_else_signs_out_instead(make_app, helpers, newcomer) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.type_sign_in(pilot, newcomer, ONE_TIME)
        assert isinstance(app.screen, ChangePinScreen)
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, SignInScreen) and app.session is None
        assert Staff.get(Staff.code == newcomer).must_change_pin
