"""The administrator's windows (Ctrl+W): set a window's A and B clerk by keyboard; a
clerk of another department is refused with the service's words and nothing changes;
the 一号窗口 moves with F, the 综合窗口 mark is put on and off with C (never both on one
window), a window is added with A (issue 18)."""

from counter_tui.i18n import _
from counter_tui.store.models import Window
from counter_tui.tui.screens.prompts import FieldsPrompt
from counter_tui.tui.screens.windows import WindowsScreen


def clerks(number: int) -> tuple[str, str]:
    window = Window.get(Window.number == number)
    return window.clerk_a.code, window.clerk_b.code


async def _set_b(pilot, helpers, code: str) -> None:
    await pilot.press("enter")  # window 1, the first row
    await pilot.pause()
    assert isinstance(pilot.app.screen, FieldsPrompt)
    await pilot.press("enter")  # A kept
    await pilot.press("ctrl+u")  # B cleared, then typed
    await helpers.paste(pilot, code)
    await pilot.press("enter", "enter")  # the phone kept; confirmed
    await pilot.pause()


async def test_the_admin_sets_a_windows_b_clerk(make_app, accounts, helpers) -> None:
    assert clerks(1) == ("ga01", "ga02")
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "admin", accounts["admin"].pin)
        await pilot.press("ctrl+w")
        await pilot.pause()
        assert isinstance(app.screen, WindowsScreen)
        await _set_b(pilot, helpers, "hb02")  # another department's clerk
        assert clerks(1) == ("ga01", "ga02")
        await _set_b(pilot, helpers, "ga05")
        assert clerks(1) == ("ga01", "ga05")
        assert "陈晓燕 ga05" in helpers.screen_text(app)


async def test_a_clerk_has_no_windows_screen(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "ga01", accounts["ga01"].pin)
        await pilot.press("ctrl+w")
        await pilot.pause()
        assert not isinstance(app.screen, WindowsScreen)


async def test_the_admin_moves_the_first_window_and_adds_a_window(
    make_app, accounts, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "admin", accounts["admin"].pin)
        await pilot.press("ctrl+w")
        await pilot.pause()
        assert Window.get(Window.number == 1).first_window
        await pilot.press("down", "f")  # window 2 becomes 公安's 一号窗口
        await pilot.pause()
        assert Window.get(Window.number == 2).first_window
        assert not Window.get(Window.number == 1).first_window
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FieldsPrompt)
        for typed in ("9", "GA", "0571-86801009"):
            await helpers.paste(pilot, typed)
            await pilot.press("enter")
        await helpers.settle(pilot)
        added = Window.get(Window.number == 9)
        assert (added.department.code, added.phone) == ("GA", "0571-86801009")
        assert "0571-86801009" in helpers.screen_text(app)


def _marks() -> dict[int, tuple[bool, bool]]:
    return {w.number: (w.first_window, w.comprehensive) for w in Window.select()}


async def test_the_admin_marks_a_comprehensive_window(
    make_app, accounts, helpers, monkeypatch
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        said = helpers.notes(app, monkeypatch)
        await helpers.sign_in(pilot, "admin", accounts["admin"].pin)
        await pilot.press("ctrl+w")
        await pilot.pause()
        assert _("综合窗口") in helpers.screen_text(app)  # window 8's type
        await pilot.press("c")  # window 1, 公安's 一号窗口: refused, in words
        await pilot.pause()
        assert _marks()[1] == (True, False)
        assert "综合窗口" in said[-1] and "1" in said[-1], said
        await pilot.press("down", "c")  # window 2 becomes a comprehensive window
        await pilot.pause()
        assert _marks()[2] == (False, True)
        await pilot.press("f")  # and not also the 一号窗口
        await pilot.pause()
        assert _marks()[2] == (False, True) and _marks()[1] == (True, False)
        assert len(said) == 2 and "综合窗口" in said[-1], said
        await pilot.press("c")  # the mark comes off
        await pilot.pause()
        assert _marks()[2] == (False, False)
