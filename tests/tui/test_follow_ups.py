"""差评回访 (Ctrl+V, docs/rules.md §11) by keyboard: the contact recorded, then the
follow-up closed with 整改; a question's follow-up closed; the clerk's appeal upheld by
the chief; no appeal for who was not rated; no closing before the contact; home's line."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from case_checks import PERSON, taken_case
from rating_pad import bind_pad, rate_case

from counter_tui.i18n import _, set_language
from counter_tui.services.auth import session_of
from counter_tui.services.bundles import intake as bundles
from counter_tui.services.cases.follow_ups import open_follow_ups
from counter_tui.services.consultations.questions import take_consultation
from counter_tui.services.tracking.ratings import appeal_rating, pad_view, rate_on_pad
from counter_tui.store.models import Event, RatingFollowUp, RatingRequest, Staff
from counter_tui.tui import keys
from counter_tui.tui.screens.bundles import BundleDetailScreen
from counter_tui.tui.screens.case_detail import CaseDetailScreen
from counter_tui.tui.screens.follow_ups import FollowUpsScreen
from counter_tui.tui.screens.home import HomeScreen


def stored(day: date, hour: int = 9) -> datetime:
    """``hour``:00 on ``day`` at the centre, as stored (naive UTC)."""
    at = datetime.combine(day, time(hour)).replace(tzinfo=ZoneInfo("Asia/Shanghai"))
    return at.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def poor_case(day: date, text: str = "等得太久") -> tuple[str, int]:
    """A case ga01 accepts at window 1 (a pad there) at 9:00 on ``day``, rated 不满意
    on the pad: its number and the request's id."""
    bind_pad(1)
    number = taken_case(at=stored(day))
    return number, rate_case(number, 4, "efficiency", text)


def session(code: str):
    return session_of(Staff.get(Staff.code == code))


def follow_up(request_id: int) -> RatingFollowUp:
    return RatingFollowUp.get(RatingFollowUp.request == request_id)


async def open_screen(pilot, helpers, accounts, code: str) -> FollowUpsScreen:
    await helpers.sign_in(pilot, code, accounts[code].pin)
    await helpers.settle(pilot)
    await pilot.press("ctrl+v")
    await helpers.settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FollowUpsScreen), helpers.screen_text(pilot.app)
    return screen


async def highlight(pilot, screen: FollowUpsScreen, request_id: int) -> None:
    row = [line.request_id for line in screen.lines].index(request_id)
    screen.table.move_cursor(row=row)
    await pilot.pause()
    assert screen.highlighted is not None and screen.highlighted.request_id == request_id


async def choose(pilot, helpers, steps: int, note: str) -> None:
    """A choice prompt: → ``steps`` times from "choose one", Enter, the note, Enter."""
    for _step in range(steps):
        await pilot.press("right")
    await pilot.press("enter")
    await helpers.answer(pilot, note)


async def test_the_contact_then_整改_closes_the_follow_up(make_app, accounts, helpers) -> None:
    number, request_id = poor_case(helpers.today)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await open_screen(pilot, helpers, accounts, "ga01")
        await highlight(pilot, screen, request_id)
        text = helpers.screen_text(app)
        assert number in text and "等得太久" in text  # the applicant's words, under the table
        assert _("to contact") in text
        await pilot.press("r")
        await pilot.pause()
        assert _("How and when the applicant was reached, what they said") in (
            helpers.screen_text(app)
        )
        await helpers.answer(pilot, "11月27日电话联系申请人，嫌排队久")
        row = follow_up(request_id)
        assert row.contact == "11月27日电话联系申请人，嫌排队久" and row.closed_at is None
        assert app.screen is screen
        await highlight(pilot, screen, request_id)
        assert _("contacted") in helpers.screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        await choose(pilot, helpers, 1, "增开午间窗口")  # → 整改
        row = follow_up(request_id)
        assert (row.result, row.note, row.closed_by.code) == ("rectified", "增开午间窗口", "ga01")
        assert row.closed_at is not None
        assert request_id not in [line.request_id for line in screen.lines]
        assert number not in helpers.screen_text(app)


async def test_closing_before_the_contact_is_refused(
    make_app, accounts, helpers, monkeypatch
) -> None:
    number, request_id = poor_case(helpers.today)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await open_screen(pilot, helpers, accounts, "ga01")
        said = helpers.notes(app, monkeypatch)
        await highlight(pilot, screen, request_id)
        events = Event.select().count()
        await pilot.press("o")
        await pilot.pause()
        await choose(pilot, helpers, 2, "已解释")  # → explained
        assert _("Record the contact with the applicant first") in said
        row = follow_up(request_id)
        assert (row.closed_at, row.result, row.note) == (None, "", "")
        assert Event.select().count() == events
        assert request_id in [line.request_id for line in screen.lines]
        assert app.screen is screen and number in helpers.screen_text(app)


async def test_a_question_s_follow_up_is_closed_here(make_app, accounts, helpers) -> None:
    code = bind_pad(1)
    clerk = session("ga01")
    asked = take_consultation(clerk, "居住证要几寸照片", answer="两寸", at=stored(helpers.today))
    request = RatingRequest.get(RatingRequest.consultation == asked)
    rate_on_pad(code, request.id, 5, "attitude", "", at=request.requested_at + timedelta(minutes=1))
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await open_screen(pilot, helpers, accounts, "ga01")
        await highlight(pilot, screen, request.id)
        text = helpers.screen_text(app)
        assert _("Question") in text and _("very dissatisfied") in text
        await pilot.press("r")
        await pilot.pause()
        await helpers.answer(pilot, "电话致歉")
        await highlight(pilot, screen, request.id)
        await pilot.press("o")
        await pilot.pause()
        await choose(pilot, helpers, 2, "说明照片规格")  # → explained
        row = follow_up(request.id)
        assert (row.contact, row.result, row.note) == ("电话致歉", "explained", "说明照片规格")
        assert row.closed_at is not None
        assert request.id not in [line.request_id for line in screen.lines]


async def test_the_clerk_appeals_and_the_chief_upholds(make_app, accounts, helpers) -> None:
    _number, request_id = poor_case(helpers.today, "态度不好")
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await open_screen(pilot, helpers, accounts, "ga01")
        await highlight(pilot, screen, request_id)
        assert _(keys.FOLLOW_UP_DECIDE.label) not in helpers.key_bar(app)  # a clerk's
        assert f"S {_(keys.FOLLOW_UP_APPEAL.label)}" in helpers.key_bar(app)
        await pilot.press("s")
        await pilot.pause()
        await helpers.answer(pilot, "监控显示服务规范")
        assert follow_up(request_id).appeal == "监控显示服务规范"
        await highlight(pilot, screen, request_id)
        shown = _("Appeal: {grounds} — {outcome}").format(
            grounds="监控显示服务规范", outcome=_("waiting for the chief")
        )
        assert shown in helpers.screen_text(app)
        assert _(keys.FOLLOW_UP_APPEAL.label) not in helpers.key_bar(app)  # once
        await pilot.press("escape")
        await pilot.press("ctrl+o")
        await pilot.pause()
        screen = await open_screen(pilot, helpers, accounts, "gachief")
        await highlight(pilot, screen, request_id)
        assert "监控显示服务规范" in helpers.screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        await choose(pilot, helpers, 1, "经核实申诉成立")  # → upheld
        row = follow_up(request_id)
        assert (row.appeal_outcome, row.result) == ("upheld", "appeal_upheld")
        assert row.closed_at is not None and row.closed_by.code == "gachief"
        assert RatingRequest.get_by_id(request_id).level == 4  # the rating stays as given
        assert request_id not in [line.request_id for line in screen.lines]


async def test_who_was_not_rated_has_no_appeal(make_app, accounts, helpers) -> None:
    _number, request_id = poor_case(helpers.today)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await open_screen(pilot, helpers, accounts, "gachief")  # sees ga01's
        await highlight(pilot, screen, request_id)
        assert _(keys.FOLLOW_UP_APPEAL.label) not in helpers.key_bar(app)
        assert _(keys.FOLLOW_UP_DECIDE.label) not in helpers.key_bar(app)  # nothing appealed
        await pilot.press("s")
        await pilot.pause()
        assert app.screen is screen  # no prompt
        assert follow_up(request_id).appeal == ""


async def test_home_says_how_many_wait(make_app, accounts, helpers) -> None:
    _number, request_id = poor_case(helpers.today)
    appeal_rating(session("ga01"), request_id, "监控显示服务规范", at=stored(helpers.today, 11))
    clerk = len(open_follow_ups(session("ga01")))
    chief = open_follow_ups(session("gachief"))
    appeals = [line for line in chief if line.appeal_pending]
    assert clerk >= 1 and appeals
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "ga01", accounts["ga01"].pin)
        await helpers.settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        line = _("差评 to follow up: {count} ({key})").format(count=clerk, key="^V")
        assert line in helpers.screen_text(app)
        await pilot.press("ctrl+o")
        await pilot.pause()
        await helpers.sign_in(pilot, "gachief", accounts["gachief"].pin)
        await helpers.settle(pilot)
        text = _("差评 to follow up: {count}; appeals waiting for you: {appeals} ({key})")
        line = text.format(count=len(chief), appeals=len(appeals), key="^V")
        assert line in helpers.screen_text(app)


async def test_enter_opens_the_case_which_points_back_here(make_app, accounts, helpers) -> None:
    number, request_id = poor_case(helpers.today)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await open_screen(pilot, helpers, accounts, "ga01")
        await highlight(pilot, screen, request_id)
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen) and app.screen.number == number
        # The detail points to this screen while the 差评 is open (its O closes it).
        hint = _("差评 to follow up: {close} closes it; {screen}: the contact, the appeal")
        assert hint.format(close="O", screen="^V") in helpers.screen_text(app)


def poor_bundle_step(day: date) -> tuple[str, int]:
    """A bundle case zw01 takes at the comprehensive window 8 (its pad: pad-08) at 10:00
    on ``day``, every material provided, accepted and rated 非常不满意 on the pad: its
    number and the request's id."""
    desk = session("zw01")
    when = stored(day, 10)
    number = bundles.start_bundle_case(desk, "YJS-001", at=when)
    bundles.update_bundle_applicant(desk, number, PERSON, at=when)
    bundles.mark_bundle_remaining_provided(desk, number, at=when)
    bundles.accept_bundle(desk, number, at=when)
    shown = pad_view("pad-08", at=when).request
    assert shown is not None and shown.bundle_name
    rate_on_pad("pad-08", shown.id, 5, "attitude", at=when + timedelta(minutes=1))
    return number, shown.id


async def test_a_bundle_steps_follow_up_names_the_bundle_case_and_opens_it(
    make_app, accounts, helpers
) -> None:
    number, request_id = poor_bundle_step(helpers.today)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await open_screen(pilot, helpers, accounts, "zw01")
        await highlight(pilot, screen, request_id)
        assert number in helpers.screen_text(app)
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, BundleDetailScreen)
        assert number in helpers.screen_text(app)


async def test_it_reads_at_80_by_24_in_english_too(make_app, accounts, helpers) -> None:
    _number, request_id = poor_case(helpers.today)
    for language in ("zh_CN", "en"):
        set_language(language)
        app = make_app()
        async with app.run_test(size=helpers.size) as pilot:
            screen = await open_screen(pilot, helpers, accounts, "ga01")
            await highlight(pilot, screen, request_id)
            text = helpers.screen_text(app)
            print(text)
            assert "等得太久" in text
            for action in (keys.FOLLOW_UP_CONTACT, keys.FOLLOW_UP_CLOSE, keys.FOLLOW_UP_APPEAL):
                assert _(action.label) in helpers.key_bar(app)
