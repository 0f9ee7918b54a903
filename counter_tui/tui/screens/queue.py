"""The queue (F5 / Ctrl+F): open cases with their lights, most urgent first.

The table has the focus: S switches the scope (mine, the window's, the department's for
the chief representative), L shows one light, T one state, / goes to the search field
(a case number, a name or an ID number). Enter opens the case's detail. In the scope of
the 一号窗口 (an approver's), K takes the highlighted referral and B sends it back to its
clerk with a note; the case is decided from its detail. The screen asks
the service again every few seconds while it is shown, and whenever it comes back, so
cases taken or changed at other workstations appear without a restart.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from counter_tui.domain.lifecycle import CaseState
from counter_tui.i18n import _, ngettext
from counter_tui.services.cases.queue import (
    FIRST_WINDOW,
    MINE,
    NO_CLOCK,
    QUEUE_STATES,
    SCOPE_LABELS,
    QueueLine,
    queue,
    queue_scopes,
)
from counter_tui.services.cases.referred import ReferralState
from counter_tui.services.first_window.referrals import (
    ReferralLine,
    send_back_case,
    take_case,
    waiting_referrals,
)
from counter_tui.tui.keys import (
    LEAVE_SEARCH,
    OPEN_DETAIL,
    QUEUE_ITEM,
    QUEUE_LIGHT,
    QUEUE_SCOPE,
    QUEUE_SEARCH,
    QUEUE_SEND_BACK,
    QUEUE_STATE,
    QUEUE_TAKE,
)
from counter_tui.tui.labels import LIGHT_WORDS, state_label
from counter_tui.tui.screens.base import REFRESH_SECONDS, REFUSED, CounterScreen
from counter_tui.tui.screens.prompts import NotePrompt
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.fields import MAX_QUERY, SEARCH_AFTER, TextField
from counter_tui.tui.widgets.tables import fill_case_table, row_table, share_widths
from counter_tui.tui.widgets.text import join, plain

# The light filter's steps: all, then each light, then the cases not started yet.
LIGHT_FILTERS: tuple[str | None, ...] = (None, "red", "yellow", "green", NO_CLOCK)
# The state filter's steps: all, then each state a queue holds, in lifecycle order.
STATE_FILTERS: tuple[CaseState | None, ...] = (
    None,
    *(state for state in CaseState if state in QUEUE_STATES),
)
CAPPED = {"state": 10, "owner": 8}
COLUMNS = ("light", "number", "item", "applicant", "state", "due", "legal", "remaining")


def column_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    return share_widths(natural, available, list(natural), CAPPED)


class QueueSearch(TextField):
    """The search field: ↓ goes down to the table, as Enter does."""

    BINDINGS: ClassVar = [LEAVE_SEARCH.binding()]


class QueueScreen(CounterScreen):
    CSS_PATH = "queue.tcss"
    AUTO_FOCUS = "#queue-table"
    CLOSES_ON_BACK: ClassVar[bool] = True
    BINDINGS: ClassVar = [
        OPEN_DETAIL.binding(),
        QUEUE_SCOPE.binding(),
        QUEUE_LIGHT.binding(),
        QUEUE_STATE.binding(),
        QUEUE_ITEM.binding(),
        QUEUE_SEARCH.binding(),
        QUEUE_TAKE.binding(),
        QUEUE_SEND_BACK.binding(),
    ]
    REFRESH_SECONDS: ClassVar[float] = REFRESH_SECONDS
    scope: str
    light_filter: str | None
    state_filter: CaseState | None
    item_filter: tuple[str, str] | None  # (code, name)

    def __init__(self) -> None:
        super().__init__()
        self._first_view()
        self.lines: list[QueueLine] = []
        self._shown: tuple[object, ...] | None = None  # what the table was filled from
        self._search_timer: Timer | None = None
        self._stale = False  # covered by another screen since the last look
        self._caption_shown: Text | None = None
        self.referred: dict[str, ReferralLine] = {}  # the 一号窗口's referrals, by case

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="queue-caption")
        yield QueueSearch(
            placeholder=_("/ Search: case number, applicant name or ID number"),
            max_length=MAX_QUERY,
            id="queue-search",
        )
        yield row_table("queue-table")
        yield Static("", id="queue-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Queue")
        self.reload()
        self.set_interval(self.REFRESH_SECONDS, self._refresh_if_shown, name="queue-refresh")

    def on_screen_suspend(self) -> None:
        self._stale = True

    def on_screen_resume(self) -> None:
        # Back from a case or the lock; the first resume comes right after on_mount.
        if self._stale:
            self._stale = False
            self.reload()

    def on_resize(self) -> None:
        # The same cases, laid out for the new width: no need to ask the service.
        self._show(self.highlighted)

    def start_again(self) -> None:
        """Opened again from elsewhere (the app keeps this screen for the session, F5):
        the clerk's own cases, no filter, no search, the table focused; the resume reads
        them (the table is filled again only if they changed)."""
        self._first_view()
        search = self.query_one("#queue-search", Input)
        if search.value:
            search.value = ""
        self.table.move_cursor(row=0, animate=False)
        self.table.focus()

    def _first_view(self) -> None:
        """The clerk's own cases, every light, state and item."""
        self.scope = MINE
        self.light_filter = self.state_filter = self.item_filter = None

    def _refresh_if_shown(self) -> None:
        """The timer's tick: only the screen on top asks (the lock or a detail may cover it)."""
        if self.is_current:
            self.reload()

    # --- reading ----------------------------------------------------------------------

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#queue-table", DataTable)

    @property
    def search_text(self) -> str:
        return self.query_one("#queue-search", Input).value

    def reload(self) -> None:
        """Ask the service again with the scope, filters and search shown; the table is
        refilled only when something changed, the highlighted case kept."""
        app = self.counter_app
        if app.session is None:
            return
        lines = self.call(
            queue,
            app.today(),
            scope=self.scope,
            states=None if self.state_filter is None else [self.state_filter],
            light=self.light_filter,
            item_code=self.item_filter[0] if self.item_filter else None,
            search=self.search_text,
            now=app.now(),
        )
        if lines is REFUSED:
            return
        # Read before the new lines replace the old: the cursor's row means a case of
        # the old list, and the refresh re-sorts (issue 21 item 2).
        keep = self.highlighted
        self.lines = lines
        self._read_referrals()
        self._caption()
        self._show(keep)

    def _show(self, keep: str | None) -> None:
        """Fill the table, unless it shows these lines at this width already; the cursor
        stays on case ``keep`` where it is still listed."""
        shown = (tuple(self.lines), self.scope, self.size.width)
        if shown != self._shown:
            self._shown = shown
            self._fill(keep)

    def _read_referrals(self) -> None:
        """In the 一号窗口's scope, which of its referrals wait to be taken."""
        found = self.call(waiting_referrals) if self.scope == FIRST_WINDOW else []
        lines = [] if found is REFUSED else found
        self.referred = {line.case_number: line for line in lines if line.case_number}

    def _waiting(self, number: str | None) -> bool:
        line = self.referred.get(number or "")
        return line is not None and line.state is ReferralState.WAITING

    def _caption(self) -> None:
        light = (
            _("all")
            if self.light_filter is None
            else _(LIGHT_WORDS[None if self.light_filter == NO_CLOCK else self.light_filter])
        )
        state = _("all") if self.state_filter is None else state_label(self.state_filter)
        parts: list[Text | str] = [
            plain(_(SCOPE_LABELS[self.scope]), "bold"),
            _("Light: {light}").format(light=light),
            _("State: {state}").format(state=state),
        ]
        if self.item_filter is not None:
            parts.append(plain(_("Item: {item}").format(item=self.item_filter[1])))
        count = len(self.lines)
        parts.append(ngettext("{count} case", "{count} cases", count).format(count=count))
        if self.scope == FIRST_WINDOW:
            waiting = sum(self._waiting(line.number) for line in self.lines)
            parts.append(plain(_("To take: {count}").format(count=waiting), "bold"))
        caption = join(parts)
        if caption != self._caption_shown:  # a periodic look usually finds it unchanged
            self._caption_shown = caption
            self.query_one("#queue-caption", Static).update(caption)

    def _fill(self, keep: str | None) -> None:
        table = self.table
        columns = COLUMNS if self.scope == MINE else (*COLUMNS, "owner")
        fill_case_table(table, self.lines, columns, column_widths, self.size.width)
        numbers = [line.number for line in self.lines]
        if keep in numbers:
            table.move_cursor(row=numbers.index(keep), animate=False)
        empty = self.query_one("#queue-empty", Static)
        empty.update(plain(_("No open case matches.") if not self.lines else ""))
        empty.display = not self.lines

    @property
    def highlighted(self) -> str | None:
        """The number of the case under the cursor."""
        row = self.table.cursor_row
        return self.lines[row].number if 0 <= row < len(self.lines) else None

    # --- keys -------------------------------------------------------------------------

    def action_scope(self) -> None:
        scopes = queue_scopes(self.counter_app.session)
        self.scope = scopes[(scopes.index(self.scope) + 1) % len(scopes)]
        self.reload()
        self.refresh_bindings()  # take and send back belong to the 一号窗口's scope

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in (QUEUE_TAKE.action, QUEUE_SEND_BACK.action):
            return self.scope == FIRST_WINDOW
        return super().check_action(action, parameters)

    def action_take(self) -> None:
        """一号窗口受理: the highlighted referral is the approver's to decide or send back."""
        number = self.highlighted
        if number is None:
            return
        if self.call(take_case, number, at=self.counter_app.now()) is not REFUSED:
            self.notify(
                _("Taken at the 一号窗口: {case}. Enter opens it to decide.").format(case=number),
                markup=False,
            )
            self.reload()

    def action_send_back(self) -> None:
        """The highlighted referral goes back to its clerk, with a note."""
        number = self.highlighted
        if number is None:
            return
        if self._waiting(number):  # before the note is typed: the service would refuse
            self.notify(_("Take the referral at the 一号窗口 first"), markup=False)
            return

        def answered(note: str | None) -> None:
            if note is None:
                return
            sent = self.call(send_back_case, number, note, at=self.counter_app.now())
            if sent is not REFUSED:
                self.notify(_("Sent back to the clerk: {case}").format(case=number), markup=False)
                self.reload()

        title = _("Send back from the 一号窗口: {case}").format(case=number)
        self.app.push_screen(NotePrompt(title, _("Note")), answered)

    def action_light(self) -> None:
        step = LIGHT_FILTERS.index(self.light_filter) + 1
        self.light_filter = LIGHT_FILTERS[step % len(LIGHT_FILTERS)]
        self.reload()

    def action_state(self) -> None:
        step = STATE_FILTERS.index(self.state_filter) + 1
        self.state_filter = STATE_FILTERS[step % len(STATE_FILTERS)]
        self.reload()

    def action_item(self) -> None:
        """Only the highlighted case's item; again, every item."""
        if self.item_filter is not None:
            self.item_filter = None
        else:
            row = self.table.cursor_row
            if not 0 <= row < len(self.lines):
                return
            line = self.lines[row]
            self.item_filter = (line.item_code, line.item_name)
        self.reload()

    def action_search(self) -> None:
        self.query_one("#queue-search", Input).focus()

    def action_open_detail(self) -> None:
        number = self.highlighted
        if number is not None:
            self.counter_app.open_detail(number)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_detail()

    def action_back(self) -> None:
        # Esc in the search field goes back to the table (the query stays); on the table
        # it closes the queue.
        if self.focused is self.query_one("#queue-search", Input):
            self.table.focus()
        else:
            super().action_back()

    # --- the search field -------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_AFTER, self.reload)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.reload()
        self.table.focus()

    def action_leave_search(self) -> None:
        self.table.focus()
