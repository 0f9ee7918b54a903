"""A/B handover (F4, AB角交接).

The giver's side (``HandoverScreen``): every piece of the clerk's open work, gathered by
the service and grouped by kind with the counts; ``n`` puts a note on the highlighted
case, ``g`` the general note, ``r`` chooses another receiver than the window's other
clerk, F9 hands over. While the handover waits, the screen shows it: ``p`` the handover
sheet to preview and print, ``x`` takes it back.

The receiver's side (``TakeOverScreen``): the handover's cases and notes; F9 takes them
over (the sheet is shown to print), ``x`` declines with a reason.

``a`` marks an absence (请假 / 外出): one's own, or a clerk's for the chief
representative.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Label, OptionList, Static
from textual.widgets.option_list import Option

from counter_tui.documents.labels import fact, listing
from counter_tui.i18n import _
from counter_tui.services.bundles.progress import BundleCaseView
from counter_tui.services.handover.handover import (
    HandoverView,
    StaffChoice,
    absence_choices,
    cancel_handover,
    confirm_handover,
    decline_handover,
    gather_open_work,
    handover_candidates,
    handover_sheet,
    handover_view,
    my_pending_handover,
    start_handover,
)
from counter_tui.services.handover.open_work import WORK_LABELS, OpenWork, WorkKind, WorkLine
from counter_tui.services.handover.staffing import ABSENCE_LABELS, Absence, set_absence
from counter_tui.tui.keys import (
    ABSENCE,
    CANCEL_HANDOVER,
    CHOOSE_RECEIVER,
    DECLINE,
    GENERAL_NOTE,
    HANDOVER_NOTE,
    PRINT_SHEET,
    SUBMIT_HANDOVER,
    TAKE_OVER,
    KeyAction,
    key_display,
)
from counter_tui.tui.labels import LIGHT_STYLES, rating_label, state_label
from counter_tui.tui.printing import NOTICE_SECONDS
from counter_tui.tui.screens.base import REFUSED, CounterScreen
from counter_tui.tui.screens.prompts import NotePrompt, Prompt
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.choice import Choice
from counter_tui.tui.widgets.tables import fill_table, row_table
from counter_tui.tui.widgets.text import join, plain

MIN_FLEX = 6
FIXED = ("kind", "number", "due")
PRESENT = ""  # the absence Choice's value for “at work”


def due_text(line: WorkLine | None) -> str:
    if line is None or line.due is None:
        return "—"
    if line.provisional:
        return _("{date} prov.").format(date=line.due.isoformat())
    return line.due.isoformat()


def column_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    """Kind, number and due date as wide as they need; item, applicant and note share
    the rest, the note first."""
    widths = {key: natural[key] for key in FIXED}
    rest = available - sum(widths.values())
    note = max(MIN_FLEX, min(natural["note"], rest // 3))
    item = max(MIN_FLEX, min(natural["item"], (rest - note) // 2))
    applicant = max(MIN_FLEX, rest - note - item)
    widths.update(note=note, item=item, applicant=applicant)
    return widths


# A row of the table: (work, kind word, case number, item, applicant, note).
Row = tuple[WorkLine | None, str, str, str, str, str]


def _fill(
    table: DataTable[Text],
    rows: list[Row],
    width: int,
) -> None:
    """Rows of (work, kind word, case number, item, applicant, note)."""
    headers = {
        "kind": _("Work"),
        "number": _("Case no."),
        "item": _("Item"),
        "applicant": _("Applicant"),
        "due": _("Due"),
        "note": _("Note"),
    }
    fill_table(
        table,
        headers,
        [
            {
                "kind": kind,
                "number": number,
                "item": item,
                "applicant": applicant,
                "due": due_text(work),
                "note": note or "—",
            }
            for work, kind, number, item, applicant, note in rows
        ],
        [row[2] for row in rows],
        column_widths,
        width,
        [{"due": LIGHT_STYLES[work.light if work else None]} for work, *_rest in rows],
    )


def _kind_word(work: WorkLine | None, state: str) -> str:
    return _(WORK_LABELS[work.kind]) if work is not None else state_label(state)


def _person(name: str, code: str) -> str:
    return _("{name} ({code})").format(name=name, code=code)


class WorkScreen(CounterScreen):
    """What both sides share: three lines above a table of cases."""

    CSS_PATH = "handover.tcss"
    CLOSES_ON_BACK: ClassVar[bool] = True
    AUTO_FOCUS = "#work"

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []  # what the table shows

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="handover-info"):
            yield Static("", id="handover-who", classes="line", markup=False)
            yield Static("", id="handover-note", classes="line", markup=False)
            yield Static("", id="handover-caption", classes="line", markup=False)
        yield row_table("work")
        yield Static("", id="work-line", markup=False)
        yield KeyBar()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#work", DataTable)

    def fill(self, rows: list[Row]) -> None:
        self.rows = rows
        _fill(self.table, rows, self.size.width)
        self._describe_row()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._describe_row()

    def _describe_row(self) -> None:
        """The highlighted case's note in full under the table: the column cuts a long
        one (issue 21 item 7)."""
        row = self.table.cursor_row
        line = self.query_one("#work-line", Static)
        note = self.rows[row][5] if 0 <= row < len(self.rows) else ""
        line.display = bool(note)
        line.update(join([plain(self.rows[row][2], "bold"), plain(note)]) if note else "")

    def key(self, action: KeyAction) -> str:
        """The key that does ``action`` here, as the footer writes it."""
        return key_display(self.counter_app.keys_for(action)[0])

    def show(self, who: Text, note: Text, caption: Text) -> None:
        self.query_one("#handover-who", Static).update(who)
        self.query_one("#handover-note", Static).update(note)
        self.query_one("#handover-caption", Static).update(caption)

    def reload(self) -> None:
        raise NotImplementedError

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        self.reload()

    def show_sheet(self, handover_id: int) -> None:
        app = self.counter_app
        sheet = self.call(handover_sheet, handover_id, app.today())
        if sheet is not REFUSED:
            # Esc comes back here: the receiver still has to take over (issue 21 item 5).
            app.show_documents(_("Handover sheet"), [sheet], back=True)

    def action_absence(self) -> None:
        app = self.counter_app
        staff = self.call(absence_choices)
        if staff is REFUSED or not staff:
            return

        def done(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            code, absence = answer
            if self.call(set_absence, code, absence or None, at=app.now()) is not REFUSED:
                self.notify(_("Absence recorded."), markup=False)
                app.refresh_home()
                self.reload()

        self.app.push_screen(AbsencePrompt(staff), done)


class HandoverScreen(WorkScreen):
    """The giver's side: prepare, hand over, and watch it wait."""

    BINDINGS: ClassVar = [
        HANDOVER_NOTE.binding(),
        GENERAL_NOTE.binding(),
        CHOOSE_RECEIVER.binding(),
        ABSENCE.binding(),
        SUBMIT_HANDOVER.binding(),
        PRINT_SHEET.binding(),
        CANCEL_HANDOVER.binding(),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.work: OpenWork | None = None
        self.pending: HandoverView | None = None
        self.receiver: StaffChoice | None = None
        self.candidates: list[StaffChoice] = []
        self.notes: dict[str, str] = {}
        self.general = ""

    def on_mount(self) -> None:
        self.sub_title = _("Handover")
        super().on_mount()

    def reload(self) -> None:
        today = self.counter_app.today()
        pending = self.call(my_pending_handover, today)
        if pending is REFUSED:
            return
        self.pending = pending
        if pending is None:
            work, candidates = self.call(gather_open_work, today), self.call(handover_candidates)
            if work is REFUSED or candidates is REFUSED:
                return
            self.work, self.candidates = work, candidates
        if self.pending is not None:
            self._show_pending(self.pending)
        else:
            self._show_work()
        self.refresh_bindings()

    def _show_work(self) -> None:
        work = self.work
        assert work is not None
        if self.receiver is None or self.receiver.code not in {c.code for c in self.candidates}:
            self.receiver = next((c for c in self.candidates if c.default), None)
        if self.receiver is None:
            who = plain(
                _("Receiver: none chosen yet — press {key} to choose").format(
                    key=self.key(CHOOSE_RECEIVER)
                )
            )
        else:
            person = _person(self.receiver.name, self.receiver.code)
            parts = [plain(_("Receiver: {person}").format(person=person), "bold")]
            if self.receiver.default:
                parts.append(_("the window's other clerk"))
            who = join(parts)
        note = plain(
            _("General note: {note}").format(note=self.general)
            if self.general
            else _("General note: none — press {key} to write one").format(
                key=self.key(GENERAL_NOTE)
            )
        )
        counts = [
            _("{kind} {count}").format(kind=_(WORK_LABELS[kind]), count=len(lines))
            for kind, lines in work.groups()
        ]
        head = _("Open work: {count} cases").format(count=len(work.lines))
        head = _with_bundles(head, work.bundles)
        caption = plain(fact(head, " · ".join(counts)) if counts else head, "bold")
        self.show(who, note, caption)
        rows = [
            (
                line,
                _(WORK_LABELS[line.kind]),
                line.case_number,
                line.item_name,
                f"{line.applicant} {line.applicant_id}".strip(),
                self.notes.get(line.case_number, ""),
            )
            for _kind, lines in work.groups()
            for line in lines
        ]
        self.fill(rows + _bundle_rows(work.bundles))

    def _show_pending(self, view: HandoverView) -> None:
        person = _person(view.to_name, view.to_code)
        who, note = _heading(view, _("Waiting for {person} to take over").format(person=person))
        listed = _with_bundles(
            _("{count} cases listed").format(count=len(view.lines)), view.bundles
        )
        caption = plain(
            _("{listed} · {sheet}: the handover sheet · {back}: take it back").format(
                listed=listed, sheet=self.key(PRINT_SHEET), back=self.key(CANCEL_HANDOVER)
            )
        )
        self.show(who, note, caption)
        self.fill(_view_rows(view))

    # --- keys ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        preparing = (
            HANDOVER_NOTE.action,
            GENERAL_NOTE.action,
            CHOOSE_RECEIVER.action,
            SUBMIT_HANDOVER.action,
        )
        if action in preparing:
            if self.pending is not None:
                return False
            if action == HANDOVER_NOTE.action:
                return self.highlighted is not None
            return True
        if action in (PRINT_SHEET.action, CANCEL_HANDOVER.action):
            return self.pending is not None
        return super().check_action(action, parameters)

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    @property
    def highlighted(self) -> str | None:
        """The highlighted case's number; None on a bundle case, which takes no note."""
        row = self.table.cursor_row
        if self.work is None or not 0 <= row < len(self.rows) or self.rows[row][0] is None:
            return None
        return self.rows[row][2]

    def action_case_note(self) -> None:
        number = self.highlighted
        if number is None:
            return

        def done(note: str | None) -> None:
            if note is None:
                return
            if note:
                self.notes[number] = note
            else:
                self.notes.pop(number, None)
            row = self.table.cursor_row
            self._show_work()
            self.table.move_cursor(row=row)

        title = _("Note on {case}").format(case=number)
        prompt = NotePrompt(title, _("Note"), required=False, value=self.notes.get(number, ""))
        self.app.push_screen(prompt, done)

    def action_general_note(self) -> None:
        def done(note: str | None) -> None:
            if note is not None:
                self.general = note
                self._show_work()

        prompt = NotePrompt(
            _("General note on the handover"), _("Note"), required=False, value=self.general
        )
        self.app.push_screen(prompt, done)

    def action_choose_receiver(self) -> None:
        def done(code: str | None) -> None:
            if code is not None:
                self.receiver = next(c for c in self.candidates if c.code == code)
                self._show_work()

        self.app.push_screen(ReceiverPrompt(self.candidates), done)

    def action_submit_handover(self) -> None:
        if self.work is None:
            return
        app = self.counter_app
        receiver = self.receiver.code if self.receiver is not None else None
        started = self.call(start_handover, receiver, self.notes, self.general, at=app.now())
        if started is REFUSED:
            return
        self.notes, self.general = {}, ""
        self.reload()
        name = self.pending.to_name if self.pending else ""
        self.notify(
            _("Handed over: waiting for {name} to take over.").format(name=name), markup=False
        )

    def action_print_sheet(self) -> None:
        if self.pending is not None:
            self.show_sheet(self.pending.id)

    def action_cancel_handover(self) -> None:
        if self.pending is None:
            return
        app = self.counter_app
        handover_id = self.pending.id
        if self.call(cancel_handover, handover_id, at=app.now()) is not REFUSED:
            self.notify(_("The handover was taken back."), markup=False)
        self.reload()


def _heading(
    view: HandoverView, headline: str, extra: list[str] | None = None
) -> tuple[Text, Text]:
    """A waiting handover's first two lines: who and when; the general note."""
    prepared = _("prepared {time}").format(time=view.created_at.strftime("%Y-%m-%d %H:%M"))
    who = join([plain(headline, "bold"), *(extra or []), prepared])
    return who, plain(_("General note: {note}").format(note=view.note or "—"))


def _bundle_rows(bundles: tuple[BundleCaseView, ...]) -> list[Row]:
    """The bundle cases that go with the handover, after the cases: no note of their own
    (the general note speaks for them). One with a step's 差评 still followed up is
    marked as a case's is (回访), with the level (docs/rules.md §21.1)."""
    rows: list[Row] = []
    for view in bundles:
        decided = _("{decided} of {count} decided").format(
            decided=sum(not line.open for line in view.cases), count=len(view.cases)
        )
        kind = _("Bundle")
        if view.follow_up is not None:  # once handed over, only the 差评 is left
            kind = _(WORK_LABELS[WorkKind.FOLLOW_UP])
            level = rating_label(view.follow_up)
            decided = level if view.delivered_on else f"{level} · {decided}"
        rows.append((None, kind, view.number, view.bundle_name, view.applicant, decided))
    return rows


def _with_bundles(caption: str, bundles: tuple[BundleCaseView, ...]) -> str:
    if not bundles:
        return caption
    return caption + " · " + _("bundle cases {count}").format(count=len(bundles))


def _view_rows(view: HandoverView) -> list[Row]:
    return [
        (
            line.work,
            _kind_word(line.work, line.state),
            line.case_number,
            line.item_name,
            f"{line.applicant} {line.applicant_id}".strip(),
            line.note,
        )
        for line in view.lines
    ] + _bundle_rows(view.bundles)


class TakeOverScreen(WorkScreen):
    """The receiver's side: review the handover, take it over or decline it."""

    BINDINGS: ClassVar = [TAKE_OVER.binding(), DECLINE.binding(), PRINT_SHEET.binding()]

    def __init__(self, handover_id: int) -> None:
        super().__init__()
        self.handover_id = handover_id
        self.view: HandoverView | None = None

    def on_mount(self) -> None:
        self.sub_title = _("Take over")
        super().on_mount()

    def reload(self) -> None:
        view = self.call(handover_view, self.handover_id, self.counter_app.today())
        if view is REFUSED:
            return
        self.view = view
        person = _person(view.from_name, view.from_code)
        window = [_("Window {number}").format(number=view.window_number)]
        who, note = _heading(
            view,
            _("{person} hands over to you").format(person=person),
            window if view.window_number else [],
        )
        open_count = sum(1 for line in view.lines if line.work is not None)
        listed = _with_bundles(
            _("{count} cases to take over").format(count=open_count), view.bundles
        )
        caption = plain(
            _("{listed} · {take}: take over · {decline}: decline").format(
                listed=listed, take=self.key(TAKE_OVER), decline=self.key(DECLINE)
            ),
            "bold",
        )
        self.show(who, note, caption)
        self.fill(_view_rows(view))

    def action_take_over(self) -> None:
        app = self.counter_app
        result = self.call(confirm_handover, self.handover_id, at=app.now())
        if result is REFUSED:
            return
        message = _("Taken over: {count} cases are now yours.").format(
            count=len(result.moved) + len(result.added)
        )
        if result.bundles:
            message += " " + _("You follow the bundle cases {numbers} from now on.").format(
                numbers=listing(result.bundles)
            )
        if result.added:
            message += " " + _("Added (taken in after the handover was prepared): {cases}").format(
                cases=listing(result.added)
            )
        if result.skipped:
            message += " " + _("Not taken over (no longer open): {cases}").format(
                cases=listing(s.case_number for s in result.skipped)
            )
        self.notify(message, markup=False, timeout=NOTICE_SECONDS)
        app.refresh_home()
        app.show_documents(_("Handover sheet"), [result.sheet], replace=True)

    def action_decline(self) -> None:
        app = self.counter_app
        view = self.view

        def done(reason: str | None) -> None:
            if reason is None:
                return
            if self.call(decline_handover, self.handover_id, reason, at=app.now()) is REFUSED:
                return
            self.notify(_("Handover declined: nothing moved."), markup=False)
            app.refresh_home()
            self.dismiss()

        name = view.from_name if view else ""
        self.app.push_screen(
            NotePrompt(_("Decline the handover from {name}").format(name=name), _("Reason")), done
        )

    def action_print_sheet(self) -> None:
        self.show_sheet(self.handover_id)


# ── prompts ─────────────────────────────────────────────────────────────────


class ReceiverPrompt(Prompt[str | None]):
    """Who takes over: ↑/↓ and Enter; someone absent is shown as such."""

    def __init__(self, candidates: list[StaffChoice]) -> None:
        super().__init__(_("Who takes over?"))
        self.candidates = candidates

    def fields(self) -> ComposeResult:
        options = []
        for choice in self.candidates:
            words = [_person(choice.name, choice.code)]
            if choice.default:
                words.append(_("the window's other clerk"))
            if choice.absence is not None:
                words.append(_(ABSENCE_LABELS[choice.absence]))
            options.append(Option(plain(" · ".join(words)), id=choice.code))
        yield OptionList(*options, id="receivers")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


class AbsencePrompt(Prompt[tuple[str, str] | None]):
    """Whose absence (a chief may choose a clerk) and which: at work, 请假 or 外出."""

    def __init__(self, staff: list[StaffChoice]) -> None:
        super().__init__(_("Absence (请假 / 外出)"))
        self.staff = staff

    def fields(self) -> ComposeResult:
        people = [(c.code, _person(c.name, c.code)) for c in self.staff]
        yield Horizontal(Label(plain(_("Staff"))), Choice(people, id="absence-staff"))
        yield Horizontal(
            Label(plain(_("Status"))),
            Choice(self._statuses(), self._current(self.staff[0].code), id="absence-status"),
        )
        yield Static(_("←/→: change · Enter: next"), classes="prompt-hint", markup=False)

    @staticmethod
    def _statuses() -> list[tuple[str, str]]:
        return [(PRESENT, _("at work"))] + [
            (absence.value, _(ABSENCE_LABELS[absence])) for absence in Absence
        ]

    def _current(self, code: str) -> str:
        absence = next(c.absence for c in self.staff if c.code == code)
        return absence.value if absence is not None else PRESENT

    def on_mount(self) -> None:
        staff = self.query_one("#absence-staff", Choice)
        # A clerk marks only themself: straight to the status.
        staff.display = len(self.staff) > 1
        staff.parent.display = len(self.staff) > 1
        self.query_one("#absence-status" if len(self.staff) == 1 else "#absence-staff").focus()

    def on_choice_changed(self, event: Choice.Changed) -> None:
        if event.choice.id == "absence-staff":
            self.query_one("#absence-status", Choice).set(self._current(event.value))

    def field_done(self, widget: Widget) -> None:
        if widget.id == "absence-staff":
            self.query_one("#absence-status", Choice).focus()
            return
        staff = self.query_one("#absence-staff", Choice).value
        self.dismiss((staff, self.query_one("#absence-status", Choice).value))
