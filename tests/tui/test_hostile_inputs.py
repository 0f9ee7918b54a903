"""Hostile text (issue 8), drawn from the strategies of ``tests/hostile.py`` with a fixed
seed, typed and pasted into the main inputs: the sign-in fields, the guide search, the
queue's ``/`` search, the F8 case lookup, a reason asked for on the case detail, and the
handover's notes. No crash, the app still answers, nothing on the screen is acted on
(``[@click=app.quit]`` does not quit, ``[red]`` shows as typed), and what a field took is
stored as typed."""

from case_checks import taken_case
from hostile import as_typed, drawn, short_text, typable_text, unsafe_to_show
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from counter_tui.services.cases.finding import find_cases
from counter_tui.services.cases.queue import DEPARTMENT, queue
from counter_tui.services.catalog.guide_search import search_guides
from counter_tui.store.events import event_data
from counter_tui.store.models import Case, Event, Handover
from counter_tui.tui.screens.case_detail import CaseDetailScreen
from counter_tui.tui.screens.sign_in import SignInScreen
from counter_tui.tui.widgets.guide_search import RESULTS
from counter_tui.tui.widgets.text import strip_controls

# Text a field takes whole, then text it refuses (a control character) or strips.
TEXTS = drawn(typable_text, 3, seed=8) + drawn(short_text, 2, seed=8)[1:]
MARKUP = "[red]x[/]"  # in TEXTS[0]


async def paste(pilot: Pilot, field: Input, text: str) -> str:
    """Empty ``field`` and paste ``text`` into it, as a terminal does; returns what the
    field holds now: all of it, or nothing when the field refuses it."""
    field.focus()
    field.value = ""
    field.post_message(events.Paste(text))
    await pilot.pause()
    # An Input takes the first line of a paste (str.splitlines: U+2028 and U+0085 end a
    # line too); the field refuses it whole if it has a control character.
    first = text.splitlines()[0] if text else ""
    assert field.value in ("", strip_controls(first)), repr(text)
    return field.value


def rows(app) -> list[str]:
    table = app.screen.query_one("#queue-table", DataTable)
    return [str(key.value) for key in table.rows]


def assert_still_answering(app, helpers) -> str:
    """The app runs and shows nothing a terminal would act on; returns the screen."""
    assert app.is_running and app.return_code is None
    shown = helpers.screen_text(app)
    assert unsafe_to_show(shown) == [] and "\x1b" not in shown
    return shown


async def test_sign_in_fields_take_hostile_text_as_data(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        code = app.screen.query_one("#code", Input)
        pin = app.screen.query_one("#pin", Input)
        for text in TEXTS:
            typed = await paste(pilot, code, text)
            await pilot.press("enter")
            await paste(pilot, pin, text)
            await pilot.press("enter")
            await helpers.settle(pilot)  # the PIN is checked in a worker thread
            assert isinstance(app.screen, SignInScreen) and app.session is None
            shown = assert_still_answering(app, helpers)
            if MARKUP in typed:
                assert MARKUP in shown
        # The form still works after all that.
        code.value, pin.value = clerk.code, clerk.pin
        pin.focus()
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert app.session is not None and app.session.code == clerk.code


async def test_the_searches_take_hostile_text_as_data(make_app, accounts, helpers) -> None:
    chief = accounts["gachief"]
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, chief.code, chief.pin)
        await helpers.settle(pilot)
        # The guide search (F3).
        await pilot.press("f3")
        await helpers.settle(pilot)
        search = app.screen.search
        for text in TEXTS:
            typed = await paste(pilot, search.field, text)
            await helpers.settle(pilot)
            matching = {hit.item_id for hit in search_guides(typed, limit=1000)}
            assert len(search.hits) <= RESULTS
            assert {hit.item_id for hit in search.hits} <= matching
            shown = assert_still_answering(app, helpers)
            if MARKUP in typed:
                assert MARKUP in shown
        await pilot.press("escape")
        await helpers.settle(pilot)
        # The queue's search (F5, then /), over the whole department.
        await pilot.press("f5")
        await pilot.pause()
        while app.screen.scope != DEPARTMENT:
            await pilot.press("s")
            await pilot.pause()
        for text in TEXTS:
            await pilot.press("slash")
            typed = await paste(pilot, app.screen.query_one("#queue-search", Input), text)
            await pilot.press("enter")
            await helpers.settle(pilot)
            found = queue(app.session, helpers.today, scope=DEPARTMENT, search=typed)
            assert rows(app) == [line.number for line in found]
            shown = assert_still_answering(app, helpers)
            if MARKUP in typed:
                assert MARKUP in shown
        await pilot.press("escape", "escape")
        await helpers.settle(pilot)
        # The case lookup (F8): Enter finds nothing, and says so as text.
        await pilot.press("f8")
        await pilot.pause()
        lookup = app.screen
        for text in TEXTS:
            typed = await paste(pilot, lookup.query_one("#case-query", Input), text)
            await pilot.press("enter")
            await helpers.settle(pilot)
            if app.screen is not lookup:  # a case matched: its detail opened
                assert find_cases(app.session, typed)
                await pilot.press("escape")
                await pilot.pause()
            assert app.screen is lookup
            shown = assert_still_answering(app, helpers)
            if MARKUP in typed:
                assert MARKUP in shown


async def test_a_denial_reason_typed_on_the_case_detail_is_stored_as_typed(
    make_app, accounts, helpers
) -> None:
    clerk = accounts["ga01"]
    numbers = [taken_case() for _text in TEXTS]
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        for number, text in zip(numbers, TEXTS, strict=True):
            await app.push_screen(CaseDetailScreen(number))
            await pilot.pause()
            await pilot.press("d")
            await pilot.pause()
            typed = await paste(pilot, app.screen.query_one("#note", Input), text)
            await pilot.press("enter")
            await helpers.settle(pilot)
            case = Case.get(Case.number == number)
            if as_typed(typed):
                assert case.state == "denied"
                denied = Event.select().where(Event.case == case).order_by(Event.id.desc()).get()
                assert event_data(denied)["reason"] == as_typed(typed)
            else:  # nothing typed: the box stays open, the case as it was
                assert case.state == "accepted"
                await pilot.press("escape")
            assert_still_answering(app, helpers)
            await pilot.press("escape")
            await pilot.pause()


async def test_handover_notes_are_stored_and_shown_as_typed(make_app, accounts, helpers) -> None:
    clerk = accounts["ga01"]
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await pilot.press("f4")
        await helpers.settle(pilot)
        for text in TEXTS:
            await pilot.press("n")
            await pilot.pause()
            note = await paste(pilot, app.screen.query_one("#note", Input), text)
            await pilot.press("enter")
            await pilot.press("g")
            await pilot.pause()
            general = await paste(pilot, app.screen.query_one("#note", Input), text[::-1])
            await pilot.press("enter")
            await pilot.pause()
            shown = assert_still_answering(app, helpers)
            if MARKUP in note:
                assert MARKUP in shown
        await pilot.press("f9")
        await helpers.settle(pilot)
        handover = Handover.get()
        assert handover.note == as_typed(general)
        assert as_typed(note) in {line.note for line in handover.lines}
        assert_still_answering(app, helpers)
