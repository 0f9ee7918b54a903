"""Access events from the screens (docs/architecture.md §3.7): the applicant form showing a
whole ID number, a document printed from the preview."""

import json

from case_checks import PERSON
from textual.widgets import Input

from counter_tui.services.auth import session_of
from counter_tui.services.cases.access import ACCESS_EVENT
from counter_tui.services.intake.draft import start_draft, update_applicant
from counter_tui.store.models import Event, Staff
from counter_tui.tui.screens.decision import DocumentScreen
from counter_tui.tui.screens.intake import ApplicantStep


def access_events() -> list[tuple[str, dict]]:
    query = Event.select().where(Event.kind == ACCESS_EVENT).order_by(Event.id)
    return [(event.staff.code, json.loads(event.data)) for event in query]


async def test_a_draft_taken_up_again_records_its_id_number_shown(
    make_app, accounts, helpers
) -> None:
    clerk = accounts["ga03"]
    session = session_of(Staff.get(Staff.code == clerk.code))
    number = start_draft(session, "GA-010")
    update_applicant(session, number, PERSON)
    before = access_events()
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        app.open_case(number)
        await helpers.settle(pilot)
        assert isinstance(app.screen, ApplicantStep)
        assert app.screen.query_one("#id_number", Input).value == PERSON["id_number"]
    [(who, data)] = access_events()[len(before) :]
    assert who == "ga03" and data["act"] == "id_shown" and data["cases"] == [number]


async def test_printing_from_the_preview_records_the_document(make_app, accounts, helpers) -> None:
    clerk = accounts["hb01"]
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("enter")  # the first case's detail
        await pilot.pause()
        await pilot.press("tab", "tab", "p")  # its documents, the first in the preview
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        document = app.screen.document
        before = access_events()
        await pilot.press("p")
        await helpers.settle(pilot)
    [(who, data)] = access_events()[len(before) :]
    assert who == "hb01" and data["act"] == "printed" and data["what"] == document.kind.value
    assert data["documents"] == [document.number] and data["cases"] == [document.case_number]
