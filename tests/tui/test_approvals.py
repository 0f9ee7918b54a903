"""The chief representative's approvals (F7) by keyboard: the waiting list, approving
with the document shown to print, turning down with a reason; a clerk has no F7."""

from counter_tui.i18n import _
from counter_tui.services.auth import sign_in as service_sign_in
from counter_tui.services.tracking.approvals import ApprovalKind, waiting_approvals
from counter_tui.store.models import Case, Event, Extension
from counter_tui.tui.screens.approvals import ApprovalsScreen
from counter_tui.tui.screens.decision import DocumentScreen
from counter_tui.tui.screens.document_view import IssuePreview

CHIEF = "gachief"


async def _open(pilot, helpers, accounts, code: str = CHIEF) -> None:
    await helpers.sign_in(pilot, code, accounts[code].pin)
    await pilot.press("f7")
    await pilot.pause()


def _waiting(accounts, helpers):
    session = service_sign_in(CHIEF, accounts[CHIEF].pin)
    return waiting_approvals(session, helpers.today)


async def test_the_chief_sees_what_waits_and_approves_it(make_app, accounts, helpers) -> None:
    waiting = _waiting(accounts, helpers)
    assert waiting, "the demo should leave something waiting for the 公安 chief"
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _open(pilot, helpers, accounts)
        assert isinstance(app.screen, ApprovalsScreen)
        text = helpers.screen_text(app)
        for w in waiting[:5]:
            assert w.case_number in text
        first = waiting[0]
        events = Event.select().count()
        await pilot.press("a")  # first what approving issues; Esc: back, nothing written
        await helpers.settle(pilot)
        assert isinstance(app.screen, IssuePreview), helpers.screen_text(app)
        assert app.screen.documents and app.screen.documents[0].number == ""
        await pilot.press("escape")
        await helpers.settle(pilot)
        assert isinstance(app.screen, ApprovalsScreen)
        assert Event.select().count() == events
        assert first.case_number in [w.case_number for w in _waiting(accounts, helpers)]
        await pilot.press("a", "enter")
        await helpers.settle(pilot)
        if first.kind is ApprovalKind.DECISION:
            assert Case.get(Case.number == first.case_number).state == "completed"
        # What was issued is shown to print.
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.document is not None and app.screen.document.number
        await pilot.press("escape")
        assert first.case_number not in [w.case_number for w in _waiting(accounts, helpers)]


async def test_turning_down_asks_for_the_reason(make_app, accounts, helpers) -> None:
    waiting = _waiting(accounts, helpers)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _open(pilot, helpers, accounts)
        first = waiting[0]
        await pilot.press("x")
        await pilot.pause()
        # An empty reason keeps the box open and changes nothing.
        await pilot.press("enter")
        await pilot.pause()
        assert _("{label} cannot be left empty").format(label=_("Reason")) in (
            helpers.screen_text(app)
        )
        await helpers.paste(pilot, "理由不充分")
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, ApprovalsScreen)
        assert first.case_number not in [w.case_number for w in _waiting(accounts, helpers)]
        assert first.case_number not in helpers.screen_text(app)
        case = Case.get(Case.number == first.case_number)
        if first.kind is ApprovalKind.DECISION:
            assert case.state == "denied"
        elif first.kind is ApprovalKind.EXTENSION:
            assert Extension.get(Extension.case == case).approved is False


async def test_a_clerk_has_no_approvals(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _open(pilot, helpers, accounts, code="ga01")
        assert not isinstance(app.screen, ApprovalsScreen)
