"""Actions on a case from its detail, by keyboard: suspend and resume, ask for an
extension the chief then approves from F7, complete, rate with a 差评 and close its
follow-up — and keys the case does not allow do nothing; what its head says of the time
limit."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from case_checks import EXTENDABLE_ITEM, taken_case
from rating_pad import bind_pad, rate_case

from counter_tui.domain.numbering import DocumentKind
from counter_tui.domain.tracking import CaseCommand
from counter_tui.i18n import _, ngettext, set_language
from counter_tui.services.auth import session_of
from counter_tui.services.calendar import load_calendar
from counter_tui.services.cases.deadlines import case_deadline
from counter_tui.services.tracking import suspensions
from counter_tui.store.models import (
    Case,
    Extension,
    Rating,
    RatingFollowUp,
    RatingRequest,
    Staff,
    Suspension,
)
from counter_tui.tui import keys
from counter_tui.tui.case_actions import ACTIONS
from counter_tui.tui.screens.approvals import ApprovalsScreen
from counter_tui.tui.screens.case_detail import CaseDetailScreen
from counter_tui.tui.screens.decision import DocumentScreen


def stored(day: date) -> datetime:
    """9:00 on ``day`` at the centre, as stored (naive UTC)."""
    at = datetime.combine(day, time(9)).replace(tzinfo=ZoneInfo("Asia/Shanghai"))
    return at.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def accepted_case(day: date, item: str = "GA-010") -> str:
    """A case of ga01's (居住证 unless told) accepted at 9:00 on ``day``."""
    return taken_case(item=item, at=stored(day))


def state(number: str) -> str:
    return Case.get(Case.number == number).state


async def open_detail(pilot, helpers, accounts, code: str, number: str) -> CaseDetailScreen:
    await helpers.sign_in(pilot, code, accounts[code].pin)
    screen = CaseDetailScreen(number)
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


async def test_suspend_shows_the_notice_and_resume_restarts_the_clock(
    make_app, accounts, helpers
) -> None:
    number = accepted_case(helpers.today)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await open_detail(pilot, helpers, accounts, "ga01", number)
        # Resuming a case that is not suspended is not offered: the key does nothing.
        await pilot.press("u")
        await pilot.pause()
        assert state(number) == "accepted" and app.screen is screen
        await pilot.press("s")
        await pilot.pause()
        # Art. 45's grounds by ←/→: hearing, tender, auction, then inspection (检验).
        await pilot.press("right", "right", "right", "enter")
        await pilot.press("enter")  # the expected days offered
        await helpers.answer(pilot, "组织现场核查")
        assert state(number) == "suspended"
        suspension = Suspension.get(Suspension.case == Case.get(Case.number == number))
        assert (suspension.ground, suspension.reason) == ("inspection", "组织现场核查")
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.documents[0].kind is DocumentKind.SUSPENSION_NOTICE
        assert "检验（组织现场核查）" in helpers.screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert _("Resume") in helpers.screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        await helpers.answer(pilot, "")
        assert state(number) == "accepted"
        # Resuming is told in writing too (恢复办理通知书).
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.documents[0].kind is DocumentKind.RESUMPTION_NOTICE


async def test_an_extension_asked_here_is_approved_from_f7(make_app, accounts, helpers) -> None:
    number = accepted_case(helpers.today, EXTENDABLE_ITEM)
    calendar = load_calendar()
    before = case_deadline(calendar, Case.get(Case.number == number), helpers.today)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await open_detail(pilot, helpers, accounts, "ga01", number)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("backspace")
        await helpers.answer(pilot, "3", "需现场勘验")
        extension = Extension.get(Extension.case == Case.get(Case.number == number))
        assert (extension.days, extension.reason, extension.approved) == (3, "需现场勘验", None)
        # Asked once: the key is no longer offered.
        assert _("Extension") not in helpers.key_bar(app)
        await pilot.press("ctrl+o")
        await pilot.pause()
        await helpers.sign_in(pilot, "gachief", accounts["gachief"].pin)
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, ApprovalsScreen)
        row = [w.case_number for w in app.screen.waiting].index(number)
        for _step in range(row):
            await pilot.press("down")
        await pilot.press("a", "enter")  # approved once its notice is shown
        await helpers.settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.documents[0].kind is DocumentKind.EXTENSION_NOTICE
    after = case_deadline(calendar, Case.get(Case.number == number), helpers.today)
    assert before is not None and after is not None
    # The legal limit moves (Art. 42); the promise does not.
    assert after.legal.due.date == calendar.add_workdays(before.legal.due.date, 3)
    assert after.due == before.due


async def test_complete_the_pad_rates_poorly_and_close_the_follow_up(
    make_app, accounts, helpers
) -> None:
    # The applicant rates on window 1's pad; the clerk only sees that it waits, and
    # follows the 差评 up (docs/rules.md §11).
    bind_pad(1)
    number = accepted_case(helpers.today)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await open_detail(pilot, helpers, accounts, "ga01", number)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("right")  # posted
        await pilot.press("enter")
        await helpers.answer(pilot, "GA-2026-0042", "EMS1234")
        case = Case.get(Case.number == number)
        assert case.state == "completed" and case.completed_on == helpers.today
        assert (case.result_number, case.delivered_on) == ("GA-2026-0042", None)
        # The decision is issued in writing and shown to print (Art. 38); Esc comes back.
        assert isinstance(app.screen, DocumentScreen), helpers.screen_text(app)
        assert "GA-2026-0042" in app.screen.text
        await pilot.press("escape")
        await helpers.settle(pilot)
        text = helpers.screen_text(app)  # no countdown on a closed case (issue 21 item 19)
        assert _("Closed within the limit") in text
        left = case_deadline(load_calendar(), case, helpers.today)
        assert left is not None
        countdown = ngettext("{n} working day left", "{n} working days left", left.remaining)
        assert countdown.format(n=left.remaining) not in text
        # Done at a window with a pad: it asks the applicant, and the clerk sees so.
        await pilot.press("r")  # no key rates: the clerk never enters a rating
        await pilot.pause()
        assert isinstance(app.screen, CaseDetailScreen)
        app.screen.reload()
        await pilot.pause()
        text = helpers.screen_text(app)
        assert _("The rating pad is waiting for the applicant") in text
        assert not Rating.select().where(Rating.case == case).exists()
        request_id = rate_case(number, 4, "efficiency", "等得太久")
        request = RatingRequest.get_by_id(request_id)
        assert (request.level, request.text, request.staff.code) == (4, "等得太久", "ga01")
        app.screen.reload()
        await pilot.pause()
        assert _("The rating pad is waiting for the applicant") not in helpers.screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("right")  # 整改
        await pilot.press("enter")
        await pilot.press("enter")  # an empty note keeps the box open
        await pilot.pause()
        follow_up = RatingFollowUp.get(RatingFollowUp.request == request_id)
        assert follow_up.closed_at is None
        await helpers.answer(pilot, "已电话回访")
        follow_up = RatingFollowUp.get(RatingFollowUp.request == request_id)
        assert (follow_up.note, follow_up.result) == ("已电话回访", "rectified")
        assert follow_up.closed_at is not None


async def test_a_posted_decision_s_delivery_is_recorded_once(
    make_app, accounts, helpers, monkeypatch
) -> None:
    """送达 (Art. 44): a decision posted is delivered when it arrives, within 10 working
    days of the decision, not before it nor after today."""
    number = accepted_case(helpers.today)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await open_detail(pilot, helpers, accounts, "ga01", number)
        notes = helpers.notes(app, monkeypatch)
        await pilot.press("c", "right", "enter")
        await helpers.answer(pilot, "", "")
        await pilot.press("escape")  # the decision's preview
        await helpers.settle(pilot)
        decided = Case.get(Case.number == number).decided_on
        assert decided == helpers.today
        due = load_calendar().add_workdays(decided, 10)
        assert _("not yet delivered (due by {day})").format(day=due) in helpers.screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("enter")
        await helpers.answer(pilot, "2026-02-30")  # no such day: the box says so, waits
        assert Case.get(Case.number == number).delivered_on is None
        said = _("{typed} is not a date: write it as YYYY-MM-DD, e.g. 2026-12-04")
        assert said.format(typed="2026-02-30") in helpers.screen_text(app)
        await pilot.press(*["backspace"] * 10)
        await helpers.answer(pilot, (decided - timedelta(days=1)).isoformat())
        assert Case.get(Case.number == number).delivered_on is None  # before the decision
        between = _("The delivery date lies between the decision ({decided}) and today")
        assert between.format(decided=decided.isoformat()) in notes
        await pilot.press("t", "enter")
        await pilot.pause()
        await helpers.answer(pilot, "")  # today, the default
        assert Case.get(Case.number == number).delivered_on == helpers.today
        await helpers.settle(pilot)
        assert CaseCommand.DELIVER not in app.screen.detail.commands  # recorded once


async def test_a_delivery_later_than_ten_working_days_warns(
    make_app, accounts, helpers, monkeypatch
) -> None:
    number = accepted_case(helpers.today - timedelta(days=40))
    decided = helpers.today - timedelta(days=30)  # 10 working days after it are past
    Case.update(state="completed", decided_on=decided, completed_on=decided).where(
        Case.number == number
    ).execute()
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await open_detail(pilot, helpers, accounts, "ga01", number)
        due = load_calendar().add_workdays(decided, 10)
        late = _("not yet delivered (due by {day})").format(day=due)
        assert late in helpers.screen_text(app)
        notes = helpers.notes(app, monkeypatch)
        await pilot.press("t", "enter")
        await pilot.pause()
        await helpers.answer(pilot, "")
        assert Case.get(Case.number == number).delivered_on == helpers.today
        said = _(
            "Delivery recorded — later than Art. 44 allows: the decision was due to reach "
            "the applicant by {due}."
        )
        assert notes == [said.format(due=due.isoformat())]


def test_every_case_command_has_one_row_and_its_own_key() -> None:
    """The case detail's table (tui/case_actions.py): each command once, bound to the
    key whose action names it, in the order of the footer."""
    assert [action.command for action in ACTIONS] == list(CaseCommand)
    assert [action.key for action in ACTIONS] == list(keys.CASE_ACTIONS)
    for action in ACTIONS:
        assert action.key.action == f"case('{action.command.value}')"


async def test_an_open_detail_shows_a_change_made_elsewhere(
    make_app, accounts, helpers, monkeypatch
) -> None:
    """The detail looks again on the queue's interval (issue 21 item 3): a request made
    at another workstation shows without leaving the screen."""
    from counter_tui.services.auth import session_of
    from counter_tui.services.tracking.extensions import request_extension
    from counter_tui.store.models import Staff
    from counter_tui.tui.labels import event_label

    monkeypatch.setattr(CaseDetailScreen, "REFRESH_SECONDS", 0.05)
    number = accepted_case(helpers.today, EXTENDABLE_ITEM)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await open_detail(pilot, helpers, accounts, "ga01", number)
        assert event_label("extension_requested") not in helpers.screen_text(app)
        request_extension(session_of(Staff.get(Staff.code == "ga01")), number, 3, "需现场核查")
        for _tick in range(100):
            await pilot.pause(0.05)
            if event_label("extension_requested") in helpers.screen_text(app):
                break
        assert event_label("extension_requested") in helpers.screen_text(app)
        assert app.screen is screen


async def test_the_time_limit_is_read_whole_at_80_columns_in_english(
    make_app, accounts, helpers
) -> None:
    """English words are longer than Chinese: the limit line goes on a second line
    rather than being cut off, and the head still shows the suspension below it."""
    number = accepted_case(date(2026, 10, 20), EXTENDABLE_ITEM)  # a Tuesday
    clerk = session_of(Staff.get(Staff.code == "ga01"))
    suspensions.suspend(clerk, number, "hearing", 1, at=stored(date(2026, 10, 21)))
    suspensions.resume(clerk, number, at=stored(date(2026, 10, 22)))
    set_language("en")  # the autouse fixture switches back to zh_CN afterwards
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await open_detail(pilot, helpers, accounts, "ga01", number)
        lines = [line.strip() for line in helpers.screen_text(app).splitlines()]
    # 22 October stopped: promised 5 working days, 21–27 October, then the 28th; legally
    # 20, 17 November, then the 18th; 19 November to Friday 27th are 7 working days past.
    at = lines.index("● overdue · Promised: 2026-10-28 · Legal: 2026-11-18")
    assert lines[at + 1] == "7 working days past the legal limit"
    assert lines[at + 2].startswith("Suspended 2026-10-21 to 2026-10-22: ")


async def test_one_working_day_is_said_in_the_singular(make_app, accounts, helpers) -> None:
    # Accepted Monday 23 November, promised in 5 working days: Monday 30th, one day on.
    number = accepted_case(date(2026, 11, 23), EXTENDABLE_ITEM)
    set_language("en")
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await open_detail(pilot, helpers, accounts, "ga01", number)
        text = helpers.screen_text(app)
    assert "Promised: 2026-11-30 · Legal: 2026-12-21 · 1 working day left" in text
