"""Home: who is at this window, and their open cases, most urgent first."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.supervision import ISSUER_ROLES, OrderState
from counter_tui.i18n import _, explain
from counter_tui.services.auth import INTAKE_ROLES, StaffSession
from counter_tui.services.cases.home import HomeSummary, home_mark, home_summary
from counter_tui.services.cases.rating_requests import pad_waiting
from counter_tui.services.cases.referred import ReferralState
from counter_tui.services.handover.handover import my_declined_handover, pending_handovers_for
from counter_tui.services.handover.staffing import take_back_duty
from counter_tui.services.tickets.calling import call_next, recall, recall_skipped
from counter_tui.services.tickets.reading import WindowCalling, passed_over, window_calling
from counter_tui.services.tickets.serving import skip, transfer
from counter_tui.tui.counter import Refused, Result
from counter_tui.tui.keys import (
    APPROVALS,
    CALL_NEXT,
    COMMANDS,
    CONSULT,
    FOLLOW_UPS,
    GLOBAL,
    HANDOVER,
    INTAKE,
    QUEUE,
    TAKE_BACK_DUTY,
    TICKET_MENU,
    key_display,
)
from counter_tui.tui.labels import LIGHT_STYLES, light_label, role_label
from counter_tui.tui.screens.base import REFUSED, CounterScreen
from counter_tui.tui.screens.prompts import PassedOverPrompt, TicketMenu, WindowPrompt
from counter_tui.tui.ticket_text import (
    RECALL,
    RECALL_SKIPPED,
    SKIP,
    TRANSFER,
    calling_line,
    ticket_words,
)
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.tables import (
    fill_case_table,
    fill_table,
    row_table,
    share_widths,
)
from counter_tui.tui.widgets.text import join, plain

COLUMNS = ("light", "number", "item", "applicant", "state", "due", "legal")
CAPPED = {"state": 12}  # fixed columns that are cut (with an ellipsis) beyond this
# Lines that are not case rows: header, three info lines, the table's header, the line
# of further keys, footer.
CHROME_LINES = 7
# The administrator's list of what is missing or wrong shows this many (then "and N more").
PROBLEMS_SHOWN = 5
# Open questions shown above the cases, due first (the caption says how many there are).
QUESTIONS_SHOWN = 3
QUESTION_COLUMNS = ("light", "due", "question", "visitor")
# Supervision orders (督办, rules.md §22) shown above the cases: those the person answers,
# then those they issued that wait for them to close them.
ORDERS_SHOWN = 3
# A comprehensive window's open bundle cases shown above the cases (docs/rules.md §21).
BUNDLES_SHOWN = 5


T = TypeVar("T")


def column_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    """Item and applicant share what the other columns leave (see ``share_widths``)."""
    return share_widths(natural, available, COLUMNS, CAPPED)


def bundle_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    """The bundle's name takes what the light, number, count and applicant (at most 16
    cells) leave."""
    widths = {key: natural[key] for key in ("light", "number", "decided")}
    widths["applicant"] = min(natural["applicant"], 16)
    widths["bundle"] = max(8, available - sum(widths.values()))
    return widths


def order_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    """What the order is on takes what the light, the number and the reply-by day leave."""
    widths = {key: natural[key] for key in ("light", "number", "reply_by")}
    widths["on"] = max(8, available - sum(widths.values()))
    return widths


def question_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    """The question takes what the light, the due time and the visitor (at most 20
    cells) leave."""
    widths = {key: natural[key] for key in ("light", "due")}
    widths["visitor"] = min(natural["visitor"], 20)
    widths["question"] = max(8, available - sum(widths.values()))
    return widths


class HomeScreen(CounterScreen):
    CSS_PATH = "home.tcss"
    AUTO_FOCUS = "#cases"
    BINDINGS: ClassVar = [TAKE_BACK_DUTY.binding(), CALL_NEXT.binding(), TICKET_MENU.binding()]

    def __init__(self, session: StaffSession) -> None:
        super().__init__()
        self.session = session
        self.summary: HomeSummary | None = None
        self._laid_out_for = (0, 0)
        self._stale = False
        self._read_at: object = None  # home_mark when last read; None: read again
        self._table_shows: tuple[object, ...] | None = None  # what the table was filled from
        self._problem_lines = 0  # the administrator's list of what to fix
        self._question_lines = 0  # the open questions: caption, header, rows
        self._order_lines = 0  # the supervision orders: the same
        self._bundle_lines = 0  # a comprehensive window's bundle cases: the same
        # The hall's tickets at this window (docs/rules.md §24): None where it calls none.
        self.calling: WindowCalling | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="home-info"):
            yield Static("", id="who", classes="line", markup=False)
            yield Static("", id="window", classes="line", markup=False)
            yield Static("", id="calling", classes="line", markup=False)
            yield Static("", id="handover-waiting", classes="line", markup=False)
            yield Static("", id="follow-ups-waiting", classes="line", markup=False)
            yield Static("", id="cases-caption", classes="line", markup=False)
            yield Static("", id="problems", markup=False)
        yield Static("", id="orders-caption", classes="line", markup=False)
        yield row_table("orders")
        yield Static("", id="questions-caption", classes="line", markup=False)
        yield row_table("questions")
        yield Static("", id="bundles-caption", classes="line", markup=False)
        yield row_table("bundles")
        yield row_table("cases")
        yield Static("", id="no-cases", markup=False)
        yield Static("", id="more-keys", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Home")
        self.reload()

    def on_screen_suspend(self) -> None:
        self._stale = True

    def on_screen_resume(self) -> None:
        # Back from another screen or from the lock: show what is true now. Where the
        # database and the minute are those of the last reading (home_mark), it is still
        # true: most returns home change nothing, and reading was most of an Esc (issue 17).
        if self._stale:
            self._stale = False
            if self._read_at is None or self._mark() != self._read_at:
                self.reload()

    def on_resize(self, event: events.Resize) -> None:
        if self.summary is not None and tuple(event.size) != self._laid_out_for:
            self.reload()

    @property
    def rows_that_fit(self) -> int:
        waiting = 1 if self.query_one("#handover-waiting", Static).display else 0
        calling = 1 if self.query_one("#calling", Static).display else 0
        follow_ups = 1 if self.query_one("#follow-ups-waiting", Static).display else 0
        chrome = (
            CHROME_LINES
            + waiting
            + follow_ups
            + calling
            + self._problem_lines
            + self._order_lines
            + self._question_lines
            + self._bundle_lines
        )
        return max(1, self.size.height - chrome)

    def reload(self) -> None:
        """Ask the service again: as many of the most urgent cases as the screen shows."""
        if self.counter_app.session is None:
            return  # signed out: the sign-in screen is on its way
        # Marked before reading: a commit while it reads moves the mark, and a refusal
        # (``call``) forgets it.
        self._read_at = self._mark()
        self._laid_out_for = (self.size.width, self.size.height)
        self._show_waiting_handovers()
        self._show_follow_ups()
        self._show_calling()
        self._show_problems()
        self._show_orders()
        self._show_questions()
        self._show_bundles()
        summary = self.call(
            home_summary,
            self.counter_app.today(),
            limit=self.rows_that_fit,
            now=self.counter_app.now(),
        )
        if summary is REFUSED:
            return  # the database went away or refused: keep the last good figures
        self.summary = summary
        self.refresh_bindings()  # the window's key depends on who is on duty
        self._fill_info(summary)
        self._fill_table(summary)
        self._show_more_keys()

    def _mark(self) -> object:
        if self.counter_app.session is None:
            return None  # signed out: nothing to compare
        found = self.call(home_mark, self.counter_app.now())
        return None if found is REFUSED else found

    def call(
        self, service: Callable[..., Result], *args: object, **kwargs: object
    ) -> Result | Refused:
        found = super().call(service, *args, **kwargs)
        if found is REFUSED:
            self._read_at = None  # what refused (a database away) may answer next time
        return found

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a case: its detail (the queue, F5, has them all); on a question: the
        question, to answer, refer, print or apply."""
        event.stop()
        if event.row_key.value is None:
            return
        if event.data_table.id == "questions":
            self.counter_app.open_question(int(event.row_key.value))
        elif event.data_table.id == "orders":
            self.counter_app.open_order(event.row_key.value)
        elif event.data_table.id == "bundles":
            self.counter_app.open_bundle_detail(event.row_key.value)
        else:
            self.counter_app.open_detail(event.row_key.value)

    def _show_more_keys(self) -> None:
        """The global keys the 80-column footer has no room for, where they work for this
        staff member (the help screen lists them all)."""
        app = self.counter_app
        shown = [
            f"{key_display(app.keys_for(action)[0])} {_(action.label)}"
            for action in GLOBAL
            if not action.show and action is not COMMANDS and app.check_action(action.action, ())
        ]
        line = self.query_one("#more-keys", Static)
        line.display = bool(shown)
        line.update(plain(_("More keys: {keys}").format(keys="  ".join(shown))))

    # --- the lines above the table ---------------------------------------------------

    def _show_waiting_handovers(self) -> None:
        """A handover waiting for this clerk to take over, and the key that opens it."""
        notice = self.query_one("#handover-waiting", Static)
        waiting = []
        if self.session.role in INTAKE_ROLES:
            found = self.call(pending_handovers_for, self.counter_app.today())
            waiting = [] if found is REFUSED else found
        key = key_display(self.counter_app.keys_for(HANDOVER)[0])
        if waiting:
            first = waiting[0]
            text = _("{name} handed {count} cases over to you: press {key} to take them over")
            if first.bundles:
                text = _(
                    "{name} handed {count} cases and {bundles} bundle cases over to you: "
                    "press {key} to take them over"
                )
            said = text.format(
                name=first.from_name, count=len(first.lines), bundles=len(first.bundles), key=key
            )
            notice.update(plain(said, "bold"))
            notice.display = True
            return
        # A handover the receiver declined reaches the one who gave it (issue 21 item 6).
        declined = None
        if self.session.role in INTAKE_ROLES:
            found = self.call(my_declined_handover)
            declined = None if found is REFUSED else found
        notice.display = declined is not None
        if declined is not None:
            text = _("{name} declined your handover: {reason} · {key}: hand over again")
            notice.update(
                plain(text.format(name=declined.to_name, reason=declined.reason, key=key), "bold")
            )

    # --- the hall's tickets (docs/rules.md §24) ------------------------------------------

    def _show_follow_ups(self) -> None:
        """The 差评 this clerk follows up, or the department's for a chief with the
        appeals waiting for their decision, and the key of their screen (rules.md §11)."""
        line = self.query_one("#follow-ups-waiting", Static)
        count = None
        if self.session.role in INTAKE_ROLES:
            # Imported here, as the approvals are: the sign-in screen needs none of it.
            from counter_tui.services.cases.follow_ups import count_follow_ups

            found = self.call(count_follow_ups)
            count = None if found is REFUSED else found
        line.display = bool(count and count.open)
        if count is None or not count.open:
            return
        key = key_display(self.counter_app.keys_for(FOLLOW_UPS)[0])
        if count.appeals:
            text = _("差评 to follow up: {count}; appeals waiting for you: {appeals} ({key})")
        else:
            text = _("差评 to follow up: {count} ({key})")
        line.update(plain(text.format(count=count.open, appeals=count.appeals, key=key)))

    def _show_calling(self) -> None:
        """The ticket called to this window now and how many wait for it, where the window
        calls a queue; and that the window's pad waits for the applicant (never the
        choice, docs/rules.md §11)."""
        calling, pad = None, False
        if self.session.role in INTAKE_ROLES and self.session.window_id is not None:
            found = self.call(window_calling, self.counter_app.today())
            calling = None if found is REFUSED else found
            pad = self.call(pad_waiting, self.counter_app.now()) is True
        self.calling = calling
        parts: list[Text | str] = []
        if calling is not None:
            call_key = key_display(self.counter_app.keys_for(CALL_NEXT)[0])
            menu_key = key_display(self.counter_app.keys_for(TICKET_MENU)[0])
            parts.append(calling_line(calling, call_key, menu_key))
        if pad:
            parts.append(plain(_("The rating pad is waiting for the applicant"), "bold"))
        line = self.query_one("#calling", Static)
        line.display = bool(parts)
        line.update(join(parts))
        self.refresh_bindings()

    def _after_ticket_move(self, said: str) -> None:
        self.notify(said, markup=False)
        self.reload()

    def action_call_next(self) -> None:
        """F9 / J: the next visitor to this window; the one before is served."""
        called = self.call(call_next, at=self.counter_app.now())
        if called is not REFUSED:
            text = _("{ticket} called to window {window}")
            self._after_ticket_move(text.format(ticket=ticket_words(called), window=called.window))

    def action_ticket_menu(self) -> None:
        """K: call again, pass over, call a passed-over ticket back, send on."""
        current = self.calling.current if self.calling else None
        self.app.push_screen(TicketMenu(current), self._ticket_move)

    def _ticket_move(self, move: str | None) -> None:
        current = self.calling.current if self.calling else None
        if move == RECALL_SKIPPED:
            self._choose_passed_over()
        elif current is None or move is None:
            return
        elif move == RECALL:
            if self.call(recall, current.id, at=self.counter_app.now()) is not REFUSED:
                said = _("{ticket} called again").format(ticket=ticket_words(current))
                self._after_ticket_move(said)
        elif move == SKIP:
            if self.call(skip, current.id, at=self.counter_app.now()) is not REFUSED:
                said = _("{ticket} passed over").format(ticket=ticket_words(current))
                self._after_ticket_move(said)
        elif move == TRANSFER:
            self.app.push_screen(WindowPrompt(current), self._send_on)

    def _send_on(self, number: int | None) -> None:
        current = self.calling.current if self.calling else None
        if number is None or current is None:
            return
        if self.call(transfer, current.id, number, at=self.counter_app.now()) is not REFUSED:
            said = _("{ticket} sent to window {window}").format(
                ticket=ticket_words(current), window=number
            )
            self._after_ticket_move(said)

    def _choose_passed_over(self) -> None:
        found = self.call(passed_over, self.counter_app.today())
        if found is REFUSED:
            return
        if not found:
            self.notify(_("No ticket was passed over today at your window"), markup=False)
            return
        self.app.push_screen(PassedOverPrompt(found), self._call_back)

    def _call_back(self, chosen: str | None) -> None:
        if chosen is None:
            return
        called = self.call(recall_skipped, int(chosen), at=self.counter_app.now())
        if called is not REFUSED:
            text = _("{ticket} called to window {window}")
            self._after_ticket_move(text.format(ticket=ticket_words(called), window=called.window))

    def _show_problems(self) -> None:
        """The administrator's: what is missing or wrong in the centre. Nobody else's home
        asks (a clerk's stays as quick as it was)."""
        box = self.query_one("#problems", Static)
        box.display = self.session.role == "admin"
        if not box.display:
            return
        # Imported here: only the administrator's home needs the centre's administration.
        from counter_tui.services.centre.problems import centre_problems

        found = self.call(centre_problems)
        if found is REFUSED:
            return
        if not found:
            self._problem_lines = 1
            box.update(plain(_("Nothing to fix in the centre.")))
            return
        lines = [_("To fix ({count}):").format(count=len(found))]
        lines += [f"· {explain(problem.message)}" for problem in found[:PROBLEMS_SHOWN]]
        if len(found) > PROBLEMS_SHOWN:
            lines.append(_("… and {count} more").format(count=len(found) - PROBLEMS_SHOWN))
        self._problem_lines = len(lines)
        box.update(Text("\n", end="").join(plain(line) for line in lines))

    def _show_questions(self) -> None:
        """The clerk's open questions, due first, each with its light (rules.md §18)."""
        caption = self.query_one("#questions-caption", Static)
        table = self.query_one("#questions", DataTable)
        found = []
        if self.session.role in INTAKE_ROLES:
            # Imported here: the consultations are not needed before a clerk's home.
            from counter_tui.services.consultations.desk import open_questions

            result = self.call(open_questions, self.counter_app.now())
            found = [] if result is REFUSED else result
        shown = self._show_above("questions", found, QUESTIONS_SHOWN)
        self._question_lines = 2 + len(shown) if found else 0
        if not found:
            return
        key = key_display(self.counter_app.keys_for(CONSULT)[0])
        text = _(
            "Open questions: {count} (Shift+Tab, Enter: answer, refer, print, apply; {key}: new)"
        )
        caption.update(plain(text.format(count=len(found), key=key)))
        headers = {
            "light": _("Light"),
            "due": _("Answer by"),
            "question": _("Question"),
            "visitor": _("Visitor"),
        }
        rows = [
            {
                "light": light_label(question.light.value),
                "due": question.line.due_at.strftime("%m-%d %H:%M")
                if question.line.due_at
                else "—",
                "question": question.line.question,
                "visitor": " ".join(p for p in (question.line.visitor, question.line.phone) if p),
            }
            for question in shown
        ]
        styles = [{"light": LIGHT_STYLES[question.light.value]} for question in shown]
        fill_table(
            table,
            headers,
            rows,
            keys=[str(question.line.id) for question in shown],
            widths_for=question_widths,
            width=self.size.width,
            styles=styles,
        )

    def _show_orders(self) -> None:
        """The supervision orders the person answers, most urgent first, each with its
        light; then, for whoever issues them, those answered that wait to be closed."""
        caption = self.query_one("#orders-caption", Static)
        table = self.query_one("#orders", DataTable)
        # Imported here: the supervision orders are not needed before home.
        from counter_tui.services.supervision.reading import my_orders, orders_issued_by

        now = self.counter_app.now()
        result = self.call(my_orders, now)
        found = [] if result is REFUSED else list(result)
        if self.session.role in ISSUER_ROLES:
            issued = self.call(orders_issued_by, now)
            if issued is not REFUSED:
                found += [line for line in issued if line.state is OrderState.ANSWERED]
        shown = self._show_above("orders", found, ORDERS_SHOWN)
        self._order_lines = 2 + len(shown) if found else 0
        if not found:
            return
        text = _("Supervision orders: {count} (Shift+Tab, Enter: open, reply, close)")
        caption.update(plain(text.format(count=len(found))))
        headers = {
            "light": _("Light"),
            "number": _("Order"),
            "on": _("On"),
            "reply_by": _("Reply by"),
        }
        rows, styles = [], []
        for line in shown:
            light = line.light.value if line.light else None
            rows.append(
                {
                    "light": light_label(light) if light else _("Answered"),
                    "number": line.number,
                    "on": f"{line.target_label} · {line.subject}",
                    "reply_by": line.reply_by.strftime("%m-%d"),
                }
            )
            styles.append({"light": LIGHT_STYLES[light]})
        keys = [line.number for line in shown]
        fill_table(table, headers, rows, keys, order_widths, self.size.width, styles)

    def _show_above(self, name: str, found: list[T], most: int) -> list[T]:
        """A short list over the cases (the questions, the bundle cases), with its caption,
        shown when it has a line: the first ``most`` of ``found``."""
        caption = self.query_one(f"#{name}-caption", Static)
        table = self.query_one(f"#{name}", DataTable)
        caption.display = table.display = bool(found)
        shown = found[:most]
        table.styles.height = 1 + len(shown)
        return shown

    def _show_bundles(self) -> None:
        """At a comprehensive window, the clerk's bundle cases not yet handed over, each
        with its light and how many of its cases are decided (rules.md §21)."""
        caption = self.query_one("#bundles-caption", Static)
        table = self.query_one("#bundles", DataTable)
        found = []
        if self.session.role in INTAKE_ROLES and self.session.window_id is not None:
            # Imported here: only a comprehensive window's home needs the bundles.
            from counter_tui.services.bundles.change import at_comprehensive_window
            from counter_tui.services.bundles.progress import open_bundle_cases

            if self.call(at_comprehensive_window) is True:
                result = self.call(open_bundle_cases, self.counter_app.today())
                found = [] if result is REFUSED else result
        shown = self._show_above("bundles", found, BUNDLES_SHOWN)
        self._bundle_lines = 2 + len(shown) if found else 0
        if not found:
            return
        caption.update(plain(_("Bundle cases: {count} (Enter: detail)").format(count=len(found))))
        headers = {
            "light": _("Light"),
            "number": _("Bundle case"),
            "bundle": _("Bundle"),
            "applicant": _("Applicant"),
            "decided": _("Decided"),
        }
        rows, styles = [], []
        for view in shown:
            light = view.light.value if view.light else None
            decided = sum(not line.open for line in view.cases)
            rows.append(
                {
                    "light": (
                        light_label(light, view.key_project is not None)
                        if not view.complete
                        else "—"
                    ),
                    "number": view.number,
                    "bundle": view.bundle_name,
                    "applicant": view.applicant or "—",
                    "decided": f"{decided}/{len(view.cases)}",
                }
            )
            styles.append({"light": LIGHT_STYLES[light]})
        keys = [view.number for view in shown]
        fill_table(table, headers, rows, keys, bundle_widths, self.size.width, styles)

    def _fill_info(self, summary: HomeSummary) -> None:
        who: list[Text | str] = [
            plain(summary.staff_name, "bold"),
            role_label(summary.role),
            plain(summary.department),
        ]
        if summary.window_number is not None:
            who.append(_("Window {number}").format(number=summary.window_number))
            if summary.window_phone:
                who.append(plain(_("Tel. {phone}").format(phone=summary.window_phone)))
        self.query_one("#who", Static).update(join(who))

        if summary.window_number is None:
            window = plain(_("No window assigned"))
        else:
            parts = [
                plain(_("A clerk: {name}").format(name=summary.clerk_a or "—")),
                plain(_("B clerk: {name}").format(name=summary.clerk_b or "—")),
                plain(_("On duty: {name}").format(name=summary.on_duty or "—"), "bold"),
            ]
            if summary.on_duty_elsewhere and self.session.role in INTAKE_ROLES:
                key = key_display(self.counter_app.keys_for(TAKE_BACK_DUTY)[0])
                parts.append(plain(_("{key}: be on duty at this window").format(key=key), "bold"))
            window = join(parts)
        self.query_one("#window", Static).update(window)

        shown = len(summary.open_cases)
        if summary.open_count > shown:
            caption = _("Open cases: {count} (the {shown} most urgent are shown)").format(
                count=summary.open_count, shown=shown
            )
        else:
            caption = _("Open cases: {count}").format(count=summary.open_count)
        parts: list[Text | str] = [plain(caption)]
        if summary.drafts:  # left unfinished, also before a restart (issue 21 item 12)
            key = key_display(self.counter_app.keys_for(INTAKE)[0])
            parts.append(_("Drafts: {count} ({key})").format(count=summary.drafts, key=key))
        if approvals := self._approvals_waiting():  # issue 21 item 21
            key = key_display(self.counter_app.keys_for(APPROVALS)[0])
            text = _("Waiting for your approval: {count} ({key})")
            parts.append(text.format(count=approvals, key=key))
        if referred := self._referrals_waiting():
            key = key_display(self.counter_app.keys_for(QUEUE)[0])
            text = _("一号窗口: {count} ({key}, S)")
            parts.append(text.format(count=referred, key=key))
        self.query_one("#cases-caption", Static).update(join(parts))

    def _approvals_waiting(self) -> int:
        """How many decisions wait for this approver; 0 for everyone else."""
        if self.session.role not in APPROVER_ROLES:
            return 0
        # Imported here: the approvals read the calendar, which start-up does not need.
        from counter_tui.services.tracking.approvals import waiting_approvals

        waiting = self.call(waiting_approvals, self.counter_app.today())
        return 0 if waiting is REFUSED else len(waiting)

    def _referrals_waiting(self) -> int:
        """How many referrals wait to be taken at this approver's 一号窗口 (§20)."""
        if self.session.role not in APPROVER_ROLES:
            return 0
        # Imported here, as the approvals are: a clerk's home never needs it.
        from counter_tui.services.first_window.referrals import waiting_referrals

        found = self.call(waiting_referrals)
        return 0 if found is REFUSED else sum(r.state is ReferralState.WAITING for r in found)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in (CALL_NEXT.action, TICKET_MENU.action):
            return self.calling is not None
        if action == TAKE_BACK_DUTY.action:
            summary = self.summary
            return (
                summary is not None
                and summary.on_duty_elsewhere
                and self.session.role in INTAKE_ROLES
            )
        return super().check_action(action, parameters)

    def action_take_back_duty(self) -> None:
        """On duty at one's own window again (issue 21 item 20)."""
        if self.call(take_back_duty, at=self.counter_app.now()) is not REFUSED:
            self.notify(_("You are on duty at your window again."), markup=False)
            self.reload()

    # --- the table --------------------------------------------------------------------

    def _fill_table(self, summary: HomeSummary) -> None:
        table = self.query_one("#cases", DataTable)
        empty = self.query_one("#no-cases", Static)
        if not summary.open_cases:
            self._table_shows = None
            table.clear(columns=True)
            table.display = False
            bundles = self.query_one("#bundles", DataTable)
            orders = self.query_one("#orders", DataTable)
            empty.display = not bundles.display
            if bundles.display:
                bundles.focus()
            elif orders.display:  # a chief's home: Enter opens an order at once
                orders.focus()
            empty.update(plain(_("No open cases: new applications you take will appear here.")))
            return
        table.display = True
        empty.display = False
        shown = (tuple(summary.open_cases), self.size.width)
        if shown != self._table_shows:  # back from a screen that changed nothing
            self._table_shows = shown
            fill_case_table(table, summary.open_cases, COLUMNS, column_widths, self.size.width)
