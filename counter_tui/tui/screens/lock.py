"""The lock: nothing of the work shows, only who is signed in and a PIN field (docs/architecture.md
§3.2)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from counter_tui.domain.errors import DomainError
from counter_tui.i18n import _, explain
from counter_tui.services.auth import StaffSession, unlock
from counter_tui.tui.keys import SIGN_OUT, keys_text
from counter_tui.tui.screens.base import CounterScreen
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.fields import credential_field
from counter_tui.tui.widgets.text import plain


class LockScreen(CounterScreen):
    """A full, opaque screen over everything else; the PIN of the signed-in staff
    member takes it away, Ctrl+O signs out instead."""

    CSS_PATH = "lock.tcss"
    AUTO_FOCUS = "#unlock-pin"

    def __init__(self, session: StaffSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="lock-box"):
            yield Static(_("This workstation is locked"), id="lock-title", markup=False)
            yield Static(
                plain(
                    _("Signed in: {name} ({code})").format(
                        name=self.session.name, code=self.session.code
                    )
                ),
                id="lock-who",
            )
            with Horizontal(classes="field"):
                yield Label(Text(_("PIN")), classes="field-label")
                yield credential_field("unlock-pin", password=True)
            yield Static("", id="lock-error", classes="error", markup=False)
            yield Static(
                plain(
                    _("Enter unlocks. Someone else? {key} signs out.").format(
                        key=keys_text(self.counter_app.keys_for(SIGN_OUT))
                    )
                ),
                id="lock-hint",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Locked")

    def show_error(self, message: str) -> None:
        self.query_one("#lock-error", Static).update(plain(message))

    @property
    def error_text(self) -> str:
        return str(self.query_one("#lock-error", Static).content)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        pin = event.input
        if not pin.value:
            self.show_error(_("Enter your PIN"))
            return
        try:
            unlock(self.session, pin.value)
        except DomainError as error:
            pin.value = ""
            self.show_error(explain(error))
            return
        pin.value = ""
        self.counter_app.unlocked()
