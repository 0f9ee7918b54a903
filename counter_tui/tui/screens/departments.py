"""The departments, for an administrator (Ctrl+A): code, short name, full name, approvers
and whether refusals need the chief's signature. Enter changes the highlighted one's names,
reconsideration body and delegation; S switches the chief's signature; A adds one. The
services judge everything and refuse with their words."""

from __future__ import annotations

from typing import ClassVar

from textual.widgets import DataTable

from counter_tui.domain.errors import N_
from counter_tui.i18n import _
from counter_tui.services.centre.departments import (
    DepartmentLine,
    add_department,
    list_departments,
    set_department,
)
from counter_tui.tui.counter import Refused
from counter_tui.tui.keys import ADD_DEPARTMENT, CHIEF_SIGNS, EDIT_DEPARTMENT
from counter_tui.tui.screens.prompts import FieldsPrompt
from counter_tui.tui.screens.rows import RowsScreen

LONGEST = 200  # a delegation's name and number


def column_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    widths = {key: natural[key] for key in ("code", "short_name", "approvers", "signs")}
    widths["name"] = max(8, available - sum(widths.values()))
    return widths


class DepartmentsScreen(RowsScreen[DepartmentLine]):
    HINT = N_("The departments. Enter changes the highlighted one.")
    SUB_TITLE = N_("Departments")
    BINDINGS: ClassVar = [
        EDIT_DEPARTMENT.binding(),
        CHIEF_SIGNS.binding(),
        ADD_DEPARTMENT.binding(),
    ]

    def reload(self) -> None:
        self.lines = list_departments()
        headers = {
            "code": _("Dept. code"),
            "short_name": _("Short name"),
            "name": _("Full name of the organ"),
            "approvers": _("Approvers"),
            "signs": _("Chief signs"),
        }
        rows = [
            {
                "code": line.code,
                "short_name": line.short_name,
                "name": line.name,
                "approvers": " ".join(line.approvers) or "—",
                "signs": _("yes") if line.chief_signs_refusals else _("no"),
            }
            for line in self.lines
        ]
        self.fill(headers, rows, [line.code for line in self.lines], column_widths)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def _changed(self, line: DepartmentLine | Refused) -> None:
        if isinstance(line, Refused):
            return
        self.notify(_("Department {code} saved").format(code=line.code), markup=False)
        self.reload()

    def action_edit(self) -> None:
        line = self.highlighted
        if line is None:
            return

        def answered(values: tuple[str, ...] | None) -> None:
            if values is None:
                return
            name, short_name, body, delegation = values
            changes = {"name": name, "short_name": short_name, "delegation": delegation}
            changes["reconsideration_body"] = body
            self._changed(self.call(set_department, line.code, **changes))

        fields = [
            (_("Full name"), line.name),
            (_("Short name"), line.short_name),
            (_("Reconsideration body"), line.reconsideration_body),
            (_("Delegation"), line.delegation),
        ]
        title = _("Department {code}").format(code=line.code)
        self.app.push_screen(FieldsPrompt(title, fields, max_length=LONGEST), answered)

    def action_chief_signs(self) -> None:
        if (line := self.highlighted) is not None:
            signs = not line.chief_signs_refusals
            self._changed(self.call(set_department, line.code, chief_signs_refusals=signs))

    def action_add_department(self) -> None:
        def answered(values: tuple[str, ...] | None) -> None:
            if values is not None:
                code, name, short_name = values
                self._changed(self.call(add_department, code, name, short_name))

        fields = [(_("Dept. code"), ""), (_("Full name"), ""), (_("Short name"), "")]
        self.app.push_screen(FieldsPrompt(_("New department"), fields), answered)
