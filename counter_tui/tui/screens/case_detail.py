"""One case in full (办件详情): a header, then three sections — the checklist, the
documents and the timeline (办件日志) — that Tab moves between. P previews the highlighted
document for a reprint (P again prints it). The actions the case allows now have their
keys in the footer (tui/case_actions.py); a chief representative or an administrator
issues a supervision order on an open case with B (督办, dū-bàn, docs/rules.md §22); Z
links a case of its own (not a bundle's item) to a key project, or takes it off
(docs/rules.md §23). Both are tui/joint.py's, shared with the other screens.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import ContentSwitcher, DataTable, Static

from counter_tui.domain.checklist import STATUS_LABELS, ChecklistLine
from counter_tui.domain.errors import N_
from counter_tui.domain.lifecycle import CaseState
from counter_tui.domain.numbering import DOCUMENT_TITLES
from counter_tui.domain.supervision import ISSUER_ROLES
from counter_tui.domain.tracking import CaseCommand
from counter_tui.i18n import _
from counter_tui.services.auth import INTAKE_ROLES
from counter_tui.services.cases.detail import (
    CaseDetail,
    TimelineEntry,
    case_detail,
)
from counter_tui.services.cases.documents import IssuedDocument
from counter_tui.services.supervision.targets import OPEN_CASE_STATES, Target
from counter_tui.tui.case_actions import BY_COMMAND, CaseAction
from counter_tui.tui.case_text import (
    case_head,
    checklist_line,
    event_details,
    form_text,
    local_time,
)
from counter_tui.tui.joint import choose_key_project, supervise
from counter_tui.tui.keys import (
    CASE_ACTIONS,
    CASE_CONTINUE,
    CASE_FOLLOW_UP,
    CASE_KEY_PROJECT,
    CASE_SUPERVISE,
    FOLLOW_UPS,
    NEXT_SECTION,
    PREVIOUS_SECTION,
    REPRINT,
    key_display,
)
from counter_tui.tui.labels import (
    STATUS_STYLES,
    event_label,
)
from counter_tui.tui.screens.base import REFRESH_SECONDS, REFUSED, CaseScreen
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.tables import fill_table, row_table
from counter_tui.tui.widgets.text import join, plain

SECTION_TITLES = {
    "checklist": N_("Checklist"),
    "documents": N_("Documents"),
    "timeline": N_("Timeline"),
}
SECTIONS = tuple(SECTION_TITLES)
# Where the case's work goes on at the counter: F9 opens that step (app.open_case).
CONTINUED_STATES = frozenset({CaseState.DRAFT, CaseState.RECEIVED, CaseState.AWAITING_SUPPLEMENT})
MIN_FLEX = 8


def flexible_last(natural: dict[str, int], available: int) -> dict[str, int]:
    """Every column its natural width but the last, which takes what is left."""
    *fixed, last = natural
    widths = {key: natural[key] for key in fixed}
    widths[last] = max(MIN_FLEX, available - sum(widths.values()))
    return widths


class CaseDetailScreen(CaseScreen):
    """``CaseDetailScreen(number)``. ``detail`` holds what is shown; ``reload()`` reads
    the case again (after an action, and whenever the screen comes back)."""

    CSS_PATH = "case_detail.tcss"
    BINDINGS: ClassVar = [
        NEXT_SECTION.binding(),
        PREVIOUS_SECTION.binding(),
        CASE_CONTINUE.binding(),
        REPRINT.binding(),
        *(action.binding() for action in CASE_ACTIONS),
        CASE_SUPERVISE.binding(),
        CASE_KEY_PROJECT.binding(),
    ]

    REFRESH_SECONDS: ClassVar[float] = REFRESH_SECONDS

    def __init__(self, number: str, section: str = "timeline") -> None:
        super().__init__(number)
        self.detail: CaseDetail | None = None
        self.first_section = section
        self._filled_width = 0  # the width the sections' columns were last fitted to

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="detail-head")
        # The sections' names on a line, the shown one marked, over a switcher of their
        # tables: Textual's TabbedContent (tabs, an animated underline, a pane each) was
        # about 28 of Enter's 69 ms of CPU on a case (issue 17).
        yield Static("", id="detail-tabs")
        with ContentSwitcher(id="detail-sections", initial=f"{self.first_section}-table"):
            for section in SECTIONS:
                yield row_table(f"{section}-table")
        yield Static("", id="detail-line")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Case detail")
        self._show_tabs()
        self.focus_section()
        # A change made at another workstation (the chief's approval) shows within the
        # queue's interval (issue 21 item 3); reload refills only what changed.
        self.set_interval(self.REFRESH_SECONDS, self._refresh_if_shown, name="detail-refresh")

    def _refresh_if_shown(self) -> None:
        if self.is_current:
            self.reload()

    def on_screen_resume(self) -> None:
        # Also the first show, just after the mount: the case is read here only, once.
        self.reload()

    def on_resize(self) -> None:
        # The first show's Resize comes after the fill, at the width it was filled for.
        if self.detail is not None and self.size.width != self._filled_width:
            self._fill(self.detail)

    # --- reading ----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the case again and show it; the sections keep their highlighted rows."""
        detail = self.call(
            case_detail, self.number, self.counter_app.today(), now=self.counter_app.now()
        )
        if detail is REFUSED or detail == self.detail:
            return  # refused, or back from a screen that changed nothing of the case
        self.detail = detail
        self._fill(detail)
        self.refresh_bindings()  # the footer shows what the case allows now

    def _fill(self, detail: CaseDetail) -> None:
        self._filled_width = self.size.width
        head = self.query_one("#detail-head", Static)
        text = case_head(detail, self.size.width - head.styles.gutter.width)
        if detail.pad_waiting:  # that it waits, never the choice (docs/rules.md §11)
            text.append("\n")
            text.append(_("The rating pad is waiting for the applicant"), style="bold")
        if CaseCommand.FOLLOW_UP in detail.commands:  # a 差评 to follow up (rules.md §11)
            app = self.counter_app
            text.append("\n")
            hint = _("差评 to follow up: {close} closes it; {screen}: the contact, the appeal")
            text.append(
                hint.format(
                    close=key_display(app.keys_for(CASE_FOLLOW_UP)[0]),
                    screen=key_display(app.keys_for(FOLLOW_UPS)[0]),
                )
            )
        head.update(text)
        cursors = {section: self.table(section).cursor_row for section in SECTIONS}
        self._fill_checklist(detail.checklist)
        self._fill_documents(detail)
        self._fill_timeline(detail.timeline)
        for section, row in cursors.items():
            table = self.table(section)
            if table.row_count:
                last = table.row_count - 1
                table.move_cursor(row=min(row, last) if row > 0 else 0, animate=False)
        if self.detail is detail and cursors["timeline"] <= 0:
            # First look: the latest event is the one a clerk wants.
            timeline = self.table("timeline")
            timeline.move_cursor(row=max(0, timeline.row_count - 1), animate=False)
        self._describe_row()

    def table(self, section: str) -> DataTable[Text]:
        return self.query_one(f"#{section}-table", DataTable)

    @property
    def section(self) -> str:
        shown = self.query_one("#detail-sections", ContentSwitcher).current
        return shown.removesuffix("-table") if shown else SECTIONS[-1]

    def _show_tabs(self) -> None:
        """The sections' names, the shown one in reverse; a click on one shows it."""
        line = Text()
        for section in SECTIONS:
            click = Style(meta={"@click": f"screen.show_section({section!r})"})
            if section == self.section:
                click += Style(reverse=True, bold=True)
            line.append(f" {_(SECTION_TITLES[section])} ", click)
            line.append(" ")
        self.query_one("#detail-tabs", Static).update(line)

    # --- the header -------------------------------------------------------------------

    # --- the sections -----------------------------------------------------------------

    def _fill_checklist(self, lines: tuple[ChecklistLine, ...]) -> None:
        headers = {
            "no": _("No."),
            "status": _("Status"),
            "form": _("Form"),
            "name": _("Material"),
        }
        rows = [
            {
                "no": str(line.position),
                "status": _(STATUS_LABELS[line.status]),
                "form": form_text(line),
                "name": line.name,
            }
            for line in lines
        ]
        styles = [{"status": STATUS_STYLES.get(line.status, "")} for line in lines]
        keys = [str(line.material_id) for line in lines]
        fill_table(
            self.table("checklist"), headers, rows, keys, flexible_last, self.size.width, styles
        )

    def _fill_documents(self, detail: CaseDetail) -> None:
        headers = {"issued": _("Issued"), "number": _("Document no."), "kind": _("Document")}
        rows = [
            {
                "issued": local_time(document.issued_at),
                "number": document.number,
                "kind": _(DOCUMENT_TITLES[document.kind]),
            }
            for document in detail.documents
        ]
        keys = [document.number for document in detail.documents]
        fill_table(self.table("documents"), headers, rows, keys, flexible_last, self.size.width)

    def _fill_timeline(self, entries: tuple[TimelineEntry, ...]) -> None:
        headers = {"at": _("Time"), "who": _("By"), "what": _("Event"), "details": _("Particulars")}
        rows = [
            {
                "at": local_time(entry.at),
                "who": entry.staff or "—",
                "what": event_label(entry.kind),
                "details": event_details(entry.data),
            }
            for entry in entries
        ]
        keys = [str(number) for number in range(len(entries))]
        fill_table(self.table("timeline"), headers, rows, keys, flexible_last, self.size.width)

    def _describe_row(self) -> None:
        """The line under the sections: the highlighted row in full."""
        line = self.query_one("#detail-line", Static)
        detail = self.detail
        if detail is None:
            line.update("")
            return
        section = self.section
        row = self.table(section).cursor_row
        said = Text("")
        if section == "checklist" and 0 <= row < len(detail.checklist):
            said = checklist_line(detail.checklist[row])
        elif section == "documents" and 0 <= row < len(detail.documents):
            document = detail.documents[row]
            said = plain(f"{document.number} · {_(DOCUMENT_TITLES[document.kind])}")
        elif section == "timeline" and 0 <= row < len(detail.timeline):
            entry = detail.timeline[row]
            said = join([plain(event_label(entry.kind), "bold"), plain(event_details(entry.data))])
        line.update(said)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._describe_row()

    def action_show_section(self, section: str) -> None:
        if section not in SECTIONS:
            return
        self.query_one("#detail-sections", ContentSwitcher).current = f"{section}-table"
        self._show_tabs()
        self.focus_section()
        self._describe_row()

    # --- keys -------------------------------------------------------------------------

    def focus_section(self) -> None:
        self.table(self.section).focus()

    def _go(self, step: int) -> None:
        index = (SECTIONS.index(self.section) + step) % len(SECTIONS)
        self.action_show_section(SECTIONS[index])

    def action_next_section(self) -> None:
        self._go(1)

    def action_previous_section(self) -> None:
        self._go(-1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == CASE_CONTINUE.action:
            session = self.counter_app.session
            return (
                self.detail is not None
                and self.detail.state in CONTINUED_STATES
                and session is not None
                and session.role in INTAKE_ROLES
            )
        if action == CASE_SUPERVISE.action:
            session = self.counter_app.session
            return (
                self.detail is not None
                and self.detail.state.value in OPEN_CASE_STATES
                and session is not None
                and session.role in ISSUER_ROLES
            )
        if action == CASE_KEY_PROJECT.action:
            # A bundle's item moves with its bundle: its key is on the bundle's detail.
            return self.detail is not None and self.detail.bundle_case is None
        if action == REPRINT.action:
            return self.detail is not None and bool(self.detail.documents)
        if action == "case":
            return self.detail is not None and CaseCommand(parameters[0]) in self.detail.commands
        return super().check_action(action, parameters)

    def action_continue_case(self) -> None:
        """F9: the step where the case's work is (the applicant form, the checklist, the
        supplement check), over this detail."""
        self.counter_app.open_case(self.number)

    def action_supervise(self) -> None:
        """B: a supervision order on this case, to whoever holds it (the service checks
        the department, the holder and the case's state)."""
        title = _("Supervision order (督办): {case}").format(case=self.number)
        supervise(self, Target.case(self.number), title, self.reload)

    def action_key_project(self) -> None:
        """Z: link the case to an open key project, or take it off its project."""
        choose_key_project(self, self.number, self.reload)

    def action_case(self, command: str) -> None:
        """One of the case's actions (tui/case_actions.py): its box asks, then it is
        carried out; Esc in the box does nothing."""
        action = BY_COMMAND[CaseCommand(command)]

        def answered(answer: object) -> None:
            if answer is not None:
                self.carry_out(action, action.arguments(answer))

        if self.detail is not None:  # check_action offers no command without it
            self.app.push_screen(action.prompt(self.detail, self.counter_app.today()), answered)

    def carry_out(self, action: CaseAction, arguments: tuple[object, ...]) -> None:
        """The action's service; the clerk reads what happened, or why nothing did. A
        document it issues is shown to print."""
        app = self.counter_app
        result = self.call(action.service, self.number, *arguments, at=app.now())
        if result is REFUSED:
            return
        self.notify(action.said(arguments, result), markup=False)
        self.reload()
        if isinstance(result, IssuedDocument):
            app.show_documents(self.number, [result], back=True)

    def action_reprint(self) -> None:
        """The documents section's highlighted document (the latest, from elsewhere) in
        the preview, where P prints it; Esc comes back here."""
        detail = self.detail
        if detail is None or not detail.documents:
            return
        row = self.table("documents").cursor_row
        if self.section != "documents" or not 0 <= row < len(detail.documents):
            row = len(detail.documents) - 1
        self.counter_app.show_documents(self.number, detail.documents, index=row, reprint=True)
