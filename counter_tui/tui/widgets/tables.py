"""Tables that fit the terminal: every cell cut to its column, Chinese counted as two cells.

A DataTable sizes its columns to their content; the screens here size them to the
terminal instead (no horizontal scrolling at 80 columns), so each cell is cut with
``fit`` before it goes in, and the table's own cell padding is off: ``GAP`` blank
cells open every column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.text import Text
from textual.widgets import DataTable

from counter_tui.tui.widgets.text import fit, width_of

GAP = 1  # one blank cell before every column (the table's own padding is off)
SCROLLBAR = 1  # cells kept free for the vertical scrollbar (scrollbar-size-vertical: 1)

# (natural widths by column, cells available) → widths by column
ColumnWidths = Callable[[dict[str, int], int], dict[str, int]]


def cell(value: str, width: int, style: str = "") -> Text:
    """A table cell: the gap, then the value cut to ``width`` cells."""
    return Text(" " * GAP, end="") + fit(value, width, style)


def fill_table(
    table: DataTable[Text],
    headers: Mapping[str, str],
    rows: Sequence[Mapping[str, str]],
    keys: Sequence[str],
    widths_for: ColumnWidths,
    width: int,
    styles: Sequence[Mapping[str, str]] = (),
) -> None:
    """Replace the columns and rows of ``table``: one column per header (in order), each
    as wide as ``widths_for`` decides from the widest value and the ``width`` there is;
    row ``n`` gets the key ``keys[n]`` and, per column, the style ``styles[n]`` names."""
    table.clear(columns=True)
    columns = list(headers)
    natural = {
        key: max([width_of(headers[key]), *(width_of(row[key]) for row in rows)]) for key in columns
    }
    widths = widths_for(natural, width - GAP * len(columns) - SCROLLBAR)
    for key in columns:
        table.add_column(cell(headers[key], widths[key]), width=GAP + widths[key], key=key)
    for number, (row, row_key) in enumerate(zip(rows, keys, strict=True)):
        style = styles[number] if styles else {}
        table.add_row(
            *(cell(row[key], widths[key], style.get(key, "")) for key in columns), key=row_key
        )
