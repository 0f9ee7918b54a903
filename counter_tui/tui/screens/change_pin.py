"""The first sign-in with a one-time PIN: the person chooses their own, typed twice, before
anything else opens (docs/architecture.md §3.1). Keyboard only; Ctrl+O signs out instead."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from counter_tui.domain.errors import DomainError
from counter_tui.i18n import _, explain
from counter_tui.services.auth import StaffSession, change_pin
from counter_tui.tui.keys import FIELD_KEYS, SIGN_OUT, keys_text
from counter_tui.tui.screens.base import CounterScreen
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.fields import credential_field
from counter_tui.tui.widgets.text import plain
from counter_tui.tui.workers import forgets_its_worker


class ChangePinScreen(CounterScreen):
    """New PIN, Enter, the same again, Enter: the home screen follows."""

    CSS_PATH = "change_pin.tcss"
    AUTO_FOCUS = "#new-pin"
    BINDINGS: ClassVar = [key.binding() for key in FIELD_KEYS]

    def __init__(self, session: StaffSession, one_time_pin: str) -> None:
        super().__init__()
        self.session = session
        self._one_time_pin = one_time_pin  # the PIN just signed in with: change_pin checks it
        self._saving = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="change-pin-box"):
            yield Static(_("Choose your own PIN"), id="change-pin-title", markup=False)
            yield Static(
                plain(
                    _(
                        "{name} ({code}): your PIN was given to you. Choose your own: "
                        "at least 6 characters, not all the same, not a run like 123456."
                    ).format(name=self.session.name, code=self.session.code)
                ),
                id="change-pin-why",
            )
            with Horizontal(classes="field"):
                yield Label(Text(_("New PIN")), classes="field-label")
                yield credential_field("new-pin", password=True)
            with Horizontal(classes="field"):
                yield Label(Text(_("Again")), classes="field-label")
                yield credential_field("new-pin-again", password=True)
            yield Static("", id="change-pin-error", classes="error", markup=False)
            yield Static(
                plain(
                    _("Someone else? {key} signs out.").format(
                        key=keys_text(self.counter_app.keys_for(SIGN_OUT))
                    )
                ),
                id="change-pin-hint",
            )
        yield KeyBar(("enter", _("Save")))

    def on_mount(self) -> None:
        self.sub_title = _("New PIN")

    def show_error(self, message: str) -> None:
        self.query_one("#change-pin-error", Static).update(plain(message))

    @property
    def error_text(self) -> str:
        return str(self.query_one("#change-pin-error", Static).content)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        first = self.query_one("#new-pin", Input)
        again = self.query_one("#new-pin-again", Input)
        if not first.value:
            self.show_error(_("Enter your new PIN"))
            first.focus()
        elif event.input is first:
            self.show_error("")
            again.focus()
        elif again.value != first.value:
            first.value = again.value = ""
            self.show_error(_("The two PINs differ"))
            first.focus()
        elif not self._saving:  # an Enter while it is saved is not a second try
            self._saving = True
            self._save(first.value)

    @work(thread=True, group="change-pin")
    @forgets_its_worker
    def _save(self, pin: str) -> None:
        """Two PIN hashes (about 100 ms): in a thread, like the sign-in."""
        try:
            outcome: StaffSession | str = change_pin(self.session, self._one_time_pin, pin)
        except DomainError as error:
            outcome = explain(error)
        self.app.call_from_thread(self._saved, outcome)

    def _saved(self, outcome: StaffSession | str) -> None:
        self._saving = False
        first = self.query_one("#new-pin", Input)
        first.value = self.query_one("#new-pin-again", Input).value = ""
        if isinstance(outcome, str):
            self.show_error(outcome)
            first.focus()
            return
        self._one_time_pin = ""
        self.counter_app.signed_in(outcome)
