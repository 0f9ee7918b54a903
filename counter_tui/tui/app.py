"""The counter's terminal program: sign-in, home, help, lock (DESIGN §6, §7)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from time import monotonic
from typing import ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from counter_tui.i18n import _
from counter_tui.services.auth import StaffSession, lock_workstation, sign_out
from counter_tui.services.centre import centre_name
from counter_tui.tui.keys import (
    GLOBAL,
    HELP,
    LOCK,
    QUIT,
    SIGN_OUT,
    KeyAction,
    key_display,
    translate_bindings,
)
from counter_tui.tui.screens.help import HelpScreen
from counter_tui.tui.screens.home import HomeScreen
from counter_tui.tui.screens.lock import LockScreen
from counter_tui.tui.screens.sign_in import SignInScreen

# What a locked workstation still allows: signing out (which ends the session).
ALLOWED_WHEN_LOCKED = frozenset({SIGN_OUT.action})
# What needs someone signed in.
NEEDS_SESSION = frozenset({LOCK.action, SIGN_OUT.action})


def _default_today() -> date:
    from counter_tui.services.clock import local_today

    return local_today()


class CounterApp(App[None], inherit_bindings=False):
    """The app; the database is opened (and the models bound) before it starts."""

    CSS_PATH = "app.tcss"
    # Textual's own bindings (Ctrl+Q, and Ctrl+C with an English hint) are not inherited:
    # keys.GLOBAL lists every global key, in footer order.
    BINDINGS: ClassVar = [action.binding() for action in GLOBAL]

    def __init__(
        self,
        *,
        demo: bool = False,
        today: Callable[[], date] | None = None,
        idle_lock_seconds: int = 300,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.demo = demo
        self._today = today or _default_today
        self.idle_lock_seconds = idle_lock_seconds
        self.session: StaffSession | None = None
        self.keymap: dict[str, str] = dict(keymap or {})
        self._last_activity = monotonic()
        if self.keymap:
            self.set_keymap(self.keymap)

    # --- state ------------------------------------------------------------------------

    def today(self) -> date:
        return self._today()

    @property
    def locked(self) -> bool:
        return any(isinstance(screen, LockScreen) for screen in self.screen_stack)

    def get_key_display(self, binding: Binding) -> str:
        """``F1``, ``^L``: short enough for an 80-column footer."""
        if binding.key_display:
            return binding.key_display
        return key_display(binding.key)

    def keys_for(self, action: KeyAction) -> tuple[str, ...]:
        """The keys bound to ``action``, after the keymap."""
        if action.id in self.keymap:
            return tuple(key.strip() for key in self.keymap[action.id].split(","))
        return action.keys

    # --- start, sign in, sign out -------------------------------------------------------

    def on_mount(self) -> None:
        self.title = centre_name() or _("Administrative service centre")
        self.push_screen(SignInScreen())
        if self.idle_lock_seconds > 0:
            # Check a few times per idle period; the lock comes at most one check late.
            interval = min(5.0, max(0.1, self.idle_lock_seconds / 10))
            self.set_interval(interval, self.lock_if_idle, name="idle-lock")

    def signed_in(self, session: StaffSession) -> None:
        """Called by the sign-in screen when the staff code and PIN were right."""
        self.session = session
        self.note_activity()
        self.switch_screen(HomeScreen(session))
        self.refresh_bindings()

    async def action_sign_out(self) -> None:
        if self.session is None:
            return
        sign_out(self.session)
        self.session = None
        self.clear_notifications()
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        await self.push_screen(SignInScreen())
        self.refresh_bindings()

    # --- lock -----------------------------------------------------------------------------

    def note_activity(self) -> None:
        self._last_activity = monotonic()

    async def on_event(self, event: events.Event) -> None:
        # A key press (or a click, or a paste) anywhere counts as someone at the counter.
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)):
            self.note_activity()
        await super().on_event(event)

    def lock_if_idle(self, now: float | None = None) -> bool:
        """Lock when nobody has pressed a key for ``idle_lock_seconds``; the interval
        timer calls this, and tests may call it with a later ``now``."""
        if self.idle_lock_seconds <= 0 or self.session is None or self.locked:
            return False
        now = monotonic() if now is None else now
        if now - self._last_activity < self.idle_lock_seconds:
            return False
        self._lock(idle=True)
        return True

    def action_lock(self) -> None:
        self._lock(idle=False)

    def _lock(self, idle: bool) -> None:
        if self.session is None or self.locked:
            return
        lock_workstation(self.session, idle=idle)
        # Toasts could name a case or an applicant: they go before the lock shows.
        self.clear_notifications()
        self.push_screen(LockScreen(self.session))
        self.refresh_bindings()

    def unlocked(self) -> None:
        """Called by the lock screen when the right PIN was entered."""
        self.note_activity()
        if isinstance(self.screen, LockScreen):
            self.pop_screen()
        self.refresh_bindings()

    # --- help, quit, the palette --------------------------------------------------------

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
        else:
            self.push_screen(HelpScreen())

    def action_command_palette(self) -> None:
        """Textual's palette, with a translated prompt; never over the lock."""
        if self.use_command_palette and not self.locked and not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=_("Search for commands…"))
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.locked:
            return action in ALLOWED_WHEN_LOCKED
        if action in NEEDS_SESSION:
            return self.session is not None
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if self.locked:
            return
        yield SystemCommand(_(HELP.label), _(HELP.help), self.action_help)
        if self.session is not None:
            yield SystemCommand(_(LOCK.label), _(LOCK.help), self.action_lock)
            yield SystemCommand(_(SIGN_OUT.label), _(SIGN_OUT.help), self.action_sign_out)
        yield SystemCommand(_(QUIT.label), _(QUIT.help), self.action_quit)
