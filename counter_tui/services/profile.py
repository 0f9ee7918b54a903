"""The centre's profile (docs/rules.md §17), the one reader and writer of its settings:
its name, address, time zone, opening hours, complaint phone, reconsideration body and
court; and a department's name."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial

from counter_tui.config import DEFAULT_TIMEZONE
from counter_tui.domain.centre import (
    WEEKDAYS,
    check_name,
    check_phone,
    check_timezone,
    format_hours,
    parse_hours,
)
from counter_tui.domain.errors import N_, Label
from counter_tui.services.auth import StaffSession, require_role
from counter_tui.services.clock import TIMEZONE_SETTING
from counter_tui.services.errors import PermissionDenied
from counter_tui.store.database import write_transaction
from counter_tui.store.events import append_event
from counter_tui.store.models import Department, Staff, database_proxy
from counter_tui.store.settings import set_setting, setting, settings

CENTRE_NAME_SETTING = "centre_name"
# The profile's fields, in the order the centre file writes them.
PROFILE_FIELDS = (
    "name",
    "address",
    "timezone",
    "opening_hours",
    "complaint_phone",
    "reconsideration_body",
    "court",
)
# The setting of each field but the opening hours, which have one per weekday.
SETTINGS = {
    "name": CENTRE_NAME_SETTING,
    "address": "centre_address",
    "timezone": TIMEZONE_SETTING,
    "complaint_phone": "complaint_phone",
    "reconsideration_body": "reconsideration_body",
    "court": "court",
}
HOURS_SETTINGS = {day: f"hours_{day}" for day in WEEKDAYS}


@dataclass(frozen=True)
class Profile:
    """The centre as its documents name it. ``opening_hours`` holds each weekday's
    periods in ``WEEKDAYS`` order ("08:30-12:00,13:30-17:00"; "" closed)."""

    name: str
    address: str = ""
    timezone: str = DEFAULT_TIMEZONE
    opening_hours: tuple[str, ...] = ("",) * len(WEEKDAYS)
    complaint_phone: str = ""  # 投诉监督电话
    reconsideration_body: str = ""  # 行政复议机关, e.g. 示范市人民政府
    court: str = ""  # 管辖人民法院

    def hours_of(self, day: str) -> str:
        return self.opening_hours[WEEKDAYS.index(day)]


def centre_name() -> str:
    return setting(CENTRE_NAME_SETTING) or ""


def centre_profile() -> Profile:
    """The stored profile, in one query; a field never set has its default."""
    stored = settings([*SETTINGS.values(), *HOURS_SETTINGS.values()])
    values = {field: stored.get(key, "") for field, key in SETTINGS.items()}
    return Profile(
        **{**values, "timezone": values["timezone"] or DEFAULT_TIMEZONE},
        opening_hours=tuple(stored.get(HOURS_SETTINGS[day], "") for day in WEEKDAYS),
    )


# The check of each field but the opening hours (``check_hours``): domain/centre.py's.
PROFILE_CHECKS: Mapping[str, Callable[[str], str]] = {
    "name": partial(check_name, field=Label(N_("Centre name"))),
    "address": partial(check_name, field=Label(N_("Address")), required=False),
    "timezone": check_timezone,
    "complaint_phone": check_phone,
    "reconsideration_body": partial(
        check_name, field=Label(N_("Reconsideration body")), required=False
    ),
    "court": partial(check_name, field=Label(N_("Court")), required=False),
}


def check_hours(value: str) -> str:
    """One weekday's opening hours, written the one way they are stored."""
    return format_hours(parse_hours(value))


def checked_profile(profile: Profile) -> Profile:
    """``profile`` with every value judged by domain/centre.py and written the way it is
    stored; raises ``CentreError``."""
    if len(profile.opening_hours) != len(WEEKDAYS):
        raise ValueError("opening_hours holds one entry per weekday")
    return replace(
        profile,
        **{field: check(getattr(profile, field)) for field, check in PROFILE_CHECKS.items()},
        opening_hours=tuple(check_hours(h) for h in profile.opening_hours),
    )


def profile_changes(before: Profile, after: Profile) -> dict[str, object]:
    """The fields that differ, with their new values (an event's data)."""
    changes: dict[str, object] = {}
    for field in PROFILE_FIELDS:
        value = getattr(after, field)
        if getattr(before, field) != value:
            changes[field] = (
                dict(zip(WEEKDAYS, value, strict=True)) if field == "opening_hours" else value
            )
    return changes


def store_profile(profile: Profile) -> None:
    """Write a checked profile; the caller holds the write transaction and records the event."""
    for field, key in SETTINGS.items():
        set_setting(key, getattr(profile, field))
    for day, key in HOURS_SETTINGS.items():
        set_setting(key, profile.hours_of(day))


def set_profile(session: StaffSession | None, profile: Profile) -> Mapping[str, object]:
    """An administrator changes the profile (``session`` None: the command line, with the
    authority of whoever can open the database; its event names no staff member).
    Returns the fields that changed."""
    if session is not None:
        require_role(session, "admin")
    checked = checked_profile(profile)
    with write_transaction(database_proxy):
        admin = None
        if session is not None:
            admin = Staff.get_or_none((Staff.id == session.staff_id) & Staff.active)
            if admin is None:
                raise PermissionDenied("auth.inactive", N_("This staff account is not active"))
        changes = profile_changes(centre_profile(), checked)
        if changes:
            store_profile(checked)
            append_event("profile_set", staff=admin, data=changes)
    return changes


def department_name(department_id: int | None) -> str:
    """A department's full name; empty for staff without one (the admin)."""
    department = Department.get_or_none(Department.id == department_id)
    return department.name if department else ""
