"""Sign-in: staff code and PIN, keyboard only; the demo accounts in a demo database.

The first screen of every start (issue 10: cold start within 1.3× a bare Textual app):
its title and key lines are the program's own one-line bars (widgets/bars.py) rather
than Textual's Header and Footer, which cost close to a tenth of the bare app's start to
build, and the demo's DataTable is imported only for the demo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import Input, Static

from counter_tui.domain.errors import DomainError
from counter_tui.i18n import _, explain
from counter_tui.services.auth import StaffSession, sign_in
from counter_tui.tui.keys import FIELD_KEYS
from counter_tui.tui.screens.base import CounterScreen
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.fields import credential_field
from counter_tui.tui.widgets.text import plain
from counter_tui.tui.workers import forgets_its_worker

if TYPE_CHECKING:
    from textual.widgets import DataTable


class SignInScreen(CounterScreen):
    """Type the staff code, Enter, the PIN, Enter."""

    CSS_PATH = "sign_in.tcss"
    AUTO_FOCUS = "#code"
    BINDINGS: ClassVar = [key.binding() for key in FIELD_KEYS]
    # Each account's PIN works only in the demo database (docs/architecture.md §5).
    # The code and the PIN first: at 80 columns in English a long role would push the
    # PIN out of view.
    DEMO_COLUMNS: ClassVar = ("code", "pin", "name", "role", "department")

    def __init__(self) -> None:
        super().__init__()
        self._checking = False  # a PIN is being checked (in a worker thread)

    def compose(self) -> ComposeResult:
        # The screen itself lays the form out as a grid (sign_in.tcss): boxes of
        # containers made the start measurably slower (issue 10).
        yield TitleBar()
        yield Static(_("Staff sign-in"), id="sign-in-title", markup=False)
        yield Static(Text(_("Staff code")), classes="field-label")
        yield credential_field("code")
        yield Static(Text(_("PIN")), classes="field-label")
        yield credential_field("pin", password=True)
        yield Static("", id="sign-in-error", classes="error", markup=False)
        if self.counter_app.demo:
            from textual.widgets import DataTable

            self.add_class("-demo")
            yield Static(
                _("Demo: practice accounts (Enter on a row fills in its code)"),
                id="demo-caption",
                markup=False,
            )
            yield DataTable(id="demo-accounts", cursor_type="row", show_cursor=True)
        # Enter is the fields' own key, not a binding: it leads the keys that work here.
        yield KeyBar(("enter", _("Sign in")))

    def on_mount(self) -> None:
        self.sub_title = _("Sign in")
        if self.counter_app.demo:
            self._fill_demo_accounts()

    def _fill_demo_accounts(self) -> None:
        from textual.widgets import DataTable

        from counter_tui.services.demo.seed import demo_accounts
        from counter_tui.tui.labels import role_label

        table = self.query_one("#demo-accounts", DataTable)
        try:
            accounts = demo_accounts()
        except DomainError as error:
            self.query_one("#demo-caption", Static).update(plain(explain(error)))
            table.display = False
            return
        for key, label in zip(
            self.DEMO_COLUMNS,
            (_("Code"), _("PIN"), _("Name"), _("Role"), _("Department")),
            strict=True,
        ):
            table.add_column(Text(label), key=key)
        for account in accounts:
            table.add_row(
                plain(account.code),
                plain(account.pin),
                plain(account.name),
                plain(role_label(account.role)),
                plain(account.department),
                key=account.code,
            )
        if not accounts:
            table.display = False

    # --- keyboard flow -------------------------------------------------------------

    def show_error(self, message: str) -> None:
        self.query_one("#sign-in-error", Static).update(plain(message))

    @property
    def error_text(self) -> str:
        return str(self.query_one("#sign-in-error", Static).content)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        code = self.query_one("#code", Input)
        pin = self.query_one("#pin", Input)
        if not code.value.strip():
            self.show_error(_("Enter your staff code"))
            code.focus()
        elif event.input is code:
            self.show_error("")
            pin.focus()
        elif not pin.value:
            self.show_error(_("Enter your PIN"))
            pin.focus()
        else:
            self._submit(code, pin)

    def _submit(self, code: Input, pin: Input) -> None:
        if not self._checking:  # an Enter while the PIN is checked is not a second try
            self._checking = True
            self._check(code.value, pin.value)

    @work(thread=True, group="sign-in")
    @forgets_its_worker
    def _check(self, code: str, pin: str) -> None:
        """scrypt takes about 50 ms by design (docs/architecture.md §3.1): in a thread, so
        the screen keeps answering meanwhile."""
        try:
            outcome: StaffSession | str = sign_in(code, pin)
        except DomainError as error:
            outcome = explain(error)
        one_time = pin if isinstance(outcome, StaffSession) and outcome.must_change_pin else ""
        self.app.call_from_thread(self._checked, outcome, one_time)

    def _checked(self, outcome: StaffSession | str, one_time_pin: str = "") -> None:
        """The session when the code and PIN were right, else why not; a one-time PIN
        goes on to the screen where it is changed."""
        self._checking = False
        code = self.query_one("#code", Input)
        pin = self.query_one("#pin", Input)
        pin.value = ""
        if isinstance(outcome, str):
            self.show_error(outcome)
            pin.focus()
            return
        code.value = ""
        self.show_error("")
        self.counter_app.signed_in(outcome, one_time_pin)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """A demo account chosen from the list: its code goes into the form."""
        event.stop()
        if event.row_key.value is None:
            return
        self.query_one("#code", Input).value = event.row_key.value
        self.show_error("")
        self.query_one("#pin", Input).focus()
