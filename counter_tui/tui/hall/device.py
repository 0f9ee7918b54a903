"""What the hall's devices share (docs/rules.md §24): started with the code the
administrator bound, no sign-in; every read through ``read``, which keeps the device
going through a database restart — a line says the database is away, the next read tries
again (the store reconnects, docs/architecture.md §2.1) and the line goes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import ClassVar, TypeVar

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Static

from counter_tui.domain.errors import DomainError
from counter_tui.domain.tickets import DeviceKind
from counter_tui.i18n import _, explain
from counter_tui.services.centre.devices import DeviceView, device_of_kind
from counter_tui.services.clock import centre_timezone
from counter_tui.tui.counter import REFUSED, Refused
from counter_tui.tui.trouble import DATABASE_AWAY
from counter_tui.tui.widgets.text import plain

T = TypeVar("T")

# A frozen day (tests, demos) is taken at this local time of day, as in the clerk's app.
FROZEN_HOUR = time(10)


class AwayLine(Static):
    """The line that says the database is away; hidden while it is there."""

    DEFAULT_CSS = """
    AwayLine { display: none; width: 1fr; background: $error; color: $text; padding: 0 1; }
    AwayLine.away { display: block; }
    """


class HallApp(App[None], inherit_bindings=False):
    """A device of the hall: bound to ``device``, of ``KIND``."""

    KIND: ClassVar[DeviceKind]
    CSS_PATH: ClassVar = "hall.tcss"
    ENABLE_COMMAND_PALETTE = False
    # Only the administrator's way out; a visitor's keys do nothing else.
    BINDINGS: ClassVar = [Binding("ctrl+q", "quit", show=False, priority=True)]

    away: reactive[bool] = reactive(False)
    refused: reactive[str] = reactive("")  # the device disabled or rebound meanwhile

    def __init__(self, device: DeviceView, *, today: Callable[[], date] | None = None) -> None:
        super().__init__()
        self.device = device
        self._frozen_today = today
        # Read once: the day's clock must not need the database (it may be away).
        self.zone = centre_timezone()

    def day(self) -> date | None:
        """The day the reads are of: None, the centre's today, unless frozen."""
        return self._frozen_today() if self._frozen_today else None

    def now(self) -> datetime | None:
        """The ``at=`` of a ticket taken: None (the services' clock) unless the day is
        frozen, then that day at FROZEN_HOUR local time, as a naive UTC timestamp."""
        if self._frozen_today is None:
            return None
        local = datetime.combine(self._frozen_today(), FROZEN_HOUR, tzinfo=self.zone)
        return local.astimezone(UTC).replace(tzinfo=None)

    def read(self, service: Callable[..., T], *args: object, **kwargs: object) -> T | Refused:
        """``service(*args, **kwargs)``; the database away: the away line, and REFUSED
        (the caller keeps what it shows and tries again on its next turn)."""
        try:
            result = service(*args, **kwargs)
        except DATABASE_AWAY:
            self.away = True
            return REFUSED
        self.away = False
        return result

    def still_bound(self) -> bool:
        """Whether the device is still bound as it started (the administrator may disable
        it while it runs): when not, it says why and shows nothing more."""
        try:
            found = self.read(device_of_kind, self.device.code, self.KIND)
        except DomainError as error:
            self.refused = explain(error)
            return False
        if found is not REFUSED:
            self.refused = ""
        return not self.refused

    def watch_away(self, away: bool) -> None:
        for line in self.query(AwayLine):
            line.set_class(away, "away")

    def show_head(self, centre: str, title: str) -> None:
        """The top line: the centre's name and what the device is."""
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append_text(plain(centre))
        head.append("  ·  " + title, style="bold")
        self.query_one("#head", Static).update(head)

    def away_line(self) -> AwayLine:
        return AwayLine(_("The database cannot be reached just now; trying again…"))
