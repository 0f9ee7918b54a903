"""The key projects (重点项目, docs/rules.md §23): the list (Ctrl+U) with each project's
cases and worst light, and a project's board, every linked case across departments with
its state, light, due date and next step. Both read again whenever they are shown, as the
queue does. P and X write the board's progress table (进度表) as a PDF or a workbook into
the documents folder, as the reports screen writes its files; B, for a chief
representative or an administrator, issues a supervision order on the project to its
liaison (督办, docs/rules.md §22; tui/joint.py, as on a case's detail).

The board's services read with no session (they name no applicant); who may open the
list is the app's check (chiefs, deputies, the administrator and the projects'
liaisons), and a liaison sees the projects paired with them."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.errors import DomainError
from counter_tui.domain.lifecycle import OPEN_STATES
from counter_tui.domain.supervision import ISSUER_ROLES
from counter_tui.i18n import _, explain
from counter_tui.services.projects.board import ProjectBoard, ProjectLine, key_projects
from counter_tui.services.projects.board import project_board as read_board
from counter_tui.services.projects.progress import export_progress, timeliness
from counter_tui.services.projects.steps import NEXT_STEP_LABELS
from counter_tui.services.supervision.targets import Target
from counter_tui.tui.joint import supervise
from counter_tui.tui.keys import EXPORT_PROGRESS, PRINT_PROGRESS, PROJECT_SUPERVISE
from counter_tui.tui.labels import LIGHT_STYLES, due_text, light_label, state_label
from counter_tui.tui.printing import print_in_worker
from counter_tui.tui.screens.base import REFUSED, CounterScreen
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.tables import fill_table, row_table
from counter_tui.tui.widgets.text import join, plain
from counter_tui.tui.workers import forgets_its_worker

SEES_ALL = (*APPROVER_ROLES, "admin")


def list_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    widths = {key: value for key, value in natural.items() if key != "name"}
    widths["name"] = max(10, available - sum(widths.values()))
    return widths


def board_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    """Light, number and due as they need, the state and next step cut; the item and the
    department share the rest."""
    widths = {key: natural[key] for key in ("light", "number", "due")}
    widths["state"] = min(natural["state"], 8)
    widths["step"] = min(natural["step"], 10)
    rest = max(16, available - sum(widths.values()))
    widths["department"] = min(natural["department"], max(4, rest // 4))
    widths["item"] = max(8, rest - widths["department"])
    return widths


class ProjectsScreen(CounterScreen):
    """Every key project (a liaison: theirs), open ones first; Enter opens its board."""

    AUTO_FOCUS = "#projects"
    CLOSES_ON_BACK: ClassVar[bool] = True
    DEFAULT_CSS = """
    ProjectsScreen #projects { height: 1fr; }
    ProjectsScreen #projects-empty { height: auto; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[ProjectLine] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield row_table("projects")
        yield Static("", id="projects-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Key projects (重点项目)")
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        app = self.counter_app
        found = self.call(lambda _session: key_projects(app.today(), app.now()))
        if found is REFUSED:
            return
        session = app.session
        if session is not None and session.role not in SEES_ALL:
            found = [line for line in found if line.project.liaison_code == session.code]
        self.lines = found
        headers = {
            "light": _("Limit"),
            "name": _("Project"),
            "level": _("Level"),
            "open": _("In progress"),
            "done": _("Completed"),
            "cases": _("Cases"),
        }
        rows, styles = [], []
        for line in found:
            light = line.worst_light.value if line.worst_light else None
            name = line.project.name
            if line.project.closed_on is not None:
                name = _("{name} (closed)").format(name=name)
            rows.append(
                {
                    "light": light_label(light),
                    "name": name,
                    "level": line.project.level,
                    "open": str(line.open_cases),
                    "done": str(line.completed_cases),
                    "cases": str(line.cases),
                }
            )
            styles.append({"light": LIGHT_STYLES[light]})
        table = self.query_one("#projects", DataTable)
        row = table.cursor_row
        keys = [line.project.name for line in found]
        fill_table(table, headers, rows, keys, list_widths, self.size.width, styles)
        table.move_cursor(row=max(0, min(row, len(rows) - 1)))
        empty = "" if found else _("No key projects.")
        self.query_one("#projects-empty", Static).update(plain(empty))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.counter_app.open_project_board(event.row_key.value)


class ProjectBoardScreen(CounterScreen):
    """A project's board: its particulars, then every linked case; the highlighted one
    in full below (the table cuts the item and the department)."""

    AUTO_FOCUS = "#board"
    CLOSES_ON_BACK: ClassVar[bool] = True
    BINDINGS: ClassVar = [
        PRINT_PROGRESS.binding(),
        EXPORT_PROGRESS.binding(),
        PROJECT_SUPERVISE.binding(),
    ]
    DEFAULT_CSS = """
    ProjectBoardScreen #board-head { height: auto; padding: 0 1; }
    ProjectBoardScreen #board { height: 1fr; }
    ProjectBoardScreen #board-case { height: 2; padding: 0 1; border-top: solid $primary; }
    """

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name_of_project = name
        self.board: ProjectBoard | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="board-head")
        yield row_table("board")
        yield Static("", id="board-case")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Key project board")
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        app, name = self.counter_app, self.name_of_project
        board = self.call(lambda _session: read_board(name, app.today(), app.now()))
        if board is REFUSED:
            return
        self.board = board
        project = board.project
        head = [
            join([plain(project.name, "bold"), plain(project.level)]),
            join(
                [
                    plain(project.company),
                    _("Liaison: {name}").format(name=project.liaison),
                    _("Leader: {name}").format(name=project.leader or "—"),
                ]
            ),
        ]
        self.query_one("#board-head", Static).update(Text("\n", end="").join(head))
        self._fill(board)
        self.refresh_bindings()

    def _fill(self, board: ProjectBoard) -> None:
        headers = {
            "light": _("Limit"),
            "number": _("Case"),
            "item": _("Item"),
            "department": _("Department"),
            "state": _("State"),
            "due": _("Due"),
            "step": _("Next step"),
        }
        rows, styles = [], []
        for line in board.lines:
            light = line.light.value if line.light else None
            step = _(NEXT_STEP_LABELS[line.next_step]) if line.next_step else "—"
            # A closed case has no light: whether it kept its limit, as the table prints.
            shown = light_label(light) if line.state in OPEN_STATES else timeliness(line, _)
            rows.append(
                {
                    "light": shown or "—",
                    "number": line.number,
                    "item": line.item_name,
                    "department": line.department_short or line.department,
                    "state": state_label(line.state),
                    "due": due_text(line.deadline),
                    "step": step,
                }
            )
            styles.append({"light": LIGHT_STYLES[light]})
        table = self.query_one("#board", DataTable)
        row = table.cursor_row
        keys = [line.number for line in board.lines]
        fill_table(table, headers, rows, keys, board_widths, self.size.width, styles)
        table.move_cursor(row=max(0, min(row, len(rows) - 1)))
        self._show_case()

    def _show_case(self) -> None:
        row = self.query_one("#board", DataTable).cursor_row
        lines = self.board.lines if self.board else ()
        if not 0 <= row < len(lines):
            self.query_one("#board-case", Static).update(plain(_("No cases linked yet.")))
            return
        line = lines[row]
        parts = [plain(line.number, "bold"), plain(line.item_name), plain(line.department)]
        if line.next_step:
            parts.append(plain(_(NEXT_STEP_LABELS[line.next_step])))
        if line.bundle_case:
            parts.append(plain(_("Bundle case {number}").format(number=line.bundle_case)))
        text = join(parts, width=max(20, self.size.width - 2))
        self.query_one("#board-case", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_case()

    def on_resize(self) -> None:
        if self.board is not None:
            self._fill(self.board)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == PROJECT_SUPERVISE.action:
            session = self.counter_app.session
            return (
                self.board is not None
                and self.board.project.open
                and session is not None
                and session.role in ISSUER_ROLES
            )
        return super().check_action(action, parameters)

    def action_supervise(self) -> None:
        """B: a supervision order on the project, to its liaison (the service checks that
        the project has a case of the chief's department)."""
        if self.board is None:
            return
        project = self.board.project
        title = _("Supervision order (督办): {case}").format(case=project.name)
        supervise(self, Target.key_project(project.id), title, self.reload)

    # ── the progress table ────────────────────────────────────────────────────

    def action_print_progress(self) -> None:
        board = self.board
        if board is None:
            return
        from counter_tui.documents.progress import print_progress, suggested_filename

        path = self.counter_app.document_dir / suggested_filename(board)
        print_in_worker(
            self.app,
            path,
            lambda: print_progress(board, path, printed_on=board.today),
            busy=_("The progress table is already being printed."),
            started=_("Printing the progress table…"),
            failed=_("The progress table could not be printed: {reason}"),
        )

    def action_export_progress(self) -> None:
        board = self.board
        if board is None:
            return
        from counter_tui.documents.progress import suggested_filename

        path = self.counter_app.document_dir / suggested_filename(board)
        path = path.with_suffix(".xlsx")

        @forgets_its_worker
        def work() -> None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                export_progress(board, path, _)
            except DomainError as error:
                message, severity = explain(error), "error"
            except OSError as error:
                failed = _("The progress table could not be written: {reason}")
                message, severity = failed.format(reason=error), "error"
            else:
                message = _("Progress table written to {path}").format(path=path)
                severity = "information"
            self.app.call_from_thread(
                self.app.notify, message, severity=severity, timeout=20, markup=False
            )

        self.notify(_("Writing the progress table…"), timeout=3, markup=False)
        self.app.run_worker(work, name=str(path), group="export", thread=True, exit_on_error=False)
