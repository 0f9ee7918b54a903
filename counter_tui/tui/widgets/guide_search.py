"""Item search (办事指南查询): a field and the items that match it, updated with each key.

The same widget serves the guide lookup (F3) and, later, the item choice in intake:
it only posts ``GuideSearch.Chosen`` with the item, and the screen decides what
choosing means.

The focus stays in the field the whole time: ↑/↓ (and PgUp/PgDn) move the highlight
in the list, Enter chooses the highlighted item, so a clerk types ``qzsn`` Enter and
is there. None of these keys is a priority binding: they all travel through the
field's queue in the order they were typed, so Enter right after the last letter (or
after ↓) never acts on the list of a moment before. The index is the app's
(``CounterApp.guide_index``), loaded once in a worker; each key searches it in memory
and never touches the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from counter_tui.i18n import _, ngettext
from counter_tui.services.catalog.guide_search import GuideHit, GuideIndex
from counter_tui.tui.keys import (
    CHOOSE_ITEM,
    GUIDES_DOWN,
    GUIDES_PAGE_DOWN,
    GUIDES_PAGE_UP,
    GUIDES_UP,
    translate_bindings,
)
from counter_tui.tui.labels import kind_word
from counter_tui.tui.widgets.fields import TextField
from counter_tui.tui.widgets.tables import fill_table, row_table
from counter_tui.tui.widgets.text import plain

if TYPE_CHECKING:
    from counter_tui.tui.counter import Counter

RESULTS = 50  # more than a screen holds; nobody reads further than that
MAX_QUERY = 100  # characters; no item name comes near
COLUMNS = ("code", "name", "department", "kind")
CAPPED = {"code": 14, "department": 10}  # cut (with an ellipsis) beyond this
MIN_NAME = 8  # cells; the name gets what the other columns leave, never less than this


def column_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    """Code, department and kind as wide as they need (within their caps); the name
    takes the rest. Widths are in terminal cells, double-width text measured as two."""
    widths = {
        key: min(natural[key], CAPPED.get(key, natural[key])) for key in COLUMNS if key != "name"
    }
    widths["name"] = max(MIN_NAME, available - sum(widths.values()))
    return widths


class SearchField(TextField):
    """The query field: Enter is its own key here, with a word in the footer."""

    BINDINGS: ClassVar = [CHOOSE_ITEM.binding()]

    def __init__(
        self, *args: object, words: tuple[str, str] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self, {CHOOSE_ITEM.action: words} if words else None)

    async def action_choose(self) -> None:
        await self.action_submit()


# How many times ``limit`` results are searched when the own department comes first.
OWN_DEPARTMENT_REACH = 5


class GuideSearch(Vertical):
    """A search field over the item catalog and the best matches under it."""

    BINDINGS: ClassVar = [
        GUIDES_UP.binding(),
        GUIDES_DOWN.binding(),
        GUIDES_PAGE_UP.binding(),
        GUIDES_PAGE_DOWN.binding(),
    ]

    class Chosen(Message):
        """The clerk chose an item (Enter, or a click on the highlighted row)."""

        def __init__(self, search: GuideSearch, hit: GuideHit) -> None:
            super().__init__()
            self.search = search
            self.hit = hit

        @property
        def item_id(self) -> int:
            return self.hit.item_id

        @property
        def code(self) -> str:
            return self.hit.code

        @property
        def control(self) -> GuideSearch:
            return self.search

    def __init__(
        self,
        query: str = "",
        *,
        limit: int = RESULTS,
        choose_words: tuple[str, str] | None = None,
        department: str = "",
        id: str | None = None,
    ) -> None:
        """``choose_words``: the footer word and help line of Enter (English msgids), when
        choosing means something else than opening the guide (intake: "Choose").
        ``department``: its items come first (intake: a clerk takes their own items)."""
        super().__init__(id=id)
        self._initial_query = query
        self._choose_words = choose_words
        self._department = department
        self.limit = limit
        self.hits: list[GuideHit] = []
        self._searched: tuple[GuideIndex | None, str] | None = None

    @property
    def counter_app(self) -> Counter:
        return cast("Counter", self.app)

    def compose(self) -> ComposeResult:
        yield SearchField(
            self._initial_query,
            words=self._choose_words,
            placeholder=_("Item name, pinyin initials (qzsn), code or department"),
            max_length=MAX_QUERY,
            select_on_focus=False,
            id="guide-query",
        )
        yield Static("", id="guide-caption", markup=False)
        table = row_table("guide-results")
        table.can_focus = False  # the field keeps the focus; ↑/↓ reach the list from there
        yield table

    def on_mount(self) -> None:
        self.watch(self.app, "guide_index", self._index_changed, init=True)

    # --- what other code uses ------------------------------------------------------------

    @property
    def field(self) -> Input:
        return self.query_one("#guide-query", Input)

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#guide-results", DataTable)

    @property
    def query(self) -> str:
        return self.field.value

    @property
    def highlighted(self) -> GuideHit | None:
        row = self.table.cursor_row
        return self.hits[row] if 0 <= row < len(self.hits) else None

    def choose(self) -> None:
        """Post ``Chosen`` for the highlighted item (nothing when the list is empty)."""
        self.refresh_results()  # the list always answers the field as it is now
        hit = self.highlighted
        if hit is not None:
            self.post_message(self.Chosen(self, hit))

    # --- keys --------------------------------------------------------------------------------

    def action_move(self, rows: int) -> None:
        if self.hits:
            row = min(max(self.table.cursor_row + rows, 0), len(self.hits) - 1)
            self.table.move_cursor(row=row)

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.table.scrollable_content_region.height - 1))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refresh_results()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.choose()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # A click on the highlighted row; the keyboard path goes through the field.
        event.stop()
        self.choose()

    def on_resize(self) -> None:
        self._show(keep=self.highlighted)

    # --- searching --------------------------------------------------------------------------

    def _index_changed(self, index: GuideIndex | None) -> None:
        self.refresh_results(keep=True)

    def refresh_results(self, keep: bool = False) -> None:
        """Search again; with ``keep``, the highlight stays on the same item if it is
        still listed (a reloaded index), else it goes to the best match (a new query)."""
        index = self.counter_app.guide_index
        query = self.field.value
        if self._searched == (index, query):
            return
        self._searched = (index, query)
        previous = self.highlighted if keep else None
        self.hits = [] if index is None else self._search(index, query)
        self._caption(index, query)
        self._show(keep=previous)

    def _search(self, index: GuideIndex, query: str) -> list[GuideHit]:
        if not self._department:
            return index.search(query, self.limit)
        # Look further, then keep the department's matches first, each group in rank order.
        hits = index.search(query, self.limit * OWN_DEPARTMENT_REACH)
        hits.sort(key=lambda hit: hit.department != self._department)
        return hits[: self.limit]

    def _caption(self, index: GuideIndex | None, query: str) -> None:
        count = len(self.hits)
        if index is None:
            text = _("Loading the item catalog…")
        elif not query.strip():
            text = _("Most used items. Type a name, pinyin initials, a code or a department.")
        elif not self.hits:
            text = _("No item matches “{query}”.").format(query=query.strip())
        elif count >= self.limit:
            text = _("The {count} best matches").format(count=count)
        else:
            text = ngettext("{n} item matches", "{n} items match", count).format(n=count)
        # One line, cut with an ellipsis by the style (app.tcss): the query is shown as typed.
        self.query_one("#guide-caption", Static).update(plain(text))

    def _show(self, keep: GuideHit | None = None) -> None:
        """Fill the table with ``self.hits``, columns cut to the width there is."""
        table = self.table
        headers = {
            "code": _("Item code"),
            "name": _("Item"),
            "department": _("Department"),
            "kind": _("Type"),
        }
        rows = [
            {
                "code": hit.code,
                "name": hit.name,
                "department": hit.department_short or hit.department,
                "kind": kind_word(hit.kind),
            }
            for hit in self.hits
        ]
        keys = [str(hit.item_id) for hit in self.hits]
        fill_table(table, headers, rows, keys, column_widths, table.size.width)
        if keep is not None:
            for position, hit in enumerate(self.hits):
                if hit.item_id == keep.item_id:
                    table.move_cursor(row=position, scroll=True)
                    break
