"""The A/B handover (F4) by keyboard, both sides on one workstation: A hands over with
notes, signs out; B signs in, sees the handover waiting, takes it over or declines it.
Absences by the clerk and by the chief. A bundle case with a 差评 still followed up."""

from datetime import datetime, time, timedelta

from bundle_checks import delivered_and_rated_poorly
from case_checks import PERSON

from counter_tui.i18n import _
from counter_tui.services.auth import session_of
from counter_tui.services.handover.open_work import WorkKind
from counter_tui.services.intake import draft
from counter_tui.store.events import event_data
from counter_tui.store.models import Case, Event, Handover, Staff
from counter_tui.tui.screens.decision import DocumentScreen
from counter_tui.tui.screens.handover import HandoverScreen, TakeOverScreen
from counter_tui.tui.screens.home import HomeScreen

TYPED = "申请人[red]明天[/]来补"  # markup is data


def owners(numbers: list[str]) -> set[str]:
    return {Case.get(Case.number == n).owner.code for n in numbers}


async def _hand_over(
    pilot, helpers, accounts, receiver_keys: tuple[str, ...] = (), note: str = TYPED
) -> list[str]:
    """ga01 (given a draft, whatever the demo left): F4, a note on the first case, a
    general note, F9. Returns the cases listed."""
    app = pilot.app
    ga01 = session_of(Staff.get(Staff.code == "ga01"))
    draft.update_applicant(ga01, draft.start_draft(ga01, "GA-010"), PERSON)
    await helpers.sign_in(pilot, "ga01", accounts["ga01"].pin)
    await pilot.press("f4")
    await helpers.settle(pilot)
    screen = app.screen
    assert isinstance(screen, HandoverScreen)
    numbers = [line.case_number for _kind, lines in screen.work.groups() for line in lines]
    assert {kind for kind, _lines in screen.work.groups()} >= {WorkKind.DRAFT, WorkKind.RUNNING}
    await pilot.press("n")
    await helpers.paste(pilot, note)
    await pilot.press("enter")
    await pilot.press("g")
    await helpers.paste(pilot, "下午请假")
    await pilot.press("enter")
    await pilot.pause()
    assert note[:6] in helpers.screen_text(app)
    if receiver_keys:
        await pilot.press("r", *receiver_keys)
    await pilot.press("f9")
    await helpers.settle(pilot)
    assert "确认接收" in helpers.screen_text(app)  # “waiting for … to take over”
    await pilot.press("escape", "ctrl+o")
    await helpers.settle(pilot)
    return numbers


async def test_a_hands_over_and_b_takes_over(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        numbers = await _hand_over(pilot, helpers, accounts)
        handover = Handover.get()
        assert handover.state == "pending" and handover.note == "下午请假"
        assert {line.note for line in handover.lines} == {TYPED, ""}
        assert owners(numbers) == {"ga01"}

        await helpers.sign_in(pilot, "ga02", accounts["ga02"].pin)
        await helpers.settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "张敏向您移交了" in helpers.screen_text(app)
        await pilot.press("f4")
        await helpers.settle(pilot)
        assert isinstance(app.screen, TakeOverScreen)
        text = helpers.screen_text(app)
        assert numbers[0] in text and "申请人[red]" in text
        await pilot.press("f9")
        await helpers.settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert "交接单" in helpers.screen_text(app)
        assert owners(numbers) == {"ga02"}
        event = (
            Event.select()
            .where(
                (Event.case == Case.get(Case.number == numbers[0]).id)
                & (Event.kind == "handover_confirmed")
            )
            .get()
        )
        assert (event_data(event)["from"], event_data(event)["to"]) == ("ga01", "ga02")
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "向您移交了" not in helpers.screen_text(app)
        # Printing the sheet from the giver's side: P on the F4 screen is gone, the
        # sheet was shown on taking over; the file goes to the documents folder.


async def test_b_declines_with_a_reason_and_nothing_moves(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        numbers = await _hand_over(pilot, helpers, accounts)
        await helpers.sign_in(pilot, "ga02", accounts["ga02"].pin)
        await pilot.press("f4")
        await helpers.settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")  # an empty reason keeps the box open
        await pilot.pause()
        assert "不能为空" in helpers.screen_text(app)
        await helpers.paste(pilot, "我今天也请假")
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        handover = Handover.get()
        assert handover.state == "declined" and handover.decline_reason == "我今天也请假"
        assert owners(numbers) == {"ga01"}
        # The one who gave it reads why on the home screen (issue 21 item 6).
        await pilot.press("ctrl+o")
        await helpers.settle(pilot)
        await helpers.sign_in(pilot, "ga01", accounts["ga01"].pin)
        await helpers.settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "拒绝接收您的交接：我今天也请假" in helpers.screen_text(app)


async def test_another_receiver_can_be_chosen(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _hand_over(pilot, helpers, accounts, receiver_keys=("down", "enter"))
        assert Handover.get().to_staff.code == "ga03"


async def test_the_giver_sees_the_sheet_and_takes_it_back(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _hand_over(pilot, helpers, accounts)
        await helpers.sign_in(pilot, "ga01", accounts["ga01"].pin)
        await pilot.press("f4")
        await helpers.settle(pilot)
        await pilot.press("p")
        await helpers.settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert "确认接收后编号" in helpers.screen_text(app)
        # No number yet: the caption says what it is, not " · 第 1/1 份文书" (item 5).
        caption = app.screen.query_one("#document-caption").render()
        assert str(caption) == _("Handover sheet")
        await pilot.press("p")  # print the draft
        await helpers.settle(pilot)
        assert list((app.document_dir).glob("handover-*_handover_sheet.*"))
        await pilot.press("escape")  # back where the sheet was opened (issue 21 item 5)
        await pilot.pause()
        assert isinstance(app.screen, HandoverScreen)
        await pilot.press("x")
        await helpers.settle(pilot)
        assert Handover.get().state == "cancelled"
        assert isinstance(app.screen, HandoverScreen) and app.screen.pending is None


async def test_absence_by_the_clerk_and_by_the_chief(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "ga01", accounts["ga01"].pin)
        await pilot.press("f4")
        await helpers.settle(pilot)
        await pilot.press("a", "right", "enter")  # at work → 请假
        await helpers.settle(pilot)
        assert Staff.get(Staff.code == "ga01").absence == "leave"
        await pilot.press("escape", "ctrl+o")
        await helpers.settle(pilot)
        await helpers.sign_in(pilot, "gachief", accounts["gachief"].pin)
        await pilot.press("f4")
        await helpers.settle(pilot)
        # The chief first, then ga01, ga02…: → → to ga02, Enter, → → from 在岗 to 外出.
        await pilot.press("a", "right", "right", "enter", "right", "right", "enter")
        await helpers.settle(pilot)
        assert Staff.get(Staff.code == "ga02").absence == "out"


async def test_the_receiver_reads_a_long_case_note_whole(make_app, accounts, helpers) -> None:
    """The table cuts a long note; the line under it shows the highlighted case's in full
    (issue 21 item 7)."""
    note = (
        "缺相片；居住证明需社区盖章；申请人下周一上午九点前来补交，"
        "已电话确认，联系人是其女儿王小红。"
    )
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _hand_over(pilot, helpers, accounts, note=note)
        await helpers.sign_in(pilot, "ga02", accounts["ga02"].pin)
        await pilot.press("f4")
        await helpers.settle(pilot)
        assert isinstance(app.screen, TakeOverScreen)
        joined = "".join(helpers.screen_text(app).split())
        assert note in joined


async def test_a_typed_note_is_not_lost_on_one_esc(make_app, accounts, helpers) -> None:
    """Esc in a box with typed text warns first; the second Esc leaves (issue 21 item
    18). A box left untouched closes on the first."""
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "ga01", accounts["ga01"].pin)
        await pilot.press("f4")
        await helpers.settle(pilot)
        handover = app.screen
        await pilot.press("n")
        await pilot.pause()
        prompt = app.screen
        await pilot.press("escape")  # nothing typed: it closes
        await pilot.pause()
        assert app.screen is handover
        await pilot.press("n")
        await pilot.pause()
        prompt = app.screen
        await helpers.paste(pilot, "原件在柜内")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is prompt
        assert _("What you typed will be lost: Esc again to leave without it.") in (
            helpers.screen_text(app)
        )
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is handover


async def comprehensive_f4(pilot, helpers, accounts) -> HandoverScreen:
    """zw01, the demo's comprehensive window's clerk, signed in, on F4."""
    await helpers.sign_in(pilot, "zw01", accounts["zw01"].pin)
    await pilot.press("f4")
    await helpers.settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HandoverScreen)
    return screen


async def test_the_comprehensive_clerk_hands_over_the_bundle_cases(
    make_app, accounts, helpers
) -> None:
    """zw01 follows the demo's two bundle cases: F4 lists them after the cases, takes no
    note on them, and zw02 follows them once the handover is taken over."""
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await comprehensive_f4(pilot, helpers, accounts)
        numbers = [view.number for view in screen.work.bundles]
        assert len(numbers) == 2
        text = helpers.screen_text(app)
        assert "一件事 2 件" in text and all(number in text for number in numbers)
        assert screen.highlighted is None  # the cursor is on a bundle case: no note
        assert not screen.check_action("case_note", ())
        await pilot.press("f9")
        await helpers.settle(pilot)
        await pilot.press("escape", "ctrl+o")
        await helpers.settle(pilot)
        await helpers.sign_in(pilot, "zw02", accounts["zw02"].pin)
        await helpers.settle(pilot)
        assert "0 件办件、2 件一件事" in helpers.screen_text(app)
        await pilot.press("f4")
        await helpers.settle(pilot)
        assert isinstance(app.screen, TakeOverScreen)
        assert all(number in helpers.screen_text(app) for number in numbers)
        await pilot.press("f9")
        await helpers.settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert all(number in helpers.screen_text(app) for number in numbers)
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert all(number in helpers.screen_text(app) for number in numbers)


async def test_a_bundle_case_with_a_poor_rating_open_is_handed_over_marked(
    make_app, accounts, helpers
) -> None:
    """A bundle case handed over to the applicant whose delivery's 差评 is still followed
    up is zw01's open work: F4 lists it marked 差评回访 with the level, as a case's."""
    yesterday = datetime.combine(helpers.today - timedelta(days=1), time(1))  # 9:00 local
    number, _request = delivered_and_rated_poorly(yesterday)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await comprehensive_f4(pilot, helpers, accounts)
        assert number in [view.number for view in screen.work.bundles]
        text = helpers.screen_text(app)
        assert "一件事 3 件" in text
        (row,) = [line for line in text.splitlines() if number in line]
        assert _("Follow-ups") in row and _("dissatisfied") in row
