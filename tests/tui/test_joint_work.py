"""Joint work from the screens (issue 23): Z links a case or a bundle case to a key
project or takes it off (docs/rules.md §23), F11 does it on the intake's applicant form,
B issues a supervision order on a bundle case and on a key project (§22), and Enter on
a bundle case's row opens that case's detail."""

from contextlib import asynccontextmanager

from counter_tui.documents.labels import fact
from counter_tui.domain.lifecycle import OPEN_STATES
from counter_tui.domain.supervision import OrderState
from counter_tui.i18n import _
from counter_tui.services.auth import session_of
from counter_tui.services.demo.key_project import PROJECT as DEMO
from counter_tui.services.projects.links import unlink_bundle_case
from counter_tui.store.models import BundleCase, Case, KeyProject, Staff, SupervisionOrder
from counter_tui.tui.keys import CASE_KEY_PROJECT, INTAKE_KEY_PROJECT
from counter_tui.tui.labels import KEY_PROJECT_MARK
from counter_tui.tui.screens.bundles import BundleDetailScreen
from counter_tui.tui.screens.case_detail import CaseDetailScreen
from counter_tui.tui.screens.intake import ApplicantStep
from counter_tui.tui.screens.projects import ProjectBoardScreen
from counter_tui.tui.screens.prompts import ConfirmPrompt, ListPrompt, OrderPrompt


def _project() -> KeyProject:
    return KeyProject.get(KeyProject.name == DEMO["name"])


def _free_gh_case() -> Case:
    """A 规划 case of its own (no bundle), open, held by a clerk, serving no project."""
    alone = Case.select().where(Case.key_project.is_null() & Case.bundle_case.is_null())
    open_states = {state.value for state in OPEN_STATES}
    return next(
        case
        for case in alone.order_by(Case.number)
        if case.state in open_states and case.department.code == "GH" and case.owner.role == "clerk"
    )


def _bundle_case() -> BundleCase:
    """The demo's first bundle case (taken at window 8, serving the demo's project)."""
    return BundleCase.select().order_by(BundleCase.number).first()


def _projects_of(bundle: BundleCase) -> set[int | None]:
    """The projects its cases serve, read now."""
    return {case.key_project_id for case in Case.select().where(Case.bundle_case == bundle.id)}


async def _signed_in(pilot, helpers, account) -> None:
    await helpers.sign_in(pilot, account.code, account.pin)
    await helpers.settle(pilot)


async def _detail(pilot, helpers, account, number: str) -> CaseDetailScreen:
    await _signed_in(pilot, helpers, account)
    await pilot.app.push_screen(CaseDetailScreen(number))
    await helpers.settle(pilot)
    return pilot.app.screen


async def _bundle_detail(pilot, helpers, account, number: str) -> BundleDetailScreen:
    await _signed_in(pilot, helpers, account)
    pilot.app.open_bundle_detail(number)
    await helpers.settle(pilot)
    assert isinstance(pilot.app.screen, BundleDetailScreen)
    return pilot.app.screen


@asynccontextmanager
async def _at_bundle(make_app, accounts, helpers, monkeypatch, code: str | None = None):
    """The demo's first bundle case in its detail, for ``code`` (its clerk by default):
    the pilot, the screen, the bundle case and what the app tells."""
    bundle = _bundle_case()
    app = make_app()
    said = helpers.notes(app, monkeypatch)
    async with app.run_test(size=helpers.size) as pilot:
        account = accounts[code or bundle.owner.code]
        screen = await _bundle_detail(pilot, helpers, account, bundle.number)
        yield pilot, screen, bundle, said


async def _order(pilot, helpers, reason: str, expected: str) -> None:
    """B, then the order's box filled in, the suggested reply days kept."""
    await pilot.press("b")
    await helpers.settle(pilot)
    assert isinstance(pilot.app.screen, OrderPrompt)
    await helpers.paste(pilot, reason)
    await pilot.press("enter")
    await helpers.paste(pilot, expected)
    await pilot.press("enter", "enter")
    await helpers.settle(pilot)


async def test_the_owner_links_a_case_from_its_detail_and_takes_it_off(
    make_app, accounts, helpers, monkeypatch
) -> None:
    case, project = _free_gh_case(), _project()
    app = make_app()
    said = helpers.notes(app, monkeypatch)
    async with app.run_test(size=helpers.size) as pilot:
        await _detail(pilot, helpers, accounts[case.owner.code], case.number)
        assert f"Z {_(CASE_KEY_PROJECT.label)}" in helpers.key_bar(app)
        assert project.name not in helpers.screen_text(app)
        await pilot.press("z")
        await helpers.settle(pilot)
        assert isinstance(app.screen, ListPrompt)
        text = helpers.screen_text(app)
        assert project.name in text and project.level in text and project.company in text
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert Case.get_by_id(case.id).key_project_id == project.id
        linked = _("{number} is linked to key project {name}.")
        assert linked.format(number=case.number, name=project.name) in said
        assert fact(_("Key project"), project.name) in helpers.screen_text(app)

        await pilot.press("f5")  # the queue: the case's light has the project's mark
        await helpers.settle(pilot)
        [row] = [line for line in helpers.screen_text(app).splitlines() if case.number in line]
        assert KEY_PROJECT_MARK in row
        await pilot.press("escape")
        await helpers.settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)

        await pilot.press("z")  # linked: taking it off, asked first
        await helpers.settle(pilot)
        assert isinstance(app.screen, ConfirmPrompt)
        assert project.name in helpers.screen_text(app)
        await pilot.press("escape")  # no: nothing changes
        await helpers.settle(pilot)
        assert Case.get_by_id(case.id).key_project_id == project.id
        await pilot.press("z", "enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert Case.get_by_id(case.id).key_project_id is None
        assert project.name not in helpers.screen_text(app)


async def test_a_clerk_who_does_not_own_the_case_is_refused(
    make_app, accounts, helpers, monkeypatch
) -> None:
    case = _free_gh_case()
    other = (
        Staff.select()
        .where(
            (Staff.department == case.department_id)
            & (Staff.role == "clerk")
            & (Staff.id != case.owner_id)
            & Staff.active
        )
        .order_by(Staff.code)
        .first()
    )
    app = make_app()
    said = helpers.notes(app, monkeypatch)
    async with app.run_test(size=helpers.size) as pilot:
        await _detail(pilot, helpers, accounts[other.code], case.number)
        await pilot.press("z", "enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert Case.get_by_id(case.id).key_project_id is None
        refused = _(
            "Only the clerk who owns {number}, a chief representative or an "
            "administrator links it to a key project"
        ).format(number=case.number)
        assert refused in said and len(said) == 1


async def test_f11_links_the_draft_at_intake(make_app, clerk, helpers) -> None:
    project = _project()
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        screen = await helpers.new_applicant(pilot)
        assert isinstance(screen, ApplicantStep)
        assert f"F11 {_(INTAKE_KEY_PROJECT.label)}" in helpers.key_bar(app)
        await helpers.paste(pilot, "张三")  # typing goes on in the form
        await pilot.press("f11")
        await helpers.settle(pilot)
        assert isinstance(app.screen, ListPrompt)
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert app.screen is screen
        draft = Case.get(Case.number == screen.number)
        assert draft.state == "draft" and draft.key_project_id == project.id
        assert screen.query_one("#name").value == "张三"


async def test_the_bundle_case_is_taken_off_and_linked_whole_from_its_detail(
    make_app, accounts, helpers
) -> None:
    bundle, project = _bundle_case(), _project()
    assert bundle.key_project_id == project.id
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _bundle_detail(pilot, helpers, accounts[bundle.owner.code], bundle.number)
        assert project.name in helpers.screen_text(app)
        await pilot.press("z")
        await helpers.settle(pilot)
        assert isinstance(app.screen, ConfirmPrompt)
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert BundleCase.get_by_id(bundle.id).key_project_id is None
        assert _projects_of(bundle) == {None}
        assert project.name not in helpers.screen_text(app)
        await pilot.press("z")
        await helpers.settle(pilot)
        assert isinstance(app.screen, ListPrompt)
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert BundleCase.get_by_id(bundle.id).key_project_id == project.id
        assert _projects_of(bundle) == {project.id}
        assert project.name in helpers.screen_text(app)


async def test_a_case_of_a_bundle_has_no_link_key_of_its_own(make_app, accounts, helpers) -> None:
    bundle = _bundle_case()
    case = Case.select().where(Case.bundle_case == bundle.id).order_by(Case.id).first()
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        chief = Staff.get((Staff.department == case.department_id) & (Staff.role == "chief"))
        await _detail(pilot, helpers, accounts[chief.code], case.number)
        assert _(CASE_KEY_PROJECT.label) not in helpers.key_bar(app)
        await pilot.press("z")
        await helpers.settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)


async def test_b_on_the_bundle_detail_issues_an_order_and_enter_opens_a_case(
    make_app, accounts, helpers, monkeypatch
) -> None:
    async with _at_bundle(make_app, accounts, helpers, monkeypatch, "ghchief") as opened:
        pilot, screen, bundle, said = opened
        assert f"B {_('督办')}" in helpers.key_bar(pilot.app)
        await _order(pilot, helpers, "企业反映进度慢", "三日内说明进度")
        assert pilot.app.screen is screen
        [order] = SupervisionOrder.select().where(SupervisionOrder.bundle_case == bundle.id)
        issued = {"by": order.issued_by.code, "to": order.owner_id, "days": order.reply_days}
        assert issued == {"by": "ghchief", "to": bundle.owner_id, "days": 3}
        assert [order.reason, order.expected, order.state] == [
            "企业反映进度慢",
            "三日内说明进度",
            OrderState.OPEN.value,
        ]
        assert _("Supervision order {number} issued.").format(number=order.number) in said

        # Enter on a 规划 case's row: its detail.
        numbers = [line.number for line in screen.view.cases]
        row = next(i for i, number in enumerate(numbers) if number.startswith("GH"))
        screen.query_one("#bundle-cases").move_cursor(row=row)
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(pilot.app.screen, CaseDetailScreen)
        assert pilot.app.screen.number == numbers[row]
        assert numbers[row] in helpers.screen_text(pilot.app)


async def test_the_clerk_of_the_bundle_has_no_order_key_and_reads_every_case_of_it(
    make_app, accounts, helpers, monkeypatch
) -> None:
    """The comprehensive window's office follows the bundle to its delivery: its clerk
    reads the 规划 case's detail (docs/rules.md §21), but issues no order on it."""
    async with _at_bundle(make_app, accounts, helpers, monkeypatch) as (pilot, screen, _b, _said):
        assert f"B {_('督办')}" not in helpers.key_bar(pilot.app)
        await pilot.press("b")
        await helpers.settle(pilot)
        assert pilot.app.screen is screen
        numbers = [line.number for line in screen.view.cases]
        row = next(i for i, number in enumerate(numbers) if number.startswith("GH"))
        screen.query_one("#bundle-cases").move_cursor(row=row)
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(pilot.app.screen, CaseDetailScreen)
        assert pilot.app.screen.number == numbers[row]


async def test_a_clerk_of_another_department_reads_no_case_of_the_bundle_but_theirs(
    make_app, accounts, helpers, monkeypatch
) -> None:
    async with _at_bundle(make_app, accounts, helpers, monkeypatch, "hb01") as opened:
        pilot, screen, _bundle, said = opened
        numbers = [line.number for line in screen.view.cases]
        row = next(i for i, number in enumerate(numbers) if number.startswith("GH"))
        screen.query_one("#bundle-cases").move_cursor(row=row)
        await pilot.press("enter")  # a 规划 case: not 环保's to read
        await helpers.settle(pilot)
        assert pilot.app.screen is screen
        assert _("This document belongs to another department") in said


async def test_b_on_the_project_board_issues_an_order_to_its_liaison(
    make_app, accounts, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await _signed_in(pilot, helpers, accounts["admin"])
        project = _project()  # the administrator keeps every project's board
        app.open_project_board(project.name)
        await helpers.settle(pilot)
        assert isinstance(app.screen, ProjectBoardScreen)
        assert f"B {_('督办')}" in helpers.key_bar(app)
        await _order(pilot, helpers, "周例会催办", "列明各件下一环节")
        assert isinstance(app.screen, ProjectBoardScreen)
        [order] = SupervisionOrder.select().where(SupervisionOrder.key_project == project.id)
        assert (order.issued_by.code, order.owner_id, order.expected) == (
            "admin",
            project.liaison_id,
            "列明各件下一环节",
        )


async def test_the_home_marks_the_bundle_cases_serving_a_key_project(
    make_app, accounts, helpers
) -> None:
    """The demo's two bundle cases serve its key project: ★ for their light's mark; one
    taken off it loses the star."""
    bundle = _bundle_case()
    unlink_bundle_case(session_of(bundle.owner), bundle.number)
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, bundle.owner.code, accounts[bundle.owner.code].pin)
        await helpers.settle(pilot)
        rows = [line for line in helpers.screen_text(app).splitlines() if "YJS" in line]
        assert len(rows) == 2
        assert [KEY_PROJECT_MARK in row for row in rows].count(True) == 1
        assert all(KEY_PROJECT_MARK not in row for row in rows if bundle.number in row)
