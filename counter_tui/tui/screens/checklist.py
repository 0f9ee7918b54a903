"""Taking an application, step 3: the material checklist (材料核验).

A row per material of the case's item version: necessity, form, copies and what was
recorded. Letters mark the highlighted material (provided, missing, deficient, deferred,
not applicable) and ``a`` marks every remaining one provided; the cursor moves on to
the next row. After a one-time notice only the notice's items can change (the services
enforce it): the others are shown as settled. F9 goes on to the decision.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from counter_tui.documents.labels import listing
from counter_tui.domain.checklist import (
    FORM_LABELS,
    NECESSITY_LABELS,
    STATUS_LABELS,
    ChecklistLine,
    MaterialStatus,
    Necessity,
    Phase,
    deficiencies,
)
from counter_tui.i18n import _
from counter_tui.services.intake.case_view import CaseView
from counter_tui.services.intake.checklist import mark_all_remaining_provided, mark_material
from counter_tui.tui.keys import (
    ALL_PROVIDED,
    MARK_DEFERRED,
    MARK_DEFICIENT,
    MARK_MISSING,
    MARK_NOT_APPLICABLE,
    MARK_PROVIDED,
    NEXT_STEP,
)
from counter_tui.tui.labels import STATUS_STYLES
from counter_tui.tui.screens.base import REFUSED, CaseScreen, case_caption
from counter_tui.tui.screens.prompts import DatePrompt, ProvidedPrompt, ReasonPrompt
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.tables import fill_table, row_table
from counter_tui.tui.widgets.text import Wrapped, join, plain

COLUMNS = ("no", "name", "necessity", "form", "copies", "status")
CAPPED = {"form": 10, "status": 10}  # cut to this only when the name would be short
MIN_NAME = 10
NAME_ROOM = 36  # the material's name keeps this much before the form and status are cut
DEFER_SUGGESTED_DAYS = 7  # the commitment date offered first: a week from today


def column_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    """Every column as wide as it needs and the name the rest; where that leaves the name
    less than NAME_ROOM (80 columns, English words), form and status are cut first."""
    widths = {key: natural[key] for key in COLUMNS if key != "name"}
    if available - sum(widths.values()) < NAME_ROOM:
        widths |= {key: min(natural[key], cap) for key, cap in CAPPED.items()}
    widths["name"] = max(MIN_NAME, available - sum(widths.values()))
    return widths


def copies_text(copies: int) -> str:
    return _("{n} cp.").format(n=copies)


def detail_of(line: ChecklistLine, phase: Phase) -> Text:
    """The highlighted material in full: name, condition, what was recorded."""
    parts: list[Text | str] = [plain(line.name, "bold")]
    if line.condition:
        parts.append(plain(_("Only when: {condition}").format(condition=line.condition)))
    if line.status is MaterialStatus.PROVIDED and line.form_provided:
        form = _(FORM_LABELS.get(line.form_provided, line.form_provided))
        parts.append(plain(f"{form} {copies_text(line.copies_provided)}"))
    if line.reason:
        parts.append(plain(_("Reason: {reason}").format(reason=line.reason), "bold red"))
    if line.deferred_until:
        parts.append(plain(_("Until {day}").format(day=line.deferred_until.isoformat())))
    if phase is Phase.NOTICE:
        parts.append(
            _("On the one-time notice") if line.on_notice else _("Settled: not on the notice")
        )
    if line.standard:
        parts.append(plain(_("Standard: {text}").format(text=line.standard)))
    return join(parts)


def progress_of(lines: list[ChecklistLine]) -> Text:
    """“4 of 6 checked · blocking acceptance: …”. Checked means the row no longer says
    not checked: an optional material may stay so, but it is not counted as checked
    (issue 21 item 8)."""
    done = sum(line.status is not MaterialStatus.PENDING for line in lines)
    parts: list[Text | str] = [_("{done} of {count} checked").format(done=done, count=len(lines))]
    if blocking := deficiencies(lines):
        names = listing(line.name for line in blocking)
        parts.append(plain(_("Blocks acceptance: {materials}").format(materials=names), "bold red"))
    return join(parts)


class ChecklistStep(CaseScreen):
    CSS_PATH = "checklist.tcss"
    AUTO_FOCUS = "#checklist"
    BINDINGS: ClassVar = [
        NEXT_STEP.binding(),
        ALL_PROVIDED.binding(),
        MARK_PROVIDED.binding(),
        MARK_MISSING.binding(),
        MARK_DEFICIENT.binding(),
        MARK_DEFERRED.binding(),
        MARK_NOT_APPLICABLE.binding(),
    ]

    def __init__(self, number: str) -> None:
        super().__init__(number)
        self.view: CaseView | None = None
        self.lines: list[ChecklistLine] = []
        self.phase = Phase.OPEN

    def compose(self) -> ComposeResult:
        yield TitleBar()
        self.view = self.load()
        if self.view is not None:
            yield case_caption(self.view)
        yield row_table("checklist")
        yield Static("", id="material-detail")
        yield Static("", id="checklist-progress")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Intake · step 3 of 4: the materials")
        if self.view is not None:
            self.phase = self.view.phase
            self.show(list(self.view.checklist))

    def on_screen_resume(self) -> None:
        # Back from the decision step: what is true now.
        view = self.load()
        if view is not None:
            self.view, self.phase = view, view.phase
            self.show(list(view.checklist))

    def on_resize(self) -> None:
        if self.lines:
            self.show(self.lines)

    # --- the table ---------------------------------------------------------------------------

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#checklist", DataTable)

    @property
    def current(self) -> ChecklistLine | None:
        row = self.table.cursor_row
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def show(self, lines: list[ChecklistLine], row: int | None = None) -> None:
        table = self.table
        row = table.cursor_row if row is None else row
        self.lines = sorted(lines, key=lambda line: line.position)
        headers = {
            "no": _("No."),
            "name": _("Material"),
            "necessity": _("Need"),
            "form": _("Form"),
            "copies": _("Copies"),
            "status": _("Status"),
        }
        rows = [
            {
                "no": str(number),
                "name": line.name,
                "necessity": _(NECESSITY_LABELS[line.necessity]),
                "form": _(FORM_LABELS[line.form]),
                "copies": copies_text(line.copies),
                # One state, one word: a material settled at the first visit keeps the word it
                # was given then; the line below says it is not on the notice (issue 21
                # item 9).
                "status": _(STATUS_LABELS[line.status]),
            }
            for number, line in enumerate(self.lines, 1)
        ]
        settled = self.phase is Phase.NOTICE
        styles = [
            {"status": "dim" if settled and not line.on_notice else STATUS_STYLES[line.status]}
            for line in self.lines
        ]
        keys = [str(line.material_id) for line in self.lines]
        fill_table(table, headers, rows, keys, column_widths, self.size.width, styles)
        table.move_cursor(row=max(0, min(row, len(self.lines) - 1)))
        self._show_detail()
        self.query_one("#checklist-progress", Static).update(progress_of(self.lines))

    def _show_detail(self) -> None:
        line = self.current
        detail = self.query_one("#material-detail", Static)
        detail.update(Wrapped(detail_of(line, self.phase)) if line else "")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    # --- marking -----------------------------------------------------------------------------

    def action_mark(self, status: str) -> None:
        line = self.current
        if line is None:
            return
        app = self.counter_app
        if status == MaterialStatus.PROVIDED:
            self.app.push_screen(ProvidedPrompt(line), self._provided)
        elif status == MaterialStatus.DEFICIENT:
            self.app.push_screen(ReasonPrompt(line), self._deficient)
        elif status == MaterialStatus.DEFERRED:
            if line.necessity is not Necessity.DEFERRABLE:
                self._record(line, MaterialStatus.DEFERRED)  # the service says why not
                return
            suggested = app.today() + timedelta(days=DEFER_SUGGESTED_DAYS)
            self.app.push_screen(DatePrompt(line, suggested), self._deferred)
        else:
            self._record(line, MaterialStatus(status))

    def _provided(self, answer: tuple[str, int] | None) -> None:
        if answer is not None and self.current is not None:
            form, copies = answer
            self._record(self.current, MaterialStatus.PROVIDED, form=form, copies=copies)

    def _deficient(self, reason: str | None) -> None:
        if reason is not None and self.current is not None:
            self._record(self.current, MaterialStatus.DEFICIENT, reason=reason)

    def _deferred(self, until: date | None) -> None:
        if until is not None and self.current is not None:
            self._record(self.current, MaterialStatus.DEFERRED, deferred_until=until)

    def _record(self, line: ChecklistLine, status: MaterialStatus, **particulars: object) -> None:
        at = self.counter_app.now()
        lines = self.call(
            mark_material, self.number, line.material_id, status, at=at, **particulars
        )
        if lines is not REFUSED:
            self.show(lines, row=self.table.cursor_row + 1)

    def action_all_provided(self) -> None:
        lines = self.call(mark_all_remaining_provided, self.number, at=self.counter_app.now())
        if lines is not REFUSED:
            self.show(lines)

    def action_next_step(self) -> None:
        self.counter_app.open_decision(self.number)
