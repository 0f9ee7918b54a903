"""An item's guide (办事指南): everything the catalog says about it, and P to print it.

The words are those of the printed guide, laid out for the terminal with the materials
on the first screen (widgets/guide_view.py).

Printing runs in a worker thread on the app (tui/printing.py). F2 starts an intake for
the item.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from counter_tui.documents.guide import GuideContent, guide_content
from counter_tui.documents.pdf import print_guide
from counter_tui.domain.errors import DomainError
from counter_tui.i18n import _, explain
from counter_tui.services.catalog.guide import Guide, load_guide
from counter_tui.tui.keys import PRINT_GUIDE
from counter_tui.tui.printing import print_in_worker
from counter_tui.tui.screens.base import CounterScreen
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.guide_view import guide_view
from counter_tui.tui.widgets.text import plain

# Padding (one cell each side, guide.tcss) and the scrollbar's cell.
CHROME_COLUMNS = 3


def print_path(folder: Path, code: str, day: date) -> Path:
    """``<folder>/GA-001_2026-11-27.pdf``: the item code (as a safe file name) and the day."""
    safe = re.sub(r"[^\w-]+", "_", code).strip("_-") or "guide"
    return folder / f"{safe[:60]}_{day.isoformat()}.pdf"


class GuideScreen(CounterScreen):
    """One item version's guide, scrollable; Esc goes back to where it was opened."""

    CSS_PATH = "guide.tcss"
    AUTO_FOCUS = "#guide-body"
    CLOSES_ON_BACK: ClassVar[bool] = True
    # F2 / Ctrl+N (keys.INTAKE, bound on the app) starts an intake for this item: the app
    # hands the key to ``action_intake`` here.
    BINDINGS: ClassVar = [PRINT_GUIDE.binding()]

    def __init__(self, item_id: int) -> None:
        super().__init__()
        self.item_id = item_id
        self.guide: Guide | None = None
        self._content: GuideContent | None = None
        self._width = 0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="guide-body"):
            yield Static("", id="guide-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Item guide")
        try:
            self.guide = load_guide(self.item_id)
            self._content = guide_content(self.guide)
        except DomainError as error:
            self.query_one("#guide-text", Static).update(plain(explain(error), "bold"))
            self.refresh_bindings()
            return
        self._lay_out()

    def on_resize(self) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        width = self.size.width - CHROME_COLUMNS
        if self._content is None or width == self._width:
            return
        self._width = width
        self.query_one("#guide-text", Static).update(guide_view(self._content, width))

    @property
    def text(self) -> str:
        """The guide as shown (for tests and for the intake issue's preview)."""
        return str(self.query_one("#guide-text", Static).content)

    # --- printing --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == PRINT_GUIDE.action:
            return self.guide is not None
        return super().check_action(action, parameters)

    def action_print_guide(self) -> None:
        if self.guide is None:
            return
        app = self.counter_app
        path = print_path(app.print_dir, self.guide.code, app.today())
        guide, today = self.guide, app.today()
        print_in_worker(
            self.app,
            path,
            lambda: print_guide(guide, path, printed_on=today),
            busy=_("This guide is already being printed."),
            started=_("Printing the guide…"),
            failed=_("The guide could not be printed: {reason}"),
        )

    # --- intake ------------------------------------------------------------------------------

    def action_intake(self) -> None:
        """F2 / Ctrl+N here: an intake for this item (start_draft counts the use)."""
        if self.guide is not None:
            self.counter_app.start_intake(self.guide.code)
