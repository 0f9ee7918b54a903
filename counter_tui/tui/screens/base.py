"""What every screen of the program shares: translated key words, Esc to go back, and
``call`` for a service whose refusal the clerk reads; and what every screen of one case
shares (``CaseScreen``, ``case_caption``)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual._styles_cache import StylesCache
from textual.screen import Screen
from textual.widgets import Static

from counter_tui.domain.errors import DomainError
from counter_tui.i18n import explain
from counter_tui.tui.counter import REFUSED, Refused, Result
from counter_tui.tui.keys import BACK, translate_bindings
from counter_tui.tui.widgets.bars import TitleBar
from counter_tui.tui.widgets.text import join, plain

if TYPE_CHECKING:
    from rich.text import Text

    from counter_tui.services.intake.case_view import CaseView
    from counter_tui.tui.counter import Counter


# Seconds between two looks at the database by a screen that shows what others change
# (the queue, the case detail) while it is on top.
REFRESH_SECONDS = 5.0


class CounterScreen(Screen[None]):
    """A full screen (nothing of the screen below shows through).

    A screen pushed on top of another sets ``CLOSES_ON_BACK``; Esc then closes it and
    the footer shows the key. Screens at the bottom of the stack (sign-in, home, lock)
    leave it off, so Esc is neither shown nor able to uncover anything.
    """

    BINDINGS: ClassVar = [BACK.binding()]
    CLOSES_ON_BACK: ClassVar[bool] = False

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        translate_bindings(self)
        self._styled_for: int | None = None  # the app's CSS count at the last restyle

    @property
    def counter_app(self) -> Counter:
        """The app, with its session, clock and catalog index, and the screens it opens."""
        return cast("Counter", self.app)

    def call(
        self, service: Callable[..., Result], *args: object, **kwargs: object
    ) -> Result | Refused:
        """The app's ``call``: ``service(session, *args, **kwargs)``, or REFUSED once the
        clerk has read why not."""
        return self.counter_app.call(service, *args, **kwargs)

    def call_in_worker(self, job: Callable[[], Result], failed: str) -> Result | Refused:
        """``job()`` in a worker thread; on a DomainError, or any failure (the database
        went away: ``failed`` with its ``{reason}``), the clerk reads why through the event
        loop and REFUSED is returned."""
        try:
            return job()
        except DomainError as error:
            message = explain(error)
        except Exception as error:  # a crash in a worker would otherwise go unseen
            message = failed.format(reason=error)
        self.app.call_from_thread(self.notify, message, severity="error", markup=False)
        return REFUSED

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == BACK.action:
            return self.CLOSES_ON_BACK
        return True

    def action_back(self) -> None:
        if self.CLOSES_ON_BACK and self.is_current:
            self.dismiss()

    def _on_unmount(self) -> None:
        # Textual's StylesCache.get_inner_outer is an lru_cache on a method: its 1,024
        # entries keep the style caches of closed widgets, with their drawn lines, alive
        # (Textualize/textual#6665). Emptied as each screen goes; it refills in a frame.
        # DataTable's _get_styles_to_render_cell is one too (32 entries keyed by the table),
        # looked up, not imported: the sign-in screen starts without DataTable.
        StylesCache.get_inner_outer.cache_clear()
        if data_table := sys.modules.get("textual.widgets._data_table"):
            data_table.DataTable._get_styles_to_render_cell.cache_clear()
        self.counter_app.screen_closed()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # The title line follows the app's title while the screen was covered (the key
        # line follows the bindings by itself).
        for bar in self.query_children(TitleBar):
            bar.show_title()
        # Textual restyles a screen each time it is pushed, which empties every widget's
        # drawn lines: the kept queue (F5, docs/architecture.md §4.3) shown again drew its
        # rows anew, 12 of its 21 ms. Its styles still hold unless the app's CSS changed
        # since they were set (a theme), which is Textual's own test when it switches
        # modes (App._css_update_count). Runs before Screen's handler, which reads it.
        css = self.app._css_update_count
        if css == self._styled_for:
            event.refresh_styles = False
        self._styled_for = css


class CaseScreen(CounterScreen):
    """A screen of one case: Esc goes back a step."""

    CLOSES_ON_BACK: ClassVar[bool] = True

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number

    def load(self, shows_ids: bool = False) -> CaseView | None:
        """The case; ``shows_ids``: for a screen that shows its ID numbers whole, which
        records that it did (docs/architecture.md §3.7)."""
        # Imported here: the sign-in screen, at start-up, needs none of a case (issue 10).
        from counter_tui.services.intake.case_view import load_applicant_form, load_case

        app = self.counter_app
        if shows_ids:
            view = self.call(load_applicant_form, self.number, today=app.today(), at=app.now())
        else:
            view = self.call(load_case, self.number, today=app.today(), now=app.now())
        return None if view is REFUSED else view


def caption_text(view: CaseView, applicant_name: str | None = None) -> Text:
    """Case number, item, applicant: the applicant as ``applicant_name`` says when the
    form is changing it, else as the draft holds it."""
    name = view.applicant.name if applicant_name is None else applicant_name
    parts = [plain(view.number, "bold"), plain(view.item_name)]
    if name.strip():
        parts.append(plain(name))
    return join(parts)


def case_caption(view: CaseView) -> Static:
    """The line over every step: case number, item, applicant."""
    return Static(caption_text(view), classes="case-caption")
