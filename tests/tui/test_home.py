"""The home screen: who and where, open cases with lights, at 80×24."""

from rich.cells import cell_len
from textual.widgets import DataTable

from counter_tui.i18n import _
from counter_tui.services.auth import sign_in as service_sign_in
from counter_tui.services.cases.home import home_summary
from counter_tui.services.consultations.desk import open_questions
from counter_tui.services.supervision.reading import my_orders
from counter_tui.services.tickets.reading import window_calling
from counter_tui.tui.labels import light_label, role_label, state_label
from counter_tui.tui.screens.home import (
    CHROME_LINES,
    ORDERS_SHOWN,
    QUESTIONS_SHOWN,
    HomeScreen,
    column_widths,
)


async def test_home_shows_window_duty_and_open_cases(make_app, accounts, helpers) -> None:
    clerk = accounts["hb01"]  # window 4: open cases of every light (ga01's are drafts)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        summary = home_summary(app.session, helpers.today, limit=100, now=app.now())
        assert summary.open_cases, "the demo clerk should have open cases"
        text = helpers.screen_text(app)
        assert role_label(summary.role) in text
        assert summary.department in text
        assert _("A clerk: {name}").format(name=summary.clerk_a) in text
        assert _("B clerk: {name}").format(name=summary.clerk_b) in text
        assert _("On duty: {name}").format(name=summary.on_duty) in text
        assert _("Open cases: {count}").format(count=summary.open_count) in text
        lines = text.splitlines()
        shown = app.screen.summary.open_cases
        assert [line.number for line in shown] == [line.number for line in summary.open_cases][
            : len(shown)
        ]
        for case in shown:
            # One line per case, holding its number, its light word, its state and both
            # due dates (month-day), the promise first.
            [row] = [line for line in lines if case.number in line]
            assert light_label(case.light) in row  # a received 333 case's: its review's
            assert state_label(case.state)[:4] in row
            if case.deadline is not None:
                legal = case.deadline.legal.due.date.strftime("%m-%d")
                assert legal in row
                if case.deadline.promised is not None:
                    promised = case.deadline.promised.due.date.strftime("%m-%d")
                    assert row.index(promised) < row.rindex(legal)


async def test_every_line_fits_80_columns(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        lines = helpers.screen_text(app).splitlines()
        assert len(lines) == 24
        assert all(cell_len(line) <= 80 for line in lines)
        table = app.screen.query_one("#cases", DataTable)
        # No horizontal scrolling: every column is on screen.
        assert table.virtual_size.width <= table.size.width
        assert table.row_count == len(app.screen.summary.open_cases)


async def test_the_most_urgent_cases_fill_the_screen(make_app, accounts, helpers) -> None:
    def open_count(account) -> int:
        session = service_sign_in(account.code, account.pin)
        return home_summary(session, helpers.today).open_count

    def question_lines(account) -> int:
        found = len(open_questions(service_sign_in(account.code, account.pin)))
        return 2 + min(found, QUESTIONS_SHOWN) if found else 0  # caption, header, rows

    def order_lines(account) -> int:  # the supervision orders they answer, the same
        found = len(my_orders(service_sign_in(account.code, account.pin)))
        return 2 + min(found, ORDERS_SHOWN) if found else 0

    def calling_lines(account) -> int:  # the ticket called to the window (§24): a line
        found = window_calling(service_sign_in(account.code, account.pin), helpers.today)
        return 0 if found is None else 1

    busiest = max(accounts.values(), key=open_count)
    total = open_count(busiest)
    assert total >= 3
    # One row short of showing them all, below the busiest clerk's open questions.
    height = CHROME_LINES + calling_lines(busiest) + question_lines(busiest)
    height += order_lines(busiest) + total - 1
    app = make_app()
    async with app.run_test(size=(80, height)) as pilot:
        await helpers.sign_in(pilot, busiest.code, busiest.pin)
        summary = app.screen.summary
        assert summary.open_count == total
        assert len(summary.open_cases) == total - 1
        caption = _("Open cases: {count} (the {shown} most urgent are shown)").format(
            count=summary.open_count, shown=len(summary.open_cases)
        )
        assert caption in helpers.screen_text(app)


async def test_staff_without_a_window_or_cases_sees_it_said(make_app, accounts, helpers) -> None:
    chief = next(account for account in accounts.values() if account.role == "chief")
    session = service_sign_in(chief.code, chief.pin)
    assert home_summary(session, helpers.today).open_count == 0  # the fixture's premise
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, chief.code, chief.pin)
        assert isinstance(app.screen, HomeScreen)
        text = helpers.screen_text(app)
        assert _("No open cases: new applications you take will appear here.") in text
        assert not app.screen.query_one("#cases", DataTable).display
        if session.window_id is None:
            assert _("No window assigned") in text


async def test_case_data_is_shown_as_plain_text(make_app, clerk, helpers) -> None:
    """Values from the database are data, never markup, even in the table."""
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        table = app.screen.query_one("#cases", DataTable)
        for row in range(table.row_count):
            for cell in table.get_row_at(row):
                assert not isinstance(cell, str)  # a str cell would be parsed as markup


def test_due_dates_in_years_without_a_calendar_are_marked_provisional() -> None:
    from datetime import date

    from counter_tui.domain.calendar import Due
    from counter_tui.domain.deadlines import CaseDeadline, Light
    from counter_tui.tui.labels import due_text, short_due_text

    def deadline(provisional: bool) -> CaseDeadline:
        return CaseDeadline(Due(date(2027, 3, 1), provisional), Light.GREEN, 40)

    assert due_text(deadline(True)) == _("{date} prov.").format(date="2027-03-01")
    assert due_text(deadline(False)) == "2027-03-01"
    assert due_text(None) == "—"
    assert short_due_text(deadline(True)) == _("{date} prov.").format(date="03-01")
    assert short_due_text(deadline(False)) == "03-01"
    assert short_due_text(None) == "—"


def test_columns_share_what_is_left_and_keep_a_minimum() -> None:
    natural = {"light": 6, "number": 15, "item": 30, "applicant": 23, "state": 20, "due": 5}
    natural["legal"] = 10
    widths = column_widths(natural, 73)
    assert widths["state"] == 12  # capped
    assert sum(widths.values()) == 73
    assert widths["item"] >= 6 and widths["applicant"] >= 6
    roomy = column_widths(natural, 200)
    assert roomy["item"] == 30 and roomy["applicant"] == 23
    narrow = column_widths(natural, 40)
    assert narrow["item"] == narrow["applicant"] == 6


async def test_sign_in_deems_old_receipts_accepted(make_app, accounts, helpers) -> None:
    """Art. 32(4): signing in a week later, the cases received and never decided are
    accepted as of their receipt, and home shows them so."""
    from datetime import timedelta

    from counter_tui.domain.lifecycle import CaseState
    from counter_tui.store.models import Case, Event

    waiting = list(Case.select().where(Case.state == CaseState.RECEIVED.value))
    assert waiting, "the demo has received, undecided cases"
    owner = waiting[0].owner
    pin = accounts[owner.code].pin
    app = make_app(today=lambda: helpers.today + timedelta(days=14))
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.type_sign_in(pilot, owner.code, pin)
        await helpers.settle(pilot)
        for case in waiting:
            case = Case.get_by_id(case.id)
            assert case.state == CaseState.ACCEPTED.value
            assert case.accepted_on == case.received_on
            assert (
                Event.select()
                .where((Event.case == case) & (Event.kind == "deem_accepted"))
                .exists()
            )
        mine = [c for c in waiting if c.owner_id == owner.id]
        text = helpers.screen_text(app)
        assert all(c.number in text for c in mine[:3])


async def test_the_note_of_what_the_law_did_names_the_clerks_cases_first_and_few(
    make_app, accounts, helpers, monkeypatch
) -> None:
    """At a million cases a week's deemed acceptances were 695 numbers in one note, the
    signing-in clerk's own anywhere among them: their own come first, and past
    TOLD_NUMBERS the rest are counted."""
    import asyncio

    from counter_tui.store.models import Case, Staff
    from counter_tui.tui.app import TOLD_NUMBERS

    clerk = Staff.get(Staff.code == "ga01")
    cases = list(Case.select(Case.number, Case.owner).order_by(Case.id))
    others = [c.number for c in cases if c.owner_id != clerk.id][: TOLD_NUMBERS + 2]
    mine = [c.number for c in cases if c.owner_id == clerk.id][:1]
    assert mine and len(others) == TOLD_NUMBERS + 2, "the demo has cases enough"
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "ga01", accounts["ga01"].pin)
        said = helpers.notes(app, monkeypatch)
        # As the sign-in's worker tells it: from a thread.
        await asyncio.to_thread(app._tell_home, "{n}: {numbers}", [*others, *mine])
        await helpers.settle(pilot)
    shown = _(", ").join([*mine, *others][:TOLD_NUMBERS])  # the language's list comma
    more = _("{numbers} and {more} more").format(numbers=shown, more=3)
    assert said == [f"{TOLD_NUMBERS + 3}: {more}"]


async def test_home_tells_of_drafts_left_and_approvals_waiting(make_app, accounts, helpers) -> None:
    """After a restart the clerk learns of the drafts they left, and the chief of what
    waits for their decision (issue 21 items 12 and 21)."""
    from counter_tui.services.auth import session_of
    from counter_tui.services.intake.draft import start_draft
    from counter_tui.services.tracking.approvals import waiting_approvals
    from counter_tui.store.models import Staff

    start_draft(session_of(Staff.get(Staff.code == "hb01")), "HB-010")
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "hb01", accounts["hb01"].pin)
        summary = home_summary(app.session, helpers.today)
        assert summary.drafts >= 1
        assert _("Waiting for your approval: {count} ({key})")[:4] not in helpers.screen_text(app)
        drafts = _("Drafts: {count} ({key})").format(count=summary.drafts, key="F2")
        assert drafts in helpers.screen_text(app)
        await pilot.press("ctrl+o")
        await helpers.settle(pilot)
        await helpers.sign_in(pilot, "gachief", accounts["gachief"].pin)
        waiting = len(waiting_approvals(app.session, helpers.today))
        assert waiting > 0, "the demo's chief has decisions waiting"
        said = _("Waiting for your approval: {count} ({key})").format(count=waiting, key="F7")
        assert said in helpers.screen_text(app)


async def test_a_clerk_back_at_the_counter_takes_the_window_back(
    make_app, accounts, helpers
) -> None:
    """On leave, the window went to the B clerk; back, the A clerk takes it with one key
    (issue 21 item 20). The cases stay whose they are."""
    from counter_tui.services.auth import session_of
    from counter_tui.services.handover.staffing import set_absence
    from counter_tui.store.models import Staff, Window

    ga01 = session_of(Staff.get(Staff.code == "ga01"))
    set_absence(ga01, "ga01", "leave")
    window = Window.get(Window.clerk_a == Staff.get(Staff.code == "ga01"))
    assert window.on_duty.code == "ga02"
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "ga01", accounts["ga01"].pin)
        offer = _("{key}: be on duty at this window").format(key="T")
        assert offer in helpers.screen_text(app)
        await pilot.press("t")
        await helpers.settle(pilot)
        assert Window.get_by_id(window.id).on_duty.code == "ga01"
        assert Staff.get(Staff.code == "ga01").absence is None
        assert offer not in helpers.screen_text(app)


async def _away_and_back(pilot) -> None:
    """F3 (the guides), then Esc back home."""
    await pilot.press("f3")
    await pilot.pause()
    await pilot.press("escape")
    await pilot.pause()


def _counted_readings(monkeypatch) -> list[int]:
    """One entry per reading of home's cases from now on."""
    from counter_tui.tui.screens import home as home_module

    readings: list[int] = []
    real = home_module.home_summary

    def counted(*args, **kwargs):
        readings.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(home_module, "home_summary", counted)
    return readings


async def test_back_home_reads_again_only_what_may_have_changed(
    make_app, accounts, helpers, demo_db, monkeypatch
) -> None:
    """Back home with the database and the minute those of its last reading, home reads
    nothing (issue 17: reading was most of an Esc); another workstation's commit, or the
    next minute, and it reads again and shows what changed."""
    import sqlite3
    from datetime import timedelta

    readings = _counted_readings(monkeypatch)
    clerk = accounts["hb01"]
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        home = app.screen
        first = home.summary.open_cases[0]
        assert len(readings) == 1
        await _away_and_back(pilot)
        assert app.screen is home
        assert len(readings) == 1
        with sqlite3.connect(demo_db) as other:  # another workstation corrects the name
            other.execute(
                'UPDATE "case" SET applicant_name = ? WHERE number = ?', ("欧阳新名", first.number)
            )
        await _away_and_back(pilot)
        assert len(readings) == 2
        assert "欧阳新名" in helpers.screen_text(app)
        later = app.now() + timedelta(minutes=1)
        monkeypatch.setattr(app, "now", lambda: later)
        await _away_and_back(pilot)
        assert len(readings) == 3


async def test_home_reads_again_after_a_refusal(make_app, accounts, helpers, monkeypatch) -> None:
    """A line that the database refused while home read (it went away) is read again on
    the next return home, though nothing changed since."""
    from peewee import OperationalError

    from counter_tui.tui.screens import home as home_module

    readings = _counted_readings(monkeypatch)
    real, failures = home_module.window_calling, ["disk I/O error"]

    def failing_once(*args, **kwargs):
        if failures:
            raise OperationalError(failures.pop())
        return real(*args, **kwargs)

    monkeypatch.setattr(home_module, "window_calling", failing_once)
    clerk = accounts["hb01"]
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        assert not failures and len(readings) == 1
        await _away_and_back(pilot)
        assert len(readings) == 2
        await _away_and_back(pilot)
        assert len(readings) == 2
