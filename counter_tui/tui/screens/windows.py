"""The windows and their A and B clerks (AB角), for an administrator (Ctrl+W): Enter on a
window sets its A and B clerk by staff code and its phone; F makes it its department's
一号窗口 (or no longer), C a comprehensive window (综合窗口, or no longer); A adds a window.
The services (services/centre/windows.py) judge every value: clerks of the window's
department, one A and one B place at most each, never both marks on one window (so one
column shows either)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from counter_tui.i18n import _
from counter_tui.services.centre.windows import add_window, set_window
from counter_tui.services.handover.staffing import WindowView, list_windows
from counter_tui.tui.keys import ADD_WINDOW, COMPREHENSIVE_WINDOW, FIRST_WINDOW, SET_CLERKS
from counter_tui.tui.screens.base import REFUSED, CounterScreen
from counter_tui.tui.screens.prompts import FieldsPrompt
from counter_tui.tui.widgets.bars import KeyBar, TitleBar
from counter_tui.tui.widgets.tables import fill_table, row_table
from counter_tui.tui.widgets.text import plain

COLUMNS = ("number", "department", "a", "b", "duty", "phone", "kind")


def column_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    widths = {key: natural[key] for key in COLUMNS if key != "department"}
    widths["department"] = max(8, available - sum(widths.values()))
    return widths


def _who(code: str, name: str) -> str:
    return f"{name} {code}" if code else "—"


def _kind(window: WindowView) -> str:
    """The department's 一号窗口 or a 综合窗口 (never both), or an ordinary window."""
    if window.first_window:
        return _("一号窗口")
    return _("综合窗口") if window.comprehensive else ""


class WindowsScreen(CounterScreen):
    CSS_PATH = "cases.tcss"
    CLOSES_ON_BACK: ClassVar[bool] = True
    AUTO_FOCUS = "#case-list"
    BINDINGS: ClassVar = [
        SET_CLERKS.binding(),
        FIRST_WINDOW.binding(),
        COMPREHENSIVE_WINDOW.binding(),
        ADD_WINDOW.binding(),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.windows: list[WindowView] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(
            plain(_("The windows, their A and B clerks and phones. Enter changes them.")),
            classes="case-hint",
        )
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
            "phone": _("Phone"),
            "kind": _("Type"),
        }
        rows = [
            {
                "number": str(w.number),
                "department": w.department,
                "a": _who(w.clerk_a, w.clerk_a_name),
                "b": _who(w.clerk_b, w.clerk_b_name),
                "duty": w.on_duty_name or "—",
                "phone": w.phone or "—",
                "kind": _kind(w),
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
        window = self._highlighted()
        if window is None:
            return

        def answered(values: tuple[str, ...] | None) -> None:
            if values is None:
                return
            a, b, phone = values
            changed = self.call(set_window, window.number, clerk_a=a, clerk_b=b, phone=phone)
            if changed is not REFUSED:
                self.notify(_("Window {number} changed.").format(number=window.number))
                self.reload()

        prompt = FieldsPrompt(
            _("Window {number}").format(number=window.number),
            [
                (_("A clerk"), window.clerk_a),
                (_("B clerk"), window.clerk_b),
                (_("Phone"), window.phone),
            ],
        )
        self.app.push_screen(prompt, answered)

    def action_first_window(self) -> None:
        window = self._highlighted()
        if window is not None:
            self._mark(window, first=not window.first_window)

    def action_comprehensive_window(self) -> None:
        window = self._highlighted()
        if window is not None:
            self._mark(window, comprehensive=not window.comprehensive)

    def _mark(self, window: WindowView, **marks: bool) -> None:
        """Put the 一号窗口 or the 综合窗口 mark on or off (the service refuses both)."""
        if self.call(set_window, window.number, **marks) is not REFUSED:
            self.reload()

    def action_add_window(self) -> None:
        def answered(values: tuple[str, ...] | None) -> None:
            if values is None:
                return
            number, department, phone = values
            added = self.call(add_window, number, department, phone=phone)
            if added is not REFUSED:
                self.notify(_("Window {number} added.").format(number=added.number))
                self.reload()

        prompt = FieldsPrompt(
            _("A new window"),
            [(_("Window number"), ""), (_("Department code"), ""), (_("Phone"), "")],
        )
        self.app.push_screen(prompt, answered)

    def _highlighted(self) -> WindowView | None:
        row = self.table.cursor_row
        return self.windows[row] if 0 <= row < len(self.windows) else None
