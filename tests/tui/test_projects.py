"""The key projects (Ctrl+K, docs/rules.md §23) by keyboard: who may open the list, the
list and a project's board as the person sees them, read again when shown again, and the
progress table written as a PDF and a workbook."""

from counter_tui.domain.identifiers import uscc_check_char
from counter_tui.i18n import _
from counter_tui.services.auth import session_of
from counter_tui.services.demo.key_project import PROJECT as DEMO
from counter_tui.services.projects.board import project_board
from counter_tui.services.projects.links import unlink_case
from counter_tui.services.projects.register import add_project
from counter_tui.services.projects.steps import NEXT_STEP_LABELS
from counter_tui.store.models import Case, Staff
from counter_tui.tui.screens.projects import ProjectBoardScreen, ProjectsScreen

PROJECT = DEMO["name"]


def _session(code: str):
    return session_of(Staff.get(Staff.code == code))


async def _board(pilot, helpers, accounts, code: str = "ghchief") -> ProjectBoardScreen:
    await helpers.sign_in(pilot, code, accounts[code].pin)
    await helpers.settle(pilot)
    await pilot.press("ctrl+u")
    await helpers.settle(pilot)
    assert isinstance(pilot.app.screen, ProjectsScreen)
    await pilot.press("enter")
    await helpers.settle(pilot)
    assert isinstance(pilot.app.screen, ProjectBoardScreen)
    return pilot.app.screen


async def test_a_chief_sees_the_projects_then_the_board(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "ghchief", accounts["ghchief"].pin)
        await helpers.settle(pilot)
        assert "^U" in helpers.screen_text(app)  # home names the key
        await pilot.press("ctrl+u")
        await helpers.settle(pilot)
        text = helpers.screen_text(app)
        assert PROJECT in text and "市重点" in text
        await pilot.press("enter")
        await helpers.settle(pilot)
        text = helpers.screen_text(app)
        board = project_board(PROJECT, helpers.today)
        assert board.lines and PROJECT in text and board.project.liaison in text
        assert {line.department_short for line in board.lines} >= {"规划", "环保"}
        for line in board.lines:
            assert line.number in text, line.number
            if line.next_step is not None:
                assert _(NEXT_STEP_LABELS[line.next_step])[:4] in text
        assert "P PDF" in helpers.key_bar(app) and "X XLSX" in helpers.key_bar(app)
        for row in text.splitlines():
            assert len(row) <= helpers.size[0]


async def test_the_board_reads_again_when_shown_again(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _board(pilot, helpers, accounts)
        board = project_board(PROJECT, helpers.today)
        alone = next(  # a case of its own: a bundle's item is unlinked with its bundle
            line
            for line in board.lines
            if Case.get(Case.number == line.number).bundle_case_id is None
        )
        assert alone.number in helpers.screen_text(app)
        unlink_case(_session("ghchief"), alone.number)
        await pilot.press("f1")  # another screen in front, then back
        await helpers.settle(pilot)
        await pilot.press("escape")
        await helpers.settle(pilot)
        assert isinstance(app.screen, ProjectBoardScreen)
        assert alone.number not in helpers.screen_text(app)


async def test_p_and_x_write_the_progress_table(make_app, accounts, helpers, monkeypatch) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _board(pilot, helpers, accounts)
        said = helpers.notes(app, monkeypatch)
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await helpers.settle(pilot)
        workbook = app.document_dir / f"progress_1_{helpers.today.isoformat()}.xlsx"
        assert workbook.is_file() and workbook.stat().st_size > 0
        assert any(str(workbook) in note for note in said)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await helpers.settle(pilot)
        written = list(app.document_dir.glob("progress_1_*"))
        assert {path.suffix for path in written} >= {".xlsx"}
        assert len(written) == 2, written  # the PDF, or its HTML without a Chinese font


async def test_a_clerk_has_no_key_but_a_liaison_sees_their_projects(
    make_app, accounts, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "ga01", accounts["ga01"].pin)
        await helpers.settle(pilot)
        assert "^U" not in helpers.screen_text(app)
        await pilot.press("ctrl+u")
        await helpers.settle(pilot)
        assert not isinstance(app.screen, ProjectsScreen)
    first17 = "91330100MA2B3C4D5"
    add_project(
        _session("admin"),
        name="示范市物流园区项目",
        company="示范市物流有限公司",
        uscc=first17 + uscc_check_char(first17),
        level="区重点",
        liaison="ga01",
    )
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "ga01", accounts["ga01"].pin)
        await helpers.settle(pilot)
        await pilot.press("ctrl+u")
        await helpers.settle(pilot)
        text = helpers.screen_text(app)
        assert "示范市物流园区项目" in text and PROJECT not in text


async def test_the_queue_marks_a_key_projects_case(make_app, accounts, helpers) -> None:
    board = project_board(PROJECT, helpers.today)
    line = next(line for line in board.lines if line.light is not None)
    owner = Case.get(Case.number == line.number).owner.code
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, owner, accounts[owner].pin)
        await helpers.settle(pilot)
        await pilot.press("f5")
        await helpers.settle(pilot)
        rows = helpers.screen_text(app).splitlines()
        marked = [row for row in rows if "★" in row]
        assert any(line.number in row for row in marked), rows
        assert all(any(n in row for n in (x.number for x in board.lines)) for row in marked)
        assert all(len(row) <= helpers.size[0] for row in rows)


async def test_the_administrator_sees_every_project(make_app, accounts, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "admin", accounts["admin"].pin)
        await helpers.settle(pilot)
        await pilot.press("ctrl+u")
        await helpers.settle(pilot)
        assert isinstance(app.screen, ProjectsScreen)
        assert PROJECT in helpers.screen_text(app)
