"""The rating pad (评价器, docs/rules.md §11 and §24): ``counter-tui pad --device CODE``.

A small terminal beside a window, bound to it by the administrator, with no sign-in. Idle,
it shows the window and who serves there. When the clerk finishes a service, the pad
shows what was done and asks for 1–5 on the numeric keypad; 4 and 5 (差评) ask for a
reason by its digit, Enter finishes; a thank-you, then idle again. It reads the database
every second and keeps going when the database is away for a while (docs/architecture.md
§2.1): it says so and tries again. It reads nothing but what it shows and writes nothing
but the applicant's rating (``services/tracking/ratings.py``: ``pad_view``, ``rate_on_pad``).

It is an app of its own, beside the clerk's (``tui/app.py``), and imports none of its
screens.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from peewee import InterfaceError, OperationalError
from rich.text import Text
from textual.app import App, ComposeResult
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
from counter_tui.i18n import _, explain
from counter_tui.services.tracking.ratings import PadRequest, PadView, pad_view, rate_on_pad

POLL_SECONDS = 1.0  # a new request shows within a second
THANKS_SECONDS = 4.0
REASONS = tuple(PoorReason)  # 1 … 6 on the keypad, in the list's order


def _unreachable(error: Exception) -> str:
    reason = str(error).strip().splitlines()[0] if str(error).strip() else "—"
    return _("The database cannot be reached just now ({reason}): trying again.").format(
        reason=reason
    )


class PadApp(App[None], inherit_bindings=False):
    """The pad of ``device_code``. ``now`` gives the services' ``at=`` (None: their clock)."""

    CSS = """
    Screen { align: center middle; }
    #pad-head { width: 100%; content-align: center middle; text-style: bold; height: 3; }
    #pad-body { width: 100%; height: 1fr; content-align: center middle; }
    #pad-status { width: 100%; height: 2; content-align: center middle; color: $warning; }
    """
    BINDINGS: ClassVar = [
        *(Binding(str(digit), f"digit({digit})", show=False) for digit in range(1, 10)),
        Binding("enter", "finish", show=False),
        Binding("escape", "back", show=False),
        Binding("ctrl+q", "quit", show=False),
    ]

    def __init__(self, device_code: str, now: Callable[[], datetime | None] | None = None) -> None:
        super().__init__()
        self.device_code = device_code
        self.now = now or (lambda: None)
        self.view: PadView | None = None
        self.asking: PadRequest | None = None  # the request the applicant is rating
        self.level: RatingLevel | None = None  # chosen, waiting for a reason
        self.reason: PoorReason | None = None
        self.thanking = False
        self.status = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="pad-head")
        yield Static("", id="pad-body")
        yield Static("", id="pad-status")

    def on_mount(self) -> None:
        self.title = _("Rating pad")
        self.poll()
        self.set_interval(POLL_SECONDS, self.poll, name="pad-poll")

    # --- reading ----------------------------------------------------------------------

    def poll(self) -> None:
        """Read the window's state again; a new request is asked at once, one that timed
        out or was taken back is dropped."""
        try:
            view = pad_view(self.device_code, at=self.now())
        except (OperationalError, InterfaceError) as error:
            self.status = _unreachable(error)
            self.show()
            return
        except DomainError as error:  # unbound or disabled meanwhile
            self.status = explain(error)
            self.view, self.asking, self.level = None, None, None
            self.show()
            return
        self.status, self.view = "", view
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
        try:
            rate_on_pad(self.device_code, self.asking.id, self.level, self.reason, at=self.now())
        except (OperationalError, InterfaceError) as error:
            self.status = _unreachable(error)  # the choice stays: Enter tries again
            self.show()
            return
        except DomainError as error:  # timed out, or a later service is asked
            self.status = explain(error)
            self.asking, self.level, self.reason = None, None, None
            self.show()
            return
        self.status, self.thanking = "", True
        self.asking, self.level, self.reason = None, None, None
        self.show()
        self.set_timer(THANKS_SECONDS, self._thanked)

    def _thanked(self) -> None:
        self.thanking = False
        self.poll()

    # --- drawing ----------------------------------------------------------------------

    def show(self) -> None:
        self.query_one("#pad-head", Static).update(self._head())
        self.query_one("#pad-body", Static).update(self._body())
        self.query_one("#pad-status", Static).update(Text(self.status))

    def _head(self) -> Text:
        if self.view is None:
            return Text(_("Rating pad"))
        head = _("Window {n}").format(n=self.view.window)
        if self.view.serving:
            head += "  " + _("Serving you: {name}").format(name=self.view.serving)
        return Text(head)

    def _body(self) -> Text:
        if self.thanking:
            return Text(_("Thank you for your rating."), style="bold")
        if self.asking is None:
            return Text(_("Welcome"))
        lines = [_(SERVICE_LABELS[self.asking.kind])]
        if self.asking.item_name:
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
