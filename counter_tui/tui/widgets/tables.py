"""Tables that fit the terminal: every cell cut to its column, Chinese counted as two cells.

A DataTable sizes its columns to their content; the screens here size them to the
terminal instead (no horizontal scrolling at 80 columns), so each cell is cut with
``fit`` before it goes in, and the table's own cell padding is off: ``GAP`` blank
cells open every column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
from textual.widgets import DataTable

from counter_tui.documents import wrap as breaking
from counter_tui.domain.deadlines import Limit
from counter_tui.i18n import _
from counter_tui.services.cases.queue import QueueLine
from counter_tui.tui.labels import (
    LIGHT_STYLES,
    light_label,
    limit_label,
    remaining_text,
    short_due_text,
    state_label,
)
from counter_tui.tui.review_text import short_review_text
from counter_tui.tui.widgets.text import clean, fit, width_of

GAP = 1  # one blank cell before every column (the table's own padding is off)
SCROLLBAR = 1  # cells kept free for the vertical scrollbar (scrollbar-size-vertical: 1)

# (natural widths by column, cells available) → widths by column
ColumnWidths = Callable[[dict[str, int], int], dict[str, int]]


def row_table(id: str) -> DataTable[Text]:
    """The program's list: a row cursor to move by keyboard, no cell padding (see GAP),
    zebra stripes to follow a row across 80 columns."""
    return DataTable(id=id, cursor_type="row", cell_padding=0, zebra_stripes=True)


class SidewaysTable(DataTable[Text]):
    """A row table wider than the screen, its first column kept in view: ←/→ move the
    rest by half a screen, not by a cell (the reports' figures, issue 21 item 25)."""

    def action_cursor_right(self) -> None:
        self.scroll_relative(x=self._step(), animate=False)

    def action_cursor_left(self) -> None:
        self.scroll_relative(x=-self._step(), animate=False)

    def _step(self) -> int:
        return max(1, self.scrollable_content_region.width // 2)


def sideways_table(id: str) -> SidewaysTable:
    table = SidewaysTable(id=id, cursor_type="row", cell_padding=0, zebra_stripes=True)
    table.fixed_columns = 1
    return table


FLEXIBLE = ("item", "applicant")  # the columns of a case list that share the leftover
MIN_FLEX = 6  # cells; a flexible column never gets narrower than this


def share_widths(
    natural: Mapping[str, int],
    available: int,
    columns: Sequence[str],
    capped: Mapping[str, int],
) -> dict[str, int]:
    """Widths of a case list's ``columns``: every column but item and applicant gets its
    natural width (cut at ``capped``); item and applicant share the rest, each at least
    MIN_FLEX and never more than it needs. Double-width text was measured in cells by
    the caller."""
    widths = {
        key: min(natural[key], capped.get(key, natural[key]))
        for key in columns
        if key not in FLEXIBLE
    }
    rest = available - sum(widths.values())
    item_need, applicant_need = natural["item"], natural["applicant"]
    if item_need + applicant_need <= rest:
        widths["item"], widths["applicant"] = item_need, applicant_need
    else:
        item = max(MIN_FLEX, min(item_need, rest // 2))
        applicant = max(MIN_FLEX, min(applicant_need, rest - item))
        item = max(MIN_FLEX, min(item_need, rest - applicant))
        widths["item"], widths["applicant"] = item, applicant
    return widths


def two_lines(header: str, width: int) -> str:
    """A header wider than ``width`` cells broken onto two lines as even as the
    line-breaking rules allow (at a space in English, between characters in Chinese); a
    line still too wide is cut where it is shown."""
    if cell_len(header) <= width:
        return header
    even = (cell_len(header) + 1) // 2
    while len(lines := breaking.wrap_paragraph(header, even, cell_len)) > 2:
        even += 1
    return "\n".join(line.text for line in lines)


def cell(value: str, width: int, style: str = "") -> Text:
    """A table cell: the gap, then the value cut to ``width`` cells."""
    return Text(" " * GAP, end="") + fit(value, width, style)


class TableCell:
    """A DataTable cell: the gap, then the value cut to its column, in a style. A
    DataTable measures every cell of every row it is given but draws only the rows in
    view: this cell knows its width, and is drawn only in view, as ``cell``'s Text
    would be drawn."""

    __slots__ = ("style", "value", "width")

    def __init__(self, value: str, width: int, style: str = "") -> None:
        self.value = cut(value, width)
        self.style = style
        self.width = GAP + cell_len(self.value)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Two segments, not a Text: the value was cut to its column, so there is nothing
        # to wrap or crop, and Text's way through them was 60 % of every cell drawn
        # (issue 17: 50 -> 20 us a cell; F5 draws about 130).
        yield Segment(" " * GAP)
        yield Segment(self.value, console.get_style(self.style) if self.style else None)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width)

    def __str__(self) -> str:
        return " " * GAP + self.value


def cut(value: str, width: int) -> str:
    """``value`` as ``fit`` shows it in ``width`` cells, as a string."""
    text = clean(value)
    return text if cell_len(text) <= width else fit(text, width).plain


def fit_columns(
    headers: Mapping[str, str],
    rows: Sequence[Mapping[str, str]],
    widths_for: ColumnWidths,
    width: int,
) -> dict[str, int]:
    """Each column's width (without its gap): what ``widths_for`` decides from the
    widest value of the column and the ``width`` there is."""
    natural = {
        key: max(
            [
                *(width_of(line) for line in headers[key].split("\n")),
                *(width_of(row[key]) for row in rows),
            ]
        )
        for key in headers
    }
    return widths_for(natural, width - GAP * len(headers) - SCROLLBAR)


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
    widths = fit_columns(headers, rows, widths_for, width)
    # A header of two lines (``two_lines``) makes the header row two lines high.
    table.header_height = max(header.count("\n") + 1 for header in headers.values())
    for key in columns:
        label = Text("\n").join(cell(line, widths[key]) for line in headers[key].split("\n"))
        table.add_column(label, width=GAP + widths[key], key=key)
    for number, (row, row_key) in enumerate(zip(rows, keys, strict=True)):
        style = styles[number] if styles else {}
        table.add_row(
            *(TableCell(row[key], widths[key], style.get(key, "")) for key in columns),
            key=row_key,
        )


def fill_case_table(
    table: DataTable[Text],
    lines: Sequence[QueueLine],
    columns: Sequence[str],
    widths_for: ColumnWidths,
    width: int,
) -> None:
    """A table of queue lines (the queue's, the home screen's) with these ``columns``:
    light, number, item, applicant, state, due (the promise), legal, remaining, owner.
    The two clocks' dates are short (month-day): the promise, the nearer, first. A
    received case's review in hours shows its due time and the hours:minutes left."""
    headers = {
        "light": _("Limit"),
        "number": _("Case no."),
        "item": _("Item"),
        "applicant": _("Applicant"),
        "state": _("State"),
        "due": limit_label(Limit.PROMISED),
        "legal": limit_label(Limit.LEGAL),
        "remaining": _("Days left"),
        "owner": _("Clerk"),
    }
    rows = [
        {
            "light": light_label(line.light, key_project=bool(line.key_project)),
            "number": line.number,
            "item": line.item_name,
            "applicant": line.applicant,
            "state": state_label(line.state),
            "due": short_due_text(line.deadline and line.deadline.promised)
            if line.review is None
            else line.review.short_due,  # the review's, in hours (docs/rules.md §19)
            "legal": short_due_text(line.deadline and line.deadline.legal),
            "remaining": remaining_text(line.remaining)
            if line.review is None
            else short_review_text(line.review),
            "owner": line.owner,
        }
        for line in lines
    ]
    fill_table(
        table,
        {key: headers[key] for key in columns},
        [{key: row[key] for key in columns} for row in rows],
        keys=[line.number for line in lines],
        widths_for=widths_for,
        width=width,
        styles=[
            {"light": LIGHT_STYLES[line.light], "remaining": LIGHT_STYLES[line.light]}
            for line in lines
        ],
    )
