"""Taking an application, step 3: the material checklist (材料核验).

A row per material of the case's item version: necessity, form, copies and what was
recorded. Letters mark the highlighted material (provided, missing, deficient, deferred,
not applicable) and ``a`` marks every remaining one provided; the cursor moves on to
the next row. After a one-time notice only the notice's items can change (the services
enforce it): the others are shown as settled. F9 goes on to the decision.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from counter_tui.documents.labels import listing
from counter_tui.domain.checklist import (
    FORM_LABELS,
    NECESSITY_LABELS,
    STATUS_LABELS,
    ChecklistLine,
    MaterialMark,
    MaterialStatus,
    Necessity,
    Phase,
    deficiencies,
)
from counter_tui.domain.lifecycle import CaseState
from counter_tui.i18n import _
from counter_tui.services.bundles.intake import (
    BundleLine,
    BundleRecheck,
    accept_bundle,
    bundle_checklist,
    discard_bundle,
    issue_bundle_notice,
    mark_bundle,
    mark_bundle_remaining_provided,
    recheck_bundle_supplement,
)
from counter_tui.services.bundles.progress import BundleCaseView, bundle_case_view
from counter_tui.services.cases.documents import IssuedDocument
from counter_tui.services.cases.preview import preview
from counter_tui.services.intake.case_view import CaseView
from counter_tui.services.intake.checklist import mark_all_remaining_provided, mark_material
from counter_tui.tui.keys import (
    ALL_PROVIDED,
    BACK,
    BUNDLE_DECIDE,
    BUNDLE_DISCARD,
    MARK_DEFERRED,
    MARK_DEFICIENT,
    MARK_MISSING,
    MARK_NOT_APPLICABLE,
    MARK_PROVIDED,
    NEXT_STEP,
    NOTICE,
)
from counter_tui.tui.labels import STATUS_STYLES
from counter_tui.tui.screens.base import REFUSED, CaseScreen, case_caption
from counter_tui.tui.screens.prompts import (
    ConfirmPrompt,
    DatePrompt,
    ProvidedPrompt,
    ReasonPrompt,
    notice_prompt,
)
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


# The keys that mark materials: a case's checklist and a bundle's merged one alike.
MARKING = (
    ALL_PROVIDED.binding(),
    MARK_PROVIDED.binding(),
    MARK_MISSING.binding(),
    MARK_DEFICIENT.binding(),
    MARK_DEFERRED.binding(),
    MARK_NOT_APPLICABLE.binding(),
)


class ChecklistStep(CaseScreen):
    CSS_PATH = "checklist.tcss"
    AUTO_FOCUS = "#checklist"
    BINDINGS: ClassVar = [NEXT_STEP.binding(), *MARKING]

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
        self.reload()

    def reload(self) -> None:
        """Back from the decision step: what is true now."""
        view = self.load()
        if view is not None:
            self.view, self.phase = view, view.phase
            self.show(list(view.checklist))

    def on_resize(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        """The table again, at the width there is now."""
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


BUNDLE_COLUMNS = ("no", "name", "items", "necessity", "status")


def bundle_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    """As ``column_widths``, with the items a line serves (at most 14 cells) beside it."""
    widths = {key: natural[key] for key in BUNDLE_COLUMNS if key not in ("name", "items")}
    widths["status"] = min(widths["status"], CAPPED["status"])
    widths["items"] = min(natural["items"], 14)
    widths["name"] = max(MIN_NAME, available - sum(widths.values()))
    return widths


class BundleChecklistStep(ChecklistStep, inherit_bindings=False):
    """A bundle case's merged checklist (一套材料, docs/rules.md §21): a material every
    item asks for is one line, marked 共用 with the items it serves, whose mark goes to
    each of them. The single checklist's keys mark it; F9 accepts every item at once,
    G issues the one combined notice. Waiting for the supplement, only the notice's lines
    can change, and F9 re-checks it. Esc leaves the draft; Delete discards it (asked)."""

    BINDINGS: ClassVar = [
        BACK.binding(),
        BUNDLE_DECIDE.binding(),
        NOTICE.binding(),
        *MARKING,
        BUNDLE_DISCARD.binding(),
    ]

    def __init__(self, number: str) -> None:
        super().__init__(number)
        self.bundle: BundleCaseView | None = None
        self.bundle_lines: list[BundleLine] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", classes="case-caption")
        yield row_table("checklist")
        yield Static("", id="material-detail")
        yield Static("", id="checklist-progress")
        yield KeyBar()

    def reload(self) -> None:
        app = self.counter_app
        view = self.call(bundle_case_view, self.number, app.today())
        lines = self.call(bundle_checklist, self.number)
        if view is REFUSED or lines is REFUSED:
            return
        self.bundle = view
        states = {line.state for line in view.cases}
        self.phase = Phase.NOTICE if states == {CaseState.AWAITING_SUPPLEMENT} else Phase.OPEN
        self.sub_title = (
            _("Bundle intake: the supplement (补正)")
            if self.phase is Phase.NOTICE
            else _("Bundle intake: the materials")
        )
        parts = [plain(view.number, "bold"), plain(view.bundle_name)]
        if view.applicant.strip():
            parts.append(plain(view.applicant))
        self.query_one(".case-caption", Static).update(join(parts))
        self.show_bundle(lines)
        self.refresh_bindings()

    def redraw(self) -> None:
        if self.bundle_lines:
            self.show_bundle(self.bundle_lines)

    @property
    def drafted(self) -> bool:
        return self.bundle is not None and any(
            line.state is CaseState.DRAFT for line in self.bundle.cases
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == BUNDLE_DISCARD.action:
            return self.drafted
        if action == NOTICE.action:
            return self.phase is Phase.OPEN
        return super().check_action(action, parameters)

    def _item_code(self, case_number: str) -> str:
        cases = self.bundle.cases if self.bundle else ()
        return next((c.item_code for c in cases if c.number == case_number), case_number)

    def show_bundle(self, lines: list[BundleLine], row: int | None = None) -> None:
        table = self.table
        row = table.cursor_row if row is None else row
        self.bundle_lines = lines
        self.lines = [line.line for line in lines]
        headers = {
            "no": _("No."),
            "name": _("Material"),
            "items": _("For"),
            "necessity": _("Need"),
            "status": _("Status"),
        }
        rows = [
            {
                "no": str(number),
                "name": line.name,
                "items": _("共用 ×{count}").format(count=len(line.parts))
                if line.shared
                else self._item_code(line.parts[0][0]),
                "necessity": _(NECESSITY_LABELS[line.line.necessity]),
                "status": _(STATUS_LABELS[line.line.status]),
            }
            for number, line in enumerate(lines, 1)
        ]
        settled = self.phase is Phase.NOTICE
        styles = [
            {
                "status": "dim"
                if settled and not line.line.on_notice
                else STATUS_STYLES[line.line.status],
                "items": "bold" if line.shared else "",
            }
            for line in lines
        ]
        keys = [line.key for line in lines]
        fill_table(table, headers, rows, keys, bundle_widths, self.size.width, styles)
        table.move_cursor(row=max(0, min(row, len(lines) - 1)))
        self._show_detail()
        self.query_one("#checklist-progress", Static).update(progress_of(self.lines))

    def _show_detail(self) -> None:
        row = self.table.cursor_row
        detail = self.query_one("#material-detail", Static)
        if not 0 <= row < len(self.bundle_lines):
            detail.update("")
            return
        line = self.bundle_lines[row]
        served = listing(self._item_code(case) for case, _line in line.parts)
        said = _("Shared by {items}") if line.shared else _("For {items}")
        text = join([plain(said.format(items=served), "bold"), detail_of(line.line, self.phase)])
        detail.update(Wrapped(text))

    def _record(self, line: ChecklistLine, status: MaterialStatus, **particulars: object) -> None:
        row = self.table.cursor_row
        if not 0 <= row < len(self.bundle_lines):
            return
        mark = MaterialMark(status, **particulars)  # type: ignore[arg-type]
        at = self.counter_app.now()
        lines = self.call(mark_bundle, self.number, {self.bundle_lines[row].key: mark}, at=at)
        if lines is not REFUSED:
            self.show_bundle(lines, row=row + 1)

    def action_all_provided(self) -> None:
        lines = self.call(mark_bundle_remaining_provided, self.number, at=self.counter_app.now())
        if lines is not REFUSED:
            self.show_bundle(lines)

    # --- deciding --------------------------------------------------------------------------

    def _issue(self, service: Callable[..., Any], done: Callable[[Any], None], **kw: Any) -> None:
        """Show what ``service`` would issue; on Enter, take it and hand its result to
        ``done``."""
        app = self.counter_app
        rehearsed = self.call(preview, service, self.number, at=app.now(), **kw)
        if rehearsed is REFUSED:
            return

        def issue() -> None:
            result = self.call(service, self.number, at=app.now(), **kw)
            if result is not REFUSED:
                done(result)

        app.preview_issue(self.number, rehearsed.documents, issue)

    def _issued(self, documents: tuple[IssuedDocument | None, IssuedDocument]) -> None:
        receipt, decision = documents
        issued = [decision, *([receipt] if receipt else [])]
        self.counter_app.show_documents(self.number, issued)

    def action_decide(self) -> None:
        if self.phase is Phase.NOTICE:
            self._recheck()
        else:
            self._issue(accept_bundle, self._issued)

    def _recheck(self) -> None:
        app = self.counter_app
        rehearsed = self.call(preview, recheck_bundle_supplement, self.number, at=app.now())
        if rehearsed is REFUSED:
            return
        if rehearsed.result.accepted:
            self._issue(recheck_bundle_supplement, self._rechecked)
            return
        result = self.call(recheck_bundle_supplement, self.number, at=app.now())
        if result is not REFUSED:
            self._rechecked(result)

    def _rechecked(self, result: BundleRecheck) -> None:
        if result.accepted and result.document is not None:
            self.counter_app.show_documents(self.number, [result.document])
            return
        items: dict[str, list[str]] = {}  # a shared material once, with its items
        for case, name in result.outstanding:
            items.setdefault(name, []).append(self._item_code(case))
        said = _("{material} ({items})")
        names = listing(said.format(material=n, items=listing(c)) for n, c in items.items())
        self.notify(
            _("Still missing: {materials}").format(materials=names),
            severity="warning",
            markup=False,
            timeout=10,
        )

    def action_notice(self) -> None:
        prompt = notice_prompt(_("Combined one-time notice: {case}").format(case=self.number))
        self.app.push_screen(prompt, self._notice)

    def _notice(self, answer: tuple[str, str] | None) -> None:
        if answer is not None:
            delivery, detail = answer
            self._issue(
                issue_bundle_notice, self._issued, delivery=delivery, delivery_detail=detail
            )

    def action_back(self) -> None:
        if self.drafted:
            self.notify(_("Draft {number} kept.").format(number=self.number), markup=False)
        super().action_back()

    def action_discard(self) -> None:
        question = _("Give up bundle case {number}? Every case of it is withdrawn.")
        prompt = ConfirmPrompt(_("Discard"), question.format(number=self.number))
        self.app.push_screen(prompt, self._discard)

    def _discard(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        if self.call(discard_bundle, self.number, at=self.counter_app.now()) is REFUSED:
            return
        self.notify(_("Draft {number} discarded.").format(number=self.number), markup=False)
        self.counter_app.go_home()
