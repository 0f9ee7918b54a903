"""Calling at the window from home (排队叫号, docs/rules.md §24), on the demo's morning:
window 2 (ga03, queue A) has A002 called, A003 (elderly) passed over, and A004–A006
waiting; F9 calls the next, K opens the rarer moves; a draft started (F2) or a question
recorded (Ctrl+X) with a ticket called is linked to it."""

import pytest
from rich.cells import cell_len

from counter_tui.domain.tickets import PRIORITY_LABELS, Priority, TicketState
from counter_tui.i18n import _
from counter_tui.services.centre.queues import set_queue
from counter_tui.store.models import Case, Consultation, Item, Ticket, TicketQueue, Window
from counter_tui.tui.screens.cases import DraftsScreen
from counter_tui.tui.screens.consult import ConsultScreen
from counter_tui.tui.screens.home import HomeScreen
from counter_tui.tui.screens.intake import ApplicantStep, ItemStep
from counter_tui.tui.screens.prompts import PassedOverPrompt, TicketMenu, WindowPrompt

CLERK = "ga03"  # the A clerk at window 2, which calls queue A


def ticket(label: str) -> Ticket:
    """A demo ticket of queue A by its label (``A002``)."""
    return (
        Ticket.select()
        .join(TicketQueue)
        .where((TicketQueue.prefix == "A") & (Ticket.number == int(label[1:])))
        .order_by(Ticket.day.desc())
        .get()
    )


def window_number(row: Ticket) -> int | None:
    return Window.get_by_id(row.window_id).number if row.window_id else None


def _fits(helpers, app) -> None:
    lines = helpers.screen_text(app).splitlines()
    assert len(lines) == 24 and all(cell_len(line) <= 80 for line in lines)


async def _signed_in(pilot, helpers, accounts) -> None:
    await helpers.sign_in(pilot, CLERK, accounts[CLERK].pin)
    await helpers.settle(pilot)
    assert isinstance(pilot.app.screen, HomeScreen)


def called_now(text: str) -> str:
    return _("Called now: {ticket}").format(ticket=text)


async def test_f9_calls_the_next_and_the_home_says_who(
    make_app, accounts, helpers, monkeypatch
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _signed_in(pilot, helpers, accounts)
        text = helpers.screen_text(app)
        assert called_now("A002") in text
        assert _("waiting: {count}").format(count=3) in text
        assert _("{key}: call next").format(key="F9") in text
        _fits(helpers, app)
        said = helpers.notes(app, monkeypatch)
        await pilot.press("f9")
        await helpers.settle(pilot)
        assert ticket("A002").state == TicketState.SERVED.value  # the one before, served
        assert ticket("A004").state == TicketState.CALLED.value
        assert said == [_("{ticket} called to window {window}").format(ticket="A004", window=2)]
        text = helpers.screen_text(app)
        assert called_now("A004") in text and _("waiting: {count}").format(count=2) in text
        await pilot.press("j")  # the letter does the same
        await helpers.settle(pilot)
        assert ticket("A005").state == TicketState.CALLED.value


async def test_k_passes_over_then_calls_back_and_sends_on(
    make_app, accounts, helpers, monkeypatch
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _signed_in(pilot, helpers, accounts)
        said = helpers.notes(app, monkeypatch)
        # Call A002 again: the menu's first line.
        await pilot.press("k")
        await helpers.settle(pilot)
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert (ticket("A002").state, ticket("A002").recalls) == (TicketState.CALLED.value, 1)
        assert said[-1] == _("{ticket} called again").format(ticket="A002")
        # Pass A002 over: the menu's second line.
        await pilot.press("k")
        await helpers.settle(pilot)
        assert isinstance(app.screen, TicketMenu)
        _fits(helpers, app)
        await pilot.press("down", "enter")
        await helpers.settle(pilot)
        assert ticket("A002").state == TicketState.SKIPPED.value
        assert said[-1] == _("{ticket} passed over").format(ticket="A002")
        assert called_now("—") in helpers.screen_text(app)
        # Call back the elderly visitor passed over earlier: the list, latest first.
        await pilot.press("k")
        await helpers.settle(pilot)
        await pilot.press("enter")  # the only move without a ticket at the window
        await helpers.settle(pilot)
        assert isinstance(app.screen, PassedOverPrompt)
        await pilot.press("down", "enter")  # A002 first, then A003
        await helpers.settle(pilot)
        assert ticket("A003").state == TicketState.CALLED.value
        elderly = _("{label} ({priority})").format(
            label="A003", priority=_(PRIORITY_LABELS[Priority.ELDERLY])
        )
        assert called_now(elderly) in helpers.screen_text(app)
        # Send them on to window 7; a number that is no window is refused, nothing moves.
        await pilot.press("k")
        await helpers.settle(pilot)
        await pilot.press("down", "down", "down", "enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, WindowPrompt)
        await helpers.type_in(pilot, "99")
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert ticket("A003").state == TicketState.CALLED.value  # refused: no window 99
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("k")
        await helpers.settle(pilot)
        await pilot.press("down", "down", "down", "enter")
        await helpers.settle(pilot)
        await helpers.type_in(pilot, "7")
        await pilot.press("enter")
        await helpers.settle(pilot)
        row = ticket("A003")
        assert (row.state, window_number(row)) == (TicketState.TRANSFERRED.value, 7)
        assert said[-1] == _("{ticket} sent to window {window}").format(ticket=elderly, window=7)


async def test_f2_links_the_ticket_called_to_the_new_draft(
    make_app, accounts, helpers, monkeypatch
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _signed_in(pilot, helpers, accounts)
        said = helpers.notes(app, monkeypatch)
        screen = await helpers.new_applicant(pilot)
        assert isinstance(screen, ApplicantStep)
        case = ticket("A002").case
        assert case is not None and case.number == screen.number
        assert (
            _("Ticket {label} linked to case {number}").format(label="A002", number=case.number)
            in said
        )


async def test_a_question_recorded_links_the_ticket(
    make_app, accounts, helpers, monkeypatch
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _signed_in(pilot, helpers, accounts)
        said = helpers.notes(app, monkeypatch)
        await pilot.press("ctrl+x")
        await helpers.settle(pilot)
        await helpers.type_in(pilot, "jzz")
        await pilot.press("enter")
        await helpers.paste(pilot, "居住证要带什么？")
        await pilot.press("enter", "enter")
        await helpers.paste(pilot, "身份证和住所证明")
        await pilot.press("ctrl+s")
        await helpers.settle(pilot)
        question = Consultation.select().order_by(Consultation.id.desc()).get()
        assert ticket("A002").consultation_id == question.id
        assert _("Ticket {label} linked to this question").format(label="A002") in said


async def test_a_window_that_calls_no_queue_has_no_calling_keys(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)  # ga01, window 1
        await helpers.settle(pilot)
        before = Ticket.select().where(Ticket.state == TicketState.CALLED.value).count()
        assert _("Called now: {ticket}").split("{")[0] not in helpers.screen_text(app)
        await pilot.press("f9", "k")
        await helpers.settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert Ticket.select().where(Ticket.state == TicketState.CALLED.value).count() == before


@pytest.fixture
def item_queue(demo_db: str) -> None:
    """Queue A (window 2's) made the queue of one common item: 居民身份证换领."""
    set_queue(None, "A", item_code="GA-002")


async def test_f2_opens_the_item_of_a_ticket_of_an_item_queue_straight_away(
    make_app, accounts, helpers, monkeypatch, item_queue
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _signed_in(pilot, helpers, accounts)
        said = helpers.notes(app, monkeypatch)
        await pilot.press("f2")
        await helpers.settle(pilot)
        screen = app.screen
        assert isinstance(screen, ApplicantStep)  # no drafts list, no item choice
        case = Case.get(Case.number == screen.number)
        assert case.item.code == "GA-002" and ticket("A002").case_id == case.id
        assert (
            _("Ticket {label} linked to case {number}").format(label="A002", number=case.number)
            in said
        )
        # The ticket led to its case: F2 again is as usual (a second application).
        await pilot.press("escape")
        await helpers.settle(pilot)
        drafts = Case.select().count()
        await pilot.press("f2")
        await helpers.settle(pilot)
        assert not isinstance(app.screen, ApplicantStep) and Case.select().count() == drafts


async def test_f2_for_an_item_gone_from_the_catalog_opens_as_usual_and_says_so(
    make_app, accounts, helpers, monkeypatch, item_queue
) -> None:
    Item.update(current=False).where(Item.code == "GA-002").execute()
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _signed_in(pilot, helpers, accounts)
        said = helpers.notes(app, monkeypatch)
        drafts = Case.select().count()
        await pilot.press("f2")
        await helpers.settle(pilot)
        assert isinstance(app.screen, (DraftsScreen, ItemStep))
        assert Case.select().count() == drafts and ticket("A002").case_id is None
        gone = _(
            "Ticket {label} was taken for item {code}, which is no longer in the "
            "catalog: choose the item"
        )
        assert said == [gone.format(label="A002", code="GA-002")]


async def test_a_question_begins_with_the_item_of_the_ticket_called(
    make_app, accounts, helpers, item_queue
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _signed_in(pilot, helpers, accounts)
        await pilot.press("ctrl+x")
        await helpers.settle(pilot)
        assert isinstance(app.screen, ConsultScreen)
        assert "居民身份证换领" in helpers.screen_text(app)
        await helpers.paste(pilot, "换证要多久？")  # the question's field has the focus
        await pilot.press("enter", "enter")
        await helpers.paste(pilot, "二十个工作日")
        await pilot.press("ctrl+s")
        await helpers.settle(pilot)
        question = Consultation.select().order_by(Consultation.id.desc()).get()
        assert (question.item.code, question.question) == ("GA-002", "换证要多久？")
        assert ticket("A002").consultation_id == question.id
