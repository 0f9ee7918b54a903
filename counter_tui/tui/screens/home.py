"""Home: who is at this window, and their open cases, most urgent first."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from counter_tui.domain.errors import DomainError
from counter_tui.i18n import _, explain
from counter_tui.services.auth import StaffSession
from counter_tui.services.casework import INTAKE_ROLES
from counter_tui.services.handover import pending_handovers_for
from counter_tui.services.home import HomeSummary, OpenCaseLine, home_summary
from counter_tui.tui.keys import HANDOVER, key_display
from counter_tui.tui.labels import LIGHT_STYLES, light_label, role_label, state_label
from counter_tui.tui.screens.base import CounterScreen
from counter_tui.tui.widgets.tables import fill_table
from counter_tui.tui.widgets.text import join, plain

COLUMNS = ("light", "number", "item", "applicant", "state", "due")
FLEXIBLE = ("item", "applicant")  # these share what the fixed columns leave
CAPPED = {"state": 12}  # fixed columns that are cut (with an ellipsis) beyond this
MIN_FLEX = 6  # cells; the flexible columns never get narrower than this
# Lines that are not case rows: header, three info lines, the table's header, footer.
CHROME_LINES = 6


def due_text(line: OpenCaseLine) -> str:
    """The due date, marked when it rests on a year without an official calendar."""
    if line.deadline is None:
        return "—"
    due = line.deadline.due
    if due.provisional:
        return _("{date} prov.").format(date=due.date.isoformat())
    return due.date.isoformat()


def light_of(line: OpenCaseLine) -> str | None:
    return None if line.deadline is None else str(line.deadline.light.value)


def column_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    """Fixed columns get their natural width; item and applicant share the rest, each
    at least MIN_FLEX and never more than it needs. Double-width text was measured in
    cells by the caller."""
    widths = {
        key: min(natural[key], CAPPED.get(key, natural[key]))
        for key in COLUMNS
        if key not in FLEXIBLE
    }
    rest = available - sum(widths.values())
    item_need, applicant_need = natural["item"], natural["applicant"]
    if item_need + applicant_need <= rest:
        widths["item"], widths["applicant"] = item_need, applicant_need
    else:
        item = max(MIN_FLEX, min(item_need, rest // 2))
        applicant = max(MIN_FLEX, min(applicant_need, rest - item))
        item = max(MIN_FLEX, min(item_need, rest - applicant))
        widths["item"], widths["applicant"] = item, applicant
    return widths


class HomeScreen(CounterScreen):
    CSS_PATH = "home.tcss"
    AUTO_FOCUS = "#cases"

    def __init__(self, session: StaffSession) -> None:
        super().__init__()
        self.session = session
        self.summary: HomeSummary | None = None
        self._laid_out_for = (0, 0)
        self._stale = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-info"):
            yield Static("", id="who", classes="line", markup=False)
            yield Static("", id="window", classes="line", markup=False)
            yield Static("", id="handover-waiting", classes="line", markup=False)
            yield Static("", id="cases-caption", classes="line", markup=False)
        yield DataTable(id="cases", cursor_type="row", cell_padding=0, zebra_stripes=True)
        yield Static("", id="no-cases", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Home")
        self.reload()

    def on_screen_suspend(self) -> None:
        self._stale = True

    def on_screen_resume(self) -> None:
        # Back from another screen or from the lock: show what is true now.
        if self._stale:
            self._stale = False
            self.reload()

    def on_resize(self, event: events.Resize) -> None:
        if self.summary is not None and tuple(event.size) != self._laid_out_for:
            self.reload()

    @property
    def rows_that_fit(self) -> int:
        waiting = 1 if self.query_one("#handover-waiting", Static).display else 0
        return max(1, self.size.height - CHROME_LINES - waiting)

    def reload(self) -> None:
        """Ask the service again: as many of the most urgent cases as the screen shows."""
        self._laid_out_for = (self.size.width, self.size.height)
        self._show_waiting_handovers()
        try:
            summary = home_summary(self.session, self.counter_app.today(), limit=self.rows_that_fit)
        except DomainError as error:
            # The database went away or refused: say so, keep the last good figures.
            self.notify(explain(error), severity="error", markup=False)
            return
        self.summary = summary
        self._fill_info(summary)
        self._fill_table(summary)

    # --- the lines above the table ---------------------------------------------------

    def _show_waiting_handovers(self) -> None:
        """A handover waiting for this clerk to take over, and the key that opens it."""
        notice = self.query_one("#handover-waiting", Static)
        waiting = []
        if self.session.role in INTAKE_ROLES:
            try:
                waiting = pending_handovers_for(self.session, self.counter_app.today())
            except DomainError as error:
                self.notify(explain(error), severity="error", markup=False)
        notice.display = bool(waiting)
        if waiting:
            first = waiting[0]
            key = key_display(self.counter_app.keys_for(HANDOVER)[0])
            text = _("{name} handed {count} cases over to you: press {key} to take them over")
            notice.update(
                plain(text.format(name=first.from_name, count=len(first.lines), key=key), "bold")
            )

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
            window = join(
                [
                    plain(_("A clerk: {name}").format(name=summary.clerk_a or "—")),
                    plain(_("B clerk: {name}").format(name=summary.clerk_b or "—")),
                    plain(_("On duty: {name}").format(name=summary.on_duty or "—"), "bold"),
                ]
            )
        self.query_one("#window", Static).update(window)

        shown = len(summary.open_cases)
        if summary.open_count > shown:
            caption = _("Open cases: {count} (the {shown} most urgent are shown)").format(
                count=summary.open_count, shown=shown
            )
        else:
            caption = _("Open cases: {count}").format(count=summary.open_count)
        self.query_one("#cases-caption", Static).update(plain(caption))

    # --- the table --------------------------------------------------------------------

    def _fill_table(self, summary: HomeSummary) -> None:
        table = self.query_one("#cases", DataTable)
        empty = self.query_one("#no-cases", Static)
        if not summary.open_cases:
            table.clear(columns=True)
            table.display = False
            empty.display = True
            empty.update(plain(_("No open cases: new applications you take will appear here.")))
            return
        table.display = True
        empty.display = False

        headers = {
            "light": _("Limit"),
            "number": _("Case no."),
            "item": _("Item"),
            "applicant": _("Applicant"),
            "state": _("State"),
            "due": _("Due"),
        }
        rows = [
            {
                "light": light_label(light_of(line)),
                "number": line.number,
                "item": line.item_name,
                "applicant": line.applicant,
                "state": state_label(line.state),
                "due": due_text(line),
            }
            for line in summary.open_cases
        ]
        fill_table(
            table,
            headers,
            rows,
            keys=[line.number for line in summary.open_cases],
            widths_for=column_widths,
            width=self.size.width,
            styles=[{"light": LIGHT_STYLES[light_of(line)]} for line in summary.open_cases],
        )
