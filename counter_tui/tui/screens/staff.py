"""The staff's accounts, for an administrator (Ctrl+E): each with its role, department and
state; on the highlighted one a new one-time PIN, the lock cleared, deactivated or enabled
again; a new account added. The services judge everything and refuse with their words
(an account with open work is not deactivated)."""

from __future__ import annotations

from typing import ClassVar

from counter_tui.domain.errors import N_
from counter_tui.i18n import _
from counter_tui.services.auth import ROLE_LABELS
from counter_tui.services.centre.staff import (
    StaffLine,
    add_staff,
    list_staff,
    reset_pin,
    set_active,
    unlock_staff,
)
from counter_tui.tui.keys import ADD_STAFF, DISABLE_STAFF, ENABLE_STAFF, RESET_PIN, UNLOCK
from counter_tui.tui.labels import role_label
from counter_tui.tui.screens.base import REFUSED
from counter_tui.tui.screens.prompts import AccountPrompt
from counter_tui.tui.screens.rows import RowsScreen


def column_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    widths = {key: natural[key] for key in ("code", "role", "department", "state")}
    widths["name"] = max(6, available - sum(widths.values()))
    return widths


def state_text(line: StaffLine) -> str:
    """Disabled, or active with what is to be done about it: locked, a one-time PIN."""
    if not line.active:
        return _("disabled")
    states = [_("locked")] if line.locked else []
    if line.must_change_pin:
        states.append(_("one-time PIN"))
    return ", ".join(states) or _("active")


class StaffScreen(RowsScreen[StaffLine]):
    HINT = N_("The staff's accounts. Keys act on the highlighted one.")
    SUB_TITLE = N_("Staff")
    BINDINGS: ClassVar = [
        RESET_PIN.binding(),
        UNLOCK.binding(),
        DISABLE_STAFF.binding(),
        ENABLE_STAFF.binding(),
        ADD_STAFF.binding(),
    ]

    def reload(self) -> None:
        self.lines = list_staff()
        headers = {
            "code": _("Staff code"),
            "name": _("Name"),
            "role": _("Role"),
            "department": _("Department"),
            "state": _("State"),
        }
        rows = [
            {
                "code": line.code,
                "name": line.name,
                "role": role_label(line.role),
                "department": line.department or "—",
                "state": state_text(line),
            }
            for line in self.lines
        ]
        self.fill(headers, rows, [line.code for line in self.lines], column_widths)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        line = self.highlighted
        if action in (RESET_PIN.action, DISABLE_STAFF.action):
            return line is not None and line.active
        if action == UNLOCK.action:
            return line is not None and line.locked
        if action == ENABLE_STAFF.action:
            return line is not None and not line.active
        return super().check_action(action, parameters)

    def _done(self, message: str, line: StaffLine) -> None:
        self.notify(message.format(name=line.name, code=line.code), markup=False)
        self.reload()

    def action_reset_pin(self) -> None:
        line = self.highlighted
        if line is None:
            return

        def answered(values: tuple[str, ...] | None) -> None:
            if values is not None and self.call(reset_pin, line.code, values[0]) is not REFUSED:
                self._done(_("{name} ({code}): a new one-time PIN, changed at the next sign-in"),
                           line)  # fmt: skip

        title = _("New one-time PIN for {name} ({code})").format(name=line.name, code=line.code)
        self.app.push_screen(AccountPrompt(title), answered)

    def action_unlock(self) -> None:
        if (line := self.highlighted) and self.call(unlock_staff, line.code) is not REFUSED:
            self._done(_("{name} ({code}) is unlocked"), line)

    def action_disable(self) -> None:
        if (line := self.highlighted) and self.call(set_active, line.code, False) is not REFUSED:
            self._done(_("{name} ({code}) is disabled"), line)

    def action_enable(self) -> None:
        if (line := self.highlighted) and self.call(set_active, line.code, True) is not REFUSED:
            self._done(_("{name} ({code}) is active again"), line)

    def action_add_staff(self) -> None:
        def answered(values: tuple[str, ...] | None) -> None:
            if values is None:
                return
            code, name, role, department, pin = values
            added = self.call(add_staff, code, name, role, pin, department or None)
            if added is not REFUSED:
                self._done(_("{name} ({code}) added, with a one-time PIN"), added)

        roles = [(role, _(label)) for role, label in ROLE_LABELS.items()]
        self.app.push_screen(AccountPrompt(_("New account"), roles), answered)
