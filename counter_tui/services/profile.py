"""The centre's profile as documents and screens read it: its name, a department's name."""

from counter_tui.store.models import Department
from counter_tui.store.settings import setting

CENTRE_NAME_SETTING = "centre_name"


def centre_name() -> str:
    return setting(CENTRE_NAME_SETTING) or ""


def department_name(department_id: int | None) -> str:
    """A department's full name; empty for staff without one (the admin)."""
    department = Department.get_or_none(Department.id == department_id)
    return department.name if department else ""
