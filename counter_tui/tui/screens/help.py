"""Help (F1 or ?): the keys of the screen in front, as bound now, and a few words on how
the program behaves."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from counter_tui.config import keymap_file
from counter_tui.documents.labels import fact
from counter_tui.i18n import _, ngettext
from counter_tui.services.auth import LOCK_MINUTES, MAX_FAILURES
from counter_tui.tui.keys import COMMANDS, LOCK, NAVIGATION, keys_text
from counter_tui.tui.screens.base import CounterScreen
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.text import Wrapped


@dataclass
class KeyRow:
    """One binding as the help shows it: its keys now, its words, its id."""

    id: str
    label: str
    help: str
    enabled: bool
    keys: list[str] = field(default_factory=list)


def key_rows(screen: Screen) -> tuple[list[KeyRow], list[KeyRow]]:
    """The keys of ``screen`` (its focused widgets' included) and the app's keys that
    work there, from Textual's active bindings: after the keymap, without what is
    switched off there, in the footer's order."""
    here: dict[str, KeyRow] = {}
    everywhere: dict[str, KeyRow] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.id is None:  # Textual's own keys (Tab, Ctrl+C): the notes tell them
            continue
        rows = everywhere if active.node is screen.app else here
        # The words are English msgids where a widget or prompt did not translate them;
        # _() of a translated text gives it back.
        row = rows.setdefault(
            binding.id,
            KeyRow(binding.id, _(binding.description), _(binding.tooltip), active.enabled),
        )
        row.keys.append(key)
    return list(here.values()), list(everywhere.values())


def home_relative(path: Path) -> str:
    """``~/.config/…``: shorter, and the same on every clerk's account."""
    return f"~/{path.relative_to(Path.home())}" if path.is_relative_to(Path.home()) else str(path)


class HelpScreen(CounterScreen):
    CSS_PATH = "help.tcss"
    AUTO_FOCUS = "#help-body"
    CLOSES_ON_BACK: ClassVar[bool] = True

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        # Read before this screen is in front: the app's keys depend on the screen.
        self.here, self.everywhere = key_rows(screen)
        self.screen_title = screen.sub_title

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="help-body"):
            if self.here:
                heading = _("Keys on this screen")
                if self.screen_title:
                    heading = fact(heading, self.screen_title)
                yield Static(Text(heading, style="bold"), classes="help-heading")
                yield Static(self._key_table(self.here), id="help-keys-here")
            yield Static(Text(_("Keys everywhere"), style="bold"), classes="help-heading")
            yield Static(self._key_table(self.everywhere), id="help-keys")
            yield Static(Text(_("Good to know"), style="bold"), classes="help-heading")
            yield Static(self._notes(), id="help-notes")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Help")

    def _key_table(self, rows: list[KeyRow]) -> Table:
        table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        table.add_column(no_wrap=True)
        for row in rows:
            # A key that does nothing here just now (nothing chosen, say) is shown dim.
            dim = "" if row.enabled else " dim"
            table.add_row(
                Text(keys_text(row.keys), style="bold" + dim),
                Text(row.label, style=dim.strip()),
                Wrapped(row.help, style=dim.strip()),
                Text(row.id, style="dim"),
            )
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
            *(fact(keys_text(keys), _(what)) for keys, what in NAVIGATION),
            _(
                'Any key can be moved in {path}: a line such as app.lock = "ctrl+k" gives '
                "the binding of that id (at the right of each key above) other keys."
            ).format(path=home_relative(keymap_file())),
        ]
        table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for line in lines:
            table.add_row("•", Wrapped(line))
        return table
