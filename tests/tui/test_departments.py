"""The administrator's departments (Ctrl+A): names, reconsideration body and delegation
changed by keyboard, the chief's signature switched, a department added; a refusal is
shown in the service's words and changes nothing; a clerk cannot open the screen."""

from counter_tui.store.models import Department
from counter_tui.tui.screens.departments import DepartmentsScreen
from counter_tui.tui.screens.prompts import FieldsPrompt


def _department(code: str) -> Department:
    return Department.get(Department.code == code)


async def _open(pilot, helpers, accounts) -> DepartmentsScreen:
    await helpers.sign_in(pilot, "admin", accounts["admin"].pin)
    await pilot.press("ctrl+a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, DepartmentsScreen)
    return pilot.app.screen


async def test_a_department_is_changed_and_switched(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _open(pilot, helpers, accounts)  # GA, the first row
        signs = _department("GA").chief_signs_refusals
        await pilot.press("s")
        await pilot.pause()
        assert _department("GA").chief_signs_refusals is not signs
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FieldsPrompt)
        await pilot.press("enter", "enter")  # the names kept
        await pilot.press("ctrl+u")
        await helpers.paste(pilot, "示范市人民政府")
        await pilot.press("enter", "ctrl+u")
        await helpers.paste(pilot, "示公授〔2026〕1号")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DepartmentsScreen)
    department = _department("GA")
    assert department.reconsideration_body == "示范市人民政府"
    assert department.delegation == "示公授〔2026〕1号"


async def test_a_taken_short_name_is_refused(make_app, accounts, helpers) -> None:
    before = _department("GA").short_name
    other = _department("HB").short_name
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _open(pilot, helpers, accounts)
        await pilot.press("enter", "enter", "ctrl+u")
        await helpers.paste(pilot, other)
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
        notes = [str(n.message) for n in app._notifications]
        assert any(other in n for n in notes)
    assert _department("GA").short_name == before


async def test_a_department_is_added(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _open(pilot, helpers, accounts)
        await pilot.press("a")
        await pilot.pause()
        for text in ("SW", "示范市商务局", "示商务"):
            await helpers.paste(pilot, text)
            await pilot.press("enter")
        await pilot.pause()
        assert "示范市商务局" in helpers.screen_text(app)
    assert _department("SW").short_name == "示商务"


async def test_a_clerk_has_no_departments_screen(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "ga01", accounts["ga01"].pin)
        await pilot.press("ctrl+a")
        await pilot.pause()
        assert not isinstance(app.screen, DepartmentsScreen)
