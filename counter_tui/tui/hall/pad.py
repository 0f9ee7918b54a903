"""The rating pad (评价器, docs/rules.md §11 and §24): ``counter-tui pad --device CODE``.

A small terminal beside a window, bound to it by the administrator, with no sign-in.
Idle, it shows the window and who serves there. When the clerk finishes a service, the
pad shows what was done and asks for 1–5 on the numeric keypad; 4 and 5 (差评) ask for a
reason by its digit, Enter finishes; a thank-you, then idle again. It reads the database
every second, through the hall's ``read`` (``device.py``: the database away is said and
waited out). It reads nothing but what it shows and writes nothing but the applicant's
rating (``services/tracking/ratings.py``: ``pad_view``, ``rate_on_pad``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from counter_tui.domain.errors import DomainError
from counter_tui.domain.ratings import (
    RATING_LABELS,
    REASON_LABELS,
    SERVICE_LABELS,
    PoorReason,
    RatingLevel,
    is_poor,
)
from counter_tui.domain.tickets import DeviceKind
from counter_tui.i18n import _, explain
from counter_tui.services.centre.devices import DeviceView
from counter_tui.services.profile import centre_name
from counter_tui.services.tracking.ratings import PadRequest, PadView, pad_view, rate_on_pad
from counter_tui.tui.counter import REFUSED
from counter_tui.tui.hall.device import HallApp

POLL_SECONDS = 1.0  # a new request shows within a second
THANKS_SECONDS = 4.0
REASONS = tuple(PoorReason)  # 1 … 6 on the keypad, in the list's order


class PadApp(HallApp):
    """The pad of ``device``. ``clock`` gives the services' ``at=`` (by default the
    hall's: None, their own clock, unless the day is frozen)."""

    KIND: ClassVar = DeviceKind.PAD
    BINDINGS: ClassVar = [
        *(Binding(str(digit), f"digit({digit})", show=False) for digit in range(1, 10)),
        Binding("enter", "finish", show=False),
        Binding("escape", "back", show=False),
    ]

    def __init__(
        self,
        device: DeviceView,
        *,
        today: Callable[[], date] | None = None,
        clock: Callable[[], datetime | None] | None = None,
    ) -> None:
        super().__init__(device, today=today)
        self.clock = clock or self.now
        self.view: PadView | None = None
        self.asking: PadRequest | None = None  # the request the applicant is rating
        self.level: RatingLevel | None = None  # chosen, waiting for a reason
        self.reason: PoorReason | None = None
        self.thanking = False
        self.said = ""  # a refusal: timed out, or a later service is asked
        self.centre = ""

    def compose(self) -> ComposeResult:
        yield Static(id="head")
        yield Static(id="pad-body")
        yield Static(id="said")
        yield self.away_line()

    def on_mount(self) -> None:
        self.title = _("Rating pad")
        self.poll()
        self.set_interval(POLL_SECONDS, self.poll, name="pad-poll")

    # --- reading ----------------------------------------------------------------------

    def poll(self) -> None:
        """Read the window's state again; a new request is asked at once, one that timed
        out or was taken back is dropped. The database away: what is shown stays."""
        if not self.still_bound():
            self.view, self.asking, self.level, self.reason = None, None, None, None
            self.show()
            return
        view = self.read(pad_view, self.device.code, at=self.clock())
        if view is REFUSED:
            return
        centre = self.read(centre_name)
        if centre is REFUSED:
            return
        self.view, self.centre = view, centre
        if not self.thanking:
            if view.request is None or (self.asking and view.request.id != self.asking.id):
                self.asking, self.level, self.reason = view.request, None, None
            elif self.asking is None:
                self.asking = view.request
        self.show()

    # --- the keys ---------------------------------------------------------------------

    def action_digit(self, digit: int) -> None:
        if self.thanking or self.asking is None:
            return
        if self.level is None:
            if 1 <= digit <= 5:
                self.level = RatingLevel(digit)
                if not is_poor(self.level):
                    self.submit()
        elif 1 <= digit <= len(REASONS):
            self.reason = REASONS[digit - 1]
        self.show()

    def action_finish(self) -> None:
        if self.asking is not None and self.level is not None and self.reason is not None:
            self.submit()

    def action_back(self) -> None:
        """Back to the five levels (a 4 or 5 pressed by mistake)."""
        if not self.thanking:
            self.level, self.reason = None, None
            self.show()

    def submit(self) -> None:
        assert self.asking is not None and self.level is not None
        request, level, reason = self.asking.id, self.level, self.reason
        try:
            done = self.read(rate_on_pad, self.device.code, request, level, reason, at=self.clock())
        except DomainError as error:  # timed out, or a later service is asked
            self.said = explain(error)
            self.asking, self.level, self.reason = None, None, None
            self.show()
            return
        if done is REFUSED:  # the database away: the choice stays, Enter tries again
            return
        self.said, self.thanking = "", True
        self.asking, self.level, self.reason = None, None, None
        self.show()
        self.set_timer(THANKS_SECONDS, self._thanked)

    def _thanked(self) -> None:
        self.thanking = False
        self.poll()

    # --- drawing ----------------------------------------------------------------------

    def show(self) -> None:
        self.show_head(self.centre, _("Rating pad"))
        self.query_one("#pad-body", Static).update(self._body())
        said = self.refused or self.said
        self.query_one("#said", Static).update(Text(said, style="bold"))

    def _window_line(self) -> str:
        if self.view is None:
            return ""
        line = _("Window {n}").format(n=self.view.window)
        if self.view.serving:
            line += "  " + _("Serving you: {name}").format(name=self.view.serving)
        return line

    def _body(self) -> Text:
        if self.refused:  # said on the line below: nothing more is shown
            return Text("")
        lines = [self._window_line(), ""]
        if self.thanking:
            return Text("\n".join([*lines, _("Thank you for your rating.")]), style="bold")
        if self.asking is None:
            return Text("\n".join([*lines, _("Welcome")]))
        lines.append(_(SERVICE_LABELS[self.asking.kind]))
        if self.asking.bundle_name:  # a bundle case's step: the bundle, not one item of it
            lines.append(_("Bundle: {name}").format(name=self.asking.bundle_name))
        elif self.asking.item_name:
            lines.append(self.asking.item_name)
        lines.append("")
        if self.level is None:
            lines.append(_("How satisfied are you? Press 1 to 5:"))
            lines += [f"{level.value}  {_(RATING_LABELS[level])}" for level in RatingLevel]
        else:
            lines.append(
                _("You chose {level}. Why? Press a number, then Enter:").format(
                    level=_(RATING_LABELS[self.level])
                )
            )
            for number, reason in enumerate(REASONS, start=1):
                mark = "▶ " if reason is self.reason else "  "
                lines.append(f"{mark}{number}  {_(REASON_LABELS[reason])}")
            lines.append(_("Esc: back to the five levels"))
        return Text("\n".join(lines))
