"""Lists of cases to go back to: the clerk's drafts (F2 when there are any) and the
case search (F8 / Ctrl+Y) for the applicant who comes back with the supplement (补正).

Enter opens the highlighted case where its work is: a draft in its intake, a received
case or one waiting for its supplement at its checklist, a decided one in its
documents (a reprint).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from counter_tui.i18n import _
from counter_tui.services.cases.finding import CaseSummary, find_cases, list_drafts
from counter_tui.services.intake.draft import discard_draft
from counter_tui.tui.keys import DISCARD_DRAFT, INTAKE, OPEN_CASE
from counter_tui.tui.labels import state_label
from counter_tui.tui.screens.base import REFUSED, CounterScreen
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.fields import MAX_QUERY, TextField
from counter_tui.tui.widgets.tables import fill_table, row_table
from counter_tui.tui.widgets.text import plain
from counter_tui.tui.workers import forgets_its_worker

COLUMNS = ("number", "item", "applicant", "state")
# Seconds after the last key before the search: it runs in a worker, so a short pause
# costs the typing nothing, and with the search (12-25 ms at a million cases) the
# results show well within 150 ms of the last key (issue 17).
FIND_AFTER = 0.1
MIN_FLEX = 8


def column_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    widths = {"number": natural["number"], "state": min(natural["state"], 10)}
    rest = available - sum(widths.values())
    widths["applicant"] = max(MIN_FLEX, min(natural["applicant"], rest // 3))
    widths["item"] = max(MIN_FLEX, rest - widths["applicant"])
    return widths


class CaseList(CounterScreen):
    """A table of cases; Enter opens the highlighted one."""

    CSS_PATH = "cases.tcss"
    CLOSES_ON_BACK: ClassVar[bool] = True
    BINDINGS: ClassVar = [OPEN_CASE.binding()]

    def __init__(self) -> None:
        super().__init__()
        self.cases: list[CaseSummary] = []

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#case-list", DataTable)

    def show(self, cases: list[CaseSummary], empty: str) -> None:
        self.cases = cases
        headers = {
            "number": _("Case no."),
            "item": _("Item"),
            "applicant": _("Applicant"),
            "state": _("State"),
        }
        rows = [
            {
                "number": case.number,
                "item": case.item_name,
                "applicant": " ".join(filter(None, (case.applicant, case.applicant_id))) or "—",
                "state": state_label(case.state),
            }
            for case in cases
        ]
        keys = [case.number for case in cases]
        fill_table(self.table, headers, rows, keys, column_widths, self.size.width)
        caption = self.query_one("#case-caption", Static)
        caption.update(plain(empty if not cases else ""))
        caption.display = not cases

    def action_open_case(self) -> None:
        row = self.table.cursor_row
        if 0 <= row < len(self.cases):
            self.counter_app.open_case(self.cases[row].number)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_case()


class DraftsScreen(CaseList):
    """The clerk's drafts, the latest first; F2 starts a new intake instead."""

    AUTO_FOCUS = "#case-list"
    BINDINGS: ClassVar = [DISCARD_DRAFT.binding()]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(
            plain(
                _("Your drafts. Enter reopens one; {key} starts a new intake.").format(
                    key=INTAKE.keys[0].upper()
                )
            ),
            classes="case-hint",
        )
        yield Static("", id="case-caption")
        yield row_table("case-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Drafts")
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        drafts = self.call(list_drafts)
        if drafts is REFUSED:
            return
        self.show(drafts, _("No drafts left."))

    def action_discard(self) -> None:
        row = self.table.cursor_row
        if not 0 <= row < len(self.cases):
            return
        app = self.counter_app
        number = self.cases[row].number
        if self.call(discard_draft, number, at=app.now()) is REFUSED:
            return
        self.notify(_("Draft {number} discarded.").format(number=number), markup=False)
        self.reload()


class FindCaseScreen(CaseList):
    """Type a case number, a name or an ID number; ↑/↓ and Enter open the case where its
    work is, Ctrl+E its detail.

    The search runs in a worker thread a moment after the last key, so typing never
    waits for the database; results of a text the field no longer holds are dropped.
    Enter or Ctrl+E before the results of the text typed are shown opens when they come.
    """

    AUTO_FOCUS = "#case-query"

    def __init__(self) -> None:
        super().__init__()
        self._timer: Timer | None = None
        self._shown: str | None = None  # the text whose results the table shows
        self._then: Callable[[], None] | None = None  # to open once they are shown

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield TextField(
            placeholder=_("Case number, applicant or agent name, or ID number"),
            max_length=MAX_QUERY,
            id="case-query",
        )
        yield Static("", id="case-caption")
        table = row_table("case-list")
        table.can_focus = False  # the field keeps the focus, like the item search
        yield table
        yield KeyBar()

    @property
    def text(self) -> str:
        return self.query_one("#case-query", Input).value

    def on_mount(self) -> None:
        self.sub_title = _("Find a case")
        self.show([], _("Type to search: the supplement (补正), a draft, a reprint."))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._then = None
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(FIND_AFTER, self.search)

    def search(self) -> None:
        """Look for the field's text; the search before, if still running, is dropped."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._find(self.text)

    @work(thread=True, exclusive=True, group="find-case", exit_on_error=False)
    @forgets_its_worker
    def _find(self, text: str) -> None:
        worker = get_current_worker()
        session = self.counter_app.session
        cases = self.call_in_worker(
            lambda: find_cases(session, text), _("The search failed: {reason}")
        )
        if cases is not REFUSED and not worker.is_cancelled:
            self.app.call_from_thread(self._found, text, cases)

    def _found(self, text: str, cases: list[CaseSummary]) -> None:
        if not self.is_attached or text != self.text:
            return  # the screen is closed, or a later key has its own search coming
        self._shown = text
        self.show(cases, _("No case matches.") if text.strip() else "")
        then, self._then = self._then, None
        if then is not None:
            then()

    def _when_shown(self, action: Callable[[], None]) -> None:
        """``action`` now if the table shows the results of the field's text, else as
        soon as it does."""
        if self._shown == self.text and self._timer is None:
            action()
        else:
            self._then = action
            self.search()

    def _open_detail(self) -> None:
        row = self.table.cursor_row
        if 0 <= row < len(self.cases):
            self.counter_app.open_detail(self.cases[row].number)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Whatever its state, the case opens in its detail, which offers the next step
        # (issue 21 item 16).
        event.stop()
        self._when_shown(self._open_detail)

    def key_up(self) -> None:
        self.table.action_cursor_up()

    def key_down(self) -> None:
        self.table.action_cursor_down()
