"""The calling display (叫号屏, docs/rules.md §24): the last called numbers and their
windows in large characters, the latest first; the waiting per queue; read from the
database every second, so that a call shows within two; a new call flashes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from time import monotonic
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from counter_tui.domain.tickets import DeviceKind
from counter_tui.i18n import _
from counter_tui.services.centre.devices import DeviceView
from counter_tui.services.profile import centre_name
from counter_tui.services.tickets.reading import (
    CalledTicket,
    QueueCount,
    last_called,
    waiting_counts,
)
from counter_tui.tui.counter import REFUSED
from counter_tui.tui.hall.big import HEIGHT, big_rows, big_width
from counter_tui.tui.hall.device import HallApp
from counter_tui.tui.widgets.text import plain

REFRESH_SECONDS = 1.0  # a call shows within two seconds (issue 24)
FLASH_SECONDS = 5.0  # a new call is highlighted this long
BLINK_SECONDS = 0.5
CARD_ROWS = HEIGHT + 1  # a call's large characters and a blank line
MOST_CALLS = 24
MOST_SCALE = 4  # the latest call at most four times the others
NUMBER_STYLE = Style(color="bright_white", bold=True)
LATEST_STYLE = Style(color="bright_yellow", bold=True)
FLASH_STYLE = Style(color="black", bgcolor="bright_yellow", bold=True)


class Board(Widget):
    """The calls as large cards: the latest as large as the board allows (on a large
    terminal, several times the others), the earlier ones below it, in columns on a wide
    terminal, as many as it holds."""

    DEFAULT_CSS = "Board { height: 1fr; width: 1fr; }"

    def __init__(self) -> None:
        super().__init__(id="board")
        self.calls: list[CalledTicket] = []
        self.lit: set[int] = set()  # the ids of the calls highlighted now

    def show(self, calls: list[CalledTicket], lit: set[int]) -> None:
        self.calls, self.lit = calls, lit
        self.refresh()

    def _card(self, call: CalledTicket, latest: bool, scale: int) -> list[Text]:
        """A call: its number, an arrow, its window's number and the word "window"."""
        number_style = FLASH_STYLE if call.id in self.lit else NUMBER_STYLE
        window_style = LATEST_STYLE if latest else NUMBER_STYLE
        labels, windows = big_rows(call.label, scale), big_rows(str(call.window), scale)
        arrow = (HEIGHT * scale) // 2
        lines = []
        for row, (label, win) in enumerate(zip(labels, windows, strict=True)):
            line = Text(no_wrap=True)
            line.append(label, number_style)
            line.append(("▶" if row == arrow else "").center(5 * scale))
            line.append(win, window_style)
            if row == len(labels) - 1:
                line.append(" " + _("window"))
            lines.append(line)
        return lines

    def card_width(self, scale: int = 1) -> int:
        widest = max((len(call.label) for call in self.calls), default=4)
        return big_width("0" * widest, scale) + 5 * scale + big_width("00", scale) + 8

    def latest_scale(self) -> int:
        """The largest scale at which the latest call fits the board's width and, when
        others follow it, half its height."""
        room = self.size.height if len(self.calls) < 2 else self.size.height // 2
        scale = 1
        while (
            scale < MOST_SCALE
            and self.card_width(scale + 1) <= self.size.width
            and HEIGHT * (scale + 1) + 1 <= room
        ):
            scale += 1
        return scale

    def _columns(self) -> int:
        return max(1, (self.size.width + 4) // (self.card_width() + 4))

    def capacity(self) -> int:
        """How many calls the board holds at its size."""
        left = self.size.height + 1 - (HEIGHT * self.latest_scale() + 1)
        return 1 + self._columns() * max(0, left // CARD_ROWS)

    def render(self) -> RenderableType:
        if not self.calls:
            return Text(_("No number has been called yet today."), style="bold")
        width, columns = self.card_width(), self._columns()
        rows: list[Text] = [*self._card(self.calls[0], True, self.latest_scale()), Text("")]
        cards = [self._card(call, False, 1) for call in self.calls[1 : self.capacity()]]
        for start in range(0, len(cards), columns):
            group = cards[start : start + columns]
            for row in range(HEIGHT):
                line = Text(no_wrap=True)
                for index, card in enumerate(group):
                    if index:
                        line.append(" " * 4)
                    line.append_text(card[row])
                    line.pad_right(width - card[row].cell_len)
                rows.append(line)
            rows.append(Text(""))
        return Group(*rows)


class DisplayApp(HallApp):
    """The hall's calling display."""

    KIND: ClassVar = DeviceKind.DISPLAY

    def __init__(
        self,
        device: DeviceView,
        *,
        today: Callable[[], date] | None = None,
        refresh_seconds: float = REFRESH_SECONDS,
        flash_seconds: float = FLASH_SECONDS,
    ) -> None:
        super().__init__(device, today=today)
        self.refresh_seconds = refresh_seconds
        self.flash_seconds = flash_seconds
        self.calls: list[CalledTicket] = []
        self.counts: list[QueueCount] = []
        self.centre = ""
        self._newest: datetime | None = None  # the latest call read; None: none read yet
        self._flash_until: dict[int, float] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="head")
        yield Static(id="latest")
        yield Board()
        yield Static(id="waiting")
        yield self.away_line()

    def on_mount(self) -> None:
        self.title = _("Calling display")
        self.reload()
        self.set_interval(self.refresh_seconds, self.reload, name="reload")
        self.set_interval(BLINK_SECONDS, self.blink, name="blink")

    @property
    def flashing(self) -> set[int]:
        """The calls flashing now: new in the last ``flash_seconds``."""
        now = monotonic()
        return {ticket for ticket, until in self._flash_until.items() if until > now}

    def reload(self) -> None:
        """Read the calls and the counts again; the database away, keep what is shown."""
        if not self.still_bound():
            self._show_refused()
            return
        calls = self.read(last_called, MOST_CALLS, self.day())
        counts = self.read(waiting_counts, self.day())
        centre = self.read(centre_name)
        if calls is REFUSED or counts is REFUSED or centre is REFUSED:
            return
        # Called (again) since the last read: it flashes. The board at start does not.
        if self._newest is not None:
            until = monotonic() + self.flash_seconds
            for call in calls:
                if call.called_at > self._newest:
                    self._flash_until[call.id] = until
        self._newest = max([call.called_at for call in calls], default=self._newest)
        self.calls, self.counts, self.centre = calls, counts, centre
        self._show()

    def blink(self) -> None:
        """Flashing calls alternate highlighted and plain each BLINK_SECONDS."""
        flashing = self.flashing
        self._flash_until = {t: u for t, u in self._flash_until.items() if t in flashing}
        on = int(monotonic() / BLINK_SECONDS) % 2 == 0
        self.query_one(Board).show(self.calls, flashing if on or not flashing else set())

    def _show(self) -> None:
        self.show_head(self.centre, _("Calling display"))
        latest = ""
        if self.calls:
            call = self.calls[0]
            latest = _("Number {label}, please go to window {window}").format(
                label=call.label, window=call.window
            )
        self.query_one("#latest", Static).update(Text(latest, style="bold"))
        self.query_one(Board).show(self.calls, self.flashing)
        self.query_one("#waiting", Static).update(self._waiting())

    def _waiting(self) -> Text:
        text = Text(_("Waiting") + "  ", style="bold")
        for index, queue in enumerate(self.counts):
            if index:
                text.append("  │  ")
            text.append(f"{queue.prefix} ", style="bold")
            text.append_text(plain(queue.title))
            text.append(f" {queue.waiting}", style="bold")
        return text

    def _show_refused(self) -> None:
        self.calls = []
        self.query_one("#latest", Static).update(Text(self.refused, style="bold red"))
        self.query_one(Board).show([], set())
        self.query_one("#waiting", Static).update("")
