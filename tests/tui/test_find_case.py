"""Finding a case (F8): the search runs in a worker thread, results of a text the field no
longer holds are dropped, and Enter typed before the results opens the case they bring."""

import threading

from textual.widgets import Input

from counter_tui.services.cases import finding
from counter_tui.tui.screens import cases as cases_screen
from counter_tui.tui.screens.cases import FindCaseScreen


async def _shown(pilot, screen: FindCaseScreen, text: str) -> None:
    """Wait (the event loop running) until the table shows the results of ``text``."""
    for _ in range(200):
        if screen._shown == text:
            return
        await pilot.pause(0.02)
    raise AssertionError(f"the results of {text!r} never showed")


async def test_a_slow_search_leaves_the_screen_answering_and_its_late_results_are_dropped(
    make_app, clerk, helpers, monkeypatch
) -> None:
    release = threading.Event()
    searched: list[tuple[str, bool]] = []  # (text, on the event loop's thread)
    loop_thread = threading.current_thread()

    def slow_first(session, query, limit=20):
        searched.append((query, threading.current_thread() is loop_thread))
        if query == "GA":
            release.wait(10)
        return finding.find_cases(session, query, limit)

    monkeypatch.setattr(cases_screen, "find_cases", slow_first)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FindCaseScreen)
        field = screen.query_one("#case-query", Input)
        await helpers.type_in(pilot, "GA")
        while not searched:  # the search of "GA" has started and hangs
            await pilot.pause(0.02)
        await helpers.type_in(pilot, "2")  # the screen takes keys meanwhile
        assert field.value == "GA2"
        await _shown(pilot, screen, "GA2")
        expected = [case.number for case in finding.find_cases(app.session, "GA2")]
        assert expected and [case.number for case in screen.cases] == expected
        release.set()  # the results of "GA" come now: too late, dropped
        await helpers.settle(pilot)
        assert screen._shown == "GA2"
        assert [case.number for case in screen.cases] == expected
        assert [text for text, _on_loop in searched] == ["GA", "GA2"]
        assert not any(on_loop for _text, on_loop in searched)


async def test_enter_before_the_results_opens_the_case_they_bring(
    make_app, clerk, helpers, monkeypatch
) -> None:
    opened: list[str] = []
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        number = finding.find_cases(app.session, "GA")[0].number
        real_open = app.open_detail

        def open_detail(number: str) -> None:
            opened.append(number)
            real_open(number)

        monkeypatch.setattr(app, "open_detail", open_detail)
        await pilot.press("f8")
        await pilot.pause()
        await helpers.paste(pilot, number)
        await pilot.press("enter", "enter")  # at once: before the search has run
        await helpers.settle(pilot)
        assert opened == [number]  # once, though Enter came twice
        assert not isinstance(app.screen, FindCaseScreen)
