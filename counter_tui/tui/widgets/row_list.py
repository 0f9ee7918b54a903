"""A list that changes with every key: the item search's results (widgets/guide_search.py).

It looks like the program's tables (``tables.row_table``: a header, zebra stripes, a
row cursor, no cell padding) but is drawn line by line from plain strings, and a new
list repaints only the lines that changed. A DataTable keys every cached cell on its
update count, so each refill re-rendered and re-measured every cell through Rich: most
of the ~45 ms a letter cost in the search (issue 17). The field keeps the focus, so the
list is never focused; a click chooses the row under the mouse, as in a DataTable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from counter_tui.tui.widgets.tables import GAP

# A cell: its text, already cut to the column (``text.fit``), and its style.
Cell = tuple[str, str]
MAX_LINES = 500  # lines kept drawn; a few screens of rows in each of their looks


class RowList(ScrollView, can_focus=False):
    """Rows of cells under a header line; ``show`` replaces them, ``move_cursor`` moves
    the highlight. Each column is ``GAP`` blank cells and then its text."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-list--header",
        "row-list--cursor",
        "row-list--even-row",
        "row-list--odd-row",
    }
    # A DataTable's colours (its DEFAULT_CSS), so the list looks like the other tables.
    DEFAULT_CSS = """
    RowList {
        background: $surface;
        color: $foreground;
        &:dark > .row-list--even-row {
            background: $surface-darken-1 40%;
        }
        & > .row-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .row-list--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .row-list--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .row-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    # Widget's virtual_size lays out the whole screen when it changes, and most letters
    # change the number of hits: each reflowed every widget (issue 17). Here it moves the
    # scrollbar alone, so it repaints, and the watcher below updates the scrollbar, which
    # lays out only when it comes or goes (docs/architecture.md §4.5).
    virtual_size = Reactive(Size(0, 0), repaint=True)

    class Selected(Message):
        """A row was clicked (the cursor is on it now)."""

        def __init__(self, row_list: RowList, row: int) -> None:
            super().__init__()
            self.row_list = row_list
            self.row = row

        @property
        def control(self) -> RowList:
            return self.row_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.header: tuple[Cell, ...] = ()
        self.rows: list[tuple[Cell, ...]] = []
        self.widths: tuple[int, ...] = ()
        self._cursor = 0
        # Lines drawn, by what they show; the styles they were drawn with.
        self._lines: dict[tuple[object, ...], Strip] = {}
        self._styles: dict[str, tuple[Style, ...]] = {}

    def watch_virtual_size(self, size: Size) -> None:
        self._scroll_update(size)  # Textual's own step after a layout

    @property
    def cursor_row(self) -> int:
        return self._cursor if self.rows else -1

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def show(
        self, header: Sequence[Cell], rows: Sequence[Sequence[Cell]], widths: Sequence[int]
    ) -> None:
        """Show these rows under this header, column ``n`` ``widths[n]`` cells wide
        (its gap included); the cursor goes to the first row. Only the lines that
        differ from what is shown are painted again."""
        header, widths = tuple(header), tuple(widths)
        new_rows = [tuple(row) for row in rows]
        if (header, widths) != (self.header, self.widths):
            changed = None  # every line
            if len(widths) != len(self.widths):
                self._styles.clear()
        else:
            old = [*self.rows, *([None] * (len(new_rows) - len(self.rows)))]
            changed = [n for n, row in enumerate(old) if n >= len(new_rows) or row != new_rows[n]]
            if self._cursor != 0 and self.rows:
                changed += [0, self._cursor]
        self.header, self.widths, self.rows = header, widths, new_rows
        self._cursor = 0
        self.virtual_size = Size(sum(widths), 1 + len(new_rows))
        if self.scroll_y:
            self.scroll_to(y=0, animate=False)
            changed = None
        self._repaint(changed)

    def move_cursor(self, row: int) -> None:
        """Highlight ``row`` and scroll it into view."""
        if not self.rows:
            return
        row = min(max(row, 0), len(self.rows) - 1)
        before, self._cursor = self._cursor, row
        self._repaint([before, row])
        shown = max(1, self.scrollable_content_region.height - 1)  # below the header
        top = int(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + shown:
            self.scroll_to(y=row - shown + 1, animate=False)

    def _repaint(self, rows: list[int] | None) -> None:
        if rows is None:
            self.refresh()
            return
        top, width = int(self.scroll_y), self.size.width
        for row in set(rows):
            self.refresh(Region(0, 1 + row - top, width, 1))

    # --- drawing ----------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._lines.clear()

    def _styles_of(self, kind: str) -> tuple[Style, ...]:
        """The style of each column's cells in a row of ``kind`` (header, even, odd,
        even-cursor, odd-cursor), then the style after the last column, as a DataTable
        composes them: the row's, the cursor's over it. Each column's style carries its
        number, so that neighbouring cells stay apart as in a DataTable."""
        if not self._styles:
            component = self.get_component_styles
            header = component("row-list--header").rich_style
            even = component("row-list--even-row").rich_style
            odd = component("row-list--odd-row").rich_style
            cursor = self.get_component_rich_style("row-list--cursor")
            rows = {
                "header": (header, Style()),
                "even": (even, Style()),
                "odd": (odd, Style()),
                "even-cursor": (even, cursor),
                "odd-cursor": (odd, cursor),
            }
            self._styles["base"] = (self.rich_style,)
            for name, (row_style, over) in rows.items():
                self._styles[name] = (
                    *(
                        row_style + Style.from_meta({"column": column}) + over
                        for column in range(len(self.widths))
                    ),
                    row_style + over + Style.from_meta({"out_of_bounds": True}),
                    Style.from_color(color=over.color),  # the cursor's colour wins
                )
        return self._styles[kind]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        row = -1 if y == 0 else y - 1 + int(self.scroll_y)
        if row >= len(self.rows):
            return Strip.blank(width, self._styles_of("base")[0])
        if row == -1:
            cells, kind = self.header, "header"
        else:
            cells = self.rows[row]
            kind = ("odd" if row % 2 else "even") + ("-cursor" if row == self._cursor else "")
        key = (kind, cells, self.widths, width)
        line = self._lines.get(key)
        if line is None:
            if len(self._lines) > MAX_LINES:
                self._lines.clear()
            line = self._lines[key] = self._line(cells, kind, width)
        return line

    def _line(self, cells: tuple[Cell, ...], kind: str, width: int) -> Strip:
        """One line as a DataTable draws it: each cell's style over its column's, the
        cursor's colour over both; the row's style to the right edge."""
        *columns, edge, after = self._styles_of(kind)
        segments: list[Segment] = []
        for (text, style), column, cell_width in zip(cells, columns, self.widths, strict=True):
            blank = column + after
            segments.append(Segment(" " * GAP, blank))
            if text:
                segments.append(Segment(text, column + Style.parse(style) + after))
            pad = cell_width - GAP - cell_len(text)
            if pad > 0:
                segments.append(Segment(" " * pad, blank))
        segments.append(Segment(" " * max(0, width - sum(self.widths)), edge))
        strip = Strip(segments).crop(0, width)
        return strip.adjust_cell_length(width, self._styles_of("base")[0]).simplify()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return  # the header
        row = offset.y - 1 + int(self.scroll_y)
        if row < len(self.rows):
            event.stop()
            self.move_cursor(row)
            self.post_message(self.Selected(self, row))
