"""Item guide lookup (F3 or Ctrl+G): search the catalog while typing, Enter opens a guide.

The screen stays under the guide it opens, so Esc from the guide comes back here
with the query and the highlight as they were. The app keeps one for the session and
shows it again at the next F3, its field emptied (docs/architecture.md §4.3).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult

from counter_tui.i18n import _
from counter_tui.tui.screens.base import CounterScreen
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.guide_search import GuideSearch


class LookupScreen(CounterScreen):
    AUTO_FOCUS = "#guide-query"
    CLOSES_ON_BACK: ClassVar[bool] = True

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._query = query

    @property
    def search(self) -> GuideSearch:
        return self.query_one(GuideSearch)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield GuideSearch(self._query, id="guide-search")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Item guide search")
        # Opening the screen is when a changed catalog (an import, another
        # workstation's intake) is picked up: checked in a worker, never per key.
        self.counter_app.refresh_guide_index()

    def start_again(self) -> None:
        """Opened again from elsewhere (the app keeps this screen for the session, F3): an
        empty field over the most used items, and the catalog checked as at the first."""
        self.search.field.value = ""
        self.counter_app.refresh_guide_index()

    def on_guide_search_chosen(self, event: GuideSearch.Chosen) -> None:
        event.stop()
        self.counter_app.open_guide(event.item_id)
