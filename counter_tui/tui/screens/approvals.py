"""The chief representative's approvals (F7): 一审一核 decisions, extensions and refusals
waiting for them, the oldest first. ``a`` shows what approving the highlighted one
would issue, Enter there approves it (the document is then shown to print) and Esc
comes back with nothing written; ``x`` turns it down with a reason, Enter opens the case."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from counter_tui.domain.errors import N_
from counter_tui.i18n import _
from counter_tui.services.cases.preview import preview
from counter_tui.services.tracking.approvals import (
    APPROVAL_LABELS,
    ApprovalKind,
    WaitingApproval,
    approve,
    reject,
    waiting_approvals,
)
from counter_tui.tui.keys import APPROVE, OPEN_CASE, REJECT
from counter_tui.tui.screens.base import REFUSED, CounterScreen
from counter_tui.tui.screens.prompts import NotePrompt
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.tables import fill_table, row_table
from counter_tui.tui.widgets.text import plain

MIN_FLEX = 8

# What turning each kind down means, for the prompt's title.
REJECT_TITLES = {
    ApprovalKind.DECISION: N_("Deny the licence (不予许可): {case}"),
    ApprovalKind.EXTENSION: N_("Do not extend: {case}"),
    ApprovalKind.REFUSAL: N_("Return the refusal unsigned: {case}"),
}


def column_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    widths = {
        "kind": natural["kind"],
        "number": natural["number"],
        "asked_by": min(natural["asked_by"], 8),
    }
    rest = available - sum(widths.values())
    widths["item"] = max(MIN_FLEX, min(natural["item"], rest // 2))
    widths["request"] = max(MIN_FLEX, rest - widths["item"])
    return widths


def _request(waiting: WaitingApproval) -> str:
    if waiting.kind is ApprovalKind.EXTENSION:
        return _("{days} days: {reason}").format(days=waiting.days, reason=waiting.request)
    return waiting.request or "—"


class ApprovalsScreen(CounterScreen):
    CSS_PATH = "cases.tcss"
    CLOSES_ON_BACK: ClassVar[bool] = True
    AUTO_FOCUS = "#case-list"
    BINDINGS: ClassVar = [APPROVE.binding(), REJECT.binding(), OPEN_CASE.binding()]

    def __init__(self) -> None:
        super().__init__()
        self.waiting: list[WaitingApproval] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(plain(_("Waiting for your approval, the oldest first.")), classes="case-hint")
        yield Static("", id="case-caption")
        yield row_table("case-list")
        yield KeyBar()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#case-list", DataTable)

    def on_mount(self) -> None:
        self.sub_title = _("Approvals")
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        waiting = self.call(waiting_approvals, self.counter_app.today())
        self.waiting = [] if waiting is REFUSED else waiting
        headers = {
            "kind": _("Request type"),
            "number": _("Case no."),
            "item": _("Item"),
            "asked_by": _("Asked by"),
            "request": _("Request"),
        }
        rows = [
            {
                "kind": _(APPROVAL_LABELS[w.kind]),
                "number": w.case_number,
                "item": w.item_name,
                "asked_by": w.asked_by,
                "request": _request(w),
            }
            for w in self.waiting
        ]
        keys = [f"{w.kind}:{w.case_number}" for w in self.waiting]
        fill_table(self.table, headers, rows, keys, column_widths, self.size.width)
        caption = self.query_one("#case-caption", Static)
        caption.update(plain(_("Nothing waits for your approval.") if not rows else ""))
        caption.display = not rows

    def on_resize(self) -> None:
        self.reload()

    @property
    def highlighted(self) -> WaitingApproval | None:
        row = self.table.cursor_row
        return self.waiting[row] if 0 <= row < len(self.waiting) else None

    def action_approve(self) -> None:
        waiting = self.highlighted
        if waiting is None:
            return
        at = self.counter_app.now()
        rehearsed = self.call(preview, approve, waiting.kind, waiting.case_number, at=at)
        if rehearsed is not REFUSED:
            self.counter_app.preview_issue(
                waiting.case_number, rehearsed.documents, lambda: self._approve(waiting)
            )

    def _approve(self, waiting: WaitingApproval) -> None:
        at = self.counter_app.now()
        document = self.call(approve, waiting.kind, waiting.case_number, at=at)
        if document is REFUSED:
            return
        self.notify(
            _("{kind} of {case} approved.").format(
                kind=_(APPROVAL_LABELS[waiting.kind]), case=waiting.case_number
            ),
            markup=False,
        )
        self.reload()
        if document is not None:
            self.counter_app.show_documents(waiting.case_number, [document])

    def action_reject(self) -> None:
        waiting = self.highlighted
        if waiting is None:
            return

        def done(reason: str | None) -> None:
            if reason is None:
                return
            at = self.counter_app.now()
            if self.call(reject, waiting.kind, waiting.case_number, reason, at=at) is REFUSED:
                return
            self.notify(
                _("{kind} of {case} turned down.").format(
                    kind=_(APPROVAL_LABELS[waiting.kind]), case=waiting.case_number
                ),
                markup=False,
            )
            self.reload()

        title = _(REJECT_TITLES[waiting.kind]).format(case=waiting.case_number)
        self.app.push_screen(NotePrompt(title, _("Reason")), done)

    def action_open_case(self) -> None:
        waiting = self.highlighted
        if waiting is not None:
            self.counter_app.open_case(waiting.case_number)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_case()
