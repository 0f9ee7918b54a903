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
from weakref import WeakSet

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

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
from counter_tui.tui.widgets.row_list import RowList
from counter_tui.tui.widgets.tables import GAP, cut, fit_columns
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


# The searches mounted now. A watcher that a widget registers on the app keeps the
# widget (and its screen) alive after it is removed, until the watched value changes:
# Textual prunes watchers only then (Textualize/textual#6666). So no search watches the
# app; the app's one watcher, ``_index_changed``, tells the searches of this set.
_SHOWN: WeakSet[GuideSearch] = WeakSet()


def _index_changed(index: GuideIndex | None) -> None:
    """A new index: each search shown searches it (one of another app finds its own
    app's index unchanged and does nothing)."""
    for search in list(_SHOWN):
        search.refresh_results(keep=True)


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
        self._caption_shown = ""

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
        # Not focusable: the field keeps the focus; ↑/↓ reach the list from there.
        yield RowList(id="guide-results")

    def on_mount(self) -> None:
        _SHOWN.add(self)
        # The app's own watcher, the same function each time: registered once per app.
        self.app.watch(self.app, "guide_index", _index_changed, init=False)
        self.refresh_results()

    def on_unmount(self) -> None:
        _SHOWN.discard(self)

    # --- what other code uses ------------------------------------------------------------

    @property
    def field(self) -> Input:
        return self.query_one("#guide-query", Input)

    @property
    def table(self) -> RowList:
        return self.query_one("#guide-results", RowList)

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
            self.table.move_cursor(self.table.cursor_row + rows)

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.table.scrollable_content_region.height - 1))

    def on_input_changed(self, event: Input.Changed) -> None:
        # No debounce: a lone key is searched at once, and keys that arrive together
        # (a fast typist, an input method's characters) are in the field before their
        # Changed messages come here, so the first searches the whole query and the
        # others find it searched already (refresh_results): one search per burst.
        event.stop()
        self.refresh_results()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.choose()

    def on_row_list_selected(self, event: RowList.Selected) -> None:
        # A click on a row; the keyboard path goes through the field.
        event.stop()
        self.choose()

    def on_resize(self) -> None:
        self._show(keep=self.highlighted)

    # --- searching --------------------------------------------------------------------------

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
        # One line, cut with an ellipsis by the style (app.tcss): the query is shown as
        # typed. Its size never changes, so no layout of the screen.
        if text != self._caption_shown:
            self._caption_shown = text
            self.query_one("#guide-caption", Static).update(plain(text), layout=False)

    def _show(self, keep: GuideHit | None = None) -> None:
        """Show ``self.hits``, columns cut to the width there is."""
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
        widths = fit_columns(headers, rows, column_widths, table.size.width)
        table.show(
            [(cut(headers[key], widths[key]), "") for key in COLUMNS],
            [[(cut(row[key], widths[key]), "") for key in COLUMNS] for row in rows],
            [GAP + widths[key] for key in COLUMNS],
        )
        if keep is not None:
            for position, hit in enumerate(self.hits):
                if hit.item_id == keep.item_id:
                    table.move_cursor(position)
                    break
