"""Help (F1 or ?): the key map and a few words on how the program behaves."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from counter_tui.documents.labels import fact
from counter_tui.i18n import _, ngettext
from counter_tui.services.auth import LOCK_MINUTES, MAX_FAILURES
from counter_tui.tui.keys import BACK, COMMANDS, GLOBAL, LOCK, NAVIGATION, SCREEN_KEYS, keys_text
from counter_tui.tui.screens.base import CounterScreen


class HelpScreen(CounterScreen):
    CSS_PATH = "help.tcss"
    AUTO_FOCUS = "#help-body"
    CLOSES_ON_BACK: ClassVar[bool] = True

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-body"):
            yield Static(Text(_("Keys"), style="bold"), classes="help-heading")
            yield Static(self._key_table(), id="help-keys")
            yield Static(Text(_("Good to know"), style="bold"), classes="help-heading")
            yield Static(self._notes(), id="help-notes")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Help")

    def _key_table(self) -> Table:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1, overflow="fold")  # Chinese has no spaces to wrap at
        app = self.counter_app
        for action in (*GLOBAL, BACK):
            table.add_row(
                Text(keys_text(app.keys_for(action)), style="bold"),
                Text(_(action.label)),
                Text(_(action.help)),
            )
        # A screen's own keys say where they work: “Item guide: print the guide …”.
        for screen, actions in SCREEN_KEYS:
            for action in actions:
                table.add_row(
                    Text(keys_text(app.keys_for(action)), style="bold"),
                    Text(_(action.label)),
                    Text(fact(_(screen), _(action.help))),
                )
        for keys, explanation in NAVIGATION:
            table.add_row(Text(keys_text(keys), style="bold"), Text(""), Text(_(explanation)))
        return table

    def _notes(self) -> Table:
        app = self.counter_app
        lock_key = keys_text(app.keys_for(LOCK))
        palette_key = keys_text(app.keys_for(COMMANDS))
        seconds = app.idle_lock_seconds
        if seconds <= 0:
            idle = _("The workstation does not lock itself; {key} locks it at once.").format(
                key=lock_key
            )
        else:
            minutes, rest = divmod(seconds, 60)
            if rest == 0:
                after = ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
            else:
                after = ngettext("{n} second", "{n} seconds", seconds).format(n=seconds)
            idle = _(
                "Counters face the public: the workstation locks itself after {time} without "
                "a key press, and {key} locks it at once. Only your PIN unlocks it."
            ).format(time=after, key=lock_key)
        lines = [
            idle,
            _(
                "Some terminals keep F-keys for themselves: every F-key has a Ctrl or "
                "letter key next to it, and {key} finds any command by name."
            ).format(key=palette_key),
            _("{count} wrong PINs in a row lock the account for {minutes} minutes.").format(
                count=MAX_FAILURES, minutes=LOCK_MINUTES
            ),
        ]
        table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for line in lines:
            table.add_row("•", Text(line))
        return table
