"""The rating pad (docs/rules.md §11) on the demo database beside a clerk's work: the clerk
accepts a case at window 1, its pad asks within a second, the applicant keys 5, the
reason 2 and Enter; the rating and its follow-up exist, the clerk's detail said the pad
was waiting and never what was chosen. A database out of reach is said and waited out."""

from datetime import datetime, timedelta

from case_checks import taken_case
from peewee import OperationalError
from rating_pad import bind_pad

from counter_tui.i18n import _
from counter_tui.services.auth import session_of
from counter_tui.services.cases.detail import case_detail
from counter_tui.services.centre.devices import device_of_kind
from counter_tui.store.models import RatingFollowUp, RatingRequest, Staff, shared_now
from counter_tui.tui.hall import pad as pad_app
from counter_tui.tui.hall.pad import PadApp

TODAY_AT = datetime(2026, 11, 27, 3)  # 11:00 in Shanghai on the demo's day


def _text(app: PadApp) -> str:
    return "\n".join(strip.text.rstrip() for strip in app.screen._compositor.render_strips())


async def test_the_clerk_accepts_and_the_applicant_rates_poorly_on_the_pad(
    demo_db: str, helpers
) -> None:
    code = bind_pad(1)  # ga01's window
    clock = {"now": TODAY_AT}
    app = PadApp(device_of_kind(code, "pad"), clock=lambda: clock["now"])
    async with app.run_test(size=helpers.size) as pilot:
        await pilot.pause()
        idle = _text(app)
        assert _("Window {n}").format(n=1) in idle and _("Welcome") in idle
        number = taken_case("ga01", at=TODAY_AT)  # the clerk accepts at the window
        clock["now"] = TODAY_AT + timedelta(seconds=20)
        clerk = session_of(Staff.get(Staff.code == "ga01"))
        assert case_detail(clerk, number, TODAY_AT.date(), clock["now"]).pad_waiting
        await pilot.pause(1.2)  # the pad reads the database every second
        asking = _text(app)
        assert _("Your application was accepted") in asking and "5" in asking
        await pilot.press("5")
        await pilot.pause()
        assert _("service attitude") in _text(app)  # the reasons, by digit
        await pilot.press("enter")  # no reason chosen yet: nothing recorded
        request = RatingRequest.get(RatingRequest.case == case_of_number(number))
        assert request.state == "pending"
        await pilot.press("2", "enter")
        await pilot.pause()
        assert _("Thank you for your rating.") in _text(app)
        request = RatingRequest.get_by_id(request.id)
        assert (request.state, request.level, request.reason) == ("rated", 5, "efficiency")
        assert RatingFollowUp.get(RatingFollowUp.request == request.id).closed_at is None
        detail = case_detail(clerk, number, TODAY_AT.date(), clock["now"])
        assert not detail.pad_waiting


def case_of_number(number: str) -> int:
    from counter_tui.store.models import Case

    return Case.get(Case.number == number).id


async def test_the_pad_says_the_database_is_away_and_goes_on(
    demo_db: str, helpers, monkeypatch
) -> None:
    code = bind_pad(1)
    real = pad_app.pad_view
    away = {"on": False}

    def view(device: str, *, at: datetime | None = None):
        if away["on"]:
            raise OperationalError("server closed the connection unexpectedly")
        return real(device, at=at)

    monkeypatch.setattr(pad_app, "pad_view", view)
    app = PadApp(device_of_kind(code, "pad"), clock=lambda: shared_now())
    async with app.run_test(size=helpers.size) as pilot:
        await pilot.pause()
        away["on"] = True
        await pilot.pause(1.2)
        said = _("The database cannot be reached just now; trying again…")
        assert said in _text(app) and app.is_running
        away["on"] = False
        await pilot.pause(1.2)
        assert said not in _text(app)
        assert _("Window {n}").format(n=1) in _text(app)


def test_the_command_line_refuses_an_unknown_pad(demo_db: str, run_cli) -> None:
    code, _out, err = run_cli("--database", demo_db, "pad", "--device", "no-such-pad")
    assert code == 2 and "no-such-pad" in err and len(err.strip().splitlines()) == 1
    code, _out, err = run_cli("--database", demo_db, "pad", "--window", "3")
    assert code == 2 and "3" in err and len(err.strip().splitlines()) == 1


async def test_the_clerks_home_says_the_pad_waits_never_the_choice(
    make_app, accounts, helpers
) -> None:
    bind_pad(1)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "ga01", accounts["ga01"].pin)
        waiting = _("The rating pad is waiting for the applicant")
        assert waiting not in helpers.screen_text(app)
        taken_case("ga01", at=app.now())  # accepted at window 1: its pad asks
        app.refresh_home()
        await helpers.settle(pilot)
        assert waiting in helpers.screen_text(app)
        request = RatingRequest.get(RatingRequest.state == "pending")
        RatingRequest.update(state="rated", level=1).where(
            RatingRequest.id == request.id
        ).execute()  # the applicant rates on the pad
        app.refresh_home()
        await helpers.settle(pilot)
        assert waiting not in helpers.screen_text(app)


async def test_the_pad_shows_a_bundle_step_as_the_bundle_not_one_item(
    demo_db: str, helpers
) -> None:
    """A step of a bundle case at the comprehensive window (rules.md §21.1) is asked about
    once: the pad names the bundle (一件事：…), never one of its items."""
    from counter_tui.store.models import BundleCase, Window

    bundle_case = BundleCase.select().where(BundleCase.window.is_null(False)).first()
    window = Window.get_by_id(bundle_case.window_id)
    code = bind_pad(window.number)
    RatingRequest.create(
        window=window,
        staff=bundle_case.owner_id,
        bundle_case=bundle_case,
        kind="accepted",
        requested_at=TODAY_AT,
        state="pending",
    )
    app = PadApp(device_of_kind(code, "pad"), clock=lambda: TODAY_AT + timedelta(seconds=20))
    async with app.run_test(size=helpers.size) as pilot:
        await pilot.pause(1.2)
        asking = _text(app)
        assert _("Your application was accepted") in asking
        assert _("Bundle: {name}").format(name=bundle_case.bundle.name) in asking
        items = [case.item.name for case in bundle_case.cases]
        assert items and not any(name in asking for name in items)
