"""What the list screens share (the administrator's staff and departments, the 差评
follow-ups): a hint, a table of rows whose keys act on the highlighted one, refilled
where the cursor was."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from counter_tui.i18n import _
from counter_tui.tui.screens.base import CounterScreen
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.tables import ColumnWidths, fill_table, row_table
from counter_tui.tui.widgets.text import plain

Row = TypeVar("Row")


class RowsScreen(CounterScreen, Generic[Row]):
    """``reload`` fills ``lines`` and the table (``fill``); ``HINT`` and ``SUB_TITLE`` are
    msgids."""

    CSS_PATH = "cases.tcss"
    CLOSES_ON_BACK: ClassVar[bool] = True
    AUTO_FOCUS = "#case-list"
    HINT: ClassVar[str] = ""
    SUB_TITLE: ClassVar[str] = ""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[Row] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(plain(_(self.HINT)), classes="case-hint")
        yield row_table("case-list")
        yield KeyBar()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#case-list", DataTable)

    @property
    def highlighted(self) -> Row | None:
        if not self.lines:  # asked before the table is filled, too
            return None
        row = self.table.cursor_row
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def on_mount(self) -> None:
        self.sub_title = _(self.SUB_TITLE)
        self.reload()

    def on_resize(self) -> None:
        self.reload()

    def reload(self) -> None:
        raise NotImplementedError

    def fill(
        self,
        headers: Mapping[str, str],
        rows: Sequence[Mapping[str, str]],
        keys: Sequence[str],
        widths: ColumnWidths,
        styles: Sequence[Mapping[str, str]] = (),
    ) -> None:
        """The table refilled, the cursor kept on its row, the keys shown anew; ``styles``
        as ``fill_table`` takes them."""
        row = self.table.cursor_row
        fill_table(self.table, headers, rows, keys, widths, self.size.width, styles)
        if 0 <= row < len(rows):
            self.table.move_cursor(row=row, animate=False)
        self.refresh_bindings()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.highlight_moved()

    def highlight_moved(self) -> None:
        """The keys follow the highlighted row; a subclass shows more of it."""
        self.refresh_bindings()
