"""A bundle of items at a comprehensive window (一件事, docs/rules.md §21), by keyboard:
F2 opens the bundles, the applicant once, the merged checklist with its shared lines,
the combined notice, the supplement, the detail and the one delivery (统一出件); the
detail's rated steps and the pad waiting (§21.1)."""

import gc
import weakref
from datetime import datetime, time

from bundle_checks import BUNDLE, ID_PROOF, comprehensive_desk
from case_checks import PERSON
from textual.widgets import DataTable

from counter_tui.domain.checklist import MaterialMark, MaterialStatus
from counter_tui.domain.identifiers import resident_id_check_char
from counter_tui.domain.lifecycle import CaseState
from counter_tui.domain.numbering import DocumentKind
from counter_tui.domain.ratings import SERVICE_LABELS, ServiceKind
from counter_tui.i18n import _, set_language
from counter_tui.services.auth import session_of
from counter_tui.services.bundles import intake as bundles
from counter_tui.services.tracking import progress
from counter_tui.services.tracking.ratings import pad_view, rate_on_pad
from counter_tui.store.models import (
    BundleCase,
    Case,
    Document,
    RatingFollowUp,
    RatingRequest,
    Staff,
)
from counter_tui.tui.labels import light_label, state_label
from counter_tui.tui.screens.bundles import BundleDetailScreen, BundlePicker
from counter_tui.tui.screens.checklist import BundleChecklistStep
from counter_tui.tui.screens.decision import DocumentScreen
from counter_tui.tui.screens.document_view import IssuePreview
from counter_tui.tui.screens.home import HomeScreen
from counter_tui.tui.screens.intake import BundleApplicantStep

FIRST17 = "33010619850315002"
VALID_ID = FIRST17 + resident_id_check_char(FIRST17)


async def fill_applicant(pilot, helpers, name: str) -> None:
    """From the name field, each field then Enter (the ID type kept as it is), as the
    single intake's form is filled; Enter at the last goes on to the checklist."""
    for value in (name, "", VALID_ID, "13812345678", "示范市文三路1号"):
        if value:
            await helpers.paste(pilot, value)
        await pilot.press("enter")
    await helpers.settle(pilot)


async def at_the_desk(pilot, helpers) -> None:
    """Signed in as the comprehensive window's clerk (no PIN: the service signs in)."""
    clerk = Staff.get_or_none(Staff.code == "zt01") or comprehensive_desk()
    pilot.app.call_later(pilot.app.signed_in, session_of(clerk))
    await helpers.settle(pilot)


async def new_bundle(pilot, helpers) -> BundleApplicantStep:
    await pilot.press("f2")
    await helpers.settle(pilot)
    assert isinstance(pilot.app.screen, BundlePicker)
    await pilot.press("enter")
    await helpers.settle(pilot)
    assert isinstance(pilot.app.screen, BundleApplicantStep)
    return pilot.app.screen


def cases_of(number: str) -> list[Case]:
    bundle_case = BundleCase.get(BundleCase.number == number)
    return list(Case.select().where(Case.bundle_case == bundle_case).order_by(Case.id))


def document_kinds(number: str) -> list[DocumentKind]:
    """The bundle's own documents, as issued: one of each kind for all its cases."""
    bundle_case = BundleCase.get(BundleCase.number == number)
    issued = Document.select().where(Document.bundle_case == bundle_case).order_by(Document.id)
    return [DocumentKind(document.kind) for document in issued]


async def test_f2_at_a_comprehensive_window_offers_the_bundles_with_their_items(
    make_app, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await at_the_desk(pilot, helpers)
        await pilot.press("f2")
        await helpers.settle(pilot)
        assert isinstance(app.screen, BundlePicker)
        text = helpers.screen_text(app)
        assert BUNDLE in text and "YJS-001" in text and "三案同审" in text
        # The highlighted bundle's items, the seed's 建设项目开工一件事 first by code.
        for code in ("GH-001", "HB-002", "GH-002"):
            assert code in text
        assert "示范市生态环境局" in text


async def test_a_bundle_from_the_applicant_to_the_combined_notice(make_app, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await at_the_desk(pilot, helpers)
        form = await new_bundle(pilot, helpers)
        number = form.number
        assert app.focused is not None and app.focused.id == "name"
        await fill_applicant(pilot, helpers, name="张三")
        await helpers.settle(pilot)
        # Entered once, on every case of the bundle.
        assert {c.applicant_name for c in cases_of(number)} == {"张三"}
        screen = app.screen
        assert isinstance(screen, BundleChecklistStep)
        await pilot.pause(0.1)
        text = helpers.screen_text(app)
        assert number in text and "共用 ×3" in text
        # The shared ID proof is one line: its mark reaches both cases that ask for it.
        table = screen.query_one("#checklist", DataTable)
        keys = [line.key for line in screen.bundle_lines]
        table.move_cursor(row=keys.index(f"shared:{ID_PROOF}"))
        await pilot.press("m")
        await helpers.settle(pilot)
        asked = [
            m.status for c in cases_of(number) for m in c.materials if m.material.name == ID_PROOF
        ]
        assert asked == ["missing", "missing"]
        await pilot.press("a")  # every other line provided
        await helpers.settle(pilot)
        await pilot.press("g")  # the combined notice: in person, no note
        await pilot.press("enter", "enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, IssuePreview)
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        states = {c.state for c in cases_of(number)}
        assert states == {CaseState.AWAITING_SUPPLEMENT.value}
        assert document_kinds(number) == [DocumentKind.RECEIPT, DocumentKind.DEFICIENCY_NOTICE]
        assert ID_PROOF in helpers.screen_text(app) or "一次性告知" in helpers.screen_text(app)


def under_notice(today) -> str:
    """A bundle case under its combined notice, the shared ID proof missing (made by the
    services, as the comprehensive window would)."""
    session = session_of(comprehensive_desk())
    at = datetime.combine(today, time(2))  # 10:00 in the centre, as stored (UTC)
    number = bundles.start_bundle_case(session, BUNDLE, at=at)
    bundles.update_bundle_applicant(session, number, PERSON, at=at)
    marks = {}
    for line in bundles.bundle_checklist(session, number):
        if line.name == ID_PROOF:
            marks[line.key] = MaterialMark(MaterialStatus.MISSING)
        elif line.line.necessity.value == "conditional":
            marks[line.key] = MaterialMark(MaterialStatus.NOT_APPLICABLE)
    bundles.mark_bundle(session, number, marks, at=at)
    bundles.mark_bundle_remaining_provided(session, number, at=at)
    bundles.issue_bundle_notice(session, number, at=at)
    return number


async def test_the_supplement_home_the_detail_and_the_one_delivery(make_app, helpers) -> None:
    number = under_notice(helpers.today)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await at_the_desk(pilot, helpers)
        # Home lists the bundle: light, number, name, applicant, decided of all.
        text = helpers.screen_text(app)
        assert number in text and "建设项目开工一件事" in text and "王小明" in text
        assert "0/3" in text
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, BundleDetailScreen)
        text = helpers.screen_text(app)
        for case in cases_of(number):
            assert case.number in text
        assert text.count(state_label(CaseState.AWAITING_SUPPLEMENT)) == 3

        await pilot.press("f9")  # the supplement: the merged checklist, notice lines open
        await helpers.settle(pilot)
        screen = app.screen
        assert isinstance(screen, BundleChecklistStep)
        await pilot.press("f9")  # nothing supplied yet: nothing is accepted
        await helpers.settle(pilot)
        assert isinstance(app.screen, BundleChecklistStep)
        assert {c.state for c in cases_of(number)} == {CaseState.AWAITING_SUPPLEMENT.value}
        keys = [line.key for line in screen.bundle_lines]
        screen.query_one("#checklist", DataTable).move_cursor(row=keys.index(f"shared:{ID_PROOF}"))
        await pilot.press("p", "enter")  # provided, in the form asked
        await helpers.settle(pilot)
        await pilot.press("f9")
        await helpers.settle(pilot)
        assert isinstance(app.screen, IssuePreview)
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert {c.state for c in cases_of(number)} == {CaseState.ACCEPTED.value}

        for case in cases_of(number):  # each department decides its own case
            owner = session_of(Staff.get_by_id(case.owner_id))
            progress.complete(owner, case.number, "with_bundle", at=app.now())
        await pilot.press("escape")  # the document, then the checklist: back to the detail
        await helpers.settle(pilot)
        while not isinstance(app.screen, (BundleDetailScreen, HomeScreen)):
            await pilot.press("escape")
            await helpers.settle(pilot)
        if isinstance(app.screen, HomeScreen):
            app.open_bundle_detail(number)
            await helpers.settle(pilot)
        assert _("Complete: the results can be handed over") in helpers.screen_text(app)
        assert light_label(None) not in helpers.screen_text(app)  # stopped, not unstarted
        await pilot.press("t", "enter")  # 统一出件, confirmed
        await helpers.settle(pilot)
        bundle_case = BundleCase.get(BundleCase.number == number)
        assert bundle_case.delivered_on == helpers.today
        assert {c.delivered_on for c in cases_of(number)} == {helpers.today}
        assert number in helpers.screen_text(app)
        assert helpers.today.isoformat() in helpers.screen_text(app)


async def test_esc_keeps_the_draft_on_home_and_discarding_asks_first(make_app, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await at_the_desk(pilot, helpers)
        number = (await new_bundle(pilot, helpers)).number
        await pilot.press("escape")
        await helpers.settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert number in helpers.screen_text(app) and "0/3" in helpers.screen_text(app)

        session = session_of(Staff.get(Staff.code == "zt01"))
        bundles.update_bundle_applicant(session, number, PERSON, at=app.now())
        await pilot.press("enter")  # the detail, then on with the intake: the form
        await helpers.settle(pilot)
        await pilot.press("f9")
        await helpers.settle(pilot)
        assert isinstance(app.screen, BundleApplicantStep)
        await pilot.press("f9")  # the applicant is complete: the checklist
        await helpers.settle(pilot)
        assert isinstance(app.screen, BundleChecklistStep)
        await pilot.press("delete", "escape")  # asked, and not confirmed
        await helpers.settle(pilot)
        assert {c.state for c in cases_of(number)} == {CaseState.DRAFT.value}
        await pilot.press("delete", "enter")
        await helpers.settle(pilot)
        assert {c.state for c in cases_of(number)} == {CaseState.WITHDRAWN.value}
        assert isinstance(app.screen, HomeScreen)
        assert number not in helpers.screen_text(app)


async def test_f9_accepts_every_item_with_one_receipt_and_one_acceptance_notice(
    make_app, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await at_the_desk(pilot, helpers)
        number = (await new_bundle(pilot, helpers)).number
        await fill_applicant(pilot, helpers, name="[red]李四")
        assert isinstance(app.screen, BundleChecklistStep)
        await pilot.press("a", "f9")  # everything provided, accepted
        await helpers.settle(pilot)
        assert isinstance(app.screen, IssuePreview)
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert {c.state for c in cases_of(number)} == {CaseState.ACCEPTED.value}
        assert document_kinds(number) == [DocumentKind.RECEIPT, DocumentKind.ACCEPTANCE_NOTICE]
        await pilot.press("enter")  # home: the bundle, its applicant as typed
        await helpers.settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "[red]李四" in helpers.screen_text(app)


async def test_the_bundle_screens_are_freed_once_closed(make_app, helpers) -> None:
    number = under_notice(helpers.today)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await at_the_desk(pilot, helpers)
        closed = []
        for opener in (
            app.action_intake,
            lambda: app.open_bundle_detail(number),
            lambda: app.open_bundle_intake(number),
        ):
            app.call_later(opener)
            await helpers.settle(pilot)
            assert not isinstance(app.screen, HomeScreen)
            closed.append(weakref.ref(app.screen))
            while not isinstance(app.screen, HomeScreen):
                await pilot.press("escape")
                await helpers.settle(pilot)
        await pilot.pause(0.2)
        gc.collect()
        assert [ref() for ref in closed if ref() is not None] == []


def accepted_at_window_8(today) -> str:
    """A bundle case the demo's zw01 takes and accepts at the comprehensive window 8 (its
    pad: pad-08) at 10:00 on ``today``, the app's frozen hour: the pad asks about it."""
    desk = session_of(Staff.get(Staff.code == "zw01"))
    at = datetime.combine(today, time(2))  # 10:00 in the centre, as stored (UTC)
    number = bundles.start_bundle_case(desk, "YJS-001", at=at)
    bundles.update_bundle_applicant(desk, number, PERSON, at=at)
    bundles.mark_bundle_remaining_provided(desk, number, at=at)
    bundles.accept_bundle(desk, number, at=at)
    return number


async def test_the_detail_says_the_pad_waits_then_the_rated_step_and_its_follow_up(
    make_app, accounts, helpers
) -> None:
    number = accepted_at_window_8(helpers.today)
    for language in ("zh_CN", "en"):
        set_language(language)
        app = make_app()
        async with app.run_test(size=helpers.size) as pilot:
            await helpers.sign_in(pilot, "zw01", accounts["zw01"].pin)
            await helpers.settle(pilot)
            app.open_bundle_detail(number)
            await helpers.settle(pilot)
            screen = app.screen
            assert isinstance(screen, BundleDetailScreen)
            text = helpers.screen_text(app)
            waiting = _("The rating pad is waiting for the applicant")
            if language == "zh_CN":  # the pad asks; nothing is rated yet
                assert waiting in text
                assert _(SERVICE_LABELS[ServiceKind.ACCEPTED]) not in text
                shown = pad_view("pad-08", at=app.now()).request
                assert shown is not None
                rate_on_pad("pad-08", shown.id, 5, "attitude", at=app.now())
                screen.reload()
                await helpers.settle(pilot)
                text = helpers.screen_text(app)
            print(text)
            assert waiting not in text
            for words in (
                _(SERVICE_LABELS[ServiceKind.ACCEPTED]),
                _("very dissatisfied"),
                _("service attitude"),
                _("to contact"),
            ):
                assert words in text, words
            bundle_case = BundleCase.get(BundleCase.number == number)
            (follow_up,) = (
                RatingFollowUp.select()
                .join(RatingRequest)
                .where(RatingRequest.bundle_case == bundle_case.id)
            )
            assert follow_up.due_on.isoformat() in text  # its day
            # The cases are still listed under it at 80×24.
            for case in cases_of(number):
                assert case.number in text
