"""The queue (F5) and the case detail, driven by keys as a clerk drives them."""

from itertools import pairwise

from case_checks import taken_case
from rich.cells import cell_len
from textual.widgets import DataTable, Input

from counter_tui.i18n import _
from counter_tui.services.auth import session_of
from counter_tui.services.cases.detail import case_detail
from counter_tui.services.cases.queue import DEPARTMENT, FIRST_WINDOW, MINE, WINDOW, queue
from counter_tui.store.models import Case, Staff
from counter_tui.tui.case_text import DETAIL_WORDS, SILENT, event_details
from counter_tui.tui.labels import event_label
from counter_tui.tui.screens.case_detail import CaseDetailScreen
from counter_tui.tui.screens.decision import DocumentScreen
from counter_tui.tui.screens.home import HomeScreen
from counter_tui.tui.screens.queue import QueueScreen


def rows(app) -> list[str]:
    table = app.screen.query_one("#queue-table", DataTable)
    return [str(key.value) for key in table.rows]


async def open_queue(pilot, helpers, code: str, pin: str) -> QueueScreen:
    await helpers.sign_in(pilot, code, pin)
    await pilot.press("f5")
    await pilot.pause()
    assert isinstance(pilot.app.screen, QueueScreen)
    return pilot.app.screen


async def open_first_case(pilot, helpers, account) -> CaseDetailScreen:
    """``account``'s queue, then Enter on its first case."""
    await open_queue(pilot, helpers, account.code, account.pin)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CaseDetailScreen)
    return pilot.app.screen


async def queue_in(pilot, helpers, account, scope: str = WINDOW) -> QueueScreen:
    """``account``'s queue, S pressed until it shows ``scope`` (a clerk's window's cases
    unless told)."""
    screen = await open_queue(pilot, helpers, account.code, account.pin)
    while screen.scope != scope:
        await pilot.press("s")
    return screen


async def test_f5_and_ctrl_f_open_the_clerks_queue(make_app, accounts, helpers) -> None:
    clerk = accounts["hb01"]
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await open_queue(pilot, helpers, clerk.code, clerk.pin)
        expected = queue(app.session, helpers.today, scope=MINE)
        assert rows(app) == [line.number for line in expected]
        text = helpers.screen_text(app)
        assert _("My cases") in text
        assert all(cell_len(line) <= 80 for line in text.splitlines())
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.screen is screen  # the session keeps its queue (architecture.md §4.3)
        assert rows(app) == [line.number for line in expected]


async def test_f5_again_starts_the_kept_queue_again(make_app, accounts, helpers) -> None:
    chief = accounts["gachief"]
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await queue_in(pilot, helpers, chief, DEPARTMENT)
        await pilot.press("l", "t", "slash")
        await helpers.paste(pilot, "张")
        await pilot.press("escape", "escape")  # the field, then the queue
        assert isinstance(app.screen, HomeScreen)
        number = taken_case("gachief", accept=False)  # since the queue was last shown
        await pilot.press("f5")
        await helpers.settle(pilot)
        assert app.screen is screen
        assert (screen.scope, screen.light_filter, screen.state_filter) == (MINE, None, None)
        assert screen.item_filter is None and screen.search_text == ""
        mine = queue(app.session, helpers.today, scope=MINE)
        assert number in rows(app) and rows(app) == [line.number for line in mine]
        assert isinstance(app.focused, DataTable) and screen.table.cursor_row == 0
        assert _("My cases") in helpers.screen_text(app)


async def test_the_kept_queue_shown_again_keeps_its_styles_until_the_theme_changes(
    make_app, accounts, helpers, monkeypatch
) -> None:
    """Shown again, the kept queue is not restyled: Textual's restyle at every push
    emptied every line it had drawn (issue 17). A theme changed while it was hidden, and it
    is, in the new theme's colours."""
    clerk = accounts["hb01"]
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await open_queue(pilot, helpers, clerk.code, clerk.pin)
        restyled: list[bool] = []
        real = screen.update_node_styles

        def counted(animate: bool = True) -> None:
            restyled.append(animate)
            real(animate=animate)

        monkeypatch.setattr(screen, "update_node_styles", counted)
        await pilot.press("escape", "f5")
        await pilot.pause()
        assert app.screen is screen and restyled == []
        dark = screen.table.styles.background
        await pilot.press("escape")
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        assert app.screen is screen and restyled == [False]
        assert screen.table.styles.background != dark


async def test_scope_light_and_state_keys_change_the_list(make_app, accounts, helpers) -> None:
    chief = accounts["gachief"]
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await queue_in(pilot, helpers, chief, DEPARTMENT)
        session = app.session
        department = queue(session, helpers.today, scope=DEPARTMENT)
        assert rows(app) == [line.number for line in department]
        assert _("This department") in helpers.screen_text(app)
        await pilot.press("l")  # overdue only
        assert screen.light_filter == "red"
        assert rows(app) == [line.number for line in department if line.light == "red"]
        await pilot.press("l", "l", "l", "l")  # back to every light
        assert screen.light_filter is None
        await pilot.press("t")  # the first state only
        state = screen.state_filter
        assert rows(app) == [line.number for line in department if line.state is state]
        await pilot.press("s")  # then the cases referred to the 一号窗口
        assert screen.scope == FIRST_WINDOW
        await pilot.press("s")  # the scopes go round: back to the chief's own cases
        assert screen.scope == MINE


async def test_a_clerk_has_no_department_scope(make_app, accounts, helpers) -> None:
    clerk = accounts["ga01"]
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await open_queue(pilot, helpers, clerk.code, clerk.pin)
        seen = []
        for _step in range(3):
            await pilot.press("s")
            seen.append(screen.scope)
        assert seen == [WINDOW, MINE, WINDOW]


async def test_search_narrows_the_list(make_app, accounts, helpers) -> None:
    chief = accounts["gachief"]
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await queue_in(pilot, helpers, chief, DEPARTMENT)
        department = queue(app.session, helpers.today, scope=DEPARTMENT)
        target = department[-1]
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await helpers.paste(pilot, target.applicant_name)
        await pilot.press("enter")  # searches now and goes back to the table
        await pilot.pause()
        found = queue(app.session, helpers.today, scope=DEPARTMENT, search=target.applicant_name)
        assert target.number in rows(app)
        assert rows(app) == [line.number for line in found]
        assert len(found) < len(department)
        assert isinstance(app.focused, DataTable)


async def test_enter_opens_the_detail_with_its_timeline(make_app, accounts, helpers) -> None:
    clerk = accounts["hb01"]
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await open_queue(pilot, helpers, clerk.code, clerk.pin)
        first = screen.lines[0].number
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, CaseDetailScreen) and detail.number == first
        text = helpers.screen_text(app)
        assert first in text
        assert _("Timeline") in text
        timeline = detail.query_one("#timeline-table", DataTable)
        assert timeline.row_count == len(detail.detail.timeline) > 0
        assert event_label("submit") in text
        await pilot.press("tab")  # the checklist
        assert detail.section == "checklist"
        assert app.focused is detail.query_one("#checklist-table", DataTable)
        await pilot.press("escape")
        assert app.screen is screen


async def test_the_section_line_marks_the_shown_section_and_a_click_shows_another(
    make_app, accounts, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        detail = await open_first_case(pilot, helpers, accounts["hb01"])
        tabs = detail.query_one("#detail-tabs")

        def marked() -> list[str]:
            line = tabs.render()
            spans = [span for span in line.spans if getattr(span.style, "reverse", False)]
            return [line.plain[span.start : span.end].strip() for span in spans]

        assert detail.section == "timeline" and marked() == [_("Timeline")]
        # The x of the documents' name: the line's padding, then the cells before it.
        before = tabs.render().plain.split(_("Documents"))[0]
        x = 1 + cell_len(before)
        await pilot.click("#detail-tabs", offset=(x, 0))
        await pilot.pause()
        assert detail.section == "documents" and marked() == [_("Documents")]
        assert app.focused is detail.query_one("#documents-table", DataTable)
        await pilot.press("shift+tab")  # back a section, by keyboard
        assert detail.section == "checklist" and marked() == [_("Checklist")]


async def test_reprint_opens_the_document_preview(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        detail = await open_first_case(pilot, helpers, accounts["hb01"])
        await pilot.press("tab", "tab")  # the documents
        assert detail.section == "documents"
        first = detail.detail.documents[0]
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.document == first
        assert first.number in helpers.screen_text(app)
        await pilot.press("escape")  # back to the case, not home
        assert app.screen is detail


async def test_home_enter_and_find_case_ctrl_e_open_the_detail(make_app, accounts, helpers) -> None:
    clerk = accounts["hb01"]
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        first = app.screen.summary.open_cases[0].number
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseDetailScreen) and app.screen.number == first
        await pilot.press("escape", "f8")
        await helpers.paste(pilot, first)
        await pilot.press("enter")
        await helpers.settle(pilot)  # the search runs in a worker; the detail opens after it
        assert isinstance(app.screen, CaseDetailScreen) and app.screen.number == first


async def test_a_case_taken_at_another_workstation_appears(
    make_app, accounts, helpers, monkeypatch
) -> None:
    """The queue asks again on its timer: a case the B clerk takes at window 1 shows in
    the A clerk's window queue without a restart."""
    monkeypatch.setattr(QueueScreen, "REFRESH_SECONDS", 0.05)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await queue_in(pilot, helpers, accounts["ga01"])
        before = rows(app)
        number = taken_case("ga02", accept=False)  # window 1's B clerk
        assert number not in before
        for _tick in range(100):
            await pilot.pause(0.05)
            if number in rows(app):
                break
        assert number in rows(app)


async def test_the_item_key_keeps_only_the_highlighted_cases_item(
    make_app, accounts, helpers
) -> None:
    chief = accounts["gachief"]
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await queue_in(pilot, helpers, chief, DEPARTMENT)
        everything = rows(app)
        first = screen.lines[0]
        await pilot.press("i")
        await pilot.pause()
        same_item = queue(app.session, helpers.today, scope=DEPARTMENT, item_code=first.item_code)
        assert rows(app) == [line.number for line in same_item]
        assert len(rows(app)) < len(everything)
        assert _("Item: {item}").format(item=first.item_name)[:6] in helpers.screen_text(app)
        await pilot.press("i")
        await pilot.pause()
        assert rows(app) == everything


async def test_the_cursor_stays_on_its_case_when_the_refresh_reorders_the_list(
    make_app, accounts, helpers, monkeypatch
) -> None:
    """A case that another workstation takes lands above the highlighted one: the cursor
    follows its case, so Enter opens the case the clerk was looking at (issue 21 item 2)."""
    monkeypatch.setattr(QueueScreen, "REFRESH_SECONDS", 0.05)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        screen = await queue_in(pilot, helpers, accounts["ga01"])
        screen.table.move_cursor(row=len(screen.lines) - 1)
        await pilot.pause()
        watched = screen.highlighted
        assert watched is not None and watched == rows(app)[-1]
        number = taken_case("ga02")  # accepted today at window 1: sorts above the last
        for _tick in range(100):
            await pilot.pause(0.05)
            if number in rows(app):
                break
        assert rows(app).index(number) < rows(app).index(watched)
        assert screen.highlighted == watched
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseDetailScreen)
        assert app.screen.number == watched


def test_every_particular_of_the_demos_timelines_has_words(demo_db, helpers) -> None:
    """No raw ``key=value`` on a timeline (issue 21 item 4): every key of every event of
    the demo's cases has a label (DETAIL_WORDS, translated like every N_) or is SILENT,
    and a run of applicant edits by one clerk is one line."""
    session = session_of(Staff.get(Staff.role == "admin"))
    keys: set[str] = set()
    for (number,) in Case.select(Case.number).tuples():
        timeline = case_detail(session, number, helpers.today).timeline
        keys.update(key for entry in timeline for key in entry.data)
        runs = [
            (a.kind, a.staff)
            for a, b in pairwise(timeline)
            if a.kind == b.kind == "applicant_updated" and a.staff == b.staff
        ]
        assert runs == [], number
    assert keys - set(DETAIL_WORDS) - SILENT == set()
    # The history has them (a 一审一核 review's opinion only in some draws of the demo).
    assert {"delivery", "result", "on", "due"} <= keys


def test_labelled_particulars_are_words_not_stored_values() -> None:
    said = event_details({"delivery": "posted", "result": "favourable", "due": "2026-12-29"})
    assert "posted" not in said and "favourable" not in said and "=" not in said
    assert _("posted") in said and _("favourable") in said and "2026-12-29" in said


def test_the_pads_particulars_are_words_not_stored_values() -> None:
    """The timeline of a case rated on the pad (docs/rules.md §11): the service, the 差评's
    reason, its follow-up's day and result, an appeal's outcome — in words, the request's
    id left out."""
    rated = event_details({"request": 24, "kind": "accepted", "level": 5})
    opened = event_details({"request": 24, "reason": "efficiency", "due_on": "2026-12-11"})
    closed = event_details({"request": 24, "result": "rectified", "note": "已整改"})
    decided = event_details({"request": 24, "outcome": "upheld", "note": "情况属实"})
    said = " ".join([rated, opened, closed, decided])
    for stored in ("request", "24", "accepted", "efficiency", "rectified", "upheld", "="):
        assert stored not in said, stored
    assert _("efficiency") in opened and "2026-12-11" in opened
    assert _("put right (整改)") in closed and _("upheld") in decided
    # A reason typed by a clerk stays as typed.
    assert "申请人撤回" in event_details({"reason": "申请人撤回"})
