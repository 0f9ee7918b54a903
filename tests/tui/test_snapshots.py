"""Every screen at 80×24 in Chinese, on the demo database frozen on its day.

Regenerate after a deliberate change with ``pytest tests/tui --snapshot-update``
and look at the SVGs before committing them.
"""

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from counter_tui.services.auth import sign_in

SNAPSHOT_CLERK = "hb01"  # window 4: red, yellow, green and not-started cases


async def _sign_in(pilot: Pilot, account) -> None:
    """Signed in through the service, not typed (helpers.sign_in in conftest.py)."""
    pilot.app.call_later(pilot.app.signed_in, sign_in(account.code, account.pin))
    await pilot.pause()


async def _paste(pilot: Pilot, text: str) -> None:
    """Pasted into the focused field (helpers.paste in conftest.py)."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


def test_sign_in_demo(make_app, snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24))


def _signed_in(accounts):
    account = accounts[SNAPSHOT_CLERK]

    async def run_before(pilot: Pilot) -> None:
        await _sign_in(pilot, account)
        await pilot.pause()

    return run_before


def test_home_with_open_cases(make_app, accounts, snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_signed_in(accounts))


def test_help(make_app, accounts, snap_compare) -> None:
    signed_in = _signed_in(accounts)

    async def run_before(pilot: Pilot) -> None:
        await signed_in(pilot)
        await pilot.press("f1")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_lock(make_app, accounts, snap_compare) -> None:
    signed_in = _signed_in(accounts)

    async def run_before(pilot: Pilot) -> None:
        await signed_in(pilot)
        await pilot.press("ctrl+l")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def _looked_up(accounts, query: str, open_first: bool = False):
    signed_in = _signed_in(accounts)

    async def run_before(pilot: Pilot) -> None:
        await signed_in(pilot)
        await pilot.app.workers.wait_for_complete()  # the catalog index, loaded at sign-in
        await pilot.press("f3")
        await pilot.app.workers.wait_for_complete()
        await pilot.press(*query)
        if open_first:
            await pilot.press("enter")
        await pilot.pause()

    return run_before


def test_lookup_with_a_query(make_app, accounts, snap_compare) -> None:
    run_before = _looked_up(accounts, "户口")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_guide_of_the_gun_permit(make_app, accounts, snap_compare) -> None:
    run_before = _looked_up(accounts, "qzsn", open_first=True)  # GA-001
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def _in_intake(accounts, *keys: str, applicant: bool = True):
    """F2, qzsn, Enter: the applicant form of a new draft for GA-001 (ga01 has a draft
    in the demo: F2 lists it, F2 again starts a new one); then a valid applicant and
    ``keys`` on the checklist."""
    account = accounts["ga01"]

    async def run_before(pilot: Pilot) -> None:
        await _sign_in(pilot, account)
        await pilot.app.workers.wait_for_complete()
        await pilot.press("f2", "f2")  # the drafts, then a new intake
        await pilot.app.workers.wait_for_complete()
        await pilot.press(*"qzsn", "enter")
        await pilot.pause()
        if applicant:
            await _paste(pilot, "王小明")
            await pilot.press("enter", "enter")
            await _paste(pilot, "110105198001011238")
            await pilot.press("enter")
            await _paste(pilot, "13812345678")
            await pilot.press("enter")
            await _paste(pilot, "示范市文三路1号")
            await pilot.pause(0.6)
        if keys:
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press(*keys)
        # A blinking cursor would be on in one picture and off in the next.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run_before


def test_intake_applicant(make_app, accounts, snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_in_intake(accounts))


def test_intake_checklist(make_app, accounts, snap_compare) -> None:
    # The first material missing, the second provided: the blocking line shows.
    run_before = _in_intake(accounts, "m", "p", "enter")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_intake_decision(make_app, accounts, snap_compare) -> None:
    # Everything provided, F9: the decision step with nothing standing in the way.
    run_before = _in_intake(accounts, "a", "f9")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_intake_acceptance_to_issue(make_app, accounts, snap_compare) -> None:
    # ... and A: the 受理通知书 as it would be issued, unnumbered, before anything is written.
    run_before = _in_intake(accounts, "a", "f9", "a")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_intake_acceptance_notice(make_app, accounts, snap_compare) -> None:
    # ... and Enter: the 受理通知书 issued, as the clerk previews it before printing.
    run_before = _in_intake(accounts, "a", "f9", "a", "enter")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def _in_queue(accounts, *keys: str):
    """F5 (the snapshot clerk's own cases, most urgent first), then ``keys``."""
    signed_in = _signed_in(accounts)

    async def run_before(pilot: Pilot) -> None:
        await signed_in(pilot)
        await pilot.press("f5")
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run_before


def test_queue(make_app, accounts, snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_in_queue(accounts))


def test_case_detail_timeline(make_app, accounts, snap_compare) -> None:
    # Enter on the most urgent case: its detail, on the timeline.
    run_before = _in_queue(accounts, "enter")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_chief_approvals(make_app, accounts, snap_compare) -> None:
    chief = accounts["gachief"]

    async def run_before(pilot: Pilot) -> None:
        await _sign_in(pilot, chief)
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_suspend_prompt_in_the_case_detail(make_app, accounts, snap_compare) -> None:
    # The most urgent case of the snapshot clerk is in review: S asks for the suspension.
    run_before = _in_queue(accounts, "enter", "s")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_reports_of_a_chief(make_app, accounts, snap_compare) -> None:
    """F6 for the 公安 chief: the department's figures this month, the chart below."""
    account = accounts["gachief"]

    async def run_before(pilot: Pilot) -> None:
        await _sign_in(pilot, account)
        await pilot.app.workers.wait_for_complete()
        await pilot.press("f6", "s")  # the whole centre, by department
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_handover(make_app, accounts, snap_compare) -> None:
    """ga01's F4: the open cases gathered by kind, a note typed on the first."""
    account = accounts["ga01"]

    async def run_before(pilot: Pilot) -> None:
        await _sign_in(pilot, account)
        await pilot.pause()
        await pilot.press("f4")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("n", *"原件在柜内[b]", "enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_change_pin(make_app, snap_compare) -> None:
    """A first sign-in with a one-time PIN: the new PIN, twice."""
    from counter_tui.services.centre.staff import add_staff

    add_staff(None, "ga06", "陈新", "clerk", "802461", "GA")

    async def run_before(pilot: Pilot) -> None:
        pilot.app.call_later(pilot.app.signed_in, sign_in("ga06", "802461"), "802461")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def _admin(accounts, *keys: str):
    async def run_before(pilot: Pilot) -> None:
        await _sign_in(pilot, accounts["admin"])
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


def test_admin_home_with_what_to_fix(make_app, accounts, snap_compare) -> None:
    """A window without its B clerk, a department without its chief, a new account."""
    from counter_tui.services.centre.staff import add_staff
    from counter_tui.store.models import Staff, Window

    Window.update(clerk_b=None).where(Window.number == 1).execute()
    Staff.update(role="clerk").where(Staff.code == "hbchief").execute()
    add_staff(None, "ga06", "陈新", "clerk", "802461", "GA")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_admin(accounts))


def test_admin_staff(make_app, accounts, snap_compare) -> None:
    """Ctrl+E: the accounts; the keys on the first (the administrator, active)."""
    run_before = _admin(accounts, "ctrl+e")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_admin_reset_pin_prompt(make_app, accounts, snap_compare) -> None:
    """P on an account: the one-time PIN twice, masked."""
    run_before = _admin(accounts, "ctrl+e", "down", "p", *"802461")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_admin_departments(make_app, accounts, snap_compare) -> None:
    """Ctrl+A: the departments with their approvers and the chief's signature."""
    run_before = _admin(accounts, "ctrl+a")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_admin_profile(make_app, accounts, snap_compare) -> None:
    """Ctrl+J: the centre's profile and its opening hours per weekday."""
    run_before = _admin(accounts, "ctrl+j")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_consultation_form(make_app, accounts, snap_compare) -> None:
    """Ctrl+X: the item chosen, the question typed, answered now."""
    signed_in = _signed_in(accounts)

    async def run_before(pilot: Pilot) -> None:
        await signed_in(pilot)
        await pilot.app.workers.wait_for_complete()
        await pilot.press("ctrl+x")
        await pilot.app.workers.wait_for_complete()
        await pilot.press(*"pwxk", "enter")
        await _paste(pilot, "排污许可证要多久？")
        await pilot.press("enter", "enter")
        await _paste(pilot, "承诺时限见告知单")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_home_with_open_questions(make_app, accounts, snap_compare) -> None:
    """A question past its promise (red), one in its last third (yellow), one green."""
    from datetime import timedelta

    from counter_tui.services.consultations.questions import take_consultation

    signed_in = _signed_in(accounts)

    async def run_before(pilot: Pilot) -> None:
        await signed_in(pilot)
        app = pilot.app
        for minutes, question, visitor in (
            (120, "夜间施工许可怎么申请？", "赵先生 13700000000"),
            (25, "环评要多少天？", ""),
            (0, "排污许可能否网上办？", "钱女士"),
        ):
            name, _space, phone = visitor.partition(" ")
            at = app.now() - timedelta(minutes=minutes)
            take_consultation(app.session, question, visitor=name, phone=phone, at=at)
        app.refresh_home()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
