"""The windows and their A and B clerks (AB角), for an administrator (Ctrl+W): Enter on a
window sets its A and B clerk by staff code; the service checks they belong to the
window's department and hold one A and one B place at most."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from counter_tui.i18n import _
from counter_tui.services.handover.staffing import WindowView, list_windows, set_window_clerks
from counter_tui.tui.keys import SET_CLERKS
from counter_tui.tui.screens.base import REFUSED, CounterScreen
from counter_tui.tui.screens.prompts import FieldsPrompt
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.tables import fill_table, row_table
from counter_tui.tui.widgets.text import plain

COLUMNS = ("number", "department", "a", "b", "duty")


def column_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    widths = {key: natural[key] for key in ("number", "a", "b", "duty")}
    widths["department"] = max(8, available - sum(widths.values()))
    return widths


def _who(code: str, name: str) -> str:
    return f"{name} {code}" if code else "—"


class WindowsScreen(CounterScreen):
    CSS_PATH = "cases.tcss"
    CLOSES_ON_BACK: ClassVar[bool] = True
    AUTO_FOCUS = "#case-list"
    BINDINGS: ClassVar = [SET_CLERKS.binding()]

    def __init__(self) -> None:
        super().__init__()
        self.windows: list[WindowView] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(plain(_("The windows' A and B clerks. Enter sets them.")), classes="case-hint")
        yield row_table("case-list")
        yield KeyBar()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#case-list", DataTable)

    def on_mount(self) -> None:
        self.sub_title = _("Windows")
        self.reload()

    def on_resize(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.windows = list_windows()
        headers = {
            "number": _("Window"),
            "department": _("Department"),
            "a": _("A clerk"),
            "b": _("B clerk"),
            "duty": _("On duty"),
        }
        rows = [
            {
                "number": str(w.number),
                "department": w.department,
                "a": _who(w.clerk_a, w.clerk_a_name),
                "b": _who(w.clerk_b, w.clerk_b_name),
                "duty": w.on_duty_name or "—",
            }
            for w in self.windows
        ]
        row = self.table.cursor_row
        fill_table(self.table, headers, rows, [str(w.number) for w in self.windows],
                   column_widths, self.size.width)  # fmt: skip
        if 0 <= row < len(rows):
            self.table.move_cursor(row=row, animate=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_set_clerks()

    def action_set_clerks(self) -> None:
        row = self.table.cursor_row
        if not 0 <= row < len(self.windows):
            return
        window = self.windows[row]

        def answered(codes: tuple[str, ...] | None) -> None:
            if codes is None:
                return
            if self.call(set_window_clerks, window.number, *codes) is REFUSED:
                return
            self.notify(
                _("Window {number}: A {a}, B {b}").format(
                    number=window.number, a=codes[0], b=codes[1]
                ),
                markup=False,
            )
            self.reload()

        prompt = FieldsPrompt(
            _("Window {number}").format(number=window.number),
            [(_("A clerk"), window.clerk_a), (_("B clerk"), window.clerk_b)],
        )
        self.app.push_screen(prompt, answered)
