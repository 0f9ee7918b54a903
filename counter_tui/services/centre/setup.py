"""Setting up a centre: its first administrator (the rest comes from a centre file,
services/centre/importing.py, or the department, window and staff commands)."""

from counter_tui.config import DEFAULT_TIMEZONE
from counter_tui.domain.errors import N_
from counter_tui.services.auth import create_staff
from counter_tui.services.errors import ServiceError
from counter_tui.services.profile import centre_name
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import Staff, database_proxy
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
