"""The counter's terminal program: sign-in, home, help, lock, item guides, intake, the
queue and the case detail (docs/architecture.md §3.2, §4).

Only what the sign-in screen needs is imported at start-up (issue 10: cold start within
1.3× a bare Textual app); the screens and services of a signed-in session are imported
where they are first used.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time
from importlib import import_module
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, ClassVar, Protocol, cast
from zoneinfo import ZoneInfo

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.reactive import var
from textual.screen import Screen
from textual.worker import get_current_worker

from counter_tui.config import DEFAULT_TIMEZONE, documents_home
from counter_tui.domain.centre import APPROVER_ROLES
from counter_tui.domain.errors import N_, DomainError
from counter_tui.domain.lifecycle import CaseState
from counter_tui.i18n import _, explain, ngettext
from counter_tui.services.auth import (
    ACCOUNT_GONE,
    INTAKE_ROLES,
    StaffSession,
    active_staff,
    lock_workstation,
    sign_out,
)
from counter_tui.services.clock import centre_timezone
from counter_tui.services.profile import centre_name
from counter_tui.tui.counter import REFUSED, Refused, Result
from counter_tui.tui.keys import (
    APPROVALS,
    CONSULT,
    DEPARTMENTS,
    FIND_CASE,
    FOLLOW_UPS,
    GLOBAL,
    GUIDES,
    HANDOVER,
    HELP,
    INTAKE,
    LOCK,
    PROFILE,
    PROJECTS,
    QUEUE,
    QUIT,
    REPORTS,
    SIGN_OUT,
    STAFF,
    WINDOWS,
    KeyAction,
    key_display,
    translate_bindings,
)
from counter_tui.tui.screens.sign_in import SignInScreen
from counter_tui.tui.trouble import DATABASE_AWAY, database_trouble
from counter_tui.tui.workers import forgets_its_worker

if TYPE_CHECKING:
    from counter_tui.services.cases.documents import IssuedDocument
    from counter_tui.services.catalog.guide_search import GuideHit, GuideIndex
    from counter_tui.services.consultations.conversion import CarriedOver

# What a locked workstation still allows: signing out (which ends the session).
# Moving between fields is harmless on a locked screen or the change of a one-time PIN.
ALLOWED_WHEN_LOCKED = frozenset({SIGN_OUT.action, "focus_next", "focus_previous"})
# What needs someone signed in.
NEEDS_SESSION = frozenset(
    {
        LOCK.action,
        SIGN_OUT.action,
        GUIDES.action,
        INTAKE.action,
        QUEUE.action,
        FIND_CASE.action,
        REPORTS.action,
        PROJECTS.action,
    }
)
# Keys for one kind of staff: the actions, the roles that have them, and whom they are
# for (said to anyone else who presses one, issue 21 item 17). The administrator keeps
# the guides, finding a case and the reports.
ROLE_GATES: tuple[tuple[tuple[KeyAction, ...], tuple[str, ...], str], ...] = (
    (
        (INTAKE, QUEUE, HANDOVER, CONSULT, FOLLOW_UPS),
        INTAKE_ROLES,
        N_("staff who take applications"),
    ),
    ((APPROVALS,), APPROVER_ROLES, N_("the chief representative and the deputies")),
    ((WINDOWS, STAFF, DEPARTMENTS, PROFILE), ("admin",), N_("the administrator")),
)
# The palette's commands, in its order; each offered where check_action allows it.
PALETTE = (
    HELP,
    GUIDES,
    INTAKE,
    CONSULT,
    QUEUE,
    FIND_CASE,
    REPORTS,
    HANDOVER,
    APPROVALS,
    FOLLOW_UPS,
    PROJECTS,
    WINDOWS,
    STAFF,
    DEPARTMENTS,
    PROFILE,
    LOCK,
    SIGN_OUT,
    QUIT,
)
NEEDS_SIGNED_IN = NEEDS_SESSION | {
    action.action for actions, _roles, _whom in ROLE_GATES for action in actions
}
# A frozen day (tests, snapshots) is taken at this local time of day.
FROZEN_HOUR = time(10)


def default_print_dir() -> Path:
    """Printed guides go where a clerk looks for files: the documents folder, under
    counter-tui/guides."""
    return documents_home() / "guides"


ERROR_SECONDS = 10  # long enough to read why a service said no
KEYMAP_NOTICE_SECONDS = 30  # long enough to read a few lines before signing in
TOLD_NUMBERS = 10  # case numbers a note at sign-in names; the rest are counted
ACCOUNT_CHECK_SECONDS = 5.0  # how soon a disabled or locked account's session ends
# Seconds without a key before work is done in the background: the first sign-in prepared
# on the sign-in screen, the first print after sign-in.
WARM_UP_AFTER = 2.0
# The module of the screen every sign-in opens: imported before the first
# (prepare_first_sign_in), while the sign-in screen waits.
HOME_SCREEN = "counter_tui.tui.screens.home"
# The screens of a clerk's day, imported at the first pause after sign-in and set aside with
# the session (_warm_up_session): their first opening then costs what the later ones do, and
# full collections do not walk their modules all day (docs/architecture.md §4.8).
SESSION_SCREENS = tuple(
    f"counter_tui.tui.screens.{name}"
    for name in (
        "intake",
        "cases",
        "checklist",
        "decision",
        "case_detail",
        "queue",
        "reports",
        "lookup",
        "guide",
    )
)
# Seconds after a screen closed, and without a key, before its cycles are freed
# (_free_closed_screens): by then the timers it stopped have let go of it (a cancelled
# sleep holds its context until due), and the clerk is reading, not pressing.
FREE_AFTER = 0.6
# Seconds after a screen closed when it is freed even without such a pause: what a clerk
# who never paused would leave is bounded (and so is the pause that frees it).
FREE_WITHIN = 5.0
FULL_AFTER = 100  # Python's full collections: after this many of the middle generation
# The screens a session keeps (docs/architecture.md §4.3), by the name each is installed
# under: built at their first opening, shown again at the next (KeptScreen.start_again).
KEPT_SCREENS = ("lookup", "queue")


class KeptScreen(Protocol):
    def start_again(self) -> None:
        """Shown again from elsewhere: as the screen is when first opened, its data read."""


@forgets_its_worker
def prepare_first_sign_in() -> None:
    """The calendar's estimated years (the holidays package) and home's modules: what the
    first home of a process reads or builds, and nothing of anyone's session."""
    from counter_tui.services.calendar import statutory_estimates

    statutory_estimates()
    import_module(HOME_SCREEN)


class CounterApp(App[None], inherit_bindings=False):
    """The app; the database is opened (and the models bound) before it starts."""

    # The first screen's styles come with the app's: pushed later, they would have the
    # whole stylesheet parsed and applied a second time at start-up (issue 10).
    CSS_PATH: ClassVar = ["app.tcss", "screens/sign_in.tcss"]
    # Textual's own bindings (Ctrl+Q, and Ctrl+C with an English hint) are not inherited:
    # keys.GLOBAL lists every global key, in footer order.
    BINDINGS: ClassVar = [action.binding() for action in GLOBAL]

    # The item catalog, searchable in memory (widgets/guide_search.py watches it); loaded
    # in a worker at sign-in, brought up to date when a search opens and the catalog changed.
    guide_index: var[GuideIndex | None] = var(None)

    def __init__(
        self,
        *,
        demo: bool = False,
        today: Callable[[], date] | None = None,
        idle_lock_seconds: int = 300,
        keymap: Mapping[str, str] | None = None,
        keymap_file: Path | None = None,
        print_dir: Path | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.demo = demo
        self.print_dir = print_dir or default_print_dir()
        self._frozen_today = today  # tests and demos freeze the day
        # The centre's time zone, read at start and at each sign-in: the day is asked for
        # at every screen, and must not need the database (issue 20: it may be away).
        self.zone = ZoneInfo(DEFAULT_TIMEZONE)
        self.idle_lock_seconds = idle_lock_seconds
        self.session: StaffSession | None = None
        self.liaison = False  # the one signed in is paired with a key project
        # The file's keys, then the caller's; check_keymap (on mount) drops what is bad.
        self.keymap: dict[str, str] = {}
        self.keymap_problems: list[str] = []
        if keymap_file is not None and keymap_file.exists():
            # Imported only for a file there: most counters start without one.
            from counter_tui.tui.keymap import read_keymap

            self.keymap, self.keymap_problems = read_keymap(keymap_file)
        self.keymap.update(keymap or {})
        self._last_activity = monotonic()
        self._lock_screen: Screen | None = None  # the one _lock pushed
        self._thresholds = gc.get_threshold()  # the collector's, given back at the end
        # What the session keeps is due to be set aside (_set_aside_the_session).
        self._set_aside_due = False
        self._screen_closed: float | None = None  # the first close since _free_closed_screens
        if self.keymap:
            self.set_keymap(self.keymap)

    # --- state ------------------------------------------------------------------------

    def call(
        self, service: Callable[..., Result], *args: object, **kwargs: object
    ) -> Result | Refused:
        """``service(session, *args, **kwargs)``; on a DomainError the clerk reads why (the
        service changed nothing) and REFUSED is returned: the one place a screen or the
        app turns a refusal into words."""
        try:
            return service(self.session, *args, **kwargs)
        except DomainError as error:
            if error.rule in ACCOUNT_GONE:
                self.run_worker(self._account_gone(error), name="account-gone")
            else:
                self.notify(explain(error), severity="error", markup=False, timeout=ERROR_SECONDS)
            return REFUSED
        except DATABASE_AWAY as error:
            # The database went away (a server restarted, a network cut) or its disk is
            # full: the service wrote nothing, what is on the screen stays, the next try
            # goes on once it is back.
            self.notify(
                database_trouble(error), severity="error", markup=False, timeout=ERROR_SECONDS
            )
            return REFUSED

    def today(self) -> date:
        if self._frozen_today is not None:
            return self._frozen_today()
        return datetime.now(self.zone).date()

    def now(self) -> datetime | None:
        """The ``at=`` the services get: None (their own clock) unless the day is frozen,
        then that day at FROZEN_HOUR local time, as a naive UTC timestamp."""
        if self._frozen_today is None:
            return None
        local = datetime.combine(self.today(), FROZEN_HOUR, tzinfo=self.zone)
        return local.astimezone(UTC).replace(tzinfo=None)

    @property
    def document_dir(self) -> Path:
        """Printed case documents go next to the printed guides."""
        return self.print_dir.parent / "documents"

    def go_home(self) -> None:
        """Close every screen above home (it reloads: a new case shows at once)."""
        from counter_tui.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def refresh_home(self) -> None:
        """Show what is true now on the home screen, wherever it is in the stack."""
        from counter_tui.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.reload()

    @property
    def locked(self) -> bool:
        return self._lock_screen is not None and self._lock_screen in self.screen_stack

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
        self.zone = centre_timezone()
        self.title = centre_name() or _("Administrative service centre")
        self.push_screen(SignInScreen())
        self.set_timer(WARM_UP_AFTER, self._prepare_first_sign_in)
        if self.keymap or self.keymap_problems:
            self._check_keymap()
        self.set_interval(ACCOUNT_CHECK_SECONDS, self.check_account, name="account-check")
        # Made here, in the app's context: a timer made as a screen goes would hold it.
        self.set_interval(FREE_AFTER / 3, self._collect_at_a_pause, name="collect-at-a-pause")
        # Full collections are the app's (_collect_at_a_pause), not Python's own, which
        # came every few screens and landed on a key: the two younger generations are
        # Python's as ever, a full one waits for a hundred of theirs, not ten.
        gc.set_threshold(*self._thresholds[:2], FULL_AFTER)
        if self.idle_lock_seconds > 0:
            # Check a few times per idle period; the lock comes at most one check late.
            interval = min(5.0, max(0.1, self.idle_lock_seconds / 10))
            self.set_interval(interval, self.lock_if_idle, name="idle-lock")

    def _check_keymap(self) -> None:
        """Check the keymap against every binding of the program, in a thread (it imports
        every screen: not on the sign-in screen's way), then drop what is bad and say why
        (tui/keymap.py). The file's own problems were found when it was read."""
        from counter_tui.tui.keymap import checked

        def check() -> None:
            keymap, problems = checked(self.keymap, type(self))
            self.call_from_thread(self._settle_keymap, keymap, [*self.keymap_problems, *problems])

        if self.keymap:
            # A slip in the check must not close the program: the keys work without it.
            self.run_worker(check, name="keymap", thread=True, exit_on_error=False)
        else:
            self._settle_keymap({}, self.keymap_problems)

    def _settle_keymap(self, keymap: dict[str, str], problems: list[str]) -> None:
        if keymap != self.keymap:
            self.keymap = keymap
            self.set_keymap(keymap)
            # The check may end while the app is still mounting, when the app's own
            # refresh_bindings does nothing: the screen's publishes to the key bar anyway.
            self.screen.refresh_bindings()
        if problems:
            self.notify(
                "\n".join(problems),
                title=_("Keymap"),
                severity="warning",
                timeout=KEYMAP_NOTICE_SECONDS,
                markup=False,
            )

    def signed_in(self, session: StaffSession, one_time_pin: str = "") -> None:
        """Called by the sign-in screen when the staff code and PIN were right. A one-time
        PIN is changed first, on a screen of its own; home follows (this again)."""
        from counter_tui.services.projects.register import is_liaison
        from counter_tui.tui.screens.home import HomeScreen

        self.session = session
        self.liaison = is_liaison(session.staff_id)  # read once: the key is shown or not
        self.zone = centre_timezone()  # the profile may have changed since the start
        self.note_activity()
        if session.must_change_pin:
            from counter_tui.tui.screens.change_pin import ChangePinScreen

            self.switch_screen(ChangePinScreen(session, one_time_pin))
            self.refresh_bindings()
            return
        self.switch_screen(HomeScreen(session))
        self.refresh_bindings()
        self._set_aside_due = True  # once the index is in, at home, at the first pause
        self.refresh_guide_index()
        self.deem_overdue_receipts()
        self.set_timer(WARM_UP_AFTER, self._warm_up_session)

    def _prepare_first_sign_in(self) -> None:
        """Once the sign-in screen has waited WARM_UP_AFTER seconds without a key, prepare
        in a thread what the process's first sign-in needs once (docs/architecture.md
        §4.7): about 100 ms of that sign-in otherwise, on the event loop."""
        # Signed in without a pause: the sign-in did it.
        if self.session is not None or not self._paused_else_later(self._prepare_first_sign_in):
            return
        self.run_worker(
            prepare_first_sign_in, group="sign-in-warm-up", thread=True, exit_on_error=False
        )

    def _warm_up_session(self) -> None:
        """Once home is shown and the clerk has paused, import the day's screens and
        prepare the first print in a thread (tui/printing.py): it takes the CPU for most of
        a second, so not while keys are coming; then set them aside."""
        if self.session is None or not self._paused_else_later(self._warm_up_session):
            return
        from counter_tui.tui.printing import warm_up_in_worker

        warm_up_in_worker(self, then=self._set_aside_again, modules=SESSION_SCREENS)

    def on_unmount(self) -> None:
        # A process that goes on after the app (the tests) gets them back, and its
        # collector as it was.
        gc.unfreeze()
        gc.set_threshold(*self._thresholds)

    def _set_aside_again(self) -> None:
        self._set_aside_due = True

    def _collect_at_a_pause(self) -> None:
        """The app's full collections (docs/architecture.md §4.8), at the clerk's first
        pause of FREE_AFTER seconds: none lands on a key. Nor too soon after a screen
        closed, which may be held for a turn yet and would then be set aside for good."""
        now = monotonic()
        paused = now - max(self._last_activity, self._screen_closed or 0.0) >= FREE_AFTER
        if paused:
            self._set_aside_the_session()
        self._free_closed_screens(now, paused)

    def _set_aside_the_session(self) -> None:
        """What a session keeps all day is loaded (the modules, the catalog index, home;
        after the print's warm-up, the font): collect once and set the survivors aside
        (``gc.freeze``), so a full collection walks only what the day adds, not the
        100,000 objects of the morning (issue 17: up to 250 ms on the next key, whichever
        it is). At the first pause after sign-in, not on the sign-in key (60 to 150 ms of
        it), and after the warm-up; not at every return home, since each freeze keeps
        what dies later in a cycle. A complement to freeing closed screens, not a
        stand-in: sign-out thaws them. Only with home alone in front and the index in: a
        screen set aside open could not be collected once closed."""
        from counter_tui.tui.screens.home import HomeScreen

        # Called by the app's interval: the app may be closing.
        if not self._set_aside_due or self.session is None or not self.is_running:
            return
        if self.guide_index is None or len(self.screen_stack) > 2:
            return
        if not isinstance(self.screen, HomeScreen):
            return
        self._set_aside_due = False
        self._collect()
        gc.freeze()

    def screen_closed(self) -> None:
        """A screen went (CounterScreen): its widgets are freed soon (_free_closed_screens)."""
        if self._screen_closed is None:
            self._screen_closed = monotonic()

    def _free_closed_screens(self, now: float, paused: bool) -> None:
        """Once a screen has closed, at the clerk's first pause of FREE_AFTER seconds
        without a key (``paused``), or FREE_WITHIN seconds after it without one, collect:
        its widgets are reference cycles that only a full collection frees. Python's own
        full collections (put off to every FULL_AFTER in on_mount) freed them many screens
        at once, 50 to 100 ms on whatever key came then (issue 17; docs/architecture.md
        §4.8); in the clerk's pauses no key waits for them."""
        closed = self._screen_closed
        if closed is not None and (paused or now - closed >= FREE_WITHIN):
            self._collect()

    def _collect(self) -> None:
        """A full collection: it frees every screen closed so far, so none waits for
        another."""
        self._screen_closed = None
        gc.collect()

    async def action_sign_out(self) -> None:
        if self.session is None:
            return
        sign_out(self.session)
        self.session = None
        gc.unfreeze()  # the session's screens can go once they are closed
        self.clear_notifications()
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        await self._drop_kept_screens()
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        await self.push_screen(SignInScreen())
        self.refresh_bindings()
        # What the session set aside is thawed and its screens closed: a full collection
        # walks it all (100 ms on the bench's centre). Here, on the key that ends the
        # session, not FREE_WITHIN after its first closed screen, on the next clerk's
        # sign-in keys.
        self._collect()

    async def _drop_kept_screens(self) -> None:
        """Nothing of a session for the next one: its kept screens go (a query, a list).
        While the session's first screen (home) is still there: a removal leaves Textual
        a callback for the screen in front, run at its next refresh, which home gets
        before it goes too (the screen under it would keep it, and the screen removed,
        until then)."""
        for name in KEPT_SCREENS:
            if self.is_screen_installed(name):
                kept = self.get_screen(name)
                self.uninstall_screen(name)
                await kept.remove()

    def show_kept(self, name: str, build: Callable[[], Screen]) -> None:
        """Push the session's one screen ``name`` (KEPT_SCREENS), built at its first
        opening and started again at the next; a new one, freed when closed, while the
        kept one is open under other screens."""
        if not self.is_screen_installed(name):
            self.install_screen(build(), name)
            self.push_screen(name)
            return
        kept = self.get_screen(name)
        if kept in self.screen_stack:
            self.push_screen(build())
            return
        cast("KeptScreen", kept).start_again()
        self.push_screen(kept)

    def check_account(self) -> None:
        """An account disabled, or locked after wrong PINs, at another workstation ends
        this session within ACCOUNT_CHECK_SECONDS, whatever screen is up (issue 20 item
        4); the services refuse its writes in the meantime. Not while the workstation is
        locked: the lock shows nothing of the work, and its PIN check says the rest."""
        if self.session is None or self.locked:
            return
        try:
            active_staff(self.session)
        except DomainError as error:
            self.run_worker(self._account_gone(error), name="account-gone")
        except DATABASE_AWAY:
            pass  # the database is away: the next check, or the next write, says so

    async def _account_gone(self, error: DomainError) -> None:
        if self.session is None:
            return  # the timer and a refused write both saw it
        await self.action_sign_out()
        message = _("You have been signed out: {reason}").format(reason=explain(error))
        self.notify(message, severity="error", markup=False, timeout=ERROR_SECONDS)

    # --- lock -----------------------------------------------------------------------------

    def note_activity(self) -> None:
        self._last_activity = monotonic()

    def _paused_else_later(self, step: Callable[[], None]) -> bool:
        """Whether no key came for WARM_UP_AFTER seconds, so that work in the background
        takes no key's time; if one did, ``step`` is tried again that much later."""
        if monotonic() - self._last_activity >= WARM_UP_AFTER:
            return True
        self.set_timer(WARM_UP_AFTER, step)
        return False

    async def on_event(self, event: events.Event) -> None:
        # A key press (or a click, or a paste) anywhere counts as someone at the counter.
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)):
            self.note_activity()
        if (
            isinstance(event, events.Key)
            and event.key == "enter"
            and getattr(self.focused, "ENTER_MOVES_ON", False)
            and not self.locked
        ):
            # A form's Enter moves the focus here, in the app's own queue, so the keys
            # typed right after it (a fast typist, an ID card reader) reach the next
            # field and not the one just left.
            mover = getattr(self.screen, "field_done", None)
            if mover is not None:
                mover(self.focused)
                return
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        """A key no binding took: if it is a key of an action this staff member's role
        does not have, say whose it is, rather than nothing at all."""
        if self.session is None or self.locked:
            return
        # Imported here: the labels read the case modules, which start-up does not need.
        from counter_tui.tui.labels import role_label

        for actions, _roles, whom in ROLE_GATES:
            action = next((a for a in actions if event.key in self.keys_for(a)), None)
            if action is not None and not self.check_action(action.action, ()):
                event.stop()
                self.notify(
                    _("{key} ({action}) is for {whom}, not for your role ({role}).").format(
                        key=key_display(event.key),
                        action=_(action.label),
                        whom=_(whom),
                        role=role_label(self.session.role),
                    ),
                    severity="warning",
                    markup=False,
                )
                return

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
        from counter_tui.tui.screens.lock import LockScreen

        self._lock_screen = LockScreen(self.session)
        self.push_screen(self._lock_screen)
        self.refresh_bindings()

    def unlocked(self) -> None:
        """Called by the lock screen when the right PIN was entered."""
        self.note_activity()
        if self.screen is self._lock_screen:
            self.pop_screen()
        self.refresh_bindings()

    # --- item guides ----------------------------------------------------------------------

    def action_guides(self) -> None:
        """F3: the lookup. From a guide opened in the lookup, back to that lookup (its query
        kept) rather than a second one on top."""
        from counter_tui.tui.screens.guide import GuideScreen
        from counter_tui.tui.screens.lookup import LookupScreen

        stack = self.screen_stack
        if (
            isinstance(self.screen, GuideScreen)
            and len(stack) > 1
            and isinstance(stack[-2], LookupScreen)
        ):
            self.screen.dismiss()
            return
        self.show_kept("lookup", LookupScreen)

    @work(thread=True, exclusive=True, group="guide-index", exit_on_error=False)
    @forgets_its_worker
    def refresh_guide_index(self) -> None:
        """Load the catalog index, or bring it up to date: a no-op (two small queries)
        when the catalog did not change, a new order when only items were used."""
        from counter_tui.services.catalog.guide_search import GuideIndex

        try:
            current = self.guide_index
            index = GuideIndex.load() if current is None else current.refreshed()
            if index is current:
                return
        except DomainError as error:
            self._guide_index_failed(explain(error))
            return
        except Exception as error:  # the database went away: say so, keep the old index
            self._guide_index_failed(str(error))
            return
        if not get_current_worker().is_cancelled:
            self.call_from_thread(setattr, self, "guide_index", index)

    def _guide_index_failed(self, reason: str) -> None:
        message = _("The item catalog could not be loaded: {reason}").format(reason=reason)
        self.call_from_thread(self.notify, message, severity="error", markup=False)

    @work(thread=True, exclusive=True, group="deemed-acceptance", exit_on_error=False)
    @forgets_its_worker
    def deem_overdue_receipts(self) -> None:
        """What the law does by itself when a period ends, checked at every sign-in so it is
        done each working day without a scheduler: Art. 32(4), a case received and left 5
        working days without a notice or a decision is accepted as of its receipt; and
        where the item's own law says so, an application not corrected by the one-time
        notice's date is deemed withdrawn (docs/rules.md §12)."""
        from counter_tui.services.intake.decisions import deem_accepted_overdue
        from counter_tui.services.intake.withdrawals import withdraw_unsupplemented

        deemed = self._by_law(
            deem_accepted_overdue, _("Deemed acceptance could not be checked: {reason}")
        )
        if deemed:
            self._tell_home(
                ngettext(
                    "{n} case received 5 working days ago without a decision is deemed "
                    "accepted from its receipt (Art. 32(4)): {numbers}",
                    "{n} cases received 5 working days ago without a decision are deemed "
                    "accepted from their receipt (Art. 32(4)): {numbers}",
                    len(deemed),
                ),
                deemed,
            )
        withdrawn = self._by_law(
            withdraw_unsupplemented, _("Deemed withdrawal could not be checked: {reason}")
        )
        if withdrawn:
            self._tell_home(
                ngettext(
                    "{n} case not corrected by its notice's date is deemed withdrawn under "
                    "its item's law: {numbers}",
                    "{n} cases not corrected by their notice's date are deemed withdrawn "
                    "under their item's law: {numbers}",
                    len(withdrawn),
                ),
                withdrawn,
            )

    def _by_law(self, service: Callable[..., list[str]], failed: str) -> list[str]:
        """The case numbers ``service`` changed; none, said with ``failed``, when the
        database went away (the next sign-in retries)."""
        try:
            return service(at=self.now())
        except Exception as error:
            message = failed.format(reason=error)
            self.call_from_thread(self.notify, message, severity="error", markup=False)
            return []

    def _tell_home(self, message: str, numbers: list[str]) -> None:
        """What the law did at this sign-in, to cases of the whole centre: the clerk's own
        first, and no more numbers than a note is read in (at a million cases a week's
        left 695); every case's history says it (its event)."""
        from counter_tui.documents.labels import listing
        from counter_tui.services.cases.finding import mine_first

        # In the worker's thread, where call() cannot tell; signed out meanwhile, or the
        # database away: the numbers as they came.
        try:
            ordered = mine_first(self.session, numbers) if self.session else numbers
        except (DomainError, *DATABASE_AWAY):
            ordered = numbers
        shown = listing(ordered[:TOLD_NUMBERS])
        if len(ordered) > TOLD_NUMBERS:
            more = len(ordered) - TOLD_NUMBERS
            shown = _("{numbers} and {more} more").format(numbers=shown, more=more)
        said = message.format(n=len(numbers), numbers=shown)
        self.call_from_thread(self.notify, said, severity="warning", markup=False)
        self.call_from_thread(self.refresh_home)

    # --- intake -----------------------------------------------------------------------------

    def action_intake(self) -> None:
        """F2: from a guide, an intake for its item; from a question, one that carries it
        over; with a ticket of one common item's queue called to the window, an intake
        for that item; elsewhere the clerk's drafts when there are any, else the item
        choice."""
        from counter_tui.services.cases.finding import list_drafts
        from counter_tui.tui.screens.cases import DraftsScreen
        from counter_tui.tui.screens.guide import GuideScreen
        from counter_tui.tui.screens.intake import ItemStep
        from counter_tui.tui.screens.question import QuestionScreen

        if isinstance(self.screen, (GuideScreen, QuestionScreen)):
            self.screen.action_intake()
            return
        if self.session is None:
            return
        if isinstance(self.screen, DraftsScreen):
            self.switch_screen(ItemStep())
            return
        if isinstance(self.screen, ItemStep):
            return
        if self._at_comprehensive_window():
            self._open_bundle_picker()
            return
        item_code = self.called_item()
        if item_code:
            self.start_intake(item_code)
            return
        drafts = self.call(list_drafts)
        if drafts is REFUSED:
            return
        self.push_screen(DraftsScreen() if drafts else ItemStep())

    def called_item(self, *, question: bool = False) -> str:
        """The code of the common item of the ticket called to the clerk's window now
        (its queue's, docs/rules.md §24), while the ticket has led to no case yet (with
        ``question``: to no question): F2 opens its intake, F10 names it. '' otherwise;
        an item gone from the catalog is said, and ''."""
        from counter_tui.services.tickets.reading import called_item

        if self.session is None or self.session.window_id is None:
            return ""
        called = self.call(called_item, self.today())
        if called is REFUSED or called is None:
            return ""
        if called.has_consultation if question else called.has_case:
            return ""
        if not called.name:
            said = _(
                "Ticket {label} was taken for item {code}, which is no longer in the "
                "catalog: choose the item"
            )
            self.notify(
                said.format(label=called.label, code=called.code),
                severity="warning",
                markup=False,
            )
            return ""
        return called.code

    def _at_comprehensive_window(self) -> bool:
        from counter_tui.services.bundles.change import at_comprehensive_window

        return self.call(at_comprehensive_window) is True

    def _open_bundle_picker(self) -> None:
        """F2 at a comprehensive window: the bundles, not the items (docs/rules.md §21)."""
        from counter_tui.tui.screens.bundles import BundlePicker

        if not isinstance(self.screen, BundlePicker):
            self.push_screen(BundlePicker())

    def start_bundle(self, bundle_code: str) -> None:
        """A new bundle case of the bundle, and its applicant form in place of the picker."""
        from counter_tui.services.bundles.intake import start_bundle_case

        number = self.call(start_bundle_case, bundle_code, at=self.now())
        if number is REFUSED:
            return
        self.refresh_home()
        self.pop_screen()
        self.open_bundle_intake(number)

    def open_bundle_intake(self, number: str) -> None:
        """A bundle case's intake where its work is, as ``open_case`` for one case: a
        draft at its applicant form (the checklist over it once the applicant is complete
        and a material checked), a bundle waiting for its supplement at its checklist."""
        from counter_tui.services.bundles.progress import bundle_case_view
        from counter_tui.services.bundles.reading import bundle_applicant_form
        from counter_tui.tui.screens.intake import BundleApplicantStep

        bundle = self.call(bundle_case_view, number, self.today())
        if bundle is REFUSED or not bundle.cases:
            return
        if bundle.cases[0].state is not CaseState.DRAFT:
            self.open_bundle_checklist(number)
            return
        view = self.call(bundle_applicant_form, number, today=self.today(), at=self.now())
        if view is REFUSED:
            return
        self.push_screen(BundleApplicantStep(number, bundle.bundle_name))
        checked = any(line.status.value != "pending" for line in view.checklist)
        if not view.problems and checked:
            self.open_bundle_checklist(number)

    def open_bundle_checklist(self, number: str) -> None:
        from counter_tui.tui.screens.checklist import BundleChecklistStep

        self.push_screen(BundleChecklistStep(number))

    def open_bundle_detail(self, number: str) -> None:
        from counter_tui.tui.screens.bundles import BundleDetailScreen

        self.push_screen(BundleDetailScreen(number))

    def start_intake(
        self, item_code: str, *, replace: bool = False, carried: CarriedOver | None = None
    ) -> None:
        """A new draft for the item, and its applicant form (in place of the current screen
        with ``replace``); from a question (``carried``), with its visitor's name and phone,
        and the question names the draft as the application it became."""
        from counter_tui.services.intake.draft import start_draft
        from counter_tui.tui.screens.intake import ApplicantStep

        number = self.call(start_draft, item_code, at=self.now())
        if number is REFUSED:
            return
        self.link_ticket(case_number=number)
        if carried is not None:
            self._carry_over(carried, number)
        self._open(ApplicantStep(number), replace)

    def link_ticket(
        self, *, case_number: str | None = None, consultation: int | None = None
    ) -> None:
        """The ticket called to the clerk's window, if any, linked to the draft or the
        question just started (docs/rules.md §24); the clerk reads which."""
        from counter_tui.services.tickets.serving import link_called_ticket

        label = self.call(
            link_called_ticket,
            case_number=case_number,
            consultation_id=consultation,
            at=self.now(),
        )
        if label is REFUSED or label is None:
            return
        if case_number is not None:
            said = _("Ticket {label} linked to case {number}").format(
                label=label, number=case_number
            )
        else:
            said = _("Ticket {label} linked to this question").format(label=label)
        self.notify(said, markup=False)

    def _carry_over(self, carried: CarriedOver, number: str) -> None:
        from counter_tui.services.consultations.conversion import convert_consultation
        from counter_tui.services.intake.draft import update_applicant

        given = {"name": carried.visitor, "phone": carried.phone}
        if any(given.values()):
            self.call(update_applicant, number, given, at=self.now())
        self.call(convert_consultation, carried.consultation, number, at=self.now())
        self.refresh_home()

    # --- consultations --------------------------------------------------------------------

    def action_consult(self) -> None:
        """F10 / Ctrl+K: a visitor's question, from any screen."""
        from counter_tui.tui.screens.consult import ConsultScreen

        if not isinstance(self.screen, ConsultScreen):
            self.push_screen(ConsultScreen(self._guide_hit(self.called_item(question=True))))

    def _guide_hit(self, item_code: str) -> GuideHit | None:
        """The current item of this code as the guide search lists it; None for none, or
        while the catalog index is loading."""
        index = self.guide_index
        if not item_code or index is None:
            return None
        return next((hit for hit in index.search(item_code, 5) if hit.code == item_code), None)

    def open_question(self, consultation_id: int, *, replace: bool = False) -> None:
        from counter_tui.tui.screens.question import QuestionScreen

        self._open(QuestionScreen(consultation_id), replace)

    def open_order(self, number: str) -> None:
        from counter_tui.tui.screens.order import OrderScreen

        self.push_screen(OrderScreen(number))

    def intake_from_question(self, consultation_id: int) -> None:
        """An application from a question: its item's applicant form, or the item choice
        when it named none."""
        from counter_tui.services.consultations.conversion import carried_over
        from counter_tui.tui.screens.intake import ItemStep

        carried = self.call(carried_over, consultation_id)
        if carried is REFUSED:
            return
        if carried.item_code:
            self.start_intake(carried.item_code, carried=carried)
        else:
            self.push_screen(ItemStep(carried=carried))

    def print_handout(self, consultation_id: int) -> None:
        """The visitor's material list for a question (logged with it), in a worker."""
        from counter_tui.documents.handout import handout_path, print_handout_file
        from counter_tui.services.consultations.handout import print_handout
        from counter_tui.tui.printing import print_in_worker

        handout = self.call(print_handout, consultation_id, at=self.now())
        if handout is REFUSED:
            return
        path, today = handout_path(self.document_dir, handout), self.today()
        print_in_worker(
            self,
            path,
            lambda: print_handout_file(handout, path, printed_on=today),
            busy=_("This material list is already being printed."),
            started=_("Printing the material list…"),
            failed=_("The material list could not be printed: {reason}"),
        )

    def _open(self, screen: Screen, replace: bool) -> None:
        """``screen`` in place of the one in front (``replace``), or on top of it."""
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_checklist(self, number: str) -> None:
        from counter_tui.tui.screens.checklist import ChecklistStep

        self.push_screen(ChecklistStep(number))

    def open_decision(self, number: str) -> None:
        from counter_tui.tui.screens.decision import DecisionStep

        self.push_screen(DecisionStep(number))

    # --- cases and their documents ------------------------------------------------------

    def open_case(self, number: str) -> None:
        """A case where its work is: a draft where it was left (the checklist when the
        applicant is complete and a material has been checked, the applicant form
        otherwise, Esc going back to it), a received case or one waiting for its
        supplement at its checklist, a decided one in its documents (the latest first)."""
        from counter_tui.services.intake.case_view import load_case
        from counter_tui.tui.screens.intake import ApplicantStep

        view = self.call(load_case, number, today=self.today(), now=self.now())
        if view is REFUSED:
            return
        if view.state is CaseState.DRAFT:
            self.push_screen(ApplicantStep(number))
            checked = any(line.status.value != "pending" for line in view.checklist)
            if not view.problems and checked:
                self.open_checklist(number)
        elif view.state in (CaseState.RECEIVED, CaseState.AWAITING_SUPPLEMENT):
            self.open_checklist(number)
        else:
            self.show_documents(number, list(reversed(view.documents)))

    def open_detail(self, number: str) -> None:
        from counter_tui.tui.screens.case_detail import CaseDetailScreen

        self.push_screen(CaseDetailScreen(number))

    def show_documents(
        self,
        caption: str,
        documents: Sequence[IssuedDocument],
        *,
        index: int = 0,
        reprint: bool = False,
        back: bool = False,
        replace: bool = False,
    ) -> None:
        """The documents in the preview, where P prints; ``caption`` heads it when there
        is none. ``back``: Esc returns to the screen below instead of home. ``replace``:
        in place of the current screen."""
        from counter_tui.tui.screens.decision import DocumentScreen

        screen = DocumentScreen(caption, list(documents), index=index, reprint=reprint, back=back)
        self._open(screen, replace)

    def preview_issue(
        self,
        caption: str,
        documents: Sequence[IssuedDocument],
        issue: Callable[[], None],
        note: str = "",
    ) -> None:
        """The documents a decision would issue, before it is taken, with ``note`` on
        what else it does: Enter calls ``issue``, Esc goes back with nothing done."""
        from counter_tui.tui.screens.document_view import IssuePreview

        def answered(confirmed: object) -> None:
            if confirmed is True:
                issue()

        self.push_screen(IssuePreview(caption, list(documents), note), answered)

    def open_guide(self, item_id: int) -> None:
        from counter_tui.tui.screens.guide import GuideScreen

        self.push_screen(GuideScreen(item_id))

    def action_queue(self) -> None:
        """F5: the queue; from a case opened in it, back to that queue (its filters kept)."""
        from counter_tui.tui.screens.queue import QueueScreen

        for depth, screen in enumerate(reversed(self.screen_stack)):
            if isinstance(screen, QueueScreen):
                for _ in range(depth):
                    self.pop_screen()
                return
        self.show_kept("queue", QueueScreen)

    def action_find_case(self) -> None:
        from counter_tui.tui.screens.cases import FindCaseScreen

        if not isinstance(self.screen, FindCaseScreen):
            self.push_screen(FindCaseScreen())

    def action_reports(self) -> None:
        from counter_tui.tui.screens.reports import ReportsScreen

        if not isinstance(self.screen, ReportsScreen):
            self.push_screen(ReportsScreen())

    def action_projects(self) -> None:
        from counter_tui.tui.screens.projects import ProjectsScreen

        if not isinstance(self.screen, ProjectsScreen):
            self.push_screen(ProjectsScreen())

    def open_project_board(self, name: str) -> None:
        from counter_tui.tui.screens.projects import ProjectBoardScreen

        self.push_screen(ProjectBoardScreen(name))

    def action_handover(self) -> None:
        """F4: what waits for the clerk to take over comes first (the oldest); else their
        own handover."""
        from counter_tui.services.handover.handover import pending_handovers_for
        from counter_tui.tui.screens.handover import HandoverScreen, TakeOverScreen

        if isinstance(self.screen, (HandoverScreen, TakeOverScreen)):
            return
        waiting = self.call(pending_handovers_for, self.today())
        if waiting is REFUSED:
            return
        self.push_screen(TakeOverScreen(waiting[0].id) if waiting else HandoverScreen())

    def action_windows(self) -> None:
        from counter_tui.tui.screens.windows import WindowsScreen

        if not isinstance(self.screen, WindowsScreen):
            self.push_screen(WindowsScreen())

    def action_staff(self) -> None:
        from counter_tui.tui.screens.staff import StaffScreen

        if not isinstance(self.screen, StaffScreen):
            self.push_screen(StaffScreen())

    def action_departments(self) -> None:
        from counter_tui.tui.screens.departments import DepartmentsScreen

        if not isinstance(self.screen, DepartmentsScreen):
            self.push_screen(DepartmentsScreen())

    def action_profile(self) -> None:
        from counter_tui.tui.screens.profile import ProfileScreen

        if not isinstance(self.screen, ProfileScreen):
            self.push_screen(ProfileScreen())

    def action_approvals(self) -> None:
        from counter_tui.tui.screens.approvals import ApprovalsScreen

        if not isinstance(self.screen, ApprovalsScreen):
            self.push_screen(ApprovalsScreen())

    def action_follow_ups(self) -> None:
        from counter_tui.tui.screens.follow_ups import FollowUpsScreen

        if not isinstance(self.screen, FollowUpsScreen):
            self.push_screen(FollowUpsScreen())

    # --- help, quit, the palette --------------------------------------------------------

    def action_help(self) -> None:
        from counter_tui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
        else:
            self.push_screen(HelpScreen(self.screen))

    def action_command_palette(self) -> None:
        """Textual's palette, with a translated prompt; never over the lock."""
        if self.use_command_palette and not self.locked and not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=_("Search for commands…"))
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.locked or (self.session is not None and self.session.must_change_pin):
            return action in ALLOWED_WHEN_LOCKED
        if self.session is None:
            return action not in NEEDS_SIGNED_IN
        for actions, roles, _whom in ROLE_GATES:
            if self.session.role not in roles and any(action == a.action for a in actions):
                return False
        from counter_tui.tui.screens.lookup import LookupScreen

        if action == PROJECTS.action:  # the approvers, the administrator, a project's liaison
            return self.session.role in (*APPROVER_ROLES, "admin") or self.liaison
        if action == CONSULT.action:  # on its own form: already there
            from counter_tui.tui.screens.consult import ConsultScreen

            return not isinstance(self.screen, ConsultScreen)
        # F3 on the lookup itself: already there (and the footer has no room to say it).
        return not (action == GUIDES.action and isinstance(self.screen, LookupScreen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers what the keys would do here, for this staff member."""
        if self.locked:
            return
        for action in PALETTE:
            if self.check_action(action.action, ()):
                run = getattr(self, f"action_{action.action}")
                yield SystemCommand(_(action.label), _(action.help), run)
