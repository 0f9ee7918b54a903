"""Setting up a centre: its first administrator, or a whole centre from a description."""

from collections.abc import Mapping
from typing import Any

from counter_tui.config import DEFAULT_TIMEZONE
from counter_tui.domain.errors import N_
from counter_tui.services.auth import create_staff
from counter_tui.services.errors import ServiceError
from counter_tui.services.profile import centre_name
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import Department, Staff, Window, database_proxy
from counter_tui.store.settings import set_setting


def is_initialised() -> bool:
    return Staff.select().where(Staff.role == "admin").exists()


def init_centre(name: str, admin_code: str, admin_name: str, pin: str) -> Staff:
    """First real setup: the centre's name and its first admin."""
    if not name.strip():
        raise ServiceError("centre.name", N_("The centre needs a name"))
    with write_transaction(database_proxy):
        if is_initialised():
            raise ServiceError(
                "centre.initialised",
                N_("This database is already set up: {name}"),
                name=centre_name(),
            )
        set_setting("centre_name", name.strip())
        set_setting("timezone", DEFAULT_TIMEZONE)
        admin = create_staff(admin_code, admin_name, "admin", pin)
        append_event("centre_initialised", staff=admin, data={"name": name.strip()})
    return admin


def load_centre(data: Mapping[str, Any]) -> None:
    """Create departments, staff and windows from a centre description (db/seed/centre.yaml)."""
    with write_transaction(database_proxy):
        centre = data["centre"]
        set_setting("centre_name", centre["name"])
        set_setting("timezone", centre.get("timezone", DEFAULT_TIMEZONE))
        departments = {}
        for entry in data["departments"]:
            departments[entry["code"]] = Department.create(
                code=entry["code"],
                name=entry["name"],
                short_name=entry["short_name"],
                chief_signs_refusals=bool(entry.get("chief_signs_refusals", False)),
            )
        staff = {}
        for entry in data["staff"]:
            department = departments.get(entry.get("department"))
            staff[entry["code"]] = create_staff(
                entry["code"],
                entry["name"],
                entry["role"],
                str(entry["pin"]),
                department.id if department else None,
            )
        for entry in data["departments"]:
            for window in entry.get("windows", []):
                clerk_a = staff[window["clerk_a"]]
                Window.create(
                    number=window["number"],
                    department=departments[entry["code"]],
                    phone=str(window.get("phone", "")),
                    clerk_a=clerk_a,
                    clerk_b=staff[window["clerk_b"]],
                    on_duty=clerk_a,
                )
        append_event("centre_loaded", data={"name": centre["name"]})
