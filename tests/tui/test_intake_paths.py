"""Taking applications (issue 4) by keyboard, the paths tests/tui/test_intake.py leaves:
即办 with and without 一审一核, 容缺 with a commitment date, not applicable, discarding
a draft, and the words a clerk reads for each kind of material.

The draft and its applicant are entered through the services (the applicant form has
its own tests); from there on every step is a key, and every assertion reads the
database back."""

import json
from datetime import date

from textual import events
from textual.widgets import Input

from counter_tui.domain.checklist import MaterialStatus, Necessity
from counter_tui.domain.identifiers import resident_id_check_char
from counter_tui.domain.lifecycle import Action, CaseState
from counter_tui.i18n import _
from counter_tui.services.intake.draft import start_draft, update_applicant
from counter_tui.store.events import event_data
from counter_tui.store.models import Case, CaseMaterial, Document, Event
from counter_tui.tui.screens.cases import DraftsScreen
from counter_tui.tui.screens.checklist import ChecklistStep
from counter_tui.tui.screens.decision import DecisionStep, DocumentScreen
from counter_tui.tui.screens.document_view import IssuePreview
from counter_tui.tui.screens.intake import ApplicantStep
from counter_tui.tui.screens.prompts import DatePrompt, ReasonPrompt, RefusalPrompt
from counter_tui.tui.widgets.choice import Choice

FIRST17 = "11010519800101123"
APPLICANT = {
    "kind": "person",
    "name": "王小明",
    "id_type": "resident_id",
    "id_number": FIRST17 + resident_id_check_char(FIRST17),
    "phone": "13812345678",
    "address": "示范市文三路1号",
}
IMMEDIATE_REVIEWED = "GA-005"  # 即办, window_decides (一审一核)
IMMEDIATE = "GA-004"  # 即办, no 一审一核: required, required, optional, conditional
DEFERRABLE = "GA-011"  # its third material is 容缺


# ── getting there ────────────────────────────────────────────────────────────


async def draft_of(pilot, helpers, clerk, item: str) -> str:
    """Sign in by keyboard, then a draft of ``item`` with a complete applicant, as the
    applicant form would have saved it."""
    app = pilot.app
    await helpers.sign_in(pilot, clerk.code, clerk.pin)
    await helpers.settle(pilot)
    number = start_draft(app.session, item, at=app.now())
    update_applicant(app.session, number, APPLICANT, at=app.now())
    return number


async def checklist_of(pilot, helpers, clerk, item: str) -> ChecklistStep:
    """F2 (the drafts, the newest first), Enter (its applicant form), F9: its checklist."""
    number = await draft_of(pilot, helpers, clerk, item)
    await pilot.press("f2")
    await pilot.pause()
    assert isinstance(pilot.app.screen, DraftsScreen)
    assert pilot.app.screen.cases[0].number == number
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ApplicantStep)
    await pilot.press("f9")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ChecklistStep), helpers.screen_text(pilot.app)
    assert screen.number == number
    return screen


async def to_row(pilot, screen: ChecklistStep, necessity: Necessity) -> int:
    """Move the cursor down to the first material of ``necessity``; its row index."""
    row = next(i for i, line in enumerate(screen.lines) if line.necessity is necessity)
    for _step in range(row - screen.table.cursor_row):
        await pilot.press("down")
    assert screen.table.cursor_row == row
    return row


def case_of(number: str) -> Case:
    return Case.get(Case.number == number)


def stored(number: str) -> list[tuple]:
    """The checklist as the database holds it, in material order."""
    rows = CaseMaterial.select().join(Case).where(Case.number == number)
    return sorted((r.material_id, r.status, r.reason, r.deferred_until, r.on_notice) for r in rows)


def material_row(number: str, material: int) -> CaseMaterial:
    return CaseMaterial.get(
        (CaseMaterial.case == case_of(number)) & (CaseMaterial.material == material)
    )


def events_of(number: str) -> list[Event]:
    return list(Event.select().join(Case).where(Case.number == number).order_by(Event.id))


def notifications(app) -> str:
    return "\n".join(n.message for n in app._notifications)


# ── 即办 ─────────────────────────────────────────────────────────────────────


async def test_on_the_spot_under_review_waits_for_the_chief(make_app, helpers, clerk) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size, notifications=True) as pilot:
        screen = await checklist_of(pilot, helpers, clerk, IMMEDIATE_REVIEWED)
        number = screen.number
        await pilot.press("a", "f9")  # all provided, the decision
        await pilot.pause()
        assert isinstance(app.screen, DecisionStep)
        assert app.screen.view.window_decides
        # The step says, before the key, where 即办 sends the case.
        assert "一审一核" in helpers.screen_text(app)
        await pilot.press("j", "enter")  # 即办, and Enter on what it issues
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen), helpers.screen_text(app)
        waiting = _("Sent to the chief representative for approval (一审一核).")
        assert waiting in notifications(app)
        await pilot.pause()
        assert waiting in helpers.screen_text(app)  # a toast over the receipt
        case = case_of(number)
        assert case.state == CaseState.AWAITING_APPROVAL.value
        assert case.completed_on is None and case.accepted_on == helpers.today
        kinds = [e.kind for e in events_of(number)]
        assert kinds[-2:] == [Action.SUBMIT.value, Action.REQUEST_APPROVAL.value]
        last = events_of(number)[-1]
        assert last.staff.code == clerk.code
        assert event_data(last) == {"on_spot": True, "accepted_on": helpers.today.isoformat()}


async def test_on_the_spot_without_review_is_completed_at_once(make_app, helpers, clerk) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await checklist_of(pilot, helpers, clerk, IMMEDIATE)
        number = screen.number
        await to_row(pilot, screen, Necessity.CONDITIONAL)
        # Not applicable, the rest provided, 即办, Enter on the decision it issues.
        await pilot.press("n", "a", "f9", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen), helpers.screen_text(app)
        assert _("Completed on the spot (即办).") in notifications(app)
        case = case_of(number)
        assert case.state == CaseState.COMPLETED.value
        assert case.completed_on == helpers.today == case.accepted_on
        last = events_of(number)[-1]
        assert last.kind == Action.COMPLETE_ON_SPOT.value and last.staff.code == clerk.code


# ── 容缺 ─────────────────────────────────────────────────────────────────────


async def defer(pilot, typed: str) -> DatePrompt:
    """``r`` on the highlighted material, the suggested date cleared, ``typed``, Enter."""
    await pilot.press("r")
    await pilot.pause()
    prompt = pilot.app.screen
    assert isinstance(prompt, DatePrompt)
    prompt.query_one("#until").value = ""
    await pilot.press(*typed, "enter")
    await pilot.pause()
    return prompt


async def test_a_deferred_material_keeps_the_commitment_date(make_app, helpers, clerk) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await checklist_of(pilot, helpers, clerk, DEFERRABLE)
        number = screen.number
        row = await to_row(pilot, screen, Necessity.DEFERRABLE)
        material = screen.lines[row].material_id
        await defer(pilot, "2026-12-04")
        assert app.screen is screen
        assert _("deferred") in helpers.screen_text(app)
        await pilot.press("a", "f9", "a", "enter")  # the rest provided, the decision, accept
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen), helpers.screen_text(app)
        assert case_of(number).state == CaseState.ACCEPTED.value
        kept = material_row(number, material)
        assert kept.status == MaterialStatus.DEFERRED.value
        assert kept.deferred_until == date(2026, 12, 4)
        # The acceptance notice names the deferred material and the committed date.
        notice = app.screen.text
        assert screen.lines[row].name in notice and "2026年12月4日" in notice


async def test_a_bad_commitment_date_is_refused_and_changes_nothing(
    make_app, helpers, clerk
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await checklist_of(pilot, helpers, clerk, DEFERRABLE)
        number = screen.number
        await to_row(pilot, screen, Necessity.DEFERRABLE)
        before, events = stored(number), len(events_of(number))

        # Not a date at all: the prompt stays open and says how to write one.
        prompt = await defer(pilot, "2026-02-30")
        assert app.screen is prompt
        error = str(prompt.query_one("#prompt-error").render())
        assert error == _("{typed} is not a date: write it as YYYY-MM-DD, e.g. 2026-12-04").format(
            typed="2026-02-30"
        )
        await pilot.press("escape", "escape")  # the first says the typed date would be lost
        await pilot.pause()
        assert app.screen is screen

        # A real date, but not after today: the service says why.
        await defer(pilot, "2026-11-20")
        assert app.screen is screen
        assert "2026-11-20" in notifications(app)
        await defer(pilot, helpers.today.isoformat())
        assert helpers.today.isoformat() in notifications(app)

        assert stored(number) == before
        assert len(events_of(number)) == events
        assert screen.current.status is MaterialStatus.PENDING


# ── not applicable ───────────────────────────────────────────────────────────


async def test_not_applicable_is_for_a_conditional_material_only(make_app, helpers, clerk) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await checklist_of(pilot, helpers, clerk, IMMEDIATE)
        number = screen.number
        before, events = stored(number), len(events_of(number))

        # A required material: refused, with the reason, nothing stored.
        assert screen.current.necessity is Necessity.REQUIRED
        await pilot.press("n")
        await pilot.pause()
        assert screen.current.status is MaterialStatus.PENDING
        assert screen.current.name in notifications(app)
        assert stored(number) == before and len(events_of(number)) == events

        # The conditional one: its condition is on the screen, and n records it.
        row = await to_row(pilot, screen, Necessity.CONDITIONAL)
        line = screen.lines[row]
        assert line.condition
        shown = _("Only when: {condition}").format(condition=line.condition)
        # Wrapped over the lines of the detail: read without the line breaks.
        assert "".join(shown.split()) in "".join(helpers.screen_text(app).split())
        await pilot.press("n")
        await pilot.pause()
        after = material_row(number, line.material_id)
        assert after.status == MaterialStatus.NOT_APPLICABLE.value
        assert screen.lines[row].status is MaterialStatus.NOT_APPLICABLE
        assert events_of(number)[-1].kind == "material_marked"


# ── the words on the checklist ───────────────────────────────────────────────


async def test_conditional_and_optional_materials_read_differently(
    make_app, helpers, clerk
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await checklist_of(pilot, helpers, clerk, IMMEDIATE)
        rows = {}  # necessity → the table row the clerk reads, by its number
        for shown in helpers.screen_text(app).splitlines():
            for number, line in enumerate(screen.lines, 1):
                if shown.split()[:2] == [str(number), line.name]:
                    rows[line.necessity] = shown
        assert set(rows) >= {Necessity.OPTIONAL, Necessity.CONDITIONAL, Necessity.REQUIRED}
        # Chinese by default: 非必要 (optional) and 视情形提交 (conditional), never the same.
        assert "非必要" in rows[Necessity.OPTIONAL]
        assert "视情形提交" in rows[Necessity.CONDITIONAL]
        assert "视情形提交" not in rows[Necessity.OPTIONAL]
        assert "非必要" not in rows[Necessity.CONDITIONAL]
        assert "必要" in rows[Necessity.REQUIRED] and "非必要" not in rows[Necessity.REQUIRED]


# ── discarding a draft ───────────────────────────────────────────────────────


async def test_a_discarded_draft_leaves_the_list_and_is_withdrawn(make_app, helpers, clerk) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        number = await draft_of(pilot, helpers, clerk, IMMEDIATE)
        await pilot.press("f2")
        await pilot.pause()
        drafts = app.screen
        assert isinstance(drafts, DraftsScreen)
        others = [case.number for case in drafts.cases[1:]]
        assert drafts.cases[0].number == number and number in helpers.screen_text(app)
        await pilot.press("delete")
        await pilot.pause()
        # The screen asks nothing: Delete withdraws at once, and says so.
        assert app.screen is drafts
        assert _("Draft {number} discarded.").format(number=number) in notifications(app)
        assert [case.number for case in drafts.cases] == others
        assert number not in helpers.screen_text(app)
        case = case_of(number)  # withdrawn, never deleted
        assert case.state == CaseState.WITHDRAWN.value
        last = events_of(number)[-1]
        assert last.kind == Action.WITHDRAW.value and last.staff.code == clerk.code
        assert event_data(last) == {"draft": True}


# ── hostile text in every field the clerk types (docs/architecture.md §3.5) ─────────────────

TAG = "[red]x[/]"
MARKUP = TAG + " [/] [bold]王[/bold] [link=file:///etc/passwd]y[/link]"
CONTROLS = "\x1b[31m\x07\x00\x9b\u202e"
HUGE = 10_000


def hostile(length: int) -> str:
    """``length`` characters of markup and double-width text, markup at both ends (a
    field shows the end it was typed to, a caption the start)."""
    ends = MARKUP if length >= 3 * len(MARKUP) else TAG
    return ends + "长" * (length - 2 * len(ends)) + ends


async def paste(pilot, field: Input, text: str) -> None:
    """What a terminal sends when text is pasted into ``field``."""
    field.focus()
    field.post_message(events.Paste(text))
    await pilot.pause()


async def assert_refused_paste(pilot, field: Input, text: str, message: str) -> None:
    """The paste changes nothing in the field, and the clerk reads ``message``."""
    before = field.value
    await paste(pilot, field, text)
    assert field.value == before
    assert message in notifications(pilot.app)
    pilot.app.clear_notifications()


async def refuses_what_it_cannot_hold(pilot, field: Input) -> None:
    """10,000 characters, and control characters, are refused with a message."""
    assert field.max_length and field.max_length < HUGE
    too_long = _("Too long: this field takes at most {count} characters. Nothing was entered.")
    await assert_refused_paste(pilot, field, hostile(HUGE), too_long.format(count=field.max_length))
    controls = _(
        "Control characters (such as escape sequences) cannot be entered. Nothing was entered."
    )
    await assert_refused_paste(pilot, field, "[/]" + CONTROLS, controls)


async def takes_the_longest(pilot, field: Input) -> str:
    """The longest hostile text the field holds is taken whole; returns it."""
    field.value = ""
    accepted = hostile(field.max_length)
    await paste(pilot, field, accepted)
    assert field.value == accepted
    # One more key typed: the field keeps what it holds, and says so (issue 21 item 10).
    field.cursor_position = len(accepted)
    await pilot.press("x")
    assert field.value == accepted
    full = _("This field is full: it takes at most {count} characters.")
    assert full.format(count=field.max_length) in notifications(pilot.app)
    pilot.app.clear_notifications()
    return accepted


def assert_shown_literally(helpers, app, *texts: str) -> None:
    """Each of ``texts`` on the screen as typed (wrapped lines joined), and no control
    character sent to the terminal."""
    joined = "".join(helpers.screen_text(app).split())
    assert not any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in joined)
    for text in texts:
        assert "".join(text.split()) in joined, text


async def test_hostile_applicant_fields_are_refused_or_kept_whole(make_app, helpers, clerk) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        number = await draft_of(pilot, helpers, clerk, IMMEDIATE)
        agent = {"agent_name": "李四", "agent_id_type": "resident_id"}
        update_applicant(app.session, number, agent, at=app.now())
        await pilot.press("f2", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ApplicantStep) and form.number == number
        columns = {
            "name": "applicant_name",
            "id_number": "applicant_id_number",
            "phone": "applicant_phone",
            "address": "applicant_address",
            "agent_name": "agent_name",
            "agent_id_number": "agent_id_number",
        }
        before = [getattr(case_of(number), column) for column in columns.values()]
        for field in columns:
            await refuses_what_it_cannot_hold(pilot, form.query_one(f"#{field}"))
        form.save()
        assert [getattr(case_of(number), column) for column in columns.values()] == before
        typed = {
            field: await takes_the_longest(pilot, form.query_one(f"#{field}")) for field in columns
        }
        await pilot.press("f9")  # saves; the IDs and the phone are wrong: the form stays
        await pilot.pause()
        assert app.screen is form
        case = case_of(number)
        for field, column in columns.items():
            assert getattr(case, column) == typed[field], field  # byte for byte
        assert_shown_literally(helpers, app, TAG)

        # Text with control characters stored by other means (the services keep it) is
        # shown with visible stand-ins, never sent to the terminal.
        update_applicant(app.session, number, {"name": TAG + CONTROLS}, at=app.now())
        await pilot.press("escape", "enter")  # the drafts, and this one again
        await pilot.pause()
        assert isinstance(app.screen, ApplicantStep) and app.screen.number == number
        # (the store drops U+0000 on every engine: PostgreSQL cannot keep it in text)
        assert_shown_literally(helpers, app, TAG + "␛[31m␇")  # the caption


async def test_a_hostile_deficiency_reason_is_refused_or_kept_whole(
    make_app, helpers, clerk
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await checklist_of(pilot, helpers, clerk, IMMEDIATE)
        number = screen.number
        material = screen.current.material_id
        await pilot.press("d")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, ReasonPrompt)
        await refuses_what_it_cannot_hold(pilot, prompt.query_one("#reason"))
        reason = await takes_the_longest(pilot, prompt.query_one("#reason"))
        assert material_row(number, material).status == MaterialStatus.PENDING.value
        assert_shown_literally(helpers, app, TAG)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        stored_row = material_row(number, material)
        assert stored_row.status == MaterialStatus.DEFICIENT.value
        assert stored_row.reason == reason
        await pilot.press("up")  # back to the material: its reason in full below the table
        await pilot.pause()
        assert_shown_literally(helpers, app, _("Reason: {reason}").format(reason=MARKUP))


async def test_hostile_refusal_text_is_refused_or_kept_whole(make_app, helpers, accounts) -> None:
    """A chief representative refuses directly: the decision shows what was typed."""
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await checklist_of(pilot, helpers, accounts["gachief"], IMMEDIATE)
        number = screen.number
        await pilot.press("a", "f9", "x")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, RefusalPrompt)
        ground = prompt.query_one("#kind", Choice)
        assert ground.value == "not_required"  # Art. 32(1)(一), then (二)
        ground.focus()
        await pilot.press("right")
        assert ground.value == "outside_remit"
        typed = []
        for field in ("#body", "#details"):
            await refuses_what_it_cannot_hold(pilot, prompt.query_one(field))
            typed.append(await takes_the_longest(pilot, prompt.query_one(field)))
        body, details = typed
        assert case_of(number).state == CaseState.DRAFT.value
        await pilot.press("enter")  # on the details: the refusal, shown before it is issued
        await pilot.pause()
        assert isinstance(app.screen, IssuePreview), helpers.screen_text(app)
        assert "[bold]王[/bold]" in app.screen.text  # as typed, not as markup
        assert case_of(number).state == CaseState.DRAFT.value
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen), helpers.screen_text(app)
        case = case_of(number)
        assert case.state == CaseState.REFUSED.value
        [refusal] = Document.select().where((Document.case == case) & (Document.kind == "refusal"))
        kept = json.loads(refusal.body)
        assert (kept["competent_body"], kept["details"]) == (body, details)
        assert event_data(events_of(number)[-1])["details"] == details
        assert_shown_literally(helpers, app, MARKUP)
        document = "".join(app.screen.text.split())  # wrapped to the screen
        assert "".join(body.split()) in document and "".join(details.split()) in document
