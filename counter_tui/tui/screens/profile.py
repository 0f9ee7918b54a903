"""The centre's profile, for an administrator (Ctrl+J): its address, complaint phone,
reconsideration body, court and opening hours per weekday, listed; Enter changes them in
one box. The service judges each value and refuses with its words."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.widgets import DataTable

from counter_tui.domain.centre import WEEKDAYS
from counter_tui.domain.errors import N_
from counter_tui.i18n import _
from counter_tui.services.profile import Profile, centre_profile, set_profile
from counter_tui.tui.keys import EDIT_PROFILE
from counter_tui.tui.screens.base import REFUSED
from counter_tui.tui.screens.prompts import FieldsPrompt
from counter_tui.tui.screens.rows import RowsScreen

DAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"))
WEEKDAY_LABELS = dict(zip(WEEKDAYS, (*DAY_NAMES, N_("Saturday"), N_("Sunday")), strict=True))
# What Enter changes, in the box's order: the profile's field and its label.
EDITABLE = (
    ("address", N_("Address")),
    ("complaint_phone", N_("Complaint phone")),
    ("reconsideration_body", N_("Reconsideration body")),
    ("court", N_("Court")),
)
LONGEST = 200


def column_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    return {"field": natural["field"], "value": max(8, available - natural["field"])}


class ProfileScreen(RowsScreen[str]):
    HINT = N_("The centre's profile, as its documents print it. Enter changes it.")
    SUB_TITLE = N_("Centre profile")
    BINDINGS: ClassVar = [EDIT_PROFILE.binding()]

    def reload(self) -> None:
        profile = centre_profile()
        shown = [
            (_("Centre name"), profile.name),
            (_("Time zone"), profile.timezone),
            *((_(label), getattr(profile, field)) for field, label in EDITABLE),
            *((_(WEEKDAY_LABELS[day]), profile.hours_of(day) or _("closed")) for day in WEEKDAYS),
        ]
        self.lines = [label for label, _value in shown]
        rows = [{"field": label, "value": value or "—"} for label, value in shown]
        headers = {"field": "", "value": ""}
        self.table.show_header = False  # the labels say what each line is
        self.fill(headers, rows, [str(n) for n in range(len(rows))], column_widths)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_profile()

    def action_edit_profile(self) -> None:
        profile = centre_profile()

        def answered(values: tuple[str, ...] | None) -> None:
            if values is None:
                return
            given = dict(zip((field for field, _label in EDITABLE), values, strict=False))
            changed: Profile = replace(profile, **given, opening_hours=values[len(EDITABLE) :])
            if self.call(set_profile, changed) is not REFUSED:
                self.notify(_("The centre's profile is saved"), markup=False)
                self.reload()

        fields = [(_(label), getattr(profile, field)) for field, label in EDITABLE]
        fields += [(_(WEEKDAY_LABELS[day]), profile.hours_of(day)) for day in WEEKDAYS]
        self.app.push_screen(
            FieldsPrompt(_("Centre profile"), fields, max_length=LONGEST), answered
        )
